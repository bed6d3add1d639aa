// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_rx: the receive role of src/ntserial_rx.c.  The bytes
 * and flags the receive DPC pushes, the choice between reading the FIFO in
 * the ISR and leaving it to the DPC (rate, trigger level, rx_defer_us), a
 * late DPC (shutdown, stop_rx, set_termios, tx_empty and an overrun while
 * bytes wait for it), the ISR's capture running full, and the rescue timer.
 * Cases that hold the receive DPC back run once per dpc_model.
 */

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include "ntserial_fixture.h"

static const enum ntser_dpc_model ntt_models[] = {
	NTSER_MODEL_ISR, NTSER_MODEL_CUSTOM, NTSER_MODEL_BOTH,
};

static void ntt_model_desc(const enum ntser_dpc_model *m, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "dpc_model=%s",
		 ntser_model_names[*m]);
}

KUNIT_ARRAY_PARAM(ntt_model, ntt_models, ntt_model_desc);

/* The ISR's own capture: only when it reads the FIFO itself. */
static struct ntt *ntt_open_model_rx_in_isr(struct kunit *test)
{
	return ntt_open_rx(test, M16550_16550A,
			   *(const enum ntser_dpc_model *)test->param_value,
			   NTT_RX_IN_ISR);
}

static struct ntt *ntt_open_rx_in_dpc(struct kunit *test)
{
	return ntt_open_rx(test, M16550_16550A,
			   *(const enum ntser_dpc_model *)test->param_value,
			   NTT_RX_IN_DPC);
}

/*
 * In one hard IRQ, fill the receive FIFO and run the ISR, as often as it
 * takes to fill the capture (NTSER_RX_CAPTURE bytes) plus one FIFO more:
 * the DPCs, queued on this CPU, cannot run in between, so the ISR's
 * capture fills up as it would behind a stalled DPC.
 */
static void ntt_fill_capture_fn(struct ntt *t)
{
	u8 buf[M16550_FIFO_SIZE];
	unsigned int i, j;

	for (i = 0; i < NTSER_RX_CAPTURE / M16550_FIFO_SIZE + 1; i++) {
		for (j = 0; j < M16550_FIFO_SIZE; j++)
			buf[j] = i * M16550_FIFO_SIZE + j;
		m16550_rx_inject(&t->model, buf, M16550_FIFO_SIZE, 0);
		nt_interrupt_handler(t->irq, t->up.intr);
	}
}

/* Fill the capture (NTSER_RX_CAPTURE bytes) plus one FIFO more. */
static void ntt_fill_capture(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_fill_capture_fn);
}

/* Wait until the rescue timer has served @n deferrals in all. */
static void ntt_wait_rescues(struct ntt *t, long n)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);

	while (atomic_long_read(&t->up.stats.rx_rescues) < n &&
	       time_before(jiffies, deadline))
		usleep_range(500, 1000);
	KUNIT_ASSERT_EQ_MSG(t->test, atomic_long_read(&t->up.stats.rx_rescues),
			    n, "nobody read the FIFO for the late DPC");
}

static void ntserial_rx_pushes_bytes_and_flags(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	u8 fl[20] = { [5] = TTY_PARITY, [17] = TTY_FRAME };

	m16550_rx_inject(&t->model, ntt_text, 5, 0);
	m16550_rx_inject(&t->model, ntt_text + 5, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ntt_text + 6, 10, 0);
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text + 16, 1, 0);
	m16550_rx_inject(&t->model, ntt_text + 17, 1, UART_LSR_FE);
	m16550_rx_inject(&t->model, ntt_text + 18, 2, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);

	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	ntt_expect_rx(t, ntt_text, fl, 20);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.rx, 20U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_bytes), 20L);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.parity, 1U);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.frame, 1U);
	KUNIT_EXPECT_GT(test, ntt_ran(t, NTSER_ROLE_RX), 0UL);
	KUNIT_EXPECT_GT(test, ntt_ran(t, NTSER_ROLE_ERR), 0UL);
	ntt_check_dpcs(t);
}

/*
 * With the bytes left in the FIFO, the ISR's whole work for a receive
 * interrupt is IIR, one IER write that silences it, and the closing IIR;
 * the DPC reads LSR, the trigger level's bytes back to back, LSR again,
 * and unmasks.
 */
static void ntserial_rx_left_to_dpc_costs_isr_one_ier_write(struct kunit *test)
{
	struct ntt *t = ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH,
				    NTT_RX_IN_DPC);
	long io0 = ntt_isr_io(t), dpc0 = ntt_dpc_io(t);

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - io0, 3L);

	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 8U);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_IER], 2U);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, 11L);
	/* Receive interrupts are on again, nothing is left behind. */
	KUNIT_EXPECT_EQ(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI),
			UART_IER_RDI | UART_IER_RLSI);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_held);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_in_uart);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->up.port.icount.rx, 8U);
}

struct ntt_defer_case {
	const char *desc;
	enum m16550_type type;
	unsigned int uartclk;
	speed_t baud;
	unsigned int trig;
	unsigned int defer_us;
	bool rx_in_dpc;
};

/* 8N1: a character takes 10 bit times; the FIFO's room is 16 - trig. */
static const struct ntt_defer_case ntt_defer_cases[] = {
	{ "9600, trigger 8: 8.3 ms of room, dpc", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 9600, 8, 250, true },
	{ "115200, trigger 8: 694 us, dpc", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 8, 250, true },
	{ "115200, trigger 14: 174 us, isr", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 14, 250, false },
	{ "115200, trigger 1: 1.3 ms, dpc", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 1, 250, true },
	{ "230400, trigger 8: 347 us, dpc", M16550_16550A,
	  8 * NTSER_DEFAULT_UARTCLK, 230400, 8, 250, true },
	{ "460800, trigger 8: 174 us, isr", M16550_16550A,
	  8 * NTSER_DEFAULT_UARTCLK, 460800, 8, 250, false },
	{ "115200, trigger 8, rx_defer_us=1000: isr", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 8, 1000, false },
	{ "9600, rx_defer_us=0: isr", M16550_16550A, NTSER_DEFAULT_UARTCLK,
	  9600, 8, 0, false },
	{ "16450 (no FIFO) at 9600: isr", M16550_16450,
	  NTSER_DEFAULT_UARTCLK, 9600, 1, 250, false },
};

static void ntt_defer_desc(const struct ntt_defer_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_defer, ntt_defer_cases, ntt_defer_desc);

static void ntserial_rx_read_by_follows_rate_and_trigger(struct kunit *test)
{
	const struct ntt_defer_case *c = test->param_value;
	struct ntt *t = ntt_create(test, c->type, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	port->uartclk = c->uartclk;
	ntt_detect(t);
	if (port->fifosize > 1)
		t->up.rx_trig_bytes = c->trig;
	t->up.rx_defer_ns = (u64)c->defer_us * NSEC_PER_USEC;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, c->baud);
	KUNIT_ASSERT_EQ(test, tty_termios_baud_rate(&k), c->baud);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_defer, c->rx_in_dpc);

	/* Either way the bytes arrive. */
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text, port->fifosize, 0);
	ntt_service(t);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, port->fifosize);
}

/*
 * Bytes left in the FIFO for a DPC that is late: shutdown clears the FIFO
 * and must forget them, so a receive DPC that runs after it reads no
 * stale "known" bytes from the empty FIFO, and the port opens again clean.
 */
static void ntserial_rx_left_to_late_dpc_forgotten_at_shutdown(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_in_uart);
	KUNIT_EXPECT_FALSE(test, t->model.ier & UART_IER_RDI);

	port->ops->shutdown(port);
	t->opened = false;
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	m16550_reset_counts(&t->model);
	ntser_request_role(&t->up, NTSER_ROLE_RX);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 0U);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);

	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);
	KUNIT_EXPECT_EQ(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI),
			UART_IER_RDI | UART_IER_RLSI);

	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 3);
}

/* stop_rx while bytes wait for the DPC: they stay in the UART. */
static void ntserial_rx_stop_rx_leaves_bytes_in_fifo(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	uart_port_lock_irqsave(port, &flags);
	port->ops->stop_rx(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_release(t);

	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 8U);
	KUNIT_EXPECT_FALSE(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI));
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_in_uart);
}

/*
 * set_termios while bytes wait for the DPC keeps the receive interrupts
 * masked; the DPC reads the bytes and unmasks them.
 */
static void ntserial_rx_set_termios_while_left_to_dpc(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	ntt_set_iflag(t, CREAD | CLOCAL | CSTOPB, 0);
	KUNIT_EXPECT_TRUE(test, t->model.lcr & UART_LCR_STOP);
	KUNIT_EXPECT_FALSE(test, t->model.ier & UART_IER_RDI);
	ntt_release(t);
	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);
}

/*
 * A parity error waits at the head of the FIFO for the DPC, and tx_empty
 * reads LSR first (clearing the error bits in the UART): the error must
 * still land on that byte.
 */
static void ntserial_rx_error_read_by_tx_empty_stays_on_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	static const u8 fl[8] = { TTY_PARITY };

	m16550_rx_inject(&t->model, ntt_text, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ntt_text + 1, 7, 0);
	ntt_isr_call_held(t);
	port->ops->tx_empty(port);
	ntt_release(t);
	ntt_expect_rx(t, ntt_text, fl, 8);
	KUNIT_EXPECT_EQ(test, port->icount.parity, 1U);
}

/*
 * The FIFO overruns while its bytes wait for a late DPC: the overrun is
 * reported, and from then on the ISR reads the FIFO itself.
 */
static void ntserial_rx_overrun_while_left_to_dpc_falls_back_to_isr(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	static const u8 fill[] = "0123456789abcdefg";
	long io0;

	m16550_rx_inject(&t->model, fill, 8, 0);
	ntt_isr_call_held(t);
	m16550_rx_inject(&t->model, fill + 8, 8, 0);
	KUNIT_ASSERT_EQ(test, m16550_rx_inject(&t->model, fill + 16, 1, 0), 0U);
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 17U);	/* 16 and the marker */
	KUNIT_EXPECT_EQ(test, t->up.port.icount.overrun, 1U);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_defer);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_fallbacks), 1L);

	io0 = ntt_isr_io(t);
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - io0, 11L);
}

/* The ISR fills its capture (it reads the FIFO itself, rx_defer_us=0). */
static void ntserial_rx_capture_full_holds_then_resumes(struct kunit *test)
{
	struct ntt *t = ntt_open_model_rx_in_isr(test);
	unsigned int total = NTSER_RX_CAPTURE + M16550_FIFO_SIZE, i, n;

	ntt_fill_capture(t);
	/*
	 * The last FIFO load found the capture full: it stays in the UART
	 * with receive interrupts masked until the DPC made room.  One DPC
	 * run takes at most 8 x 64 entries, then requests itself again.
	 */
	ntt_service(t);
	KUNIT_EXPECT_GE(test, ntt_ran(t, NTSER_ROLE_RX), 3UL);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_held);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.overrun, 0U);

	n = ntt_rx_read(t);
	KUNIT_ASSERT_EQ(test, n, total);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, t->rx_ch[i], (u8)i, "byte %u", i);
		if (t->rx_ch[i] != (u8)i)
			break;
	}
	ntt_check_dpcs(t);
}

/*
 * stop_rx (serial_core calls it on close, before the port shuts down)
 * masks receive interrupts.  When that happens while the ISR holds them
 * masked for a full capture, the receive DPC that drains the capture must
 * not enable them again.
 */
static void ntserial_rx_stop_rx_while_capture_full_stays_stopped(struct kunit *test)
{
	struct ntt *t = ntt_open_model_rx_in_isr(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	ntt_fill_capture(t);
	uart_port_lock_irqsave(port, &flags);
	port->ops->stop_rx(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_flush(t);

	KUNIT_EXPECT_FALSE_MSG(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI),
			       "receive interrupts enabled again after stop_rx (IER %#x)",
			       t->model.ier);
}

/*
 * The receive DPC is late (removed from its queue, as if ksoftirqd had
 * it) while the ISR left a trigger level of bytes in the FIFO at 115200
 * baud.  Before the FIFO's room is gone the rescue timer reads them: the
 * next 12 bytes, which would have overrun the FIFO behind the first 8,
 * all arrive.  Once is a hiccup and the deferral stays; late
 * NTSER_RX_RESCUE_STREAK times in a row, the ISR reads from then on.
 */
static void ntserial_rx_late_dpc_rescued_by_timer(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	u8 ch[20 + 8 * NTSER_RX_RESCUE_STREAK];
	unsigned int i, n = 20;
	struct ktermios k;

	for (i = 0; i < sizeof(ch); i++)
		ch[i] = 'A' + i % 58;
	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	ntt_service(t);
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_defer);
	m16550_rx_inject(&t->model, ch, 8, 0);
	ntt_isr_call_held(t);
	/* (rx_in_uart is not checked: the timer may have fired already.) */
	ntt_wait_rescues(t, 1);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);

	KUNIT_EXPECT_EQ(test, m16550_rx_inject(&t->model, ch + 8, 12, 0), 12U);
	ntt_service(t);
	ntt_release(t);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_TRUE(test, t->up.isr.rx_defer);

	/* Late every time now. */
	for (i = 1; i <= NTSER_RX_RESCUE_STREAK; i++) {
		m16550_rx_inject(&t->model, ch + n, 8, 0);
		n += 8;
		ntt_isr_call_held(t);
		ntt_wait_rescues(t, 1 + i);
		KUNIT_EXPECT_EQ(test, t->up.isr.rx_defer,
				i < NTSER_RX_RESCUE_STREAK);
		ntt_release(t);
	}
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_fallbacks), 1L);
	ntt_expect_rx(t, ch, NULL, n);
	KUNIT_EXPECT_EQ(test, port->icount.overrun, 0U);

	/* A new line setting decides again. */
	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	KUNIT_EXPECT_TRUE(test, t->up.isr.rx_defer);
}

/*
 * Bytes wait in the FIFO for a late DPC when set_termios stops deferring
 * (9600 baud, 8.3 ms of room, to 460800, 174 us): the rescue timer must
 * still read them, though the ISR reads the FIFO itself from now on.
 */
static void ntserial_rx_rescued_after_termios_stops_deferring(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	port->uartclk = 8 * NTSER_DEFAULT_UARTCLK;
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, 9600);
	ntt_service(t);
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_defer);
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, 460800);
	KUNIT_ASSERT_FALSE(test, t->up.isr.rx_defer);
	/* The deadline was 4 ms away: only a descheduled vCPU misses it. */
	if (atomic_long_read(&t->up.stats.rx_rescues))
		kunit_skip(test, "the rescue came before the termios change");
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_in_uart);
	ntt_wait_rescues(t, 1);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);
	ntt_release(t);
	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_fallbacks), 0L);
}

static struct kunit_case ntserial_rx_cases[] = {
	KUNIT_CASE_PARAM(ntserial_rx_pushes_bytes_and_flags,
			 ntt_dpc_gen_params),
	KUNIT_CASE(ntserial_rx_left_to_dpc_costs_isr_one_ier_write),
	KUNIT_CASE_PARAM(ntserial_rx_read_by_follows_rate_and_trigger,
			 ntt_defer_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_left_to_late_dpc_forgotten_at_shutdown,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_stop_rx_leaves_bytes_in_fifo,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_set_termios_while_left_to_dpc,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_error_read_by_tx_empty_stays_on_byte,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_overrun_while_left_to_dpc_falls_back_to_isr,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_capture_full_holds_then_resumes,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_stop_rx_while_capture_full_stays_stopped,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_late_dpc_rescued_by_timer,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_rx_rescued_after_termios_stops_deferring,
			 ntt_model_gen_params),
	{}
};

static struct kunit_suite ntserial_rx_suite = {
	.name = "ntserial_rx",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_rx_cases,
};

kunit_test_suite(ntserial_rx_suite);
