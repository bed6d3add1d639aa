// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_isr: the ISR dispatcher of src/ntserial_isr.c.  What
 * it reads and captures for each interrupt source, the register accesses
 * that cost, spurious interrupts and a UART that reads 0xff or 0x00, the
 * pass limit and the interrupt storm role, and the register access counters
 * of the ISR and DPC contexts (src/ntserial_regs.c).
 */

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "ntserial_fixture.h"

static void ntserial_isr_rda_fast_path_reads_lsr_once(struct kunit *test)
{
	struct ntt *t = ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH,
				    NTT_RX_IN_ISR);
	long io0 = ntt_isr_io(t);

	KUNIT_ASSERT_EQ(test, t->up.isr.rx_trig, 8);
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_RDI);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 1U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 8U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_MSR], 0U);
	/* Every access the ISR made was counted as a hard IRQ access. */
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - io0, 11L);

	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.rx, 8U);
}

/*
 * Call the ISR for a receive interrupt of @n bytes (ntt_text, flags @fl)
 * that must be read with a status read each: LSR, then RBR and LSR per
 * byte, wherever the FIFO is read.  The ISR's own accesses are those, and
 * the two IIR reads, in hard IRQ context, or 3 for a FIFO left to the DPC.
 */
static void ntt_expect_status_per_byte(struct ntt *t, const u8 *fl,
				       unsigned int n)
{
	struct kunit *test = t->test;
	long io0 = ntt_isr_io(t);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	ntt_expect_rx(t, ntt_text, fl, n);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], n);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], n + 1);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - io0,
			t->up.isr.rx_defer ? 3L : 2L + (n + 1) + n);
}

static void ntserial_isr_rda_with_fifo_error_reads_status_per_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	static const u8 fl[8] = { [3] = TTY_PARITY };

	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_inject(&t->model, ntt_text + 3, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ntt_text + 4, 4, 0);
	/* The error is not at the head: RDA, with LSR.FIFOE set. */
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_RDI);

	ntt_expect_status_per_byte(t, fl, 8);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.parity, 1U);
}

static void ntserial_isr_cti_reads_status_per_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);

	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	/* Below the trigger level: no interrupt until the timeout. */
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	m16550_rx_timeout(&t->model);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_RX_TIMEOUT);

	ntt_expect_status_per_byte(t, NULL, 3);
}

static void ntserial_isr_rls_captures_pe_fe_bi_oe(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	static const u8 fill[] = "0123456789abcdef";
	u8 ch[18] = { 'p', 0, 'f', 0 };
	u8 fl[18] = { TTY_PARITY, TTY_OVERRUN, TTY_FRAME, TTY_BREAK };
	struct uart_icount *ic = &t->up.port.icount;

	m16550_rx_inject(&t->model, ch, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ch + 2, 1, UART_LSR_FE);
	m16550_rx_inject(&t->model, ch + 3, 1, UART_LSR_BI);
	m16550_rx_inject(&t->model, fill, 13, 0);
	/* The 17th byte finds the FIFO full: overrun. */
	KUNIT_EXPECT_EQ(test, m16550_rx_inject(&t->model, fill + 13, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_RLSI);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);

	/* The overrun marker follows the byte read with OE reported. */
	memcpy(ch + 4, fill, 13);
	ntt_expect_rx(t, ch, fl, 17);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 16U);
	KUNIT_EXPECT_EQ(test, ic->rx, 16U);
	KUNIT_EXPECT_EQ(test, ic->parity, 1U);
	KUNIT_EXPECT_EQ(test, ic->frame, 1U);
	KUNIT_EXPECT_EQ(test, ic->brk, 1U);
	KUNIT_EXPECT_EQ(test, ic->overrun, 1U);
}

static void ntserial_isr_thre_reads_only_iir(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	unsigned long tx0;

	ntt_write(t, ntt_text, 1);
	KUNIT_ASSERT_EQ(test, m16550_tx_drain(&t->model), 1U);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_THRI);
	m16550_reset_counts(&t->model);
	tx0 = ntt_ran(t, NTSER_ROLE_TX);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 0U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_MSR], 0U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 0U);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_TX), tx0 + 1);
}

static void ntserial_isr_msr_captures_delta(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	port->ops->enable_ms(port);
	uart_port_unlock_irqrestore(port, flags);
	m16550_reset_counts(&t->model);
	m16550_set_lines(&t->model, UART_MSR_CTS);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_MSI);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_MSR], 1U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, port->icount.cts, 1U);
	KUNIT_EXPECT_GE(test, atomic_read(&t->msr_wakeups), 1);
}

static void ntserial_isr_handles_all_sources_in_one_call(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	struct uart_port *port = &t->up.port;
	u64 calls0 = t->up.intr.stats.isr_calls;
	static const u8 fl[10] = { TTY_FRAME };
	unsigned long flags, tx0;

	uart_port_lock_irqsave(port, &flags);
	port->ops->enable_ms(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_write(t, ntt_text, 1);
	m16550_tx_drain(&t->model);
	m16550_rx_inject(&t->model, ntt_text, 1, UART_LSR_FE);
	m16550_rx_inject(&t->model, ntt_text + 1, 9, 0);
	m16550_set_lines(&t->model, UART_MSR_DSR);
	tx0 = ntt_ran(t, NTSER_ROLE_TX);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_calls, calls0 + 1);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_NO_INT);

	ntt_expect_rx(t, ntt_text, fl, 10);
	KUNIT_EXPECT_EQ(test, port->icount.frame, 1U);
	KUNIT_EXPECT_EQ(test, port->icount.dsr, 1U);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_TX), tx0 + 1);
}

static void ntserial_isr_spurious_returns_irq_none(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	u64 none0 = t->up.intr.stats.isr_none;

	KUNIT_ASSERT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, none0 + 1);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 1U);

	/* Through the Linux IRQ too. */
	ntt_fire(t);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, none0 + 2);
}

/*
 * Nothing pending: IRQ_NONE with one IIR read, no register written, no
 * DPC queued, however often it comes.
 */
static void ntserial_isr_spurious_interrupts_cost_one_read(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	unsigned long deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	unsigned int i, w = 0;
	u64 ins0;

	/* The watchdog started at open would queue its DPC meanwhile. */
	while (timer_pending(&t->up.tx_timer) && time_before(jiffies, deadline))
		usleep_range(2000, 5000);
	ntt_flush(t);
	m16550_reset_counts(&t->model);
	ins0 = ntt_dpc_inserts(t);

	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	for (i = 0; i < M16550_NR_REGS; i++)
		w += t->model.writes[i];
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 100U);
	KUNIT_EXPECT_EQ(test, w, 0U);
	KUNIT_EXPECT_EQ(test, ntt_dpc_inserts(t), ins0);
}

static void ntserial_isr_all_ff_returns_irq_none_at_once(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	unsigned int i, total = 0;

	t->model.bus_value = 0xff;
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	for (i = 0; i < M16550_NR_REGS; i++)
		total += t->model.reads[i] + t->model.writes[i];
	KUNIT_EXPECT_EQ(test, total, 1U);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, 1ULL);
}

/*
 * IIR 0x00 forever, writes lost: "modem status" that never goes away and
 * cannot be masked.  The ISR stops at its pass limit, tries to mask, and
 * says IRQ_NONE so that the kernel's spurious interrupt detection can
 * disable a line nothing can quiet.
 */
static void ntserial_isr_all_zero_stops_at_pass_limit(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);

	t->model.bus_value = 0x00;
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, 1ULL);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR],
			NTSER_ISR_PASS_LIMIT + 2U);
	KUNIT_EXPECT_LE(test, t->model.reads[UART_MSR],
			(unsigned int)NTSER_ISR_PASS_LIMIT);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_IER], 1U);
	ntt_release(t);
}

/*
 * A receive source that never clears (IIR stuck at RDA) on an ISA line:
 * the ISR must not return with it pending and enabled, or the edge it
 * waits for never comes.  It stops at its pass limit with every UART
 * interrupt masked, the line quiet; the interrupt storm role unmasks.
 */
static void ntserial_isr_pass_limit_leaves_uart_masked(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;

	KUNIT_ASSERT_EQ(test, t->model.ier, wanted);
	t->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	/* The DPCs it queues are held back: this is the ISR's exit state. */
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, 0ULL);
	KUNIT_EXPECT_LE(test, t->model.reads[UART_IIR],
			NTSER_ISR_PASS_LIMIT + 2U);
	KUNIT_EXPECT_EQ_MSG(test, t->model.ier, 0,
			    "ISR left at its pass limit with IER %#x",
			    t->model.ier);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->up.isr.storm_iir, 0xc0 | UART_IIR_RDI);

	/* Once: load, not a storm.  The DPC unmasks at once. */
	t->model.stuck_iir = -1;
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, t->model.ier, wanted);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.storms), 0L);
	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 3);
}

/*
 * An interrupt source that never clears (IIR stuck at RDA while any
 * interrupt is enabled).  The ISR bounds each call; after
 * NTSER_STORM_STREAK calls in a row that end at the pass limit the UART's
 * interrupts stay masked for NTSER_STORM_BACKOFF_MS, with one warning,
 * so the CPU is not taken; then they are unmasked, and a UART that has
 * recovered works again.
 */
static void ntserial_isr_interrupt_storm_masked_then_recovers(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;
	unsigned long deadline, expires;
	u64 calls0;
	unsigned int i;

	t->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	calls0 = READ_ONCE(t->up.intr.stats.isr_calls);
	for (i = 0; i < 4 * NTSER_STORM_STREAK; i++) {
		if (!m16550_irq_pending(&t->model))
			break;
		ntt_fire(t);
		ntt_flush(t);
	}
	expires = READ_ONCE(t->up.storm_timer.expires);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->up.intr.stats.isr_calls) - calls0,
			(u64)NTSER_STORM_STREAK);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.storms), 1L);
	KUNIT_EXPECT_EQ(test, t->model.ier, 0);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_TRUE(test, timer_pending(&t->up.storm_timer));
	KUNIT_EXPECT_LE(test, t->model.reads[UART_IIR],
			NTSER_STORM_STREAK * (NTSER_ISR_PASS_LIMIT + 2U));

	/* The source clears; the backoff ends; the UART works again. */
	t->model.stuck_iir = -1;
	deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	while (READ_ONCE(t->model.ier) != wanted &&
	       time_before(jiffies, deadline))
		usleep_range(2000, 5000);
	KUNIT_ASSERT_EQ(test, t->model.ier, wanted);
	KUNIT_EXPECT_TRUE(test, time_after_eq(jiffies, expires));
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text, 5, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 5);
	ntt_write(t, ntt_text, 4);
	ntt_tx_pump(t, 4);
	ntt_expect_tx(t, 0, ntt_text, 4);
}

/* NTT_IO_N scratch register reads and writes on @t's port. */
#define NTT_IO_N	5

static void ntt_scr_io(struct ntt *t)
{
	unsigned int i;

	for (i = 0; i < NTT_IO_N; i++)
		ntser_out(&t->up, UART_SCR, ntser_in(&t->up, UART_SCR) + 1);
}

static void ntt_scr_io_ipi(void *info)
{
	ntt_scr_io(info);
}

static long ntt_scr_io_work(void *info)
{
	ntt_scr_io(info);
	return 0;
}

/*
 * Register accesses are counted per CPU by the context they are made in:
 * in hard IRQ context (ntt_run_hardirq() here, an IPI on another CPU) as ISR
 * accesses, in process context (here, a kworker on another CPU) as DPC
 * accesses; the counts read back are the sums over all CPUs.
 */
static void ntserial_isr_reg_accesses_counted_by_context(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	long isr0 = ntt_isr_io(t), dpc0 = ntt_dpc_io(t), per = 2 * NTT_IO_N;
	long isr = per, dpc = per;
	unsigned int this, cpu;
	int ret = 0;

	ntt_scr_io(t);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, 0L);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, per);

	ntt_run_hardirq(t, ntt_scr_io);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, per);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, per);

	/* Pinned, so that the other CPU cannot become this one. */
	this = get_cpu();
	cpu = cpumask_any_but(cpu_online_mask, this);
	if (cpu < nr_cpu_ids)
		ret = smp_call_function_single(cpu, ntt_scr_io_ipi, t, 1);
	put_cpu();
	if (cpu >= nr_cpu_ids) {
		kunit_info(test, "one CPU online: no accesses on another");
	} else {
		KUNIT_EXPECT_EQ(test, ret, 0);
		isr += per;
		KUNIT_EXPECT_EQ(test, work_on_cpu_safe(cpu, ntt_scr_io_work, t),
				0L);
		dpc += per;
	}
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, isr);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, dpc);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_SCR],
			(unsigned int)(isr + dpc) / 2);
}

/* Which DPC object serves each role, as enum ntser_dpc_model documents. */
struct ntt_roles_case {
	enum ntser_dpc_model model;
	unsigned long dpc_for_isr;	/* roles of the DpcForIsr */
};

static const struct ntt_roles_case ntt_roles_cases[] = {
	{ NTSER_MODEL_ISR, GENMASK(NTSER_NR_ROLES - 1, 0) },
	{ NTSER_MODEL_CUSTOM, 0 },
	{ NTSER_MODEL_BOTH, BIT(NTSER_ROLE_RX) | BIT(NTSER_ROLE_TX) },
};

static void ntt_roles_desc(const struct ntt_roles_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "dpc_model=%s",
		 ntser_model_names[c->model]);
}

KUNIT_ARRAY_PARAM(ntt_roles, ntt_roles_cases, ntt_roles_desc);

/*
 * ntser_dpc_for_isr_roles() names the DpcForIsr's roles (ntt_check_dpcs()
 * relies on it), and a port initialised under each dpc_model queues each
 * role on that DPC object: the DpcForIsr or the role's own CustomDpc.
 */
static void ntserial_isr_roles_follow_dpc_model(struct kunit *test)
{
	const struct ntt_roles_case *c = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, c->model);
	unsigned int r;

	KUNIT_EXPECT_EQ(test, ntser_dpc_for_isr_roles(c->model),
			c->dpc_for_isr);
	KUNIT_EXPECT_EQ(test, t->up.model, c->model);
	KUNIT_EXPECT_EQ(test, t->up.dpc_for_isr.roles, c->dpc_for_isr);
	for (r = 0; r < NTSER_NR_ROLES; r++) {
		bool isr = c->dpc_for_isr & BIT(r);

		KUNIT_EXPECT_PTR_EQ_MSG(test, t->up.role_dpc[r],
					isr ? &t->up.dpc_for_isr :
					      &t->up.custom[r],
					"role %s", ntser_role_names[r]);
		KUNIT_EXPECT_EQ_MSG(test, t->up.custom[r].roles,
				    isr ? 0UL : BIT(r),
				    "role %s", ntser_role_names[r]);
	}
}

static struct kunit_case ntserial_isr_cases[] = {
	KUNIT_CASE(ntserial_isr_rda_fast_path_reads_lsr_once),
	KUNIT_CASE_PARAM(ntserial_isr_rda_with_fifo_error_reads_status_per_byte,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_isr_cti_reads_status_per_byte,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_isr_rls_captures_pe_fe_bi_oe,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_isr_thre_reads_only_iir),
	KUNIT_CASE(ntserial_isr_msr_captures_delta),
	KUNIT_CASE_PARAM(ntserial_isr_handles_all_sources_in_one_call,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_isr_spurious_returns_irq_none),
	KUNIT_CASE_PARAM(ntserial_isr_spurious_interrupts_cost_one_read,
			 ntt_dpc_gen_params),
	KUNIT_CASE(ntserial_isr_all_ff_returns_irq_none_at_once),
	KUNIT_CASE(ntserial_isr_all_zero_stops_at_pass_limit),
	KUNIT_CASE_PARAM(ntserial_isr_pass_limit_leaves_uart_masked,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_isr_interrupt_storm_masked_then_recovers,
			 ntt_dpc_gen_params),
	KUNIT_CASE(ntserial_isr_reg_accesses_counted_by_context),
	KUNIT_CASE_PARAM(ntserial_isr_roles_follow_dpc_model,
			 ntt_roles_gen_params),
	{}
};

static struct kunit_suite ntserial_isr_suite = {
	.name = "ntserial_isr",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_isr_cases,
};

kunit_test_suite(ntserial_isr_suite);
