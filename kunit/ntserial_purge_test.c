// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_purge: the purge role of src/ntserial_purge.c.
 * flush_buffer clears the transmit FIFO (once per dpc_model); tcflush
 * (TCIFLUSH) drops what was received before it, wherever it waits.
 */

#include "ntserial_fixture.h"

/* uart_ops.ioctl as uart_ioctl() calls it: with the port mutex held. */
static int ntt_ioctl(struct ntt *t, unsigned int cmd, unsigned long arg)
{
	struct uart_port *port = &t->up.port;
	int ret;

	mutex_lock(&port->state->port.mutex);
	ret = port->ops->ioctl(port, cmd, arg);
	mutex_unlock(&port->state->port.mutex);
	return ret;
}

static void ntserial_purge_clears_tx_fifo(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned int clears0 = t->model.tx_clears;
	unsigned long flags;
	int w;

	ntt_write(t, ntt_text, 40);
	KUNIT_ASSERT_EQ(test, t->model.tx_fill, 16U);
	w = atomic_read(&t->write_wakeups);

	/* What uart_flush_buffer() does. */
	uart_port_lock_irqsave(port, &flags);
	nt_test_xmit_init(&t->state, t->xmit_buf);
	port->ops->flush_buffer(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_service(t);

	KUNIT_EXPECT_EQ(test, t->model.tx_clears, clears0 + 1);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 0U);
	/* The FIFO stays enabled with its trigger level. */
	KUNIT_EXPECT_EQ(test, t->model.fcr, t->up.isr.fcr);
	KUNIT_EXPECT_TRUE(test, t->model.fcr & UART_FCR_ENABLE_FIFO);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_PURGE), 1UL);
	KUNIT_EXPECT_GT(test, atomic_read(&t->write_wakeups), w);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 16U);

	/* The port still transmits afterwards. */
	ntt_write(t, ntt_text, 4);
	ntt_tx_pump(t, 20);
	ntt_expect_tx(t, 16, ntt_text, 4);
	ntt_check_dpcs(t);
}

/*
 * tcflush(TCIFLUSH): bytes the ISR captured, or left in the UART for the
 * DPC, never reach the tty after the purge; bytes that arrive after it do.
 * TCOFLUSH leaves received bytes alone.
 */
static void ntserial_purge_rx_drops_old_bytes(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	struct uart_port *port = &t->up.port;
	bool in_isr = !t->up.isr.rx_defer;

	KUNIT_ASSERT_NOT_NULL_MSG(test, port->ops->ioctl,
				  "no uart_ops.ioctl: TCFLSH never reaches the driver");
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, ntt_ioctl(t, TCFLSH, TCOFLUSH),
			-ENOIOCTLCMD);
	KUNIT_EXPECT_EQ(test, ntt_ioctl(t, TCFLSH, TCIFLUSH),
			-ENOIOCTLCMD);
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	if (in_isr)
		KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_purged),
				8L);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);

	m16550_rx_inject(&t->model, ntt_text + 8, 3, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ntt_ioctl(t, TCFLSH, TCOFLUSH),
			-ENOIOCTLCMD);
	ntt_expect_rx(t, ntt_text + 8, NULL, 3);
}

static struct kunit_case ntserial_purge_cases[] = {
	KUNIT_CASE_PARAM(ntserial_purge_clears_tx_fifo, ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_purge_rx_drops_old_bytes, ntt_rx_gen_params),
	{}
};

static struct kunit_suite ntserial_purge_suite = {
	.name = "ntserial_purge",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_purge_cases,
};

kunit_test_suite(ntserial_purge_suite);
