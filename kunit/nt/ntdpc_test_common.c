// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_test_common.c - the fixture and helpers of the NT layer's KUnit
 * suites (kunit/nt/): the backends and tables they run on, the fixture,
 * the probe DPCs, the ISR and the gate.  See ntdpc_test.h.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "ntdpc_test.h"

static const enum nt_dpc_backend ntdpc_backends[NTDPC_TEST_BACKENDS] = {
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

KUNIT_ARRAY_PARAM(ntdpc_backend_array, ntdpc_backends, ntdpc_backend_desc);

/**
 * ntdpc_backend_gen_params() - every backend this kernel has.
 * @prev: the previous parameter, or NULL for the first.
 * @desc: the parameter's description: the backend's name.
 *
 * The gen_params of a KUNIT_CASE_PARAM that runs once per backend.
 *
 * Return: the next backend, or NULL after the last.
 */
const void *ntdpc_backend_gen_params(const void *prev, char *desc)
{
	return ntdpc_backend_array_gen_params(prev, desc);
}

/**
 * ntdpc_param_next() - the parameters of a table case, for each backend.
 * @params: room for NTDPC_TEST_BACKENDS * @nrows parameters.
 * @prev: the previous parameter, or NULL for the first.
 * @rows: the table; each row starts with its name (a const char *).
 * @nrows: the number of rows.
 * @row_size: the size of a row.
 * @desc: the parameter's description: "<backend> <row name>".
 *
 * The gen_params of a KUNIT_CASE_PARAM whose cases differ by backend and
 * by the data of a table: every row, on every backend.
 *
 * Return: the next parameter, or NULL after the last.
 */
const void *ntdpc_param_next(struct ntdpc_param *params, const void *prev,
			     const void *rows, size_t nrows, size_t row_size,
			     char *desc)
{
	size_t i = prev ? (const struct ntdpc_param *)prev - params + 1 : 0;
	const void *row;

	if (i >= NTDPC_TEST_BACKENDS * nrows)
		return NULL;
	row = rows + (i % nrows) * row_size;
	params[i].backend = ntdpc_backends[i / nrows];
	params[i].row = row;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s",
		 nt_dpc_backend_name(params[i].backend),
		 *(const char * const *)row);
	return &params[i];
}

/**
 * ntdpc_spin_until() - bounded busy wait for a flag.
 * @flag: the flag.
 * @ms: how long to wait at most.
 *
 * DPC routines must not sleep, so they wait with this.
 *
 * Return: true if @flag was set in time.
 */
bool ntdpc_spin_until(const bool *flag, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	while (!READ_ONCE(*flag)) {
		if (time_after(jiffies, end))
			return false;
		cpu_relax();
	}
	return true;
}

/**
 * ntdpc_dpc_context_ok() - is this the context of a DeferredRoutine?
 * @backend: the backend of the DPC's queue.
 *
 * The context NT promises a DeferredRoutine ("DISPATCH_LEVEL"): interrupts
 * on, bottom halves off, not hard IRQ.  Softirq itself for the tasklet and
 * BH workqueue backends, the IRQ thread with BH disabled for threaded.
 *
 * Return: true if the caller runs in it.
 */
bool ntdpc_dpc_context_ok(enum nt_dpc_backend backend)
{
	if (irqs_disabled() || in_hardirq() || in_nmi())
		return false;
	if (backend == NT_DPC_BACKEND_THREADED)
		return in_task() && softirq_count();
	return in_serving_softirq();
}

/**
 * ntdpc_probe_fn() - the DeferredRoutine of a probe.
 * @dpc: the probe's DPC.
 * @ctx: the probe.
 *
 * Records the run (count, CPU, order, overlaps, context), spins or waits
 * as the probe says, and re-inserts the DPC while @requeue lasts.
 */
void ntdpc_probe_fn(struct nt_dpc *dpc, void *ctx)
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

/**
 * ntdpc_rmw() - non-atomic updates of the fixture's shared state.
 * @t: the fixture.
 *
 * Counts in @t->overlap the times it finds another caller inside: what
 * the ISR and a SynchCritSection do, which must exclude each other.
 */
void ntdpc_rmw(struct ntdpc_test *t)
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

/**
 * ntdpc_isr() - the fixture's ServiceRoutine.
 * @intr: the interrupt object.
 * @service_context: the fixture.
 *
 * Does what @t->isr_mode says.
 *
 * Return: false for NTDPC_ISR_REFUSE, else true.
 */
bool ntdpc_isr(struct nt_interrupt *intr, void *service_context)
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

/**
 * ntdpc_probe() - set up probe @id on the interrupt's queue.
 * @t: the fixture.
 * @id: which of @t->obj->probes.
 *
 * Return: the probe.
 */
struct ntdpc_probe *ntdpc_probe(struct ntdpc_test *t, int id)
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

/**
 * ntdpc_sleep_ms() - sleep, woken from hard IRQ context.
 * @ms: how long.
 *
 * Not msleep(): while the other CPU spins in a DPC with BH disabled, a
 * timer-wheel timer of this CPU may be expired by that CPU (timer
 * migration) only after the spin.  An hrtimer sleeper expires in hard
 * IRQ context.
 */
void ntdpc_sleep_ms(unsigned int ms)
{
	usleep_range(ms * USEC_PER_MSEC, ms * USEC_PER_MSEC + 1000);
}

/**
 * ntdpc_wait() - wait for a completion, NTDPC_TEST_WAIT_MS at most.
 * @c: the completion.
 *
 * Return: true if it completed in time.
 */
bool ntdpc_wait(struct completion *c)
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

/**
 * ntdpc_gate_close() - hold the interrupt's queue still.
 * @t: the fixture.
 * @id: the probe to use as the gate DPC.
 * @spin_ms: how long the gate spins at most unless opened.
 *
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
 *
 * Return: the gate.
 */
struct ntdpc_probe *ntdpc_gate_close(struct ntdpc_test *t, int id,
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

/**
 * ntdpc_gate_open() - let the gate DPC return.
 * @gate: the gate, from ntdpc_gate_close().
 */
void ntdpc_gate_open(struct ntdpc_probe *gate)
{
	WRITE_ONCE(gate->release, true);
}

/**
 * ntdpc_flush() - KeFlushQueuedDpcs on the interrupt's queue.
 * @t: the fixture.
 */
void ntdpc_flush(struct ntdpc_test *t)
{
	nt_dpc_flush(&t->intr->dpcs);
}

/**
 * ntdpc_need_two_cpus() - skip the case on a uniprocessor.
 * @test: the case.
 */
void ntdpc_need_two_cpus(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
}

/**
 * ntdpc_test_init() - the fixture of the suites' cases (.init).
 * @test: the case; its parameter starts with the backend.
 *
 * An interrupt object, connected with the case's backend to a new
 * software IRQ, in @test->priv.
 *
 * Return: 0; a failed assertion ends the case.
 */
int ntdpc_test_init(struct kunit *test)
{
	struct ntdpc_test *t;
	int irq;

	/* Not kunit-managed: a stuck test thread may still use it. */
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->backend = *(const enum nt_dpc_backend *)test->param_value;
	ntdpc_hardirq_init(&t->hardirq);
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
	return 0;
}

/**
 * ntdpc_test_exit() - tear down the fixture (.exit).
 * @test: the case.
 *
 * Releases every gate, destroys the queues, disconnects and frees, unless
 * the case found the layer stuck: then it leaks everything.
 */
void ntdpc_test_exit(struct kunit *test)
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
