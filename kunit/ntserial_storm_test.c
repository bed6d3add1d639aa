// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_storm: interrupt storms, src/ntserial_storm.c.  What
 * the ISR leaves behind at its pass limit (every UART interrupt masked, the
 * line quiet), and a source that never clears: masked for a while after
 * NTSER_STORM_STREAK calls, then unmasked, and a recovered UART works.
 */

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/timer.h>

#include "ntserial_fixture.h"

/*
 * A receive source that never clears (IIR stuck at RDA) on an ISA line:
 * the ISR must not return with it pending and enabled, or the edge it
 * waits for never comes.  It stops at its pass limit with every UART
 * interrupt masked, the line quiet; the interrupt storm role unmasks.
 */
static void ntserial_storm_pass_limit_leaves_uart_masked(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;

	KUNIT_ASSERT_EQ(test, t->model.ier, wanted);
	t->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	/* The DPCs it queues are held back: this is the ISR's exit state. */
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, t->up.intr->stats.isr_none, 0ULL);
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
static void ntserial_storm_masked_then_recovers(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;
	unsigned long deadline, expires;
	u64 calls0;
	unsigned int i;

	t->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	calls0 = READ_ONCE(t->up.intr->stats.isr_calls);
	for (i = 0; i < 4 * NTSER_STORM_STREAK; i++) {
		if (!m16550_irq_pending(&t->model))
			break;
		ntt_fire(t);
		ntt_flush(t);
	}
	expires = READ_ONCE(t->up.storm_timer.expires);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->up.intr->stats.isr_calls) - calls0,
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

static struct kunit_case ntserial_storm_cases[] = {
	KUNIT_CASE_PARAM(ntserial_storm_pass_limit_leaves_uart_masked,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_storm_masked_then_recovers,
			 ntt_dpc_gen_params),
	{}
};

static struct kunit_suite ntserial_storm_suite = {
	.name = "ntserial_storm",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_storm_cases,
};

kunit_test_suite(ntserial_storm_suite);
