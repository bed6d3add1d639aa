// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the NT DPC layer (src/nt/ntdpc.c).
 *
 * Every case that needs a backend runs once per backend this kernel has.
 * Interrupts are real: each case connects its interrupt object to a
 * software IRQ descriptor (dummy_irq_chip, handle_simple_irq) and fires it
 * with generic_handle_irq() from hard IRQ context, from an IPI
 * (smp_call_function_single()) on another CPU or from an irq_work on this
 * one.  So "inserted from the ISR" means inserted in hard IRQ context, with
 * the interrupt spin lock held, exactly as the driver does it, and the
 * threaded backend gets a real IRQ thread.
 *
 * To hold a queue still, a "gate" DPC is started on the other CPU and spins
 * until released; DPCs inserted meanwhile stay queued behind it, because a
 * queue has a single drainer.  Every wait is bounded, so a broken layer
 * fails these tests instead of hanging them; a case that finds the layer
 * stuck marks the fixture broken and the teardown leaks it rather than
 * freeing memory that something might still use.
 *
 * Needs two online CPUs (qemu -smp 2); cases that need them skip otherwise.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdesc.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "nt/ntdpc.h"
#include "nt/ntdpc_compat.h"

/*
 * A gate DPC spins on one CPU until the test, on the other, opens it a few
 * microseconds later.  Under TCG on a busy host a vCPU can be descheduled
 * for seconds (a 2 s limit timed out twice that way), hence the margin.
 */
#define NTDPC_TEST_SPIN_MS	5000	/* longest a DPC routine spins */
#define NTDPC_TEST_WAIT_MS	10000	/* longest a case waits for a DPC */
#define NTDPC_TEST_THREAD_MS	60000	/* ... and for a test thread's loop */
#define NTDPC_TEST_PROBES	8
#define NTDPC_TEST_RMW		50	/* read-modify-writes per critical section */
#define NTDPC_TEST_HOG_MS	30000	/* longest a re-inserting DPC may take */
#define NTDPC_TEST_HOG_CAP	100000	/* most runs of one, so an unbounded drain ends */
#define NTDPC_TEST_REINSERTS	1000	/* re-insertions of a DPC by itself */

enum ntdpc_isr_mode {
	NTDPC_ISR_CLAIM,	/* claim the interrupt, do nothing else */
	NTDPC_ISR_REFUSE,	/* return false: not our interrupt */
	NTDPC_ISR_INSERT,	/* KeInsertQueueDpc(isr_dpc) */
	NTDPC_ISR_REQUEST,	/* IoRequestDpc(isr_dpc) */
	NTDPC_ISR_RMW,		/* non-atomic updates of shared state */
};

struct ntdpc_test;

/* A DPC that records how, where and in what order it ran. */
struct ntdpc_probe {
	struct nt_dpc dpc;
	struct ntdpc_test *t;
	int id;
	atomic_t runs;
	atomic_t running;	/* routines of this DPC inside it right now */
	atomic_t overlaps;	/* times it found itself already running */
	atomic_t bad_context;	/* times it ran in the wrong context */
	int cpu;		/* CPU of the last run */
	int requeue;		/* re-insert itself this many more times */
	unsigned int delay_us;	/* busy time per run */
	bool spin;		/* spin in the routine until *@wait_for */
	const bool *wait_for;	/* NULL: @release */
	unsigned int spin_ms;	/* ... or until this many ms passed */
	unsigned int hold_ms;	/* then spin this much longer */
	bool release;
	bool spin_timed_out;
	u64 end_ns;		/* local_clock() at the end of the last run */
	struct completion entered;	/* the routine started (spin) */
	struct completion done;		/* the last requeue ran */
};

/*
 * A DPC on the interrupt's queue that re-inserts itself until a DPC of
 * another queue (@other, on the standalone queue) has run on the same CPU,
 * or @cap times: how long one queue keeps another waiting.
 */
struct ntdpc_hog {
	struct nt_dpc dpc;
	struct nt_dpc other;
	struct ntdpc_test *t;
	int cap;
	unsigned int delay_us;	/* busy time per run */
	bool insert_other;	/* the first run inserts @other */
	atomic_t runs;
	atomic_t running;
	atomic_t overlaps;
	atomic_t bad_context;
	int cpu;		/* CPU of the first run */
	bool other_ran;
	int other_cpu;
	int runs_at_other;	/* @runs when @other ran */
	struct completion done;	/* stopped re-inserting itself */
};

/*
 * One allocation with everything the layer may still touch after a buggy
 * teardown, so that KASAN sees it when the teardown case frees it.
 */
struct ntdpc_obj {
	struct nt_interrupt intr;
	struct nt_dpc_queue q;		/* a standalone queue */
	struct ntdpc_probe probes[NTDPC_TEST_PROBES];
	struct ntdpc_hog hog;
};

struct ntdpc_test {
	struct kunit *test;
	enum nt_dpc_backend backend;
	unsigned int irq;
	bool connected;
	bool q_live;		/* obj->q is initialized and not destroyed */
	bool broken;		/* the layer got stuck: leak, don't free */
	struct ntdpc_obj *obj;
	struct nt_interrupt *intr;
	struct irq_work fire_work;

	enum ntdpc_isr_mode isr_mode;
	struct nt_dpc *isr_dpc;
	atomic_t isr_inserts;
	atomic_t isr_queued;
	atomic_t isr_not_hardirq;

	/* NTDPC_ISR_RMW and the SynchCritSection */
	unsigned long shared;
	int inside;
	atomic_t overlap;

	atomic_t norder;
	int order[NTDPC_TEST_PROBES * 4];

	bool flush_started;
	u64 flush_start_ns;
	u64 flush_done_ns;
	bool flusher_saw_dpc;		/* it ran while the DPC ran */
	bool flusher_queued;		/* nt_dpc_insert() of the second DPC */
	bool flusher_removed_running;	/* nt_dpc_remove() of the running one */
};

static const enum nt_dpc_backend ntdpc_backends[] = {
	NT_DPC_BACKEND_TASKLET,
	NT_DPC_BACKEND_THREADED,
#if NT_HAVE_WQ_BH
	NT_DPC_BACKEND_WQ_BH,
#endif
};

static void ntdpc_backend_desc(const enum nt_dpc_backend *backend, char *desc)
{
	strscpy(desc, nt_dpc_backend_name(*backend), KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntdpc_backend, ntdpc_backends, ntdpc_backend_desc);

/* Bounded busy wait for a flag; DPC routines must not sleep. */
static bool ntdpc_spin_until(const bool *flag, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	while (!READ_ONCE(*flag)) {
		if (time_after(jiffies, end))
			return false;
		cpu_relax();
	}
	return true;
}

/*
 * The context NT promises a DeferredRoutine ("DISPATCH_LEVEL"): interrupts
 * on, bottom halves off, not hard IRQ.  Softirq itself for the tasklet and
 * BH workqueue backends, the IRQ thread with BH disabled for threaded.
 */
static bool ntdpc_dpc_context_ok(enum nt_dpc_backend backend)
{
	if (irqs_disabled() || in_hardirq() || in_nmi())
		return false;
	if (backend == NT_DPC_BACKEND_THREADED)
		return in_task() && softirq_count();
	return in_serving_softirq();
}

static void ntdpc_probe_fn(struct nt_dpc *dpc, void *ctx)
{
	struct ntdpc_probe *p = ctx;
	struct ntdpc_test *t = p->t;
	int slot;

	if (atomic_inc_return(&p->running) > 1)
		atomic_inc(&p->overlaps);
	if (!ntdpc_dpc_context_ok(t->backend))
		atomic_inc(&p->bad_context);

	WRITE_ONCE(p->cpu, raw_smp_processor_id());
	slot = atomic_inc_return(&t->norder) - 1;
	if (slot < ARRAY_SIZE(t->order))
		t->order[slot] = p->id;

	if (p->spin) {
		complete(&p->entered);
		if (!ntdpc_spin_until(p->wait_for ?: &p->release, p->spin_ms))
			WRITE_ONCE(p->spin_timed_out, true);
		if (p->hold_ms)
			mdelay(p->hold_ms);
	}
	if (p->delay_us)
		udelay(p->delay_us);
	WRITE_ONCE(p->end_ns, local_clock());

	atomic_inc(&p->runs);
	atomic_dec(&p->running);

	if (p->requeue) {
		p->requeue--;
		nt_dpc_insert(dpc);
	} else {
		complete(&p->done);
	}
}

static void ntdpc_rmw(struct ntdpc_test *t)
{
	unsigned long v;
	int i;

	if (READ_ONCE(t->inside))
		atomic_inc(&t->overlap);
	WRITE_ONCE(t->inside, 1);
	for (i = 0; i < NTDPC_TEST_RMW; i++) {
		v = READ_ONCE(t->shared);
		cpu_relax();
		WRITE_ONCE(t->shared, v + 1);
	}
	WRITE_ONCE(t->inside, 0);
}

static bool ntdpc_isr(struct nt_interrupt *intr, void *service_context)
{
	struct ntdpc_test *t = service_context;

	if (!in_hardirq())
		atomic_inc(&t->isr_not_hardirq);

	switch (READ_ONCE(t->isr_mode)) {
	case NTDPC_ISR_REFUSE:
		return false;
	case NTDPC_ISR_INSERT:
		atomic_inc(&t->isr_inserts);
		if (nt_dpc_insert(READ_ONCE(t->isr_dpc)))
			atomic_inc(&t->isr_queued);
		return true;
	case NTDPC_ISR_REQUEST:
		atomic_inc(&t->isr_inserts);
		nt_io_request_dpc(READ_ONCE(t->isr_dpc));
		return true;
	case NTDPC_ISR_RMW:
		ntdpc_rmw(t);
		return true;
	default:
		return true;
	}
}

/*
 * Not generic_handle_irq() itself: an idle CPU that polls takes a
 * cross-CPU call from its idle loop, without an IPI, so this may run in
 * task context with interrupts off.  A hard irq_work raised here runs as
 * soon as interrupts are on again, in hard IRQ context either way.
 */
static void ntdpc_fire_ipi(void *info)
{
	struct ntdpc_test *t = info;

	irq_work_queue(&t->fire_work);
}

static void ntdpc_fire_work(struct irq_work *work)
{
	struct ntdpc_test *t = container_of(work, struct ntdpc_test, fire_work);

	generic_handle_irq(t->irq);
}

/* The other online CPU, or -1 on a uniprocessor. */
static int ntdpc_other_cpu(int this)
{
	unsigned int cpu = cpumask_any_but(cpu_online_mask, this);

	return cpu < nr_cpu_ids ? cpu : -1;
}

/*
 * Raise the test interrupt in hard IRQ context on another CPU and wait
 * until its handler returned.  Return: that CPU.
 */
static int ntdpc_fire_other(struct ntdpc_test *t)
{
	int cpu = ntdpc_other_cpu(get_cpu());
	int ret = -ENODEV;

	if (cpu >= 0)
		ret = smp_call_function_single(cpu, ntdpc_fire_ipi, t, 1);
	put_cpu();
	KUNIT_ASSERT_EQ(t->test, ret, 0);
	irq_work_sync(&t->fire_work);
	return cpu;
}

/* Raise the test interrupt in hard IRQ context on this CPU. */
static void ntdpc_fire_here(struct irq_work *work)
{
	irq_work_queue(work);
	irq_work_sync(work);
}

static struct ntdpc_probe *ntdpc_probe(struct ntdpc_test *t, int id)
{
	struct ntdpc_probe *p = &t->obj->probes[id];

	p->t = t;
	p->id = id;
	p->spin_ms = NTDPC_TEST_SPIN_MS;
	init_completion(&p->entered);
	init_completion(&p->done);
	nt_dpc_init(&p->dpc, &t->intr->dpcs, ntdpc_probe_fn, p, "probe");
	return p;
}

/*
 * Not msleep(): while the other CPU spins in a DPC with BH disabled, a
 * timer-wheel timer of this CPU may be expired by that CPU (timer
 * migration) only after the spin.  An hrtimer sleeper expires in hard
 * IRQ context.
 */
static void ntdpc_sleep_ms(unsigned int ms)
{
	usleep_range(ms * USEC_PER_MSEC, ms * USEC_PER_MSEC + 1000);
}

static bool ntdpc_wait(struct completion *c)
{
	return wait_for_completion_timeout(c,
					   msecs_to_jiffies(NTDPC_TEST_WAIT_MS));
}

/* The IRQ thread of a threaded queue's interrupt, else NULL. */
static struct task_struct *ntdpc_irq_thread(struct ntdpc_test *t)
{
	struct irq_desc *desc = irq_to_desc(t->irq);

	if (t->backend != NT_DPC_BACKEND_THREADED || !desc || !desc->action)
		return NULL;
	return desc->action->thread;
}

/*
 * Start a gate DPC on the other CPU, inserted by the ISR, and wait until
 * it spins: from then on the queue's drainer is busy and everything
 * inserted stays queued until ntdpc_gate_open().
 *
 * The case keeps to its own CPU from here on, and a threaded queue's IRQ
 * thread to the other one.  A gate spinning on the case's CPU holds the
 * case off until the spin times out: the IRQ thread is SCHED_FIFO, and a
 * CPU spinning in a tasklet runs the idle task, so a waking case thread
 * may be put there.  Both happened, a few times in a dozen runs on a busy
 * host.
 */
static struct ntdpc_probe *ntdpc_gate_close(struct ntdpc_test *t, int id,
					    unsigned int spin_ms)
{
	struct ntdpc_probe *gate = ntdpc_probe(t, id);
	struct task_struct *thread = ntdpc_irq_thread(t);
	int here = raw_smp_processor_id();
	int other = ntdpc_other_cpu(here);

	KUNIT_ASSERT_GE_MSG(t->test, other, 0, "needs two online CPUs");
	KUNIT_ASSERT_EQ(t->test,
			set_cpus_allowed_ptr(current, cpumask_of(here)), 0);
	if (thread)
		KUNIT_ASSERT_EQ(t->test,
				set_cpus_allowed_ptr(thread, cpumask_of(other)),
				0);
	gate->spin = true;
	gate->spin_ms = spin_ms;
	WRITE_ONCE(t->isr_dpc, &gate->dpc);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_INSERT);
	ntdpc_fire_other(t);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);
	KUNIT_ASSERT_TRUE_MSG(t->test, ntdpc_wait(&gate->entered),
			      "gate DPC never ran");
	return gate;
}

static void ntdpc_gate_open(struct ntdpc_probe *gate)
{
	WRITE_ONCE(gate->release, true);
}

static void ntdpc_flush(struct ntdpc_test *t)
{
	nt_dpc_flush(&t->intr->dpcs);
}

static void ntdpc_need_two_cpus(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
}

static struct ntdpc_test *ntdpc_setup(struct kunit *test)
{
	struct ntdpc_test *t;
	int irq;

	/* Not kunit-managed: a stuck test thread may still use it. */
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->backend = *(const enum nt_dpc_backend *)test->param_value;
	t->fire_work = IRQ_WORK_INIT_HARD(ntdpc_fire_work);
	test->priv = t;

	t->obj = kzalloc(sizeof(*t->obj), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->obj);
	t->intr = &t->obj->intr;
	nt_interrupt_init(t->intr, ntdpc_isr, t);

	irq = irq_alloc_desc(NUMA_NO_NODE);
	KUNIT_ASSERT_GT(test, irq, 0);
	t->irq = irq;
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_simple_irq);
	irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOAUTOEN, 0);

	KUNIT_ASSERT_EQ(test, nt_interrupt_connect(t->intr, irq, 0,
						   "ntdpc-test", t->backend),
			0);
	t->connected = true;
	KUNIT_ASSERT_EQ(test, t->intr->irq, (unsigned int)irq);
	return t;
}

static void ntdpc_exit(struct kunit *test)
{
	struct ntdpc_test *t = test->priv;
	int i;

	if (!t)
		return;
	if (t->broken) {
		kunit_err(test, "something got stuck: leaking the test objects\n");
		return;
	}
	if (t->obj) {
		WRITE_ONCE(t->flush_started, true);
		for (i = 0; i < NTDPC_TEST_PROBES; i++)
			WRITE_ONCE(t->obj->probes[i].release, true);
		if (t->q_live)
			nt_dpc_queue_destroy(&t->obj->q);
		if (t->connected)
			nt_interrupt_disconnect(t->intr);
		nt_dpc_queue_destroy(&t->intr->dpcs);
		kfree(t->obj);
	}
	if (t->irq)
		irq_free_desc(t->irq);
	kfree(t);
}

/* A kthread pinned to one CPU; @fn must end with complete(&done). */
struct ntdpc_thread {
	struct ntdpc_test *t;
	struct task_struct *task;
	bool stop;		/* give up the loop: the case timed out */
	struct nt_dpc *dpc;
	struct irq_work fire_work;
	struct completion done;
	atomic_t *go;
	int iters;
	int task_inserts;
	int task_queued;
	int synch_bad_ret;
};

static void ntdpc_thread_fire(struct irq_work *work)
{
	struct ntdpc_thread *th = container_of(work, struct ntdpc_thread,
					       fire_work);

	generic_handle_irq(th->t->irq);
}

static struct ntdpc_thread *ntdpc_thread_start(struct ntdpc_test *t, int cpu,
					       int (*fn)(void *), struct nt_dpc *dpc,
					       atomic_t *go, int iters)
{
	struct ntdpc_thread *th;
	struct task_struct *task;

	/* Not kunit-managed: leaked if the thread never finishes. */
	th = kzalloc(sizeof(*th), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(t->test, th);
	th->t = t;
	th->dpc = dpc;
	th->go = go;
	th->iters = iters;
	th->fire_work = IRQ_WORK_INIT_HARD(ntdpc_thread_fire);
	init_completion(&th->done);

	task = kthread_create(fn, th, "ntdpc-test/%d", cpu);
	if (IS_ERR(task)) {
		kfree(th);
		KUNIT_FAIL(t->test, "kthread_create: %ld", PTR_ERR(task));
		return NULL;
	}
	if (cpu >= 0)
		kthread_bind(task, cpu);
	th->task = task;
	wake_up_process(task);
	return th;
}

/* Return: true if the thread finished and @th was freed. */
static bool ntdpc_thread_join(struct ntdpc_test *t, struct ntdpc_thread *th)
{
	if (!th)
		return false;
	if (wait_for_completion_timeout(&th->done,
					msecs_to_jiffies(NTDPC_TEST_THREAD_MS)))
		return true;
	KUNIT_FAIL(t->test, "test thread did not finish");
	WRITE_ONCE(th->stop, true);
	if (!ntdpc_wait(&th->done))
		t->broken = true;
	return false;
}

static void ntdpc_wait_go(atomic_t *go)
{
	atomic_inc(go);
	while (atomic_read(go) < 2)
		cond_resched();
}

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
			ntdpc_fire_here(&th->fire_work);
		}
		if (!(i % 64))
			cond_resched();
	}
	complete(&th->done);
	return 0;
}

static int ntdpc_isr_storm_fn(void *data)
{
	struct ntdpc_thread *th = data;
	int i;

	ntdpc_wait_go(th->go);
	for (i = 0; i < th->iters && !READ_ONCE(th->stop); i++) {
		ntdpc_fire_here(&th->fire_work);
		if (!(i % 64))
			cond_resched();
	}
	complete(&th->done);
	return 0;
}

#define NTDPC_SYNCH_RET 0x5eed

static int ntdpc_synch_fn(void *context)
{
	ntdpc_rmw(context);
	return NTDPC_SYNCH_RET;
}

static int ntdpc_synch_storm_fn(void *data)
{
	struct ntdpc_thread *th = data;
	int i;

	ntdpc_wait_go(th->go);
	for (i = 0; i < th->iters && !READ_ONCE(th->stop); i++) {
		if (nt_synchronize_execution(th->t->intr, ntdpc_synch_fn,
					     th->t) != NTDPC_SYNCH_RET)
			th->synch_bad_ret++;
		if (!(i % 64))
			cond_resched();
	}
	complete(&th->done);
	return 0;
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

static void ntdpc_backend_names_and_init_checks(struct kunit *test)
{
	/* Heap, not stack: DEBUG_OBJECTS_WORK wants INIT_WORK_ONSTACK there. */
	struct nt_dpc_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	struct nt_interrupt *intr = kunit_kzalloc(test, sizeof(*intr),
						  GFP_KERNEL);

	KUNIT_EXPECT_STREQ(test, nt_dpc_backend_name(NT_DPC_BACKEND_TASKLET),
			   "tasklet");
	KUNIT_EXPECT_STREQ(test, nt_dpc_backend_name(NT_DPC_BACKEND_THREADED),
			   "threaded");
	KUNIT_EXPECT_STREQ(test, nt_dpc_backend_name(NT_DPC_BACKEND_WQ_BH),
			   "wq_bh");
	KUNIT_EXPECT_TRUE(test, nt_dpc_backend_available(NT_DPC_BACKEND_TASKLET));
	KUNIT_EXPECT_TRUE(test, nt_dpc_backend_available(NT_DPC_BACKEND_THREADED));
	KUNIT_EXPECT_EQ(test, nt_dpc_backend_available(NT_DPC_BACKEND_WQ_BH),
			(bool)NT_HAVE_WQ_BH);
	KUNIT_EXPECT_FALSE(test, nt_dpc_backend_available(NT_DPC_BACKEND_COUNT));

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_ASSERT_NOT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, nt_dpc_queue_init(q, NT_DPC_BACKEND_COUNT),
			-EINVAL);
	/* The threaded backend needs an interrupt: nt_interrupt_connect(). */
	KUNIT_EXPECT_EQ(test, nt_dpc_queue_init(q, NT_DPC_BACKEND_THREADED),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nt_dpc_queue_init(q, NT_DPC_BACKEND_WQ_BH),
			NT_HAVE_WQ_BH ? 0 : -EOPNOTSUPP);
	KUNIT_ASSERT_EQ(test, nt_dpc_queue_init(q, NT_DPC_BACKEND_TASKLET), 0);
	nt_dpc_queue_destroy(q);

	nt_interrupt_init(intr, ntdpc_isr, NULL);
	KUNIT_EXPECT_EQ(test, nt_interrupt_connect(intr, 0, 0, "ntdpc-test",
						   NT_DPC_BACKEND_TASKLET),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nt_interrupt_connect(intr, 1, 0, "ntdpc-test",
						   NT_DPC_BACKEND_COUNT),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, intr->irq, 0U);
	nt_dpc_queue_destroy(&intr->dpcs);
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
	t = ntdpc_setup(test);
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
	t = ntdpc_setup(test);
	p = ntdpc_probe(t, 1);
	nt_io_initialize_dpc_request(&p->dpc, t->intr, ntdpc_probe_fn, p);
	KUNIT_EXPECT_PTR_EQ(test, p->dpc.queue, &t->intr->dpcs);
	KUNIT_EXPECT_STREQ(test, p->dpc.name, "DpcForIsr");
	KUNIT_EXPECT_EQ(test, p->dpc.importance, NT_DPC_MEDIUM);

	gate = ntdpc_gate_close(t, 0, NTDPC_TEST_SPIN_MS);
	WRITE_ONCE(t->isr_dpc, &p->dpc);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_REQUEST);
	ntdpc_fire_here(&t->fire_work);
	ntdpc_fire_here(&t->fire_work);
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
	t = ntdpc_setup(test);
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
	t = ntdpc_setup(test);
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
	t = ntdpc_setup(test);
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
 * NT's DPC watchdog, counting instead of bug-checking: a routine that
 * spins past the limit counts, one well under it does not, a drain of
 * routines each under it counts once it is over it, and a limit of 0 (the
 * default) turns it off.
 */
static void ntdpc_watchdog_counts_routines_and_drains_past_the_limit(struct kunit *test)
{
	struct ntdpc_probe *slow, *fast, *many, *off;
	struct nt_dpc_queue *q;
	struct ntdpc_test *t;

	t = ntdpc_setup(test);
	q = &t->intr->dpcs;
	/*
	 * Ten times the limit: on an unstable TSC local_clock() may lag a
	 * tick (4 ms at HZ=250) behind, and no routine should pass or miss
	 * the limit by the clock alone.
	 */
	slow = ntdpc_probe(t, 0);
	slow->delay_us = 10000;
	fast = ntdpc_probe(t, 1);
	fast->delay_us = 10;
	many = ntdpc_probe(t, 2);
	many->delay_us = 300;
	many->requeue = 3;	/* four runs of one drain: 1.2 ms */
	off = ntdpc_probe(t, 3);
	off->delay_us = 10000;

	KUNIT_EXPECT_EQ(test, q->watchdog_ns, 0ULL);
	KUNIT_EXPECT_EQ(test, ntdpc_watchdog_run(t, off), 0ULL);

	/* At least: under TCG another routine of the drain may be slow too. */
	nt_dpc_queue_set_watchdog(q, 1000);
	KUNIT_EXPECT_GE(test, ntdpc_watchdog_run(t, slow), 1ULL);
	KUNIT_EXPECT_TRUE(test, q->watchdog_warned);
	/* Not a limit a routine of 10 us reaches, even under TCG. */
	nt_dpc_queue_set_watchdog(q, 500000);
	KUNIT_EXPECT_EQ(test, ntdpc_watchdog_run(t, fast), 0ULL);
	/*
	 * A drain's total passes the limit by 0.2 ms here (the drain's own
	 * 1 ms bound keeps totals near it): only a stable clock tells.
	 */
	nt_dpc_queue_set_watchdog(q, 1000);
	if (sched_clock_stable())
		KUNIT_EXPECT_GE(test, ntdpc_watchdog_run(t, many), 1ULL);
	else
		kunit_info(test, "unstable sched_clock: drain total not judged\n");

	nt_dpc_queue_set_watchdog(q, 0);
	reinit_completion(&off->done);
	KUNIT_EXPECT_EQ(test, ntdpc_watchdog_run(t, off), 0ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&slow->bad_context), 0);
}

static void ntdpc_remove_before_run_prevents_run(struct kunit *test)
{
	struct ntdpc_probe *gate, *p, *idle;
	struct ntdpc_test *t;

	ntdpc_need_two_cpus(test);
	t = ntdpc_setup(test);
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
	t = ntdpc_setup(test);
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
	ntdpc_fire_here(&t->fire_work);
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

static void ntdpc_reinsert_from_own_routine_runs_again(struct kunit *test)
{
	struct ntdpc_test *t;
	struct ntdpc_probe *p;

	t = ntdpc_setup(test);
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
	t = ntdpc_setup(test);
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

static void ntdpc_synchronize_execution_excludes_isr(struct kunit *test)
{
	struct ntdpc_thread *isr_th, *synch_th;
	struct ntdpc_test *t;
	atomic_t go = ATOMIC_INIT(0);
	u64 isr_calls0, isrs;
	int cpu, iters = 500, bad_ret;

	ntdpc_need_two_cpus(test);
	t = ntdpc_setup(test);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_RMW);
	isr_calls0 = READ_ONCE(t->intr->stats.isr_calls);

	KUNIT_EXPECT_EQ(test, nt_synchronize_execution(t->intr, ntdpc_synch_fn, t),
			NTDPC_SYNCH_RET);

	cpu = ntdpc_other_cpu(-1);
	isr_th = ntdpc_thread_start(t, cpu, ntdpc_isr_storm_fn, NULL, &go,
				    iters);
	synch_th = ntdpc_thread_start(t, ntdpc_other_cpu(cpu),
				      ntdpc_synch_storm_fn, NULL, &go, iters);
	if (!isr_th || !synch_th) {
		atomic_set(&go, 2);
		ntdpc_thread_join(t, isr_th);
		ntdpc_thread_join(t, synch_th);
		KUNIT_FAIL(test, "cannot start threads");
		return;
	}
	if (!ntdpc_thread_join(t, isr_th) || !ntdpc_thread_join(t, synch_th))
		return;
	bad_ret = synch_th->synch_bad_ret;
	kfree(isr_th);
	kfree(synch_th);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);

	isrs = READ_ONCE(t->intr->stats.isr_calls) - isr_calls0;
	KUNIT_EXPECT_EQ(test, isrs, (u64)iters);
	KUNIT_EXPECT_EQ(test, bad_ret, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->overlap), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->shared),
			(unsigned long)(isrs + iters + 1) * NTDPC_TEST_RMW);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->isr_not_hardirq), 0);
}

static void ntdpc_disconnect_with_dpcs_queued_and_running_then_free(struct kunit *test)
{
	struct ntdpc_probe *running, *queued, *late;
	struct ntdpc_test *t;

	ntdpc_need_two_cpus(test);
	t = ntdpc_setup(test);
	queued = ntdpc_probe(t, 1);
	late = ntdpc_probe(t, 2);

	/* Released by nobody: runs 100 ms, through the disconnect. */
	running = ntdpc_gate_close(t, 0, 100);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&queued->dpc));

	nt_interrupt_disconnect(t->intr);
	t->connected = false;
	KUNIT_EXPECT_EQ(test, t->intr->irq, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&running->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&running->running), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&queued->runs), 1);

	nt_dpc_queue_destroy(&t->intr->dpcs);
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&late->dpc));
	KUNIT_EXPECT_EQ(test, atomic_read(&late->runs), 0);

	kfree(t->obj);
	t->obj = NULL;
	/* Anything of the layer still holding the memory now hits KASAN. */
	ntdpc_sleep_ms(50);
}

static void ntdpc_queue_destroy_with_dpcs_queued_and_running_then_free(struct kunit *test)
{
	struct ntdpc_probe *running, *queued, *late;
	struct nt_dpc_queue *q;
	struct ntdpc_test *t;

	ntdpc_need_two_cpus(test);
	t = ntdpc_setup(test);
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
	t = ntdpc_setup(test);
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
	ntdpc_fire_here(&t->fire_work);
	ntdpc_fire_here(&t->fire_work);
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
 * The drain's routine count bound: the other queue's DPC runs after at
 * most NT_DPC_DRAIN_BUDGET runs of the hog (fewer if the time bound came
 * first).
 */
static void ntdpc_reinserting_dpc_lets_other_queue_run_within_budget(struct kunit *test)
{
	struct ntdpc_test *t = ntdpc_setup(test);

	KUNIT_EXPECT_LE(test, ntdpc_hog_run(t, 0, NTDPC_TEST_HOG_CAP),
			NT_DPC_DRAIN_BUDGET);
}

/*
 * The drain's time bound: with routines of a millisecond each, the drain
 * stops after the first one or two, well before NT_DPC_DRAIN_BUDGET.  8
 * leaves room for local_clock() lagging a tick behind on an unstable TSC;
 * the cap is above the budget, so a drain bounded by count alone fails too.
 */
static void ntdpc_slow_reinserting_dpc_lets_other_queue_run_within_a_millisecond(struct kunit *test)
{
	struct ntdpc_test *t = ntdpc_setup(test);

	KUNIT_EXPECT_LE(test, ntdpc_hog_run(t, 1000, 2 * NT_DPC_DRAIN_BUDGET),
			8);
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
 * least that many drains stop early (yields); and nt_dpc_flush() returns:
 * at once for a medium importance DPC, whose re-insertions go behind the
 * barrier, and after the last run for a high importance one, which stays
 * ahead of it.  Then the teardown: nt_interrupt_disconnect() returns with
 * every run done on the softirq backends; on the threaded one, with no
 * thread left, a flush runs it in the caller over as many drains.
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

	t = ntdpc_setup(test);
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
	/* The flush waited for the last run: no waiting here. */
	ntdpc_expect_all_runs(test, high);
	KUNIT_EXPECT_GE(test, READ_ONCE(q->stats.yields) - yields0, min_yields);

	yields0 = READ_ONCE(q->stats.yields);
	if (t->backend == NT_DPC_BACKEND_THREADED) {
		KUNIT_ASSERT_TRUE(test, ntdpc_disconnect_bounded(t));
		nt_dpc_set_importance(&late->dpc, NT_DPC_HIGH);
		KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&late->dpc));
		/* No thread: it waits for a flush, which runs it here. */
		KUNIT_EXPECT_EQ(test, atomic_read(&late->runs), 0);
		KUNIT_ASSERT_TRUE(test, ntdpc_flush_bounded(t));
	} else {
		KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&late->dpc));
		KUNIT_ASSERT_TRUE(test, ntdpc_disconnect_bounded(t));
	}
	ntdpc_expect_all_runs(test, late);
	KUNIT_EXPECT_GE(test, READ_ONCE(q->stats.yields) - yields0, min_yields);
}

static struct kunit_case ntdpc_test_cases[] = {
	KUNIT_CASE(ntdpc_backend_names_and_init_checks),
	KUNIT_CASE_PARAM(ntdpc_insert_coalesces,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_io_request_dpc_is_insert_of_dpc_for_isr,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_hardirq_and_task_inserts_run_serialized_in_dpc_context,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_high_importance_runs_before_low_and_medium,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_low_importance_waits_for_depth_tick_or_next_start,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_watchdog_counts_routines_and_drains_past_the_limit,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_remove_before_run_prevents_run,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_flush_waits_for_running_and_queued_dpcs,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_reinsert_from_own_routine_runs_again,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_target_cpu_honoured_by_wq_bh_only,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_synchronize_execution_excludes_isr,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_disconnect_with_dpcs_queued_and_running_then_free,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_queue_destroy_with_dpcs_queued_and_running_then_free,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_counters_match_inserts_coalesces_runs_removes,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_reinserting_dpc_lets_other_queue_run_within_budget,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_slow_reinserting_dpc_lets_other_queue_run_within_a_millisecond,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_reinserting_dpc_yields_and_no_run_is_lost,
			 ntdpc_backend_gen_params),
	{}
};

static struct kunit_suite ntdpc_test_suite = {
	.name = "ntdpc",
	.exit = ntdpc_exit,
	.test_cases = ntdpc_test_cases,
};

kunit_test_suite(ntdpc_test_suite);
