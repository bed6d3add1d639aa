// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_modem: the modem status role and modem control of
 * src/ntserial_modem.c.  Counting and waking on each line change, once per
 * dpc_model; get_mctrl on a closed port; when modem status interrupts are
 * enabled.
 */

#include "ntserial_fixture.h"

static void ntserial_modem_status_counts_and_wakes(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	struct uart_icount *ic = &port->icount;
	unsigned long flags;
	int w;

	uart_port_lock_irqsave(port, &flags);
	port->ops->enable_ms(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_service(t);

	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->cts, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);

	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->dsr, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);

	/* RI counts on its trailing edge only. */
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR | UART_MSR_RI);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->rng, 0U);
	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->rng, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);

	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->dcd, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);
	KUNIT_EXPECT_EQ(test, ic->cts, 1U);
	KUNIT_EXPECT_EQ(test, ic->dsr, 1U);

	/* serial_core calls get_mctrl with the port lock held. */
	uart_port_lock_irqsave(port, &flags);
	KUNIT_EXPECT_EQ(test, port->ops->get_mctrl(port),
			TIOCM_CTS | TIOCM_DSR | TIOCM_CAR);
	uart_port_unlock_irqrestore(port, flags);
	ntt_check_dpcs(t);
}

/*
 * get_mctrl on a closed port (reading /proc/tty/driver/ntserial does it)
 * reads MSR, which clears its deltas.  Nobody waits for them with the port
 * closed: no modem status DPC may run, since a CTS change would start a
 * transmission on a port whose transmit buffer serial_core has freed.
 */
static void ntserial_modem_get_mctrl_on_closed_port_queues_nothing(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long msr0, flags;
	u64 ins0;

	ntt_close(t);
	ntt_flush(t);
	msr0 = ntt_ran(t, NTSER_ROLE_MSR);
	ins0 = ntt_dpc_inserts(t);
	m16550_set_lines(&t->model, UART_MSR_DCD | UART_MSR_DSR);
	uart_port_lock_irqsave(port, &flags);
	KUNIT_EXPECT_EQ(test, port->ops->get_mctrl(port),
			TIOCM_CAR | TIOCM_DSR);
	uart_port_unlock_irqrestore(port, flags);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, ntt_dpc_inserts(t), ins0);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_MSR), msr0);
	KUNIT_EXPECT_EQ(test, port->icount.dcd, 0U);
}

static void ntserial_modem_interrupts_follow_clocal(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);

	/* CLOCAL and no CRTSCTS: no modem status interrupt. */
	KUNIT_EXPECT_FALSE(test, t->model.ier & UART_IER_MSI);
	ntt_set_iflag(t, CREAD, 0);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_MSI);
	ntt_set_iflag(t, CREAD | CLOCAL | CRTSCTS, 0);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_MSI);
	/* Receive and THRE interrupts stay enabled through set_termios. */
	KUNIT_EXPECT_EQ(test, t->model.ier & ~UART_IER_MSI,
			UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI);
}

static struct kunit_case ntserial_modem_cases[] = {
	KUNIT_CASE_PARAM(ntserial_modem_status_counts_and_wakes,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_modem_get_mctrl_on_closed_port_queues_nothing,
			 ntt_dpc_gen_params),
	KUNIT_CASE(ntserial_modem_interrupts_follow_clocal),
	{}
};

static struct kunit_suite ntserial_modem_suite = {
	.name = "ntserial_modem",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_modem_cases,
};

kunit_test_suite(ntserial_modem_suite);
