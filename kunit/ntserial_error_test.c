// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_error: the line error role of src/ntserial_error.c,
 * once per dpc_model.  Parity, framing, break and overrun counts, and a line
 * on which every byte carries an error.
 */

#include "ntserial_fixture.h"

static void ntserial_error_line_errors_count_icount(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_icount *ic = &t->up.port.icount;
	static const u8 z[16];

	m16550_rx_inject(&t->model, z, 2, UART_LSR_PE);
	m16550_rx_inject(&t->model, z, 3, UART_LSR_FE);
	m16550_rx_inject(&t->model, z, 1, UART_LSR_BI);
	/* A break with a framing error counts as a break only. */
	m16550_rx_inject(&t->model, z, 1, UART_LSR_BI | UART_LSR_FE);
	m16550_rx_inject(&t->model, z, 9, 0);
	m16550_rx_inject(&t->model, z, 1, 0);	/* overrun */
	ntt_service(t);

	KUNIT_EXPECT_EQ(test, ic->parity, 2U);
	KUNIT_EXPECT_EQ(test, ic->frame, 3U);
	KUNIT_EXPECT_EQ(test, ic->brk, 2U);
	KUNIT_EXPECT_EQ(test, ic->overrun, 1U);
	KUNIT_EXPECT_EQ(test, ic->rx, 16U);
	KUNIT_EXPECT_GT(test, ntt_ran(t, NTSER_ROLE_ERR), 0UL);
	ntt_check_dpcs(t);
}

/*
 * Every received byte carries an error (a line at the wrong rate): each
 * is delivered with its flag and counted once, none is lost.
 */
static void ntserial_error_on_every_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	u8 ch[64], fl[64];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(ch); i += M16550_FIFO_SIZE) {
		for (j = i; j < i + M16550_FIFO_SIZE; j++) {
			ch[j] = 'a' + j % 26;
			fl[j] = j & 1 ? TTY_FRAME : TTY_PARITY;
			m16550_rx_inject(&t->model, &ch[j], 1,
					 j & 1 ? UART_LSR_FE : UART_LSR_PE);
		}
		ntt_service(t);
		m16550_rx_timeout(&t->model);
		ntt_service(t);
	}
	ntt_expect_rx(t, ch, fl, ARRAY_SIZE(ch));
	KUNIT_EXPECT_EQ(test, port->icount.parity, 32U);
	KUNIT_EXPECT_EQ(test, port->icount.frame, 32U);
	KUNIT_EXPECT_EQ(test, port->icount.overrun, 0U);
	KUNIT_EXPECT_EQ(test, port->icount.rx, 64U);
	ntt_check_dpcs(t);
}

static struct kunit_case ntserial_error_cases[] = {
	KUNIT_CASE_PARAM(ntserial_error_line_errors_count_icount,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_error_on_every_byte, ntt_dpc_gen_params),
	{}
};

static struct kunit_suite ntserial_error_suite = {
	.name = "ntserial_error",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_error_cases,
};

kunit_test_suite(ntserial_error_suite);
