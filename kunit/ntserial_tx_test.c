// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_tx: the transmit role of src/ntserial_tx.c, once per
 * dpc_model.  FIFO loads per THRE, a UART that empties its FIFO at once,
 * internal loopback, x_char, a stopped transmitter, a THRE seen before the
 * last load, start_tx after shutdown, and the watchdog that stands in for a
 * lost THRE or discards the output of a UART that is gone.
 */

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/timer.h>

#include "ntserial_fixture.h"

static void ntserial_tx_loads_at_most_fifo_per_thre(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	static u8 data[200];
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 7 + 1;
	atomic_set(&t->write_wakeups, 0);
	ntt_write(t, data, sizeof(data));
	/* The FIFO was known empty: one load of 16, no more. */
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 16U);
	ntt_tx_pump(t, sizeof(data));

	ntt_expect_tx(t, 0, data, sizeof(data));
	KUNIT_EXPECT_LE(test, t->model.tx_max_fill, 16U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.tx, (u32)sizeof(data));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.tx_bytes),
			(long)sizeof(data));
	KUNIT_EXPECT_GT(test, atomic_read(&t->write_wakeups), 0);

	/* Nothing left: a THRE loads nothing and the line stays quiet. */
	m16550_tx_drain(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, (unsigned int)sizeof(data));
	KUNIT_EXPECT_TRUE(test, t->up.tx_fifo_empty);
	ntt_check_dpcs(t);
}

/*
 * A UART whose FIFO is empty again as soon as it is written (QEMU's):
 * start_tx loads the first burst, and the transmit DPC that the THRE
 * interrupt queues keeps loading while LSR shows THRE, so 200 bytes cost
 * one interrupt, one DPC run and one status read per DPC load instead of
 * an interrupt per load.
 */
static void ntserial_tx_refills_while_thre_follows_at_once(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	static u8 data[200];
	unsigned long ran0;
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 5 + 3;
	t->model.tx_instant = true;
	ran0 = ntt_ran(t, NTSER_ROLE_TX);
	m16550_reset_counts(&t->model);
	ntt_write(t, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 16U);
	/* One THRE for the DPC's loads, one after its last. */
	KUNIT_EXPECT_LE(test, ntt_service(t), 2U);

	ntt_expect_tx(t, 0, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, t->model.tx_len, (unsigned int)sizeof(data));
	/*
	 * 13 loads: start_tx's does not poll; of the DPC's 12, the last has
	 * nothing behind it and does not poll either.
	 */
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_TX], (unsigned int)sizeof(data));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR],
			DIV_ROUND_UP((unsigned int)sizeof(data), 16U) - 2);
	KUNIT_EXPECT_LE(test, ntt_ran(t, NTSER_ROLE_TX) - ran0, 2UL);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.tx, (u32)sizeof(data));
	ntt_service(t);
	KUNIT_EXPECT_TRUE(test, t->up.tx_fifo_empty);
	ntt_check_dpcs(t);
}

/*
 * Internal loopback sends at once into the receiver: the transmit DPC
 * must stop refilling when data waits, so that the ISR drains the receive
 * FIFO between bursts and nothing overruns.
 */
static void ntserial_tx_in_loopback_never_overruns_receiver(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	static u8 data[64];
	unsigned long flags;
	unsigned int i, got = 0, rounds, loop0 = t->model.loop_bytes;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 3 + 1;
	uart_port_lock_irqsave(port, &flags);
	port->ops->set_mctrl(port, TIOCM_DTR | TIOCM_RTS | TIOCM_LOOP);
	uart_port_unlock_irqrestore(port, flags);
	ntt_service(t);
	ntt_write(t, data, sizeof(data));
	for (rounds = 0; rounds < 64 && got < sizeof(data); rounds++) {
		ntt_service(t);
		got = ntt_rx_read(t);
	}
	KUNIT_EXPECT_FALSE(test, t->model.oe);
	KUNIT_EXPECT_EQ(test, port->icount.overrun, 0U);
	KUNIT_EXPECT_EQ(test, t->model.loop_bytes - loop0,
			(unsigned int)sizeof(data));
	ntt_expect_rx(t, data, NULL, sizeof(data));
	ntt_check_dpcs(t);
}

static void ntserial_tx_sends_x_char_first(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	port->x_char = 0x13;
	uart_port_unlock_irqrestore(port, flags);
	ntt_write(t, ntt_text, 20);

	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 16U);
	KUNIT_EXPECT_EQ(test, t->model.tx_log[0], 0x13);
	ntt_expect_tx(t, 1, ntt_text, 15);
	KUNIT_EXPECT_EQ(test, port->x_char, 0);
	ntt_tx_pump(t, 21);
	ntt_expect_tx(t, 1, ntt_text, 20);
	KUNIT_EXPECT_EQ(test, port->icount.tx, 21U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_check_dpcs(t);
}

static void ntserial_tx_respects_tx_stopped(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	port->hw_stopped = true;
	uart_port_unlock_irqrestore(port, flags);
	ntt_write(t, ntt_text, 10);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 0U);

	uart_port_lock_irqsave(port, &flags);
	port->hw_stopped = false;
	port->ops->start_tx(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 10U);
	ntt_expect_tx(t, 0, ntt_text, 10);
	ntt_check_dpcs(t);
}

/*
 * start_tx on one CPU loads the FIFO while a transmit DPC for a THRE seen
 * before that load is about to run on another: the DPC must not take the
 * FIFO for empty and load a second burst into it.
 */
static void ntserial_tx_stale_thre_loads_nothing(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);

	KUNIT_ASSERT_TRUE(test, t->up.tx_fifo_empty);
	m16550_repeat_thre(&t->model);
	ntt_isr_call_held(t);
	KUNIT_ASSERT_TRUE(test, atomic_long_read(&t->up.pending) &
			  BIT(NTSER_ROLE_TX));
	ntt_write(t, ntt_text, 40);
	KUNIT_ASSERT_EQ(test, t->model.tx_fill, 16U);

	ntser_request_role(&t->up, NTSER_ROLE_TX);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 16U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_tx_pump(t, 40);
	ntt_expect_tx(t, 0, ntt_text, 40);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
}

/*
 * After shutdown nothing loads the transmitter from the transmit buffer,
 * whatever asks: start_tx (uart_handle_cts_change() calls it), or a
 * transmit DPC for a THRE seen before the close.
 */
static void ntserial_tx_start_tx_after_shutdown_loads_nothing(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	KUNIT_ASSERT_TRUE(test, t->up.tx_fifo_empty);
	ntt_close(t);
	ntt_flush(t);
	m16550_reset_counts(&t->model);
	KUNIT_ASSERT_EQ(test, nt_test_xmit_put(&t->state, ntt_text, 20), 20U);
	uart_port_lock_irqsave(port, &flags);
	port->ops->start_tx(port);
	uart_port_unlock_irqrestore(port, flags);
	atomic_set(&t->up.thre_seen, 1);
	ntser_request_role(&t->up, NTSER_ROLE_TX);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_TX], 0U);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 0U);
	KUNIT_EXPECT_FALSE(test, timer_pending(&t->up.tx_timer));
	nt_test_xmit_init(&t->state, t->xmit_buf);
}

static void ntserial_tx_timeout_recovers_lost_thre(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	unsigned long deadline;

	t->model.lose_thre = true;
	ntt_write(t, ntt_text, 40);
	KUNIT_ASSERT_EQ(test, t->model.tx_fill, 16U);
	while (t->model.tx_len < 40) {
		unsigned int before = t->model.tx_len;

		m16550_tx_drain(&t->model);
		KUNIT_ASSERT_FALSE(test, m16550_irq_pending(&t->model));
		deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
		while (READ_ONCE(t->model.tx_len) == before &&
		       time_before(jiffies, deadline))
			usleep_range(2000, 5000);
		ntt_flush(t);
		KUNIT_ASSERT_GT_MSG(test, t->model.tx_len, before,
				    "watchdog did not recover the lost THRE");
	}
	ntt_expect_tx(t, 0, ntt_text, 40);
	KUNIT_EXPECT_GE(test, atomic_long_read(&t->up.stats.tx_timeouts), 2L);
	KUNIT_EXPECT_GE(test, ntt_ran(t, NTSER_ROLE_TIMEOUT), 2UL);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_check_dpcs(t);
}

/*
 * A UART that raises no THRE interrupt when THRE is enabled (the THRE
 * erratum of some 16550 clones, or an edge lost at startup): the port
 * must still transmit, with the watchdog standing in for the first THRE.
 */
static void ntserial_tx_first_thre_lost_watchdog_starts_tx(struct kunit *test)
{
	const struct ntt_dpc_param *p = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, p->model);
	struct uart_port *port = &t->up.port;
	unsigned long deadline;
	struct ktermios k;

	ntt_detect(t);
	t->model.thre_enable_erratum = true;
	/* The loopback test of detection left a THRE latched in the model. */
	t->model.thre_int = false;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	ntt_service(t);
	/* No THRE came: only the watchdog can tell the FIFO is empty. */
	KUNIT_EXPECT_EQ(test, t->up.intr->stats.isr_calls, 0ULL);

	ntt_write(t, ntt_text, 20);
	deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	while (READ_ONCE(t->model.tx_len) == 0 &&
	       time_before(jiffies, deadline))
		usleep_range(2000, 5000);
	KUNIT_ASSERT_GT_MSG(test, t->model.tx_len, 0U,
			    "no byte sent in %d ms: the first THRE never came",
			    NTT_WAIT_MS);
	ntt_tx_pump(t, 20);
	ntt_expect_tx(t, 0, ntt_text, 20);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	KUNIT_EXPECT_GE(test, atomic_long_read(&t->up.stats.tx_timeouts), 1L);
}

/*
 * The UART vanishes (every read 0xff, writes lost) while the port is open
 * with output queued.  The ISR says IRQ_NONE; the transmit watchdog sees
 * IIR and LSR both 0xff, which no 16550 reads, and discards the output
 * with one log line, so writers and close do not wait on a transmitter
 * that is gone.  Opening it again is refused, as 8250 refuses it.
 */
static void ntserial_tx_vanished_uart_discards_output(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long deadline, flags;
	unsigned int pending;
	int wakeups, ret;
	struct ktermios k;

	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	ntt_service(t);
	t->model.bus_value = 0xff;
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);

	wakeups = atomic_read(&t->write_wakeups);
	ntt_write(t, ntt_text, 40);
	deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	do {
		usleep_range(2000, 5000);
		ntt_flush(t);
		uart_port_lock_irqsave(port, &flags);
		pending = nt_uart_tx_pending(port);
		uart_port_unlock_irqrestore(port, flags);
	} while (pending && time_before(jiffies, deadline));
	KUNIT_EXPECT_EQ_MSG(test, pending, 0U,
			    "output still queued for a UART that is gone");
	/* The first burst went into the void; the watchdog dropped the rest. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.tx_dropped), 24L);
	KUNIT_EXPECT_TRUE(test, t->up.gone);
	KUNIT_EXPECT_GT(test, atomic_read(&t->write_wakeups), wakeups);

	/* Further output goes the same way at once. */
	ntt_write(t, ntt_text, 10);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.tx_dropped), 34L);
	KUNIT_EXPECT_EQ(test, port->ops->tx_empty(port), TIOCSER_TEMT);

	ntt_close(t);
	ret = port->ops->startup(port);
	KUNIT_EXPECT_EQ(test, ret, -ENODEV);
	if (!ret)
		ntt_close(t);

	/* It comes back: the port opens and works again. */
	t->model.bus_value = -1;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	ntt_write(t, ntt_text, 5);
	ntt_tx_pump(t, 5);
	ntt_expect_tx(t, 0, ntt_text, 5);
}

static struct kunit_case ntserial_tx_cases[] = {
	KUNIT_CASE_PARAM(ntserial_tx_loads_at_most_fifo_per_thre,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_refills_while_thre_follows_at_once,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_in_loopback_never_overruns_receiver,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_sends_x_char_first, ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_respects_tx_stopped, ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_timeout_recovers_lost_thre,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_stale_thre_loads_nothing,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_start_tx_after_shutdown_loads_nothing,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_first_thre_lost_watchdog_starts_tx,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_tx_vanished_uart_discards_output,
			 ntt_dpc_gen_params),
	{}
};

static struct kunit_suite ntserial_tx_suite = {
	.name = "ntserial_tx",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_tx_cases,
};

kunit_test_suite(ntserial_tx_suite);
