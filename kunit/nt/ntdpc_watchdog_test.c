// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_watchdog_test.c - KUnit suite "ntdpc_watchdog": the DPC watchdog
 * (src/nt/ntdpc_watchdog.c), NT's DPC_WATCHDOG_VIOLATION as a count, on
 * every backend with the fixture of ntdpc_test.h.  A table: a routine
 * that spins past the limit counts, one well under it does not, a drain
 * of routines each under it counts once it is over it, and a limit of 0
 * (the default) turns it off.
 */

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/sched/clock.h>
#include <linux/time64.h>

#include "ntdpc_test.h"

struct ntdpc_watchdog_case {
	const char *name;
	unsigned int limit_us;	/* nt_dpc_queue_set_watchdog(); 0: not set */
	bool off_again;		/* then nt_dpc_queue_set_watchdog(q, 0) */
	unsigned int delay_us;	/* busy time of each run of the DPC */
	int requeue;		/* runs of it in one drain, less one */
	bool counts;		/* it is a violation */
	bool drain_total;	/* ... of the drain's total only */
};

/*
 * Ten times the limit for a slow routine: on an unstable TSC
 * local_clock() may lag a tick (4 ms at HZ=250) behind, and no routine
 * should pass or miss the limit by the clock alone.  500 ms is not a
 * limit a routine of 10 us reaches, even under TCG.  Four runs of 300 us
 * in one drain pass 1 ms by 0.2 ms (the drain's own 1 ms bound keeps
 * totals near it): only a stable clock tells.
 */
static const struct ntdpc_watchdog_case ntdpc_watchdog_cases[] = {
	{ "off by default", 0, false, 10000, 0, false, false },
	{ "slow routine", 1000, false, 10000, 0, true, false },
	{ "fast routine", 500000, false, 10, 0, false, false },
	{ "drain total", 1000, false, 300, 3, true, true },
	{ "turned off", 1000, true, 10000, 0, false, false },
};

static struct ntdpc_param
ntdpc_watchdog_params[NTDPC_TEST_BACKENDS * ARRAY_SIZE(ntdpc_watchdog_cases)];

static const void *ntdpc_watchdog_gen_params(const void *prev, char *desc)
{
	return ntdpc_param_next(ntdpc_watchdog_params, prev,
				ntdpc_watchdog_cases,
				ARRAY_SIZE(ntdpc_watchdog_cases),
				sizeof(ntdpc_watchdog_cases[0]), desc);
}

/* Insert @p, wait for its last run and flush; the watchdog count since. */
static u64 ntdpc_watchdog_run(struct ntdpc_test *t, struct ntdpc_probe *p)
{
	u64 before = READ_ONCE(t->intr->dpcs.stats.watchdog);

	KUNIT_EXPECT_TRUE(t->test, nt_dpc_insert(&p->dpc));
	KUNIT_EXPECT_TRUE(t->test, ntdpc_wait(&p->done));
	ntdpc_flush(t);
	return READ_ONCE(t->intr->dpcs.stats.watchdog) - before;
}

/*
 * NT's DPC watchdog, counting instead of bug-checking.  At least one
 * count for a violation: under TCG another routine of the drain may be
 * slow too.  The first violation of a queue warns, and only a violation.
 */
static void ntdpc_watchdog_counts_routines_and_drains_past_the_limit(struct kunit *test)
{
	const struct ntdpc_param *param = test->param_value;
	const struct ntdpc_watchdog_case *c = param->row;
	struct ntdpc_test *t = test->priv;
	struct nt_dpc_queue *q = &t->intr->dpcs;
	struct ntdpc_probe *p;
	u64 counted;

	KUNIT_EXPECT_EQ(test, q->watchdog_ns, 0ULL);
	if (c->limit_us) {
		nt_dpc_queue_set_watchdog(q, c->limit_us);
		KUNIT_EXPECT_EQ(test, q->watchdog_ns,
				(u64)c->limit_us * NSEC_PER_USEC);
	}
	if (c->off_again) {
		nt_dpc_queue_set_watchdog(q, 0);
		KUNIT_EXPECT_EQ(test, q->watchdog_ns, 0ULL);
	}
	p = ntdpc_probe(t, 0);
	p->delay_us = c->delay_us;
	p->requeue = c->requeue;

	counted = ntdpc_watchdog_run(t, p);
	if (!c->counts)
		KUNIT_EXPECT_EQ(test, counted, 0ULL);
	else if (c->drain_total && !sched_clock_stable())
		kunit_info(test, "unstable sched_clock: drain total not judged\n");
	else
		KUNIT_EXPECT_GE(test, counted, 1ULL);
	KUNIT_EXPECT_EQ(test, q->watchdog_warned, counted > 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->bad_context), 0);
}

static struct kunit_case ntdpc_watchdog_test_cases[] = {
	KUNIT_CASE_PARAM(ntdpc_watchdog_counts_routines_and_drains_past_the_limit,
			 ntdpc_watchdog_gen_params),
	{}
};

static struct kunit_suite ntdpc_watchdog_test_suite = {
	.name = "ntdpc_watchdog",
	.init = ntdpc_test_init,
	.exit = ntdpc_test_exit,
	.test_cases = ntdpc_watchdog_test_cases,
};

kunit_test_suite(ntdpc_watchdog_test_suite);
