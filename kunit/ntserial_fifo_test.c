// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_fifo: the FIFO control of src/ntserial_fifo.c.  The
 * receive trigger level the FCR gets and the ISR's fast path reads, bytes
 * above it, a FIFO size set by TIOCSSERIAL below the trigger level or on
 * a UART without a FIFO, and the adaptive trigger: its policy as a table,
 * and on a port: lone bytes, bursts, a character timeout that does not
 * drop it, the idle timer, the highest level the deferral allows, a pinned level, and no
 * FCR write in the ISR.
 */

#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>

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

	ntt_detect(t);
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
	ntt_detect(t);
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

	ntt_detect(t);
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

/* ---- the adaptive trigger ------------------------------------------------ */

struct ntt_policy_case {
	const char *desc;
	unsigned int level, bytes, gap_chars, max;
	bool quiet;
	unsigned int next;
	bool timeout;
};

/* One character time is 1000 ns here; the gap is in character times. */
static const struct ntt_policy_case ntt_policy_cases[] = {
	{ "lone byte stays at 1", 1, 1, 10, 14, false, 1 },
	{ "more bytes than the level: 1 to 4", 1, 2, 10, 14, false, 4 },
	{ "services 1 char apart: 1 to 4", 1, 1, 1, 14, false, 4 },
	{ "services 2 chars apart at 1: no stream", 1, 1, 2, 14, false, 1 },
	{ "burst at 4: to 8", 4, 5, 20, 14, false, 8 },
	{ "4 bytes at 4, 5 chars apart: stays", 4, 4, 5, 14, false, 4 },
	{ "burst at 8, max 8: stays", 8, 16, 20, 8, false, 8 },
	{ "burst at 8, max 14: to 14", 8, 16, 20, 14, false, 14 },
	{ "burst at 14: stays", 14, 16, 1, 14, false, 14 },
	{ "quiet at 8: to 1", 8, 16, 1, 14, true, 1 },
	{ "quiet at 1: stays", 1, 0, 100, 14, true, 1 },
	{ "max lowered below the level: to max", 14, 0, 100, 8, false, 8 },
	{ "max 1: never raised", 1, 16, 0, 1, false, 1 },
	{ "full FIFO at 1: straight to 14", 1, 16, 10, 14, false, 14 },
	{ "full FIFO at 1, max 8: to 8", 1, 16, 10, 8, false, 8 },
	{ "9 bytes at 1: to 8", 1, 9, 10, 14, false, 8 },
	{ "timeout, lone byte at 8: to 1", 8, 1, 10, 14, false, 1, true },
	{ "timeout, 2 bytes at 8: to 1", 8, 2, 10, 14, false, 1, true },
	{ "timeout, 3 bytes at 8: stays", 8, 3, 10, 14, false, 8, true },
	{ "timeout, lone byte at 4: to 1", 4, 1, 10, 14, false, 1, true },
	{ "timeout, 2 bytes at 4: stays", 4, 2, 10, 14, false, 4, true },
	{ "timeout, lone byte at 1: stays", 1, 1, 10, 14, false, 1, true },
	{ "timeout, 4 bytes at 14: stays", 14, 4, 10, 14, false, 14, true },
};

static void ntt_policy_desc(const struct ntt_policy_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_policy, ntt_policy_cases, ntt_policy_desc);

static void ntserial_fifo_adaptive_policy(struct kunit *test)
{
	const struct ntt_policy_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test,
			ntser_rx_trig_next(c->level, c->bytes,
					   c->gap_chars * 1000ULL, 1000,
					   c->quiet, c->timeout, c->max),
			c->next);
}

/* FCR's receive trigger bits for each level. */
static unsigned int ntt_fcr_level(struct ntt *t)
{
	static const unsigned int levels[] = { 1, 4, 8, 14 };

	return levels[t->model.fcr >> 6];
}

/* A 16550A port left to the adaptive trigger, open at @speed, 8N1. */
static struct ntt *ntt_open_auto(struct kunit *test, unsigned int clk_mul,
				 u64 rx_defer_ns, speed_t speed)
{
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	port->uartclk = clk_mul * NTSER_DEFAULT_UARTCLK;
	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	KUNIT_ASSERT_TRUE(test, t->up.rx_trig_auto);
	t->up.rx_defer_ns = rx_defer_ns;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, speed);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 1);
	KUNIT_EXPECT_EQ(test, ntt_fcr_level(t), 1U);
	m16550_reset_counts(&t->model);
	return t;
}

/*
 * Bursts raise the level, 1 to 4 to 8 to 14 (9600 baud: the DPC reads the
 * FIFO at every level), in the receive DPC: the ISR, run with the DPCs
 * held back, writes no FCR.  A character timeout after a tail of four
 * bytes brings it in but leaves the level: the end of a burst is no
 * request/response line (a lone byte is, ..._lone_byte_timeout_drops).
 * Every byte arrives, in order.
 */
static void ntserial_fifo_adaptive_raises_on_bursts_not_dropped_by_timeout(struct kunit *test)
{
	static const unsigned int steps[] = { 4, 8, 14, 14 };
	static const unsigned int sizes[] = { 2, 5, 16, 16 };
	struct ntt *t = ntt_open_auto(test, 1, NTSER_RX_DEFER_US * NSEC_PER_USEC,
				      9600);
	unsigned int i, n = 0, fcr_writes = 0;
	u8 buf[2 + 5 + 16 + 16 + 4];

	for (i = 0; i < ARRAY_SIZE(buf); i++)
		buf[i] = i * 7 + 3;
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		unsigned int before = t->up.isr.rx_trig;

		/*
		 * Only the held-back DPCs may read the FIFO: no rescue
		 * (a late DPC) and no idle timer on a busy host.
		 */
		hrtimer_cancel(&t->up.rx_idle);
		t->up.isr.rx_rescue_ns = 4ULL * NTT_WAIT_MS * NSEC_PER_MSEC;
		m16550_rx_inject(&t->model, buf + n, sizes[i], 0);
		n += sizes[i];
		ntt_isr_call_held(t);
		KUNIT_EXPECT_EQ(test, t->model.writes[UART_FCR], fcr_writes);
		KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, before);
		ntt_release(t);
		ntt_service(t);
		KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, steps[i]);
		KUNIT_EXPECT_EQ(test, ntt_fcr_level(t), steps[i]);
		KUNIT_EXPECT_TRUE(test, t->up.isr.rx_defer);
		fcr_writes += steps[i] != before;
		KUNIT_EXPECT_EQ(test, t->model.writes[UART_FCR], fcr_writes);
	}
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_raises), 3L);

	hrtimer_cancel(&t->up.rx_idle);
	m16550_rx_inject(&t->model, buf + n, 4, 0);
	n += 4;
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 14);
	KUNIT_EXPECT_EQ(test, ntt_fcr_level(t), 14U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_drops), 0L);
	ntt_expect_rx(t, buf, NULL, n);
}

/*
 * A full FIFO at level 1 goes straight to the top (14 at 9600 baud, where
 * the idle timer's 32 character times are 33 ms), and a lone byte that then waits for the
 * character timeout brings it back to 1 at once, without waiting for the
 * line to go quiet: the next request's reply interrupts at its first
 * byte.  The FCR writes happen in the DPC only.
 */
static void ntserial_fifo_adaptive_lone_byte_timeout_drops(struct kunit *test)
{
	struct ntt *t = ntt_open_auto(test, 1, NTSER_RX_DEFER_US * NSEC_PER_USEC,
				      9600);
	u8 buf[17];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buf); i++)
		buf[i] = i * 5 + 1;
	hrtimer_cancel(&t->up.rx_idle);
	t->up.isr.rx_rescue_ns = 4ULL * NTT_WAIT_MS * NSEC_PER_MSEC;
	m16550_rx_inject(&t->model, buf, 16, 0);
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_FCR], 0U);
	ntt_release(t);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 14);
	KUNIT_EXPECT_EQ(test, ntt_fcr_level(t), 14U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_raises), 1L);

	hrtimer_cancel(&t->up.rx_idle);
	m16550_rx_inject(&t->model, buf + 16, 1, 0);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_NO_INT);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 1);
	KUNIT_EXPECT_EQ(test, ntt_fcr_level(t), 1U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_drops), 1L);
	ntt_expect_rx(t, buf, NULL, ARRAY_SIZE(buf));
}

/*
 * Lone bytes, further apart than two character times, leave the level
 * at 1: each interrupts at once, and no FCR write is made.
 */
static void ntserial_fifo_adaptive_lone_bytes_stay_at_1(struct kunit *test)
{
	struct ntt *t = ntt_open_auto(test, 1, NTSER_RX_DEFER_US * NSEC_PER_USEC,
				      9600);
	unsigned int i;

	for (i = 0; i < 5; i++) {
		usleep_range(5000, 6000);	/* 2 characters are 2.1 ms */
		m16550_rx_inject(&t->model, ntt_text + i, 1, 0);
		KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
				UART_IIR_RDI);
		ntt_service(t);
		KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 1);
	}
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_FCR], 0U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_raises), 0L);
	ntt_expect_rx(t, ntt_text, NULL, 5);
}

/*
 * A burst that ends with the FIFO empty raises no character timeout: the
 * idle timer (32 character times, 33 ms at 9600) brings the level back.
 */
static void ntserial_fifo_adaptive_idle_line_drops_to_1(struct kunit *test)
{
	struct ntt *t = ntt_open_auto(test, 1, NTSER_RX_DEFER_US * NSEC_PER_USEC,
				      9600);
	unsigned long deadline;

	m16550_rx_inject(&t->model, ntt_text, 16, 0);
	ntt_service(t);
	KUNIT_ASSERT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_raises), 1L);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	while (READ_ONCE(t->up.isr.rx_trig) != 1 &&
	       time_before(jiffies, deadline)) {
		usleep_range(5000, 10000);
		ntt_flush(t);
	}
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 1);
	KUNIT_EXPECT_EQ(test, ntt_fcr_level(t), 1U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_drops), 1L);
	ntt_expect_rx(t, ntt_text, NULL, 16);
}

struct ntt_max_case {
	const char *desc;
	unsigned int clk_mul;
	unsigned int rx_defer_us;
	speed_t speed;
	unsigned int max;
};

/*
 * The level stops at the highest one at which the DPC still reads the
 * FIFO (the room above it fills in rx_defer_us or more); with the ISR
 * reading anyway (rx_defer_us=0), at 8, not 14 with its two characters
 * of room.
 */
static const struct ntt_max_case ntt_max_cases[] = {
	{ "9600: 14", 1, NTSER_RX_DEFER_US, 9600, 14 },
	{ "115200: 8", 1, NTSER_RX_DEFER_US, 115200, 8 },
	{ "460800: 4", 8, NTSER_RX_DEFER_US, 460800, 4 },
	{ "115200, rx_defer_us=0: 8", 1, 0, 115200, 8 },
};

static void ntt_max_desc(const struct ntt_max_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_max, ntt_max_cases, ntt_max_desc);

static void ntserial_fifo_adaptive_stops_where_dpc_reads(struct kunit *test)
{
	const struct ntt_max_case *c = test->param_value;
	struct ntt *t = ntt_open_auto(test, c->clk_mul,
				      c->rx_defer_us * NSEC_PER_USEC, c->speed);
	unsigned int i;

	unsigned int peak = 1, level;

	/*
	 * Until the level reaches its top: on a busy host the idle timer
	 * (32 characters, 0.7 ms at 460800) may drop it between two bursts,
	 * and it climbs again.  It never goes above the top.
	 */
	for (i = 0; i < 16 && peak < c->max; i++) {
		m16550_rx_inject(&t->model, ntt_text, 8, 0);
		ntt_service(t);
		level = READ_ONCE(t->up.isr.rx_trig);
		KUNIT_EXPECT_LE(test, level, c->max);
		peak = max(peak, level);
	}
	KUNIT_EXPECT_EQ(test, peak, c->max);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_defer, c->rx_defer_us != 0);
	for (; i < 20; i++) {
		m16550_rx_inject(&t->model, ntt_text, 8, 0);
		ntt_service(t);
		KUNIT_EXPECT_LE(test, t->up.isr.rx_trig, c->max);
	}
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 20 * 8U);
}

/*
 * A faster line lowers the top: at 9600 the level climbs to 14, and a
 * set_termios to 115200 brings it down to 8, where the DPC still reads
 * the FIFO, without waiting for the next receive DPC.
 */
static void ntserial_fifo_adaptive_faster_line_lowers_level(struct kunit *test)
{
	struct ntt *t = ntt_open_auto(test, 1, NTSER_RX_DEFER_US * NSEC_PER_USEC,
				      9600);
	struct ktermios k;
	unsigned int i;

	for (i = 0; i < 8 && t->up.isr.rx_trig < 14; i++) {
		m16550_rx_inject(&t->model, ntt_text, 16, 0);
		ntt_service(t);
	}
	KUNIT_ASSERT_EQ(test, t->up.isr.rx_trig, 14);
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, 115200);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 8);
	KUNIT_EXPECT_EQ(test, ntt_fcr_level(t), 8U);
	KUNIT_EXPECT_TRUE(test, t->up.isr.rx_defer);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), i * 16U);
}

/* A level pinned (rx_trig_bytes, as ntt_detect() does) never moves. */
static void ntserial_fifo_adaptive_pinned_level_stays(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	unsigned int i;

	KUNIT_ASSERT_FALSE(test, t->up.rx_trig_auto);
	for (i = 0; i < 3; i++) {
		m16550_rx_inject(&t->model, ntt_text, 16, 0);
		ntt_service(t);
	}
	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 8);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_FCR], 0U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_trig_raises) +
			atomic_long_read(&t->up.stats.rx_trig_drops), 0L);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 3 * 16U + 3);
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
	KUNIT_CASE_PARAM(ntserial_fifo_adaptive_policy, ntt_policy_gen_params),
	KUNIT_CASE(ntserial_fifo_adaptive_raises_on_bursts_not_dropped_by_timeout),
	KUNIT_CASE(ntserial_fifo_adaptive_lone_byte_timeout_drops),
	KUNIT_CASE(ntserial_fifo_adaptive_lone_bytes_stay_at_1),
	KUNIT_CASE(ntserial_fifo_adaptive_idle_line_drops_to_1),
	KUNIT_CASE_PARAM(ntserial_fifo_adaptive_stops_where_dpc_reads,
			 ntt_max_gen_params),
	KUNIT_CASE(ntserial_fifo_adaptive_faster_line_lowers_level),
	KUNIT_CASE(ntserial_fifo_adaptive_pinned_level_stays),
	{}
};

static struct kunit_suite ntserial_fifo_suite = {
	.name = "ntserial_fifo",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_fifo_cases,
};

kunit_test_suite(ntserial_fifo_suite);
