// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_detect: UART type detection in src/ntserial_detect.c
 * (16550A, 16550 with a broken FIFO, 16450, 8250, no UART), and a detected
 * 16450 moving one byte per interrupt.
 */

#include <linux/string.h>

#include "ntserial_fixture.h"

struct ntt_probe_case {
	const char *desc;
	enum m16550_type type;
	int bus_value;
	bool broken_loopback;
	int ret;
	unsigned int port_type;
	unsigned int fifosize;
	const char *name;
};

static const struct ntt_probe_case ntt_probe_cases[] = {
	{ "16550A", M16550_16550A, -1, false, 0, PORT_16550A, 16, "16550A" },
	{ "16550 with broken FIFO", M16550_16550, -1, false, 0, PORT_16550,
	  1, "16550" },
	{ "no FIFO: 16450", M16550_16450, -1, false, 0, PORT_16450, 1,
	  "16450" },
	{ "no FIFO, no scratch: 8250", M16550_8250, -1, false, 0, PORT_8250,
	  1, "8250" },
	{ "all 0xff: no UART", M16550_16550A, 0xff, false, -ENODEV },
	{ "all 0x00: no UART", M16550_16550A, 0x00, false, -ENODEV },
	{ "broken loopback: no UART", M16550_16550A, -1, true, -ENODEV },
};

static void ntt_probe_desc(const struct ntt_probe_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_probe, ntt_probe_cases, ntt_probe_desc);

static void ntserial_detect_type(struct kunit *test)
{
	const struct ntt_probe_case *c = test->param_value;
	struct ntt *t = ntt_create(test, c->type, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;

	t->model.bus_value = c->bus_value;
	t->model.broken_loopback = c->broken_loopback;
	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, port->type, c->port_type);
	KUNIT_EXPECT_EQ(test, port->fifosize, c->fifosize);
	KUNIT_EXPECT_EQ(test, t->up.tx_loadsz, c->fifosize);
	/* 8250's and the NT serial sample's receive trigger (RxFIFO=8). */
	KUNIT_EXPECT_EQ(test, t->up.rx_trig_bytes, c->fifosize > 1 ? 8U : 1U);
	KUNIT_EXPECT_STREQ(test, port->ops->type(port), c->name);
	/* Probing leaves the UART quiet: no loopback, interrupts off. */
	KUNIT_EXPECT_FALSE(test, t->model.mcr & UART_MCR_LOOP);
	KUNIT_EXPECT_EQ(test, t->model.ier, 0);
	KUNIT_EXPECT_EQ(test, t->model.lcr & UART_LCR_DLAB, 0);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 0U);
}

static void ntserial_detect_16450_moves_one_byte_per_interrupt(struct kunit *test)
{
	struct ntt *t = ntt_open_type(test, M16550_16450, NTSER_MODEL_BOTH);

	KUNIT_ASSERT_EQ(test, t->up.port.type, PORT_16450);
	ntt_write(t, ntt_text, 5);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 1U);
	ntt_tx_pump(t, 5);
	KUNIT_EXPECT_EQ(test, t->model.tx_max_fill, 1U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_expect_tx(t, 0, ntt_text, 5);

	m16550_rx_inject(&t->model, ntt_text, 1, 0);
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text + 1, 1, 0);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 2);
}

static struct kunit_case ntserial_detect_cases[] = {
	KUNIT_CASE_PARAM(ntserial_detect_type, ntt_probe_gen_params),
	KUNIT_CASE(ntserial_detect_16450_moves_one_byte_per_interrupt),
	{}
};

static struct kunit_suite ntserial_detect_suite = {
	.name = "ntserial_detect",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_detect_cases,
};

kunit_test_suite(ntserial_detect_suite);
