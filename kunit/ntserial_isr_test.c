// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_isr: the ISR dispatcher of src/ntserial_isr.c.  What
 * it reads and captures for each interrupt source, the register accesses
 * that cost, spurious interrupts and a UART that reads 0xff or 0x00, and
 * its pass limit (what it leaves behind there: ntserial_storm_test.c).
 */

#include <linux/delay.h>
#include <linux/jiffies.h>

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

/*
 * One ISR call that finds received data and THRE under dpc_model=isr
 * requests both roles of one DPC: it queues the DpcForIsr once, instead
 * of queueing it and then coalescing a second request on its queue lock.
 */
static void ntserial_isr_one_insert_per_dpc(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_ISR);
	struct nt_dpc_stats *st = &t->up.dpc_for_isr.dpc.stats;
	u64 ins0, coal0;

	ntt_write(t, ntt_text, 1);
	KUNIT_ASSERT_EQ(test, m16550_tx_drain(&t->model), 1U);
	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_timeout(&t->model);
	ins0 = READ_ONCE(st->inserted);
	coal0 = READ_ONCE(st->coalesced);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, READ_ONCE(st->inserted) - ins0, 1ULL);
	KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(st->coalesced) - coal0, 0ULL,
			    "the ISR queued the DpcForIsr once per role");
	ntt_flush(t);
	ntt_expect_rx(t, ntt_text, NULL, 3);
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
	u64 calls0 = t->up.intr->stats.isr_calls;
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
	KUNIT_EXPECT_EQ(test, t->up.intr->stats.isr_calls, calls0 + 1);
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
	u64 none0 = t->up.intr->stats.isr_none;

	KUNIT_ASSERT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, t->up.intr->stats.isr_none, none0 + 1);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 1U);

	/* Through the Linux IRQ too. */
	ntt_fire(t);
	KUNIT_EXPECT_EQ(test, t->up.intr->stats.isr_none, none0 + 2);
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

/* The UART is gone from an open port (the line's ISR visits open ports). */
static void ntserial_isr_all_ff_returns_irq_none_at_once(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	u64 none0 = t->up.intr->stats.isr_none;
	unsigned int i, total = 0;

	t->model.bus_value = 0xff;
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	for (i = 0; i < M16550_NR_REGS; i++)
		total += t->model.reads[i] + t->model.writes[i];
	KUNIT_EXPECT_EQ(test, total, 1U);
	KUNIT_EXPECT_EQ(test, t->up.intr->stats.isr_none, none0 + 1);
}

/*
 * IIR 0x00 forever, writes lost: "modem status" that never goes away and
 * cannot be masked.  The ISR stops at its pass limit, tries to mask, and
 * says IRQ_NONE so that the kernel's spurious interrupt detection can
 * disable a line nothing can quiet.
 */
static void ntserial_isr_all_zero_stops_at_pass_limit(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	u64 none0 = t->up.intr->stats.isr_none;

	t->model.bus_value = 0x00;
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, t->up.intr->stats.isr_none, none0 + 1);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR],
			NTSER_ISR_PASS_LIMIT + 2U);
	KUNIT_EXPECT_LE(test, t->model.reads[UART_MSR],
			(unsigned int)NTSER_ISR_PASS_LIMIT);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_IER], 1U);
	ntt_release(t);
}

static struct kunit_case ntserial_isr_cases[] = {
	KUNIT_CASE(ntserial_isr_rda_fast_path_reads_lsr_once),
	KUNIT_CASE_PARAM(ntserial_isr_rda_with_fifo_error_reads_status_per_byte,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_isr_cti_reads_status_per_byte,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_isr_rls_captures_pe_fe_bi_oe,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_isr_one_insert_per_dpc),
	KUNIT_CASE(ntserial_isr_thre_reads_only_iir),
	KUNIT_CASE(ntserial_isr_msr_captures_delta),
	KUNIT_CASE_PARAM(ntserial_isr_handles_all_sources_in_one_call,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_isr_spurious_returns_irq_none),
	KUNIT_CASE_PARAM(ntserial_isr_spurious_interrupts_cost_one_read,
			 ntt_dpc_gen_params),
	KUNIT_CASE(ntserial_isr_all_ff_returns_irq_none_at_once),
	KUNIT_CASE(ntserial_isr_all_zero_stops_at_pass_limit),
	{}
};

static struct kunit_suite ntserial_isr_suite = {
	.name = "ntserial_isr",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_isr_cases,
};

kunit_test_suite(ntserial_isr_suite);
