// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_line: interrupt lines shared by ports,
 * src/ntserial_line.c.  Two ports on one software IRQ, as COM2 and COM4
 * on IRQ 3: one interrupt object and one ISR call serve both; a port that
 * raises while the other is serviced is not left pending (on an edge
 * line its interrupt would be lost); the ISR stays bounded when the ports
 * keep raising each other; ports open, close and go away independently;
 * a SynchCritSection of one holds off the ISR of both; the line is shared
 * with another driver's handler; a port whose DPC backend differs from
 * its line's is refused.
 */

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "ntserial_fixture.h"

/* The second port of the case (ntt_open_another()) is test->priv's next. */
static struct ntt *ntl_other(struct ntt *t)
{
	struct ntt *first = t->test->priv;

	return t == first ? first->next : first;
}

/* The line's counters and IRQ, as the ISR and connect leave them. */
static u64 ntl_isr_calls(struct ntt *t)
{
	return READ_ONCE(t->up.intr->stats.isr_calls);
}

static u64 ntl_isr_none(struct ntt *t)
{
	return READ_ONCE(t->up.intr->stats.isr_none);
}

static unsigned int ntl_irq(struct nt_interrupt *intr)
{
	return READ_ONCE(intr->irq);
}

/* Received data waiting behind a character timeout interrupt. */
static void ntl_raise_rx(struct ntt *t, const u8 *s, unsigned int n)
{
	m16550_rx_inject(&t->model, s, n, 0);
	m16550_rx_timeout(&t->model);
}

/*
 * Make the line's next ISR call start at @t, with ISR calls while every
 * port is quiet (each call starts one port further round the line), so
 * that a case knows the order of its visits.
 */
static void ntl_start_at(struct ntt *t)
{
	struct ntser_line *line = t->up.line;
	unsigned int i;

	for (i = 0; i < line->nr_ports; i++) {
		if (list_first_entry(&line->ports, struct ntser_port,
				     line_entry) == &t->up)
			return;
		KUNIT_ASSERT_EQ(t->test, ntt_isr_call(t), IRQ_NONE);
	}
	KUNIT_FAIL(t->test, "the ISR never starts at this port");
}

/*
 * test->priv and a second port on its IRQ, both open with the case's
 * param; the next ISR call visits test->priv's port first.
 */
static struct ntt *ntl_open_two(struct kunit *test, struct ntt **b)
{
	const struct ntt_dpc_param *p = test->param_value;
	struct ntt *a = ntt_open_param(test);

	*b = ntt_open_another(test, p->model, p->rx);
	KUNIT_ASSERT_PTR_EQ(test, a->up.intr, (*b)->up.intr);
	ntl_start_at(a);
	m16550_reset_counts(&a->model);
	m16550_reset_counts(&(*b)->model);
	return a;
}

/*
 * Both ports interrupt: one call of the line's handler serves both, and
 * each port's data reaches its own tty through its own DPCs.
 */
static void ntserial_line_one_call_serves_both(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);
	u64 calls0 = ntl_isr_calls(a);

	ntl_raise_rx(a, ntt_text, 3);
	ntl_raise_rx(b, ntt_text + 3, 5);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&a->model));
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&b->model));
	KUNIT_EXPECT_EQ(test, ntl_isr_calls(a),
			calls0 + 1);
	ntt_expect_rx(a, ntt_text, NULL, 3);
	ntt_expect_rx(b, ntt_text + 3, NULL, 5);
	ntt_check_dpcs(a);
	ntt_check_dpcs(b);
}

/*
 * IRQ_NONE only when no port on the line interrupted, so that the line
 * can be shared with other drivers and the kernel still spots a line
 * nobody serves.
 */
static void ntserial_line_irq_none_only_if_no_port(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);
	u64 none0 = ntl_isr_none(a);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, ntl_isr_none(a),
			none0 + 1);
	/* One IIR read per port: nothing to do is cheap. */
	KUNIT_EXPECT_EQ(test, a->model.reads[UART_IIR], 1U);
	KUNIT_EXPECT_EQ(test, b->model.reads[UART_IIR], 1U);

	ntl_raise_rx(b, ntt_text, 2);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ntl_isr_none(a),
			none0 + 1);
	ntt_expect_rx(b, ntt_text, NULL, 2);
	ntt_expect_rx(a, NULL, NULL, 0);
}

static u64 ntl_serviced(struct ntt *t)
{
	return READ_ONCE(t->up.stats.isr_serviced);
}

/*
 * The line's counters are shared by its ports; each port also counts
 * the visits that found it with an interrupt, so that its statistics
 * tell its own interrupts from its neighbours'.
 */
static void ntserial_line_isr_serviced_per_port(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);
	u64 calls0 = ntl_isr_calls(a), sa = ntl_serviced(a);
	u64 sb = ntl_serviced(b);

	ntl_raise_rx(b, ntt_text, 2);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ntl_isr_calls(a), calls0 + 1);
	KUNIT_EXPECT_EQ(test, ntl_isr_calls(b), calls0 + 1);
	KUNIT_EXPECT_EQ_MSG(test, ntl_serviced(a), sa,
			    "the quiet port counted its neighbour's interrupt");
	KUNIT_EXPECT_EQ(test, ntl_serviced(b), sb + 1);
	ntt_expect_rx(b, ntt_text, NULL, 2);

	ntl_raise_rx(a, ntt_text, 3);
	ntl_raise_rx(b, ntt_text + 3, 4);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ntl_serviced(a), sa + 1);
	KUNIT_EXPECT_EQ(test, ntl_serviced(b), sb + 2);
	ntt_expect_rx(a, ntt_text, NULL, 3);
}

/* The first time the ISR reads the IIR of this port, the other raises. */
static void ntl_raise_other_once(struct ntt *t, int offset)
{
	if (offset != UART_IIR)
		return;
	t->in_hook = NULL;
	ntl_raise_rx(ntl_other(t), ntt_text, 4);
}

/*
 * The edge case: the first port is found quiet, then raises while the
 * second is serviced.  On an edge-triggered line the line never went low
 * in between, so no new edge comes: the ISR must see it before it
 * returns, and return with both ports quiet.
 */
static void ntserial_line_raise_while_other_serviced(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);

	ntl_raise_rx(b, ntt_text + 4, 3);
	b->in_hook = ntl_raise_other_once;
	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE_MSG(test, m16550_irq_pending(&a->model),
			       "port raised during the other's service left pending, IIR %#x",
			       m16550_iir_peek(&a->model));
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&b->model));
	/* a: quiet, then served and quiet; b: served, then checked. */
	KUNIT_EXPECT_EQ(test, a->model.reads[UART_IIR], 3U);
	KUNIT_EXPECT_EQ(test, b->model.reads[UART_IIR], 3U);
	ntt_expect_rx(a, ntt_text, NULL, 4);
	ntt_expect_rx(b, ntt_text + 4, NULL, 3);
}

/*
 * The port whose IIR the ISR read first since the case last cleared it
 * (ntl_note_first(), both ports' in_hook).  The ISR reads under the
 * line's interrupt lock, one call at a time, and the case clears it
 * between calls.
 */
static struct ntt *ntl_first_read;

static void ntl_note_first(struct ntt *t, int offset)
{
	if (offset == UART_IIR && !ntl_first_read)
		ntl_first_read = t;
}

static const char *ntl_name(struct ntt *t)
{
	return t == t->test->priv ? "first port" : "second port";
}

#define NTL_ROTATE_CALLS	4

/*
 * Fairness: with both ports pending at every call, the ISR must not start
 * at the same port each time.  The port served first gets its DPC queued
 * first, and the order of the ports' DPCs follows (ahead of the other's
 * at medium importance, behind it at high): one fixed start made one
 * port of two transmitting at once the slower every time.  Then the port
 * the next call would start at closes: the call must serve the other and
 * not visit the closed one.
 */
static void ntserial_line_start_rotates(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);
	struct ntt *prev = NULL, *stay, *gone;
	unsigned int i;

	a->in_hook = ntl_note_first;
	b->in_hook = ntl_note_first;
	for (i = 0; i < NTL_ROTATE_CALLS; i++) {
		ntl_raise_rx(a, ntt_text + i, 1);
		ntl_raise_rx(b, ntt_text + i, 1);
		ntl_first_read = NULL;
		KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
		KUNIT_ASSERT_NOT_NULL(test, ntl_first_read);
		if (prev)
			KUNIT_EXPECT_PTR_NE_MSG(test, ntl_first_read, prev,
						"ISR call %u started at the %s again",
						i, ntl_name(prev));
		prev = ntl_first_read;
		KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&a->model));
		KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&b->model));
		/* Unmask what the receive DPC unmasks: both pending again. */
		ntt_flush(a);
	}
	a->in_hook = NULL;
	b->in_hook = NULL;
	ntt_expect_rx(a, ntt_text, NULL, NTL_ROTATE_CALLS);
	ntt_expect_rx(b, ntt_text, NULL, NTL_ROTATE_CALLS);

	stay = prev;
	gone = prev == a ? b : a;
	ntt_close(gone);
	m16550_reset_counts(&gone->model);
	ntl_raise_rx(stay, ntt_text + NTL_ROTATE_CALLS, 2);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE_MSG(test, m16550_irq_pending(&stay->model),
			       "the %s left pending after the %s closed",
			       ntl_name(stay), ntl_name(gone));
	KUNIT_EXPECT_EQ_MSG(test, gone->model.reads[UART_IIR], 0U,
			    "the ISR visited the closed %s", ntl_name(gone));
	ntt_expect_rx(stay, ntt_text, NULL, NTL_ROTATE_CALLS + 2);
}

/**
 * struct ntl_trigger - parameter of ntserial_line_level_visits_each_once().
 * @type: the trigger type the IRQ has when the line connects.
 * @irqd_level: IRQD_LEVEL set as well, as x86's IO-APIC code leaves a PCI
 *	interrupt, with no trigger type (the PCI 16550 of the QEMU guest
 *	tests).
 * @level: whether it is level-triggered.
 */
struct ntl_trigger {
	u32 type;
	bool irqd_level;
	bool level;
};

static const struct ntl_trigger ntl_triggers[] = {
	{ IRQ_TYPE_NONE, false, false },
	{ IRQ_TYPE_EDGE_RISING, false, false },
	{ IRQ_TYPE_LEVEL_HIGH, false, true },
	{ IRQ_TYPE_LEVEL_LOW, false, true },
	{ IRQ_TYPE_NONE, true, true },
};

static void ntl_trigger_desc(const struct ntl_trigger *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "trigger type %#x%s (%s)",
		 p->type, p->irqd_level ? ", IRQD_LEVEL" : "",
		 p->level ? "level" : "edge");
}

KUNIT_ARRAY_PARAM(ntl_trigger, ntl_triggers, ntl_trigger_desc);

/*
 * On a level-triggered line the controller raises the interrupt again
 * while any port still drives the line, so the ISR need not go round
 * until every port is found quiet in a row: one visit of each port will
 * do.  The ISR visits a quiet port, then one that interrupts.  On an edge
 * line (or one with no trigger type, taken for ISA) it must check the
 * quiet port again after serving the other, as before.
 */
static void ntserial_line_level_visits_each_once(struct kunit *test)
{
	const struct ntl_trigger *p = test->param_value;
	struct ntt *a = test->priv, *b;

	/* As a device tree or ACPI leaves the IRQ, before the line connects. */
	irqd_set_trigger_type(irq_get_irq_data(a->irq), p->type);
	if (p->irqd_level)
		irq_set_status_flags(a->irq, IRQ_LEVEL);
	a = ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH, NTT_RX_IN_ISR);
	b = ntt_open_another(test, NTSER_MODEL_BOTH, NTT_RX_IN_ISR);
	ntl_start_at(b);
	m16550_reset_counts(&a->model);
	m16550_reset_counts(&b->model);

	ntl_raise_rx(a, ntt_text, 3);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(a), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&a->model));
	/* a: served, up to an IIR read that finds it quiet. */
	KUNIT_EXPECT_EQ(test, a->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ_MSG(test, b->model.reads[UART_IIR], p->level ? 1U : 2U,
			    "IIR reads of the quiet port, %s line",
			    p->level ? "level" : "edge");
	ntt_expect_rx(a, ntt_text, NULL, 3);
	ntt_expect_rx(b, NULL, NULL, 0);
	if (p->irqd_level)
		irq_clear_status_flags(a->irq, IRQ_LEVEL);
}

/* Every IIR read of a port makes the other raise: they never both rest. */
static void ntl_raise_other_always(struct ntt *t, int offset)
{
	if (offset == UART_IIR)
		ntl_raise_rx(ntl_other(t), ntt_text, 1);
}

/* Take a port's queued DPCs off the queue, as if they were late. */
static void ntl_hold_dpcs(struct ntt *t)
{
	unsigned int r;

	nt_dpc_remove(&t->up.dpc_for_isr.dpc);
	for (r = 0; r < NTSER_NR_ROLES; r++)
		nt_dpc_remove(&t->up.custom[r].dpc);
}

/* The line's handler, with the DPCs of both ports held back. */
static void ntl_isr_held_both(struct ntt *t)
{
	nt_interrupt_handler(t->irq, t->up.intr);
	ntl_hold_dpcs(t);
	ntl_hold_dpcs(ntl_other(t));
}

/*
 * Two ports that keep raising each other (the ISR reads the receive FIFO
 * itself, so a port it served can raise again at once): the ISR still
 * returns, after its pass limit over the line, with both ports quiet or
 * masked (none both pending and enabled), and the interrupt storm role
 * lets them interrupt again.
 */
static void ntserial_line_pass_limit_masks_what_is_pending(struct kunit *test)
{
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;
	struct ntt *a, *b;

	a = ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH, NTT_RX_IN_ISR);
	b = ntt_open_another(test, NTSER_MODEL_BOTH, NTT_RX_IN_ISR);
	m16550_reset_counts(&a->model);
	a->in_hook = ntl_raise_other_always;
	b->in_hook = ntl_raise_other_always;
	ntl_raise_rx(a, ntt_text, 1);
	ntt_run_hardirq(a, ntl_isr_held_both);
	a->in_hook = NULL;
	b->in_hook = NULL;

	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&a->model));
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&b->model));
	/* NTSER_ISR_PASS_LIMIT passes over two ports, two reads a visit. */
	KUNIT_EXPECT_LE(test, a->model.reads[UART_IIR] +
			b->model.reads[UART_IIR],
			4U * NTSER_ISR_PASS_LIMIT + 8);
	KUNIT_EXPECT_TRUE(test, a->up.isr.isr_held || b->up.isr.isr_held);

	/* The storm role unmasks at once after one such call. */
	ntt_release(b);
	ntt_release(a);
	ntt_service(a);
	ntt_service(b);
	KUNIT_EXPECT_EQ(test, a->model.ier, wanted);
	KUNIT_EXPECT_EQ(test, b->model.ier, wanted);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&a->up.stats.storms), 0L);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&b->up.stats.storms), 0L);
}

#define NTL_STUCK_CALLS	4

/*
 * A port whose interrupt stays pending even with every UART interrupt
 * masked (its IIR stuck at RDA), on a line with a healthy port moving
 * data.  The first call masks it at its pass limit; its interrupt storm
 * role is held back, so it stays masked.  Passes cannot quiet it, so
 * from then on each call must spend at most an IIR read a visit on it,
 * and it must not keep the ISR going round: the healthy port's data
 * arrives intact.  Then the source clears and the storm role unmasks.
 */
static void ntserial_line_masked_stuck_port_is_cheap(struct kunit *test)
{
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;
	struct ntt *b, *a = ntl_open_two(test, &b);
	unsigned int i, reads;

	a->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	a->model.stuck_masked = true;
	ntt_isr_call_held(a);
	KUNIT_ASSERT_TRUE(test, a->up.isr.isr_held);
	KUNIT_ASSERT_EQ(test, a->model.ier, 0);

	for (i = 0; i < NTL_STUCK_CALLS; i++) {
		ntl_raise_rx(b, ntt_text + 4 * i, 4);
		reads = a->model.reads[UART_IIR];
		ntt_isr_call_held(a);
		KUNIT_EXPECT_LE_MSG(test, a->model.reads[UART_IIR] - reads, 2U,
				    "IIR reads of the masked stuck port in ISR call %u",
				    i);
		KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&b->model));
		ntt_flush(b);
	}
	ntt_expect_rx(b, ntt_text, NULL, 4 * NTL_STUCK_CALLS);

	a->model.stuck_iir = -1;
	a->model.stuck_masked = false;
	ntt_release(a);
	KUNIT_EXPECT_EQ(test, a->model.ier, wanted);
	ntl_raise_rx(a, ntt_text, 3);
	ntt_service(a);
	ntt_expect_rx(a, ntt_text, NULL, 3);
}

/*
 * Reading IIR clears a THRE interrupt it reports.  A masked port whose
 * stuck identification turns to THRE must still get its transmit role,
 * as a port masked at the pass limit does (ntser_storm_isr()), or the
 * FIFO is not refilled until the transmit watchdog.
 */
static void ntserial_line_masked_port_keeps_thre(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);

	a->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	a->model.stuck_masked = true;
	ntt_isr_call_held(a);
	KUNIT_ASSERT_TRUE(test, a->up.isr.isr_held);

	a->model.stuck_iir = 0xc0 | UART_IIR_THRI;
	atomic_set(&a->up.thre_seen, 0);
	atomic_long_andnot(BIT(NTSER_ROLE_TX), &a->up.pending);
	ntt_isr_call_held(a);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&a->up.thre_seen), 1,
			    "the THRE that reading IIR cleared was dropped");
	KUNIT_EXPECT_TRUE(test, atomic_long_read(&a->up.pending) &
			  BIT(NTSER_ROLE_TX));

	a->model.stuck_iir = -1;
	a->model.stuck_masked = false;
	ntt_release(a);
}

/*
 * The DPCs of the line's queue in the order their routines started
 * (ntl_note_run(), the queue's latency hook: called by the queue's single
 * drainer as each routine starts, so never concurrently).
 */
#define NTL_RUNS_MAX	16

static struct {
	void (*saved)(struct nt_dpc *dpc, u64 ns);
	struct nt_dpc *dpc[NTL_RUNS_MAX];
	unsigned int n;
} ntl_runs;

static void ntl_note_run(struct nt_dpc *dpc, u64 ns)
{
	if (ntl_runs.n < NTL_RUNS_MAX)
		ntl_runs.dpc[ntl_runs.n++] = dpc;
	if (ntl_runs.saved)
		ntl_runs.saved(dpc, ns);
}

/* Where @dpc first ran in ntl_runs, or NTL_RUNS_MAX if it did not. */
static unsigned int ntl_run_index(struct nt_dpc *dpc)
{
	unsigned int i;

	for (i = 0; i < ntl_runs.n; i++)
		if (ntl_runs.dpc[i] == dpc)
			return i;
	return NTL_RUNS_MAX;
}

static enum nt_dpc_importance ntl_importance(struct nt_dpc *dpc)
{
	enum nt_dpc_importance imp;

	raw_spin_lock_irq(&dpc->queue->lock);
	imp = dpc->importance;
	raw_spin_unlock_irq(&dpc->queue->lock);
	return imp;
}

/* The importance of both DPCs the ISR queues for received data. */
static void ntl_expect_importance(struct ntt *t, enum nt_dpc_importance imp,
				  const char *when)
{
	KUNIT_EXPECT_EQ_MSG(t->test, ntl_importance(&t->up.dpc_for_isr.dpc),
			    imp, "DpcForIsr of the %s, %s", ntl_name(t), when);
	KUNIT_EXPECT_EQ_MSG(t->test,
			    ntl_importance(&t->up.custom[NTSER_ROLE_RX].dpc),
			    imp, "receive DPC of the %s, %s", ntl_name(t), when);
}

/*
 * The second port interrupts, then the first, in one hard IRQ: the
 * second's DPC is queued, and cannot run, when the first's is inserted.
 */
static void ntl_isr_b_then_a(struct ntt *b)
{
	struct ntt *a = ntl_other(b);

	nt_interrupt_handler(b->irq, b->up.intr);
	ntl_raise_rx(a, ntt_text, 2);
	nt_interrupt_handler(a->irq, a->up.intr);
}

/*
 * On a shared line the ports' DPCs run first in first out.  At high
 * importance each insertion goes to the head of the line's queue, in
 * front of the other port's DPC already waiting there (which only
 * coalesces and keeps its place when its port interrupts again), so a
 * port that interrupts often starved the other: of two ports
 * transmitting at once the slower moved 0.55-0.74 of the faster's rate.
 * A port alone on its line has high importance again.
 */
static void ntserial_line_shared_dpcs_run_in_order(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);
	struct nt_dpc_queue *q = &a->up.intr->dpcs;
	struct nt_dpc *da = &a->up.role_dpc[NTSER_ROLE_RX]->dpc;
	struct nt_dpc *db = &b->up.role_dpc[NTSER_ROLE_RX]->dpc;
	struct uart_port *port = &a->up.port;
	unsigned int ia, ib;

	ntl_runs.n = 0;
	ntl_runs.saved = q->latency_hook;
	q->latency_hook = ntl_note_run;
	ntl_raise_rx(b, ntt_text + 2, 3);
	ntt_run_hardirq(b, ntl_isr_b_then_a);
	ntt_flush(a);
	q->latency_hook = ntl_runs.saved;
	ia = ntl_run_index(da);
	ib = ntl_run_index(db);
	KUNIT_ASSERT_LT_MSG(test, ia, NTL_RUNS_MAX,
			    "the first port's receive DPC never ran");
	KUNIT_ASSERT_LT_MSG(test, ib, NTL_RUNS_MAX,
			    "the second port's receive DPC never ran");
	KUNIT_EXPECT_LT_MSG(test, ib, ia,
			    "the second port's DPC, queued first, ran at %u, after the first port's at %u",
			    ib, ia);
	ntt_expect_rx(a, ntt_text, NULL, 2);
	ntt_expect_rx(b, ntt_text + 2, NULL, 3);
	ntl_expect_importance(a, NT_DPC_MEDIUM, "two ports open");
	ntl_expect_importance(b, NT_DPC_MEDIUM, "two ports open");

	ntt_close(a);
	ntl_expect_importance(b, NT_DPC_HIGH, "alone on the line");
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	a->opened = true;
	ntt_set_iflag(a, CREAD | CLOCAL, 0);
	ntt_service(a);
	ntl_expect_importance(a, NT_DPC_MEDIUM, "open again");
	ntl_expect_importance(b, NT_DPC_MEDIUM, "the other open again");
}

/*
 * One port closes, and later goes away altogether, while the other has
 * received data its DPCs have not delivered yet: the line stays
 * connected for the other, which loses nothing; the last close
 * disconnects the line.
 */
static void ntserial_line_close_and_unbind_one(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);
	struct nt_interrupt *intr = a->up.intr;
	u64 inserts;

	ntl_raise_rx(b, ntt_text, 6);
	ntt_isr_call_held(b);
	ntt_close(a);
	m16550_reset_counts(&a->model);
	KUNIT_EXPECT_EQ(test, ntl_irq(intr), (unsigned int)a->irq);
	ntt_release(b);
	ntt_expect_rx(b, ntt_text, NULL, 6);

	/* a's UART interrupting no longer concerns the line. */
	ntl_raise_rx(a, ntt_text, 2);
	ntl_raise_rx(b, ntt_text + 6, 5);
	ntt_isr_call_held(b);
	KUNIT_EXPECT_EQ(test, a->model.reads[UART_IIR], 0U);

	ntt_destroy(a);
	/* Gone: its DPCs are off the line's queue for good. */
	inserts = ntt_dpc_inserts(a);
	ntser_request_role(&a->up, NTSER_ROLE_RX);
	KUNIT_EXPECT_EQ(test, ntt_dpc_inserts(a), inserts);
	KUNIT_EXPECT_EQ(test, ntl_irq(intr), (unsigned int)b->irq);
	ntt_release(b);
	ntt_expect_rx(b, ntt_text, NULL, 11);

	ntt_close(b);
	KUNIT_EXPECT_EQ(test, ntl_irq(intr), 0U);
}

#define NTL_CHURN_BYTES	256

/*
 * What the other CPU does in ntserial_line_churn_while_other_receives():
 * byte after byte into the second port, each taken by the line's handler
 * in hard IRQ context there, and read by the ISR itself.
 */
struct ntl_churn {
	struct ntt *b;
	struct work_struct work;
	bool done;
};

static void ntl_churn_work(struct work_struct *w)
{
	struct ntl_churn *c = container_of(w, struct ntl_churn, work);
	unsigned int len = strlen((const char *)ntt_text), i;

	for (i = 0; i < NTL_CHURN_BYTES; i++) {
		ntl_raise_rx(c->b, ntt_text + i % len, 1);
		ntt_fire(c->b);
	}
	WRITE_ONCE(c->done, true);
}

/*
 * One port closes, opens again and finally goes away (unbind) over and
 * over while the other CPU takes the line's interrupts for the second
 * port: the second port receives every byte, in order, and the kernel
 * log stays clean (lockdep, KASAN).
 */
static void ntserial_line_churn_while_other_receives(struct kunit *test)
{
	unsigned int len = strlen((const char *)ntt_text), i, n;
	struct uart_port *port;
	struct ntl_churn *c;
	struct ntt *a;
	int other;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	a = ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH, NTT_RX_IN_ISR);
	c->b = ntt_open_another(test, NTSER_MODEL_BOTH, NTT_RX_IN_ISR);
	port = &a->up.port;
	INIT_WORK(&c->work, ntl_churn_work);

	other = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	queue_work_on(other, system_highpri_wq, &c->work);
	/* At least a few cycles, and as many as the other CPU's run lasts. */
	for (i = 0; i < 4 || (!READ_ONCE(c->done) && i < 256); i++) {
		ntt_close(a);
		KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
		a->opened = true;
	}
	kunit_info(test, "%u close/open cycles while the other port received\n",
		   i);
	ntt_close(a);
	ntt_destroy(a);
	flush_work(&c->work);

	ntt_service(c->b);
	n = ntt_rx_read(c->b);
	KUNIT_EXPECT_EQ(test, n, NTL_CHURN_BYTES);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, c->b->rx_ch[i], ntt_text[i % len],
				    "byte %u", i);
}

/*
 * Ports open in any order: the second port's open does not disturb the
 * first's traffic, and the line reconnects when a port opens again after
 * the last one closed.
 */
static void ntserial_line_reopen(struct kunit *test)
{
	struct ntt *b, *a = ntl_open_two(test, &b);
	struct uart_port *port = &a->up.port;

	ntt_close(a);
	ntt_close(b);
	KUNIT_EXPECT_EQ(test, ntl_irq(a->up.intr), 0U);
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	a->opened = true;
	ntt_set_iflag(a, CREAD | CLOCAL, 0);
	ntt_service(a);
	KUNIT_EXPECT_EQ(test, ntl_irq(a->up.intr), (unsigned int)a->irq);
	ntl_raise_rx(a, ntt_text, 3);
	ntt_service(a);
	ntt_expect_rx(a, ntt_text, NULL, 3);
}

static irqreturn_t ntl_other_driver(int irq, void *dev_id)
{
	atomic_inc(dev_id);
	return IRQ_NONE;
}

/*
 * Another driver holds the IRQ, shared (8250 with UPF_SHARE_IRQ): the
 * port still opens, both handlers see the interrupt, and the port's data
 * arrives.
 */
static void ntserial_line_shares_with_other_driver(struct kunit *test)
{
	struct ntt *t = test->priv;
	atomic_t *calls;

	calls = kunit_kzalloc(test, sizeof(*calls), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, calls);
	KUNIT_ASSERT_EQ(test, request_irq(t->irq, ntl_other_driver,
					  IRQF_SHARED, "other", calls), 0);
	t = ntt_open(test, NTSER_MODEL_ISR);
	ntl_raise_rx(t, ntt_text, 3);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 3);
	KUNIT_EXPECT_GT(test, atomic_read(calls), 0);
	ntt_close(t);
	free_irq(t->irq, calls);
}

/*
 * A port whose dpc_backend differs from that of the other ports on its
 * IRQ is refused: their DPCs share the line's queue.
 */
static void ntserial_line_backend_must_match(struct kunit *test)
{
	struct ntt *b;

	ntt_open(test, NTSER_MODEL_ISR);
	b = ntt_add(test, M16550_16550A, NTSER_MODEL_ISR,
		    NT_DPC_BACKEND_THREADED);
	KUNIT_EXPECT_EQ(test, b->init_err, -EINVAL);
}

/*
 * A SynchCritSection of one port holds off the ISR of both: run one on
 * this CPU while the other CPU takes the line's interrupt, with the
 * second port pending.  The ISR must wait for it, and then serve.
 */
struct ntl_hold {
	struct ntt *a;
	struct ntt *b;
	struct work_struct work;
	struct irq_work fire;
	bool inside;
	bool entered;
	unsigned int b_iir_reads;
};

static void ntl_hold_fire(struct irq_work *w)
{
	struct ntl_hold *h = container_of(w, struct ntl_hold, fire);

	WRITE_ONCE(h->entered, true);
	nt_interrupt_handler(h->a->irq, h->a->up.intr);
}

static void ntl_hold_work(struct work_struct *w)
{
	struct ntl_hold *h = container_of(w, struct ntl_hold, work);
	unsigned long end = jiffies + msecs_to_jiffies(NTT_WAIT_MS);

	while (!READ_ONCE(h->inside) && time_before(jiffies, end))
		cpu_relax();
	irq_work_queue(&h->fire);
	irq_work_sync(&h->fire);
}

/*
 * Busy-wait up to about @us microseconds for @flag, in atomic context.
 * Counted in udelay() steps, not read from a clock: with interrupts off
 * on this CPU and the other CPU spinning in hard IRQ, no tick may come,
 * and sched_clock() may be tick-based (no usable TSC).  Bounded by
 * local_clock(), this wait never ended on the 6.1 KUnit kernel.
 */
static bool ntl_spin(const bool *flag, unsigned int us)
{
	unsigned int i;

	for (i = 0; i < us / 5 && !READ_ONCE(*flag); i++)
		udelay(5);
	return READ_ONCE(*flag);
}

static int ntl_sync_hold(void *context)
{
	struct ntl_hold *h = context;
	bool never = false;
	int entered;

	WRITE_ONCE(h->inside, true);
	entered = ntl_spin(&h->entered, NTT_WAIT_MS * USEC_PER_MSEC / 5);
	/* The handler is spinning on the line's lock meanwhile. */
	ntl_spin(&never, 2 * USEC_PER_MSEC);
	h->b_iir_reads = READ_ONCE(h->b->model.reads[UART_IIR]);
	return entered;
}

static void ntserial_line_synch_holds_off_isr_of_both(struct kunit *test)
{
	struct ntl_hold *h;
	int cpu, other, entered;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	h->a = ntl_open_two(test, &h->b);
	INIT_WORK(&h->work, ntl_hold_work);
	h->fire = IRQ_WORK_INIT_HARD(ntl_hold_fire);
	ntl_raise_rx(h->b, ntt_text, 5);
	m16550_reset_counts(&h->b->model);

	cpu = get_cpu();
	other = cpumask_any_but(cpu_online_mask, cpu);
	queue_work_on(other, system_highpri_wq, &h->work);
	entered = nt_synchronize_execution(h->a->up.intr, ntl_sync_hold, h);
	put_cpu();
	flush_work(&h->work);

	KUNIT_EXPECT_EQ_MSG(test, entered, 1,
			    "the other CPU never took the interrupt");
	KUNIT_EXPECT_EQ_MSG(test, h->b_iir_reads, 0U,
			    "the ISR ran during a SynchCritSection of the other port");
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&h->b->model));
	ntt_expect_rx(h->b, ntt_text, NULL, 5);
}

static struct kunit_case ntserial_line_cases[] = {
	KUNIT_CASE_PARAM(ntserial_line_one_call_serves_both,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_irq_none_only_if_no_port,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_isr_serviced_per_port,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_raise_while_other_serviced,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_start_rotates, ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_level_visits_each_once,
			 ntl_trigger_gen_params),
	KUNIT_CASE(ntserial_line_pass_limit_masks_what_is_pending),
	KUNIT_CASE_PARAM(ntserial_line_masked_stuck_port_is_cheap,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_masked_port_keeps_thre,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_shared_dpcs_run_in_order,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_close_and_unbind_one,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_line_reopen, ntt_dpc_gen_params),
	KUNIT_CASE(ntserial_line_churn_while_other_receives),
	KUNIT_CASE(ntserial_line_shares_with_other_driver),
	KUNIT_CASE(ntserial_line_backend_must_match),
	KUNIT_CASE_PARAM(ntserial_line_synch_holds_off_isr_of_both,
			 ntt_dpc_gen_params),
	{}
};

static struct kunit_suite ntserial_line_suite = {
	.name = "ntserial_line",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_line_cases,
};

kunit_test_suite(ntserial_line_suite);
