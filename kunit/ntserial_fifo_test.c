// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_fifo: the FIFO control of src/ntserial_fifo.c.  The
 * receive trigger level the FCR gets and the ISR's fast path reads, bytes
 * above it, and a FIFO size set by TIOCSSERIAL below the trigger level or on
 * a UART without a FIFO.
 */

#include "ntserial_fixture.h"

struct ntt_trig_case {
	unsigned int bytes;
	unsigned int level;
};

static const struct ntt_trig_case ntt_trig_cases[] = {
	{ 0, 1 }, { 1, 1 }, { 3, 1 }, { 4, 4 }, { 7, 4 }, { 8, 8 },
	{ 13, 8 }, { 14, 14 }, { 16, 14 }, { 1000, 14 },
};

static void ntt_trig_desc(const struct ntt_trig_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u bytes -> level %u",
		 c->bytes, c->level);
}

KUNIT_ARRAY_PARAM(ntt_trig, ntt_trig_cases, ntt_trig_desc);

static void ntserial_fifo_trigger_rounds_down(struct kunit *test)
{
	const struct ntt_trig_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ntser_fcr_trigger(c->bytes), c->level);
}

static const unsigned int ntt_levels[] = { 1, 4, 8, 14 };

static void ntt_level_desc(const unsigned int *l, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "rx_trig_bytes=%u", *l);
}

KUNIT_ARRAY_PARAM(ntt_level, ntt_levels, ntt_level_desc);

static void ntserial_fifo_rx_trig_sets_fast_path_size(struct kunit *test)
{
	unsigned int level = *(const unsigned int *)test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	static const u8 trig_bits[] = { [1] = 0, [4] = 1, [8] = 2, [14] = 3 };

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	t->up.rx_trig_bytes = level;
	t->up.rx_defer_ns = 0;		/* the ISR's fast path */
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.fcr >> 6, trig_bits[level]);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, level);

	m16550_reset_counts(&t->model);
	m16550_rx_inject(&t->model, ntt_text, level, 0);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_RDI);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], level);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 1U);
	ntt_expect_rx(t, ntt_text, NULL, level);
}

/*
 * 11 bytes at trigger level 8.  The ISR reads the 8 it knows of and
 * leaves the rest to the character timeout; the DPC reads on while LSR
 * shows data, so it takes all 11 at once.
 */
static void ntserial_fifo_rda_above_trigger_isr_leaves_rest_dpc_reads_on(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	bool dpc = t->up.isr.rx_defer;

	m16550_rx_inject(&t->model, ntt_text, 11, 0);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], dpc ? 11U : 8U);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), dpc ? 0U : 3U);
	/* LSR, 8 bytes, LSR, then RBR + LSR for each of the 3 others. */
	if (dpc)
		KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 5U);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 11);
}

/*
 * TIOCSSERIAL may lower xmit_fifo_size below the receive trigger level:
 * the transmit load follows it, but the receive FIFO is still the UART's
 * 16 bytes, and the room above the trigger is still 8 bytes (at 460800
 * baud, 174 us: less than rx_defer_us, the ISR reads).
 */
static void ntserial_fifo_lowered_fifosize_limits_only_tx_load(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	port->uartclk = 8 * NTSER_DEFAULT_UARTCLK;
	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	port->fifosize = 4;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, 460800);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 8);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_defer);

	ntt_write(t, ntt_text, 10);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 4U);
	ntt_tx_pump(t, 10);
	KUNIT_EXPECT_EQ(test, t->model.tx_max_fill, 4U);
	ntt_expect_tx(t, 0, ntt_text, 10);
	m16550_rx_inject(&t->model, ntt_text, 16, 0);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 16);
}

/* A 16450 told it has a 16-byte FIFO still gets no FCR write. */
static void ntserial_fifo_16450_raised_fifosize_writes_no_fcr(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16450, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	port->fifosize = 16;
	m16550_reset_counts(&t->model);
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_FCR], 0U);
	ntt_write(t, ntt_text, 3);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 1U);
	ntt_tx_pump(t, 3);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
}

static struct kunit_case ntserial_fifo_cases[] = {
	KUNIT_CASE_PARAM(ntserial_fifo_trigger_rounds_down,
			 ntt_trig_gen_params),
	KUNIT_CASE_PARAM(ntserial_fifo_rx_trig_sets_fast_path_size,
			 ntt_level_gen_params),
	KUNIT_CASE_PARAM(ntserial_fifo_rda_above_trigger_isr_leaves_rest_dpc_reads_on,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_fifo_lowered_fifosize_limits_only_tx_load),
	KUNIT_CASE(ntserial_fifo_16450_raised_fifosize_writes_no_fcr),
	{}
};

static struct kunit_suite ntserial_fifo_suite = {
	.name = "ntserial_fifo",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_fifo_cases,
};

kunit_test_suite(ntserial_fifo_suite);
