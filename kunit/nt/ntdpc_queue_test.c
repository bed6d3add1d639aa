// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_queue_test.c - KUnit suites of the DPC queue and its backends
 * (src/nt/ntdpc_queue.c, src/nt/ntdpc_backend.c).  "ntdpc_backend": the
 * backends' names and which ones a queue accepts, a table.  "ntdpc_queue",
 * on every backend with the fixture of ntdpc_test.h: KeFlushQueuedDpcs,
 * destroying a queue under load, and the bound of one drain.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "ntdpc_test.h"

/* What the layer says of a backend, and whether a queue accepts it. */
struct ntdpc_backend_case {
	enum nt_dpc_backend backend;
	const char *name;
	bool available;
	int queue_init;		/* nt_dpc_queue_init() */
};

static const struct ntdpc_backend_case ntdpc_backend_cases[] = {
	{ NT_DPC_BACKEND_TASKLET, "tasklet", true, 0 },
	/* The threaded backend needs an interrupt: nt_interrupt_connect(). */
	{ NT_DPC_BACKEND_THREADED, "threaded", true, -EINVAL },
	{ NT_DPC_BACKEND_WQ_BH, "wq_bh", NT_HAVE_WQ_BH,
	  NT_HAVE_WQ_BH ? 0 : -EOPNOTSUPP },
	{ NT_DPC_BACKEND_COUNT, "invalid", false, -EINVAL },
};

static void ntdpc_backend_case_desc(const struct ntdpc_backend_case *c,
				    char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntdpc_backend_case, ntdpc_backend_cases,
		  ntdpc_backend_case_desc);

static void ntdpc_backend_names_and_init_checks(struct kunit *test)
{
	const struct ntdpc_backend_case *c = test->param_value;
	/* Heap, not stack: DEBUG_OBJECTS_WORK wants INIT_WORK_ONSTACK there. */
	struct nt_dpc_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_STREQ(test, nt_dpc_backend_name(c->backend), c->name);
	KUNIT_EXPECT_EQ(test, nt_dpc_backend_available(c->backend),
			c->available);
	ret = nt_dpc_queue_init(q, c->backend);
	KUNIT_EXPECT_EQ(test, ret, c->queue_init);
	if (!ret) {
		KUNIT_EXPECT_EQ(test, q->backend, c->backend);
		nt_dpc_queue_destroy(q);
	}
}

/*
 * Runs on the other CPU than the DPC queue, as SCHED_FIFO so that the
 * IRQ thread of the threaded backend is not placed on its CPU: waits (by
 * polling, so it never needs a wake-up) until the first DPC runs, queues
 * the second one behind it, and flushes.
 */
static int ntdpc_flusher_fn(void *data)
{
	struct ntdpc_thread *th = data;
	struct ntdpc_test *t = th->t;
	struct ntdpc_probe *running = &t->obj->probes[0];
	struct ntdpc_probe *queued = &t->obj->probes[1];
	unsigned long end = jiffies + msecs_to_jiffies(NTDPC_TEST_WAIT_MS);

	while (!completion_done(&running->entered) && !READ_ONCE(th->stop) &&
	       time_before(jiffies, end))
		cpu_relax();
	if (completion_done(&running->entered)) {
		WRITE_ONCE(t->flusher_saw_dpc, true);
		t->flusher_queued = nt_dpc_insert(&queued->dpc);
		t->flusher_removed_running = nt_dpc_remove(&running->dpc);
		WRITE_ONCE(t->flush_start_ns, local_clock());
		WRITE_ONCE(t->flush_started, true);
		nt_dpc_flush(&t->intr->dpcs);
		WRITE_ONCE(t->flush_done_ns, local_clock());
	}
	complete(&th->done);
	return 0;
}

/*
 * The flusher starts while a DPC runs; the running DPC then goes on for
 * 50 ms more.  A flush that returned without waiting would finish before
 * that DPC and before the one queued behind it; timestamps tell, however
 * the threads happen to be scheduled.  This thread stays on one CPU and
 * raises the interrupt there, so the DPC runs on that CPU, and the flusher
 * on the other one never depends on a wake-up from a spinning CPU.
 */
static void ntdpc_flush_waits_for_running_and_queued_dpcs(struct kunit *test)
{
	struct ntdpc_probe *running, *queued;
	struct ntdpc_thread *flusher;
	struct ntdpc_test *t;
	int cpu;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	running = ntdpc_probe(t, 0);
	queued = ntdpc_probe(t, 1);
	running->wait_for = &t->flush_started;
	running->hold_ms = 50;
	running->spin = true;

	cpu = raw_smp_processor_id();
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)), 0);
	flusher = ntdpc_thread_start(t, ntdpc_other_cpu(cpu), ntdpc_flusher_fn,
				     NULL, NULL, 0);
	if (flusher)
		sched_set_fifo(flusher->task);

	WRITE_ONCE(t->isr_dpc, &running->dpc);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_INSERT);
	ntdpc_fire_here(t);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);

	KUNIT_ASSERT_TRUE(test, ntdpc_thread_join(t, flusher));
	kfree(flusher);
	set_cpus_allowed_ptr(current, cpu_possible_mask);

	KUNIT_EXPECT_TRUE_MSG(test, t->flusher_saw_dpc, "DPC never ran");
	KUNIT_EXPECT_TRUE(test, t->flusher_queued);
	/* KeRemoveQueueDpc does not touch a DPC that is running. */
	KUNIT_EXPECT_FALSE(test, t->flusher_removed_running);
	KUNIT_EXPECT_FALSE_MSG(test, READ_ONCE(running->spin_timed_out),
			       "the flusher did not start while the DPC ran");
	KUNIT_EXPECT_EQ(test, atomic_read(&running->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&queued->runs), 1);
	KUNIT_EXPECT_LT(test, t->flush_start_ns, READ_ONCE(running->end_ns));
	KUNIT_EXPECT_GE(test, t->flush_done_ns, READ_ONCE(running->end_ns));
	KUNIT_EXPECT_GE(test, t->flush_done_ns, READ_ONCE(queued->end_ns));
}

static void ntdpc_queue_destroy_with_dpcs_queued_and_running_then_free(struct kunit *test)
{
	struct ntdpc_probe *running, *queued, *late;
	struct nt_dpc_queue *q;
	struct ntdpc_test *t;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	q = &t->obj->q;
	if (t->backend == NT_DPC_BACKEND_THREADED) {
		KUNIT_EXPECT_EQ(test, nt_dpc_queue_init(q, t->backend), -EINVAL);
		kunit_skip(test, "a threaded queue belongs to an interrupt");
	}
	KUNIT_ASSERT_EQ(test, nt_dpc_queue_init(q, t->backend), 0);
	t->q_live = true;

	/* Route the gate through the standalone queue. */
	running = ntdpc_probe(t, 0);
	queued = ntdpc_probe(t, 1);
	late = ntdpc_probe(t, 2);
	running->dpc.queue = q;
	queued->dpc.queue = q;
	late->dpc.queue = q;
	running->spin = true;
	running->spin_ms = 100;
	WRITE_ONCE(t->isr_dpc, &running->dpc);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_INSERT);
	ntdpc_fire_other(t);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);
	KUNIT_ASSERT_TRUE(test, ntdpc_wait(&running->entered));
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&queued->dpc));

	nt_dpc_queue_destroy(q);
	t->q_live = false;
	KUNIT_EXPECT_EQ(test, atomic_read(&running->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&running->running), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&queued->runs), 1);
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&late->dpc));

	nt_interrupt_disconnect(t->intr);
	t->connected = false;
	nt_dpc_queue_destroy(&t->intr->dpcs);
	kfree(t->obj);
	t->obj = NULL;
	ntdpc_sleep_ms(50);
}

/* A high importance DPC that queues itself again until told to stop. */
struct ntdpc_hi_loop {
	struct nt_dpc dpc;
	atomic_t runs;
	bool stop;
	unsigned long deadline;	/* jiffies: a hung flush fails, not hangs */
};

static void ntdpc_hi_loop_fn(struct nt_dpc *dpc, void *ctx)
{
	struct ntdpc_hi_loop *l = ctx;

	atomic_inc(&l->runs);
	if (!READ_ONCE(l->stop) && time_before(jiffies, l->deadline))
		nt_dpc_insert(dpc);
}

/*
 * KeFlushQueuedDpcs returns while a high importance DPC keeps inserting
 * itself (a port that receives without pause, on a line whose queue the
 * close of another port flushes): the barrier is a fence, the DPC goes in
 * behind it.  Without the fence the DPC stays at the head and the flush
 * waits until the DPC gives up, 3 s later.
 */
static void ntdpc_flush_ends_behind_high_importance_stream(struct kunit *test)
{
	struct ntdpc_test *t = test->priv;
	struct nt_dpc_queue *q = &t->intr->dpcs;
	struct ntdpc_hi_loop *l;
	unsigned long t0;
	int before;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	atomic_set(&l->runs, 0);
	nt_dpc_init(&l->dpc, q, ntdpc_hi_loop_fn, l, "hi-loop");
	nt_dpc_set_importance(&l->dpc, NT_DPC_HIGH);
	l->deadline = jiffies + 3 * HZ;
	KUNIT_ASSERT_TRUE(test, nt_dpc_insert(&l->dpc));
	/* Let the stream get going. */
	while (atomic_read(&l->runs) < 10 && time_before(jiffies, l->deadline))
		cond_resched();

	t0 = jiffies;
	before = atomic_read(&l->runs);
	nt_dpc_flush(q);
	KUNIT_EXPECT_LT_MSG(test, jiffies - t0, (unsigned long)HZ,
			    "the flush waited %u ms behind the DPC's stream",
			    jiffies_to_msecs(jiffies - t0));
	KUNIT_EXPECT_TRUE(test, time_before(jiffies, l->deadline));
	KUNIT_EXPECT_GT(test, atomic_read(&l->runs), before);

	WRITE_ONCE(l->stop, true);
	nt_dpc_flush(q);
	nt_dpc_remove(&l->dpc);
	nt_dpc_flush(q);
}

static void ntdpc_hog_fn(struct nt_dpc *dpc, void *ctx)
{
	struct ntdpc_hog *h = ctx;
	int runs;

	if (atomic_inc_return(&h->running) > 1)
		atomic_inc(&h->overlaps);
	if (!ntdpc_dpc_context_ok(h->t->backend))
		atomic_inc(&h->bad_context);
	if (!atomic_read(&h->runs)) {
		WRITE_ONCE(h->cpu, raw_smp_processor_id());
		/* Scheduled here, on this CPU, while this queue drains. */
		if (h->insert_other)
			nt_dpc_insert(&h->other);
	}
	if (h->delay_us)
		udelay(h->delay_us);
	runs = atomic_inc_return(&h->runs);
	atomic_dec(&h->running);

	if (!READ_ONCE(h->other_ran) && runs < h->cap)
		nt_dpc_insert(dpc);
	else
		complete(&h->done);
}

static void ntdpc_hog_other_fn(struct nt_dpc *dpc, void *ctx)
{
	struct ntdpc_hog *h = ctx;

	WRITE_ONCE(h->runs_at_other, atomic_read(&h->runs));
	WRITE_ONCE(h->other_cpu, raw_smp_processor_id());
	WRITE_ONCE(h->other_ran, true);
}

/*
 * A DPC of the interrupt's queue re-inserts itself until a DPC of another
 * queue, pending on the same CPU, has run.  Tasklet and wq_bh: both are
 * inserted with bottom halves disabled, the hog first, so both tasklets
 * (both BH work items) are pending on this CPU in that order and the hog's
 * drainer starts first.  Threaded: the hog's first run, in the IRQ thread
 * with bottom halves disabled, inserts the other DPC, on a tasklet queue,
 * so its tasklet is pending on the thread's CPU and can only run once the
 * thread enables bottom halves again.  An unbounded drainer lets the other
 * DPC run only after @cap runs of the hog.
 *
 * Return: how many times the hog had run when the other DPC ran.
 */
static int ntdpc_hog_run(struct ntdpc_test *t, unsigned int delay_us, int cap)
{
	struct kunit *test = t->test;
	struct ntdpc_hog *h = &t->obj->hog;
	struct nt_dpc_queue *q = &t->intr->dpcs;
	u64 yields0 = READ_ONCE(q->stats.yields);
	bool threaded = t->backend == NT_DPC_BACKEND_THREADED;
	bool queued, done;

	KUNIT_ASSERT_EQ(test, nt_dpc_queue_init(&t->obj->q, threaded ?
						NT_DPC_BACKEND_TASKLET :
						t->backend), 0);
	t->q_live = true;
	h->t = t;
	h->cap = cap;
	h->delay_us = delay_us;
	h->insert_other = threaded;
	init_completion(&h->done);
	nt_dpc_init(&h->dpc, q, ntdpc_hog_fn, h, "hog");
	nt_dpc_init(&h->other, &t->obj->q, ntdpc_hog_other_fn, h, "other");

	if (threaded) {
		queued = nt_dpc_insert(&h->dpc);
	} else {
		local_bh_disable();
		queued = nt_dpc_insert(&h->dpc) &&
			 nt_dpc_insert(&h->other);
		local_bh_enable();
	}
	KUNIT_EXPECT_TRUE(test, queued);
	done = wait_for_completion_timeout(&h->done,
					   msecs_to_jiffies(NTDPC_TEST_HOG_MS));
	if (!done)
		t->broken = true;
	KUNIT_ASSERT_TRUE_MSG(test, done, "the re-inserting DPC never stopped");
	nt_dpc_flush(&t->obj->q);
	ntdpc_flush(t);

	kunit_info(test, "%s: %d runs before the other queue's DPC, %d in all, %llu yields\n",
		   nt_dpc_backend_name(t->backend), READ_ONCE(h->runs_at_other),
		   atomic_read(&h->runs), READ_ONCE(q->stats.yields) - yields0);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(h->other_ran));
	/* Both queues on one CPU: else this proves nothing. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(h->other_cpu), READ_ONCE(h->cpu));
	KUNIT_EXPECT_GE(test, READ_ONCE(h->runs_at_other), 1);
	/* The hog stopped at a bound at least once and handed over. */
	KUNIT_EXPECT_GE(test, READ_ONCE(q->stats.yields) - yields0, 1ULL);
	/* Nothing lost, nothing overlapped, the right context throughout. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(h->dpc.stats.ran),
			READ_ONCE(h->dpc.stats.inserted));
	KUNIT_EXPECT_EQ(test, READ_ONCE(h->dpc.stats.ran),
			(u64)atomic_read(&h->runs));
	KUNIT_EXPECT_EQ(test, atomic_read(&h->overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->bad_context), 0);
	return READ_ONCE(h->runs_at_other);
}

/*
 * Flush the interrupt's queue, or disconnect the interrupt, in a thread:
 * if that hangs, the case fails instead of hanging.
 */
static int ntdpc_flush_fn(void *data)
{
	struct ntdpc_thread *th = data;

	nt_dpc_flush(&th->t->intr->dpcs);
	complete(&th->done);
	return 0;
}

static int ntdpc_disconnect_fn(void *data)
{
	struct ntdpc_thread *th = data;

	nt_interrupt_disconnect(th->t->intr);
	complete(&th->done);
	return 0;
}

/* Return: true if it returned; else the case failed. */
static bool ntdpc_teardown_bounded(struct ntdpc_test *t, bool disconnect)
{
	struct ntdpc_thread *th;

	th = ntdpc_thread_start(t, -1, disconnect ? ntdpc_disconnect_fn :
				ntdpc_flush_fn, NULL, NULL, 0);
	if (!ntdpc_thread_join(t, th))
		return false;
	kfree(th);
	if (disconnect)
		t->connected = false;
	return true;
}

static bool ntdpc_flush_bounded(struct ntdpc_test *t)
{
	return ntdpc_teardown_bounded(t, false);
}

static bool ntdpc_disconnect_bounded(struct ntdpc_test *t)
{
	return ntdpc_teardown_bounded(t, true);
}

static void ntdpc_expect_all_runs(struct kunit *test, struct ntdpc_probe *p)
{
	const u64 runs = NTDPC_TEST_REINSERTS + 1;

	KUNIT_EXPECT_EQ(test, (u64)atomic_read(&p->runs), runs);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.inserted), runs);
	KUNIT_EXPECT_EQ(test, READ_ONCE(p->dpc.stats.ran), runs);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->bad_context), 0);
}

/*
 * A DPC that re-inserts itself NTDPC_TEST_REINSERTS times runs every time
 * although no drain runs it more than NT_DPC_DRAIN_BUDGET times, so at
 * least that many drains stop early (yields); and nt_dpc_flush() returns
 * while the DPC goes on, at either importance: its re-insertions go behind
 * the barrier, a high importance one too, since the barrier is a fence
 * (..._flush_ends_behind_high_importance_stream).  Then the teardown:
 * after nt_interrupt_disconnect() the softirq backends still run every
 * re-insertion; on the threaded one, with no thread left, each flush runs
 * in the caller what was queued before it, so flushes until the last run
 * do.
 */
static void ntdpc_reinserting_dpc_yields_and_no_run_is_lost(struct kunit *test)
{
	const u64 min_yields = DIV_ROUND_UP(NTDPC_TEST_REINSERTS + 1,
					    NT_DPC_DRAIN_BUDGET) - 1;
	struct ntdpc_probe *med, *high, *late;
	struct nt_dpc_queue *q;
	struct ntdpc_test *t;
	u64 yields0;
	bool done;
	int i;

	t = test->priv;
	q = &t->intr->dpcs;
	med = ntdpc_probe(t, 0);
	high = ntdpc_probe(t, 1);
	late = ntdpc_probe(t, 2);
	med->requeue = NTDPC_TEST_REINSERTS;
	high->requeue = NTDPC_TEST_REINSERTS;
	late->requeue = NTDPC_TEST_REINSERTS;
	nt_dpc_set_importance(&high->dpc, NT_DPC_HIGH);

	yields0 = READ_ONCE(q->stats.yields);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&med->dpc));
	KUNIT_ASSERT_TRUE(test, ntdpc_flush_bounded(t));
	done = wait_for_completion_timeout(&med->done,
					   msecs_to_jiffies(NTDPC_TEST_HOG_MS));
	KUNIT_ASSERT_TRUE_MSG(test, done, "stuck after %d runs",
			      atomic_read(&med->runs));
	ntdpc_flush(t);
	ntdpc_expect_all_runs(test, med);
	KUNIT_EXPECT_GE(test, READ_ONCE(q->stats.yields) - yields0, min_yields);

	yields0 = READ_ONCE(q->stats.yields);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&high->dpc));
	KUNIT_ASSERT_TRUE(test, ntdpc_flush_bounded(t));
	done = wait_for_completion_timeout(&high->done,
					   msecs_to_jiffies(NTDPC_TEST_HOG_MS));
	KUNIT_ASSERT_TRUE_MSG(test, done, "stuck after %d runs",
			      atomic_read(&high->runs));
	ntdpc_flush(t);
	ntdpc_expect_all_runs(test, high);
	KUNIT_EXPECT_GE(test, READ_ONCE(q->stats.yields) - yields0, min_yields);

	yields0 = READ_ONCE(q->stats.yields);
	if (t->backend == NT_DPC_BACKEND_THREADED) {
		KUNIT_ASSERT_TRUE(test, ntdpc_disconnect_bounded(t));
		nt_dpc_set_importance(&late->dpc, NT_DPC_HIGH);
		KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&late->dpc));
		/* No thread: it waits for a flush, which runs it here. */
		KUNIT_EXPECT_EQ(test, atomic_read(&late->runs), 0);
		for (i = 0; i <= NTDPC_TEST_REINSERTS && !completion_done(&late->done); i++)
			KUNIT_ASSERT_TRUE(test, ntdpc_flush_bounded(t));
	} else {
		KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&late->dpc));
		KUNIT_ASSERT_TRUE(test, ntdpc_disconnect_bounded(t));
		done = wait_for_completion_timeout(&late->done,
						   msecs_to_jiffies(NTDPC_TEST_HOG_MS));
		KUNIT_ASSERT_TRUE_MSG(test, done, "stuck after %d runs",
				      atomic_read(&late->runs));
	}
	ntdpc_expect_all_runs(test, late);
	KUNIT_EXPECT_GE(test, READ_ONCE(q->stats.yields) - yields0, min_yields);
}

/* How soon a DPC that re-inserts itself lets another queue's DPC run. */
struct ntdpc_hog_case {
	const char *name;
	unsigned int delay_us;	/* busy time of each run of the hog */
	int cap;		/* most runs of the hog */
	int most;		/* most runs before the other queue's DPC */
};

/*
 * "budget": the drain's routine count bound; the other queue's DPC runs
 * after at most NT_DPC_DRAIN_BUDGET runs of the hog (fewer if the time
 * bound came first).
 *
 * "1 ms": the drain's time bound; with routines of a millisecond each,
 * the drain stops after the first one or two, well before
 * NT_DPC_DRAIN_BUDGET.  8 leaves room for local_clock() lagging a tick
 * behind on an unstable TSC; the cap is above the budget, so a drain
 * bounded by count alone fails too.
 */
static const struct ntdpc_hog_case ntdpc_hog_cases[] = {
	{ "budget", 0, NTDPC_TEST_HOG_CAP, NT_DPC_DRAIN_BUDGET },
	{ "1 ms", 1000, 2 * NT_DPC_DRAIN_BUDGET, 8 },
};

static struct ntdpc_param
ntdpc_hog_params[NTDPC_TEST_BACKENDS * ARRAY_SIZE(ntdpc_hog_cases)];

static const void *ntdpc_hog_gen_params(const void *prev, char *desc)
{
	return ntdpc_param_next(ntdpc_hog_params, prev, ntdpc_hog_cases,
				ARRAY_SIZE(ntdpc_hog_cases),
				sizeof(ntdpc_hog_cases[0]), desc);
}

static void ntdpc_reinserting_dpc_lets_other_queue_run_within_drain_bound(struct kunit *test)
{
	const struct ntdpc_param *param = test->param_value;
	const struct ntdpc_hog_case *c = param->row;

	KUNIT_EXPECT_LE(test, ntdpc_hog_run(test->priv, c->delay_us, c->cap),
			c->most);
}

static struct kunit_case ntdpc_backend_test_cases[] = {
	KUNIT_CASE_PARAM(ntdpc_backend_names_and_init_checks,
			 ntdpc_backend_case_gen_params),
	{}
};

static struct kunit_suite ntdpc_backend_test_suite = {
	.name = "ntdpc_backend",
	.test_cases = ntdpc_backend_test_cases,
};

static struct kunit_case ntdpc_queue_test_cases[] = {
	KUNIT_CASE_PARAM(ntdpc_flush_waits_for_running_and_queued_dpcs,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_queue_destroy_with_dpcs_queued_and_running_then_free,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_reinserting_dpc_lets_other_queue_run_within_drain_bound,
			 ntdpc_hog_gen_params),
	KUNIT_CASE_PARAM(ntdpc_reinserting_dpc_yields_and_no_run_is_lost,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_flush_ends_behind_high_importance_stream,
			 ntdpc_backend_gen_params),
	{}
};

static struct kunit_suite ntdpc_queue_test_suite = {
	.name = "ntdpc_queue",
	.init = ntdpc_test_init,
	.exit = ntdpc_test_exit,
	.test_cases = ntdpc_queue_test_cases,
};

kunit_test_suites(&ntdpc_backend_test_suite, &ntdpc_queue_test_suite);
