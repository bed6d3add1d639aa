// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_test.c - KUnit suite "ntdpc": the KDPC object (src/nt/ntdpc.c).
 * KeInsertQueueDpc from the ISR and from tasks, its coalescing,
 * IoRequestDpc, importance, KeRemoveQueueDpc, KeSetTargetProcessorDpc
 * and the counters, on every backend; the fixture is in ntdpc_test.h.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "ntdpc_test.h"

/* Alternately raise the interrupt (the ISR inserts) and insert directly. */
static int ntdpc_hammer_fn(void *data)
{
	struct ntdpc_thread *th = data;
	int i;

	ntdpc_wait_go(th->go);
	for (i = 0; i < th->iters && !READ_ONCE(th->stop); i++) {
		if (i & 1) {
			th->task_inserts++;
			if (nt_dpc_insert(th->dpc))
				th->task_queued++;
		} else {
			ntdpc_thread_fire_here(th);
		}
		if (!(i % 64))
			cond_resched();
	}
	complete(&th->done);
	return 0;
}

/*
 * KeInsertQueueDpc of a queued DPC changes nothing.  SystemArgument1/2 are
 * not part of the API (no caller used them): the routine gets only the
 * DPC and its DeferredContext.
 */
static void ntdpc_insert_coalesces(struct kunit *test)
{
	struct ntdpc_test *t;
	struct ntdpc_probe *gate, *p;

	BUILD_BUG_ON(!__same_type(&nt_dpc_insert, bool (*)(struct nt_dpc *)));
	BUILD_BUG_ON(!__same_type(nt_deferred_routine_t,
				  void (*)(struct nt_dpc *, void *)));
	ntdpc_need_two_cpus(test);
	t = test->priv;
	p = ntdpc_probe(t, 1);

	gate = ntdpc_gate_close(t, 0, NTDPC_TEST_SPIN_MS);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&p->dpc));
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&p->dpc));
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&p->dpc));
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 0);
	ntdpc_gate_open(gate);
	ntdpc_flush(t);

	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.coalesced), 2ULL);

	/* Once it ran, it can be queued again. */
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&p->dpc));
	ntdpc_flush(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->bad_context), 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(gate->spin_timed_out));
}

/*
 * IoRequestDpc is KeInsertQueueDpc on the DpcForIsr and returns nothing:
 * from the ISR it queues the DpcForIsr once, later requests coalesce and
 * the first request's Irp and Context reach the routine.
 */
static void ntdpc_io_request_dpc_is_insert_of_dpc_for_isr(struct kunit *test)
{
	struct ntdpc_probe *gate, *p;
	struct ntdpc_test *t;

	BUILD_BUG_ON(!__same_type(&nt_io_request_dpc,
				  void (*)(struct nt_dpc *)));
	ntdpc_need_two_cpus(test);
	t = test->priv;
	p = ntdpc_probe(t, 1);
	nt_io_initialize_dpc_request(&p->dpc, t->intr, ntdpc_probe_fn, p);
	KUNIT_EXPECT_PTR_EQ(test, p->dpc.queue, &t->intr->dpcs);
	KUNIT_EXPECT_STREQ(test, p->dpc.name, "DpcForIsr");
	KUNIT_EXPECT_EQ(test, p->dpc.importance, NT_DPC_MEDIUM);

	gate = ntdpc_gate_close(t, 0, NTDPC_TEST_SPIN_MS);
	WRITE_ONCE(t->isr_dpc, &p->dpc);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_REQUEST);
	ntdpc_fire_here(t);
	ntdpc_fire_here(t);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.inserted), 1ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.coalesced), 1ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 0);
	ntdpc_gate_open(gate);
	ntdpc_flush(t);

	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->isr_not_hardirq), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->bad_context), 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(gate->spin_timed_out));
}

static void ntdpc_hardirq_and_task_inserts_run_serialized_in_dpc_context(struct kunit *test)
{
	struct ntdpc_thread *th[2];
	struct ntdpc_test *t;
	struct ntdpc_probe *p;
	atomic_t go = ATOMIC_INIT(0);
	u64 calls, inserted, coalesced;
	int i, cpu, task_inserts = 0, task_queued = 0;
	bool joined = true;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	p = ntdpc_probe(t, 0);
	/* The ISR queues it as its DpcForIsr, with KeInsertQueueDpc. */
	nt_io_initialize_dpc_request(&p->dpc, t->intr, ntdpc_probe_fn, p);
	p->delay_us = 5;
	t->isr_dpc = &p->dpc;
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_INSERT);

	cpu = ntdpc_other_cpu(-1);
	th[0] = ntdpc_thread_start(t, cpu, ntdpc_hammer_fn, &p->dpc, &go,
				   1000);
	th[1] = ntdpc_thread_start(t, ntdpc_other_cpu(cpu), ntdpc_hammer_fn,
				   &p->dpc, &go, 1000);
	for (i = 0; i < 2; i++) {
		if (!th[i])
			atomic_inc(&go);
	}
	for (i = 0; i < 2; i++) {
		if (!ntdpc_thread_join(t, th[i])) {
			joined = false;
			continue;
		}
		task_inserts += th[i]->task_inserts;
		task_queued += th[i]->task_queued;
		kfree(th[i]);
	}
	KUNIT_ASSERT_TRUE(test, joined);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);
	ntdpc_flush(t);

	calls = atomic_read(&t->isr_inserts) + task_inserts;
	inserted = READ_ONCE(p->dpc.stats.inserted);
	coalesced = READ_ONCE(p->dpc.stats.coalesced);
	kunit_info(test, "%d ISR inserts, %d task inserts, %llu queued, %llu ran\n",
		   atomic_read(&t->isr_inserts), task_inserts, inserted,
		   READ_ONCE(p->dpc.stats.ran));

	KUNIT_EXPECT_GT(test, atomic_read(&t->isr_inserts), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->isr_not_hardirq), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->bad_context), 0);
	KUNIT_EXPECT_EQ(test, inserted + coalesced, calls);
	KUNIT_EXPECT_EQ(test, inserted,
			(u64)(atomic_read(&t->isr_queued) + task_queued));
	/* Every insertion that queued it ran it exactly once. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.ran), inserted);
	KUNIT_EXPECT_EQ(test, (u64)atomic_read(&p->runs), inserted);
	KUNIT_EXPECT_GT(test, inserted, 1ULL);
}

static void ntdpc_high_importance_runs_before_low_and_medium(struct kunit *test)
{
	struct ntdpc_probe *gate, *low1, *low2, *med, *high;
	struct ntdpc_test *t;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	low1 = ntdpc_probe(t, 1);
	low2 = ntdpc_probe(t, 2);
	med = ntdpc_probe(t, 3);
	high = ntdpc_probe(t, 4);
	nt_dpc_set_importance(&low1->dpc, NT_DPC_LOW);
	nt_dpc_set_importance(&low2->dpc, NT_DPC_LOW);
	nt_dpc_set_importance(&high->dpc, NT_DPC_HIGH);

	gate = ntdpc_gate_close(t, 0, NTDPC_TEST_SPIN_MS);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&low1->dpc));
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&low2->dpc));
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&med->dpc));
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&high->dpc));
	ntdpc_gate_open(gate);
	ntdpc_flush(t);

	KUNIT_ASSERT_EQ(test, atomic_read(&t->norder), 5);
	KUNIT_EXPECT_EQ(test, t->order[0], 0);	/* the gate */
	KUNIT_EXPECT_EQ(test, t->order[1], 4);	/* high */
	KUNIT_EXPECT_EQ(test, t->order[2], 1);	/* low, in insertion order */
	KUNIT_EXPECT_EQ(test, t->order[3], 2);
	KUNIT_EXPECT_EQ(test, t->order[4], 3);	/* medium: same class as low */
}

/*
 * Wait until nobody drains @q: a DPC's routine (which completes the test's
 * wait) returns a little before its drainer lets go of the queue, and an
 * insertion meanwhile is left to that drainer rather than deferred.
 */
static bool ntdpc_wait_idle(struct nt_dpc_queue *q)
{
	unsigned long end = jiffies + msecs_to_jiffies(NTDPC_TEST_WAIT_MS);

	while (READ_ONCE(q->draining)) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(100, 200);
	}
	return true;
}

/*
 * NT's LowImportance: queued at the tail, but the queue is not started
 * unless it then holds more than NT_DPC_LOW_MAX_DEPTH DPCs; otherwise the
 * next start (a medium importance insertion here) or the tick runs it.
 * Bottom halves stay disabled around the insertions, so that neither the
 * tick (pinned to this CPU) nor a tasklet or BH work item can run them
 * before they are counted.
 */
static void ntdpc_low_importance_waits_for_depth_tick_or_next_start(struct kunit *test)
{
	struct ntdpc_probe *p[NT_DPC_LOW_MAX_DEPTH + 3];
	bool queued[NT_DPC_LOW_MAX_DEPTH + 3];
	u64 ran, ran_low, deferred0, deferred, deferred_deep;
	const int deep = NT_DPC_LOW_MAX_DEPTH + 1;
	struct nt_dpc_queue *q;
	struct ntdpc_test *t;
	int i;

	BUILD_BUG_ON(ARRAY_SIZE(p) > NTDPC_TEST_PROBES);
	t = test->priv;
	q = &t->intr->dpcs;
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = ntdpc_probe(t, i);
		nt_dpc_set_importance(&p[i]->dpc, NT_DPC_LOW);
	}

	/* Alone: the queue stays idle until its tick. */
	local_bh_disable();
	queued[0] = nt_dpc_insert(&p[0]->dpc);
	ran = READ_ONCE(p[0]->dpc.stats.ran);
	deferred = READ_ONCE(q->stats.low_deferred);
	local_bh_enable();
	KUNIT_EXPECT_TRUE(test, queued[0]);
	KUNIT_EXPECT_EQ(test, ran, 0ULL);
	KUNIT_EXPECT_EQ(test, deferred, 1ULL);
	KUNIT_ASSERT_TRUE_MSG(test, ntdpc_wait(&p[0]->done),
			      "the tick never ran the low importance DPC");
	KUNIT_EXPECT_EQ(test, READ_ONCE(q->stats.low_ticks), 1ULL);

	/* Deeper than NT_DPC_LOW_MAX_DEPTH: the last insertion starts it. */
	KUNIT_ASSERT_TRUE(test, ntdpc_wait_idle(q));
	deferred0 = READ_ONCE(q->stats.low_deferred);
	local_bh_disable();
	for (i = 1; i < deep; i++)
		queued[i] = nt_dpc_insert(&p[i]->dpc);
	ran = 0;
	for (i = 1; i < deep; i++)
		ran += READ_ONCE(p[i]->dpc.stats.ran);
	deferred_deep = READ_ONCE(q->stats.low_deferred);
	queued[deep] = nt_dpc_insert(&p[deep]->dpc);
	deferred = READ_ONCE(q->stats.low_deferred);
	local_bh_enable();
	for (i = 1; i <= deep; i++) {
		KUNIT_EXPECT_TRUE(test, queued[i]);
		KUNIT_EXPECT_TRUE(test, ntdpc_wait(&p[i]->done));
	}
	KUNIT_EXPECT_EQ(test, ran, 0ULL);
	KUNIT_EXPECT_EQ(test, deferred_deep - deferred0,
			(u64)NT_DPC_LOW_MAX_DEPTH);
	KUNIT_EXPECT_EQ(test, deferred, deferred_deep);

	/* A medium importance insertion starts the queue for both. */
	i = deep + 1;
	nt_dpc_set_importance(&p[i]->dpc, NT_DPC_MEDIUM);
	atomic_set(&t->norder, 0);
	KUNIT_ASSERT_TRUE(test, ntdpc_wait_idle(q));
	deferred0 = READ_ONCE(q->stats.low_deferred);
	local_bh_disable();
	queued[0] = nt_dpc_insert(&p[0]->dpc);
	ran_low = READ_ONCE(p[0]->dpc.stats.ran);
	queued[i] = nt_dpc_insert(&p[i]->dpc);
	deferred = READ_ONCE(q->stats.low_deferred);
	local_bh_enable();
	KUNIT_EXPECT_TRUE(test, queued[0]);
	KUNIT_EXPECT_TRUE(test, queued[i]);
	KUNIT_EXPECT_EQ(test, deferred - deferred0, 1ULL);
	KUNIT_ASSERT_TRUE(test, ntdpc_wait(&p[i]->done));
	ntdpc_flush(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&p[0]->runs), 2);
	KUNIT_EXPECT_EQ(test, ran_low, 1ULL);	/* only its run at the tick */
	KUNIT_ASSERT_EQ(test, atomic_read(&t->norder), 2);
	KUNIT_EXPECT_EQ(test, t->order[0], 0);	/* tail, in insertion order */
	KUNIT_EXPECT_EQ(test, t->order[1], i);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&p[i]->bad_context), 0);
}

static void ntdpc_remove_before_run_prevents_run(struct kunit *test)
{
	struct ntdpc_probe *gate, *p, *idle;
	struct ntdpc_test *t;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	p = ntdpc_probe(t, 1);
	idle = ntdpc_probe(t, 2);

	KUNIT_EXPECT_FALSE(test, nt_dpc_remove(&idle->dpc));

	gate = ntdpc_gate_close(t, 0, NTDPC_TEST_SPIN_MS);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&p->dpc));
	KUNIT_EXPECT_TRUE(test, nt_dpc_remove(&p->dpc));
	KUNIT_EXPECT_FALSE(test, nt_dpc_remove(&p->dpc));
	ntdpc_gate_open(gate);
	ntdpc_flush(t);

	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.ran), 0ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.removed), 1ULL);

	/* Removed, it can be inserted again and then runs. */
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&p->dpc));
	ntdpc_flush(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_FALSE(test, nt_dpc_remove(&p->dpc));
}

static void ntdpc_reinsert_from_own_routine_runs_again(struct kunit *test)
{
	struct ntdpc_test *t;
	struct ntdpc_probe *p;

	t = test->priv;
	p = ntdpc_probe(t, 0);
	p->requeue = 2;

	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&p->dpc));
	KUNIT_ASSERT_TRUE(test, ntdpc_wait(&p->done));
	ntdpc_flush(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 3);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.inserted), 3ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.ran), 3ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->overlaps), 0);
}

static void ntdpc_target_cpu_honoured_by_wq_bh_only(struct kunit *test)
{
	struct ntdpc_test *t;
	struct ntdpc_probe *p;
	int this, other;
	bool queued;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	if (t->backend == NT_DPC_BACKEND_THREADED)
		kunit_skip(test, "the IRQ thread follows the IRQ affinity");
	p = ntdpc_probe(t, 0);

	/*
	 * With BH disabled this thread stays on @this, and a tasklet
	 * scheduled here runs here, at local_bh_enable().
	 */
	local_bh_disable();
	this = smp_processor_id();
	other = ntdpc_other_cpu(this);
	nt_dpc_set_target_cpu(&p->dpc, other);
	queued = nt_dpc_insert(&p->dpc);
	local_bh_enable();
	ntdpc_flush(t);

	KUNIT_EXPECT_TRUE(test, queued);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	if (t->backend == NT_DPC_BACKEND_WQ_BH)
		KUNIT_EXPECT_EQ(test, READ_ONCE(p->cpu), other);
	else
		KUNIT_EXPECT_EQ(test, READ_ONCE(p->cpu), this);
}

static atomic_t ntdpc_latency_calls;
static atomic_t ntdpc_isr_hook_calls;

static void ntdpc_latency_hook(struct nt_dpc *dpc, u64 ns)
{
	atomic_inc(&ntdpc_latency_calls);
}

static void ntdpc_isr_hook(struct nt_interrupt *intr, u64 ns)
{
	atomic_inc(&ntdpc_isr_hook_calls);
}

static void ntdpc_counters_match_inserts_coalesces_runs_removes(struct kunit *test)
{
	struct ntdpc_probe *gate, *a, *b;
	struct ntdpc_test *t;
	struct nt_dpc_stats *sa, *sb;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	atomic_set(&ntdpc_latency_calls, 0);
	atomic_set(&ntdpc_isr_hook_calls, 0);
	t->intr->dpcs.latency_hook = ntdpc_latency_hook;
	t->intr->isr_hook = ntdpc_isr_hook;
	a = ntdpc_probe(t, 1);
	b = ntdpc_probe(t, 2);
	sa = &a->dpc.stats;
	sb = &b->dpc.stats;

	gate = ntdpc_gate_close(t, 0, NTDPC_TEST_SPIN_MS);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&a->dpc));
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&a->dpc));
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&b->dpc));
	KUNIT_EXPECT_TRUE(test, nt_dpc_remove(&b->dpc));
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&b->dpc));
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&b->dpc));
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&b->dpc));

	WRITE_ONCE(t->isr_mode, NTDPC_ISR_REFUSE);
	ntdpc_fire_here(t);
	ntdpc_fire_here(t);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);

	ntdpc_gate_open(gate);
	ntdpc_flush(t);

	KUNIT_EXPECT_EQ(test, READ_ONCE(sa->inserted), 1ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sa->coalesced), 1ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sa->ran), 1ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sa->removed), 0ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sb->inserted), 2ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sb->coalesced), 2ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sb->ran), 1ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sb->removed), 1ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->runs), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(gate->dpc.stats.ran), 1ULL);

	/* One gate interrupt, two refused ones. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->intr->stats.isr_calls), 3ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->intr->stats.isr_none), 2ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ntdpc_isr_hook_calls), 3);
	/* Gate, a and b; flush barriers are not measured. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ntdpc_latency_calls), 3);
}

static struct kunit_case ntdpc_test_cases[] = {
	KUNIT_CASE_PARAM(ntdpc_insert_coalesces, ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_io_request_dpc_is_insert_of_dpc_for_isr,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_hardirq_and_task_inserts_run_serialized_in_dpc_context,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_high_importance_runs_before_low_and_medium,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_low_importance_waits_for_depth_tick_or_next_start,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_remove_before_run_prevents_run,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_reinsert_from_own_routine_runs_again,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_target_cpu_honoured_by_wq_bh_only,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_counters_match_inserts_coalesces_runs_removes,
			 ntdpc_backend_gen_params),
	{}
};

static struct kunit_suite ntdpc_test_suite = {
	.name = "ntdpc",
	.init = ntdpc_test_init,
	.exit = ntdpc_test_exit,
	.test_cases = ntdpc_test_cases,
};

kunit_test_suite(ntdpc_test_suite);
