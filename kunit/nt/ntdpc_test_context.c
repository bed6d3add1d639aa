// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_test_context.c - where the NT layer's KUnit suites run things:
 * in hard IRQ context, on this CPU or another one (the one helper for
 * that, ntdpc_in_hardirq(), and the test interrupt it raises), and in
 * test threads bound to a CPU.  See ntdpc_test.h.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdesc.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "ntdpc_test.h"

/**
 * ntdpc_other_cpu() - another online CPU.
 * @this: the CPU not to return, or -1.
 *
 * Return: an online CPU other than @this, or -1 on a uniprocessor.
 */
int ntdpc_other_cpu(int this)
{
	unsigned int cpu = cpumask_any_but(cpu_online_mask, this);

	return cpu < nr_cpu_ids ? cpu : -1;
}

static void ntdpc_hardirq_fn(struct irq_work *work)
{
	struct ntdpc_hardirq *h = container_of(work, struct ntdpc_hardirq,
					       work);

	h->fn(h->arg);
}

/*
 * Not @fn itself: an idle CPU that polls takes a cross-CPU call from its
 * idle loop, without an IPI, so this may run in task context with
 * interrupts off.  A hard irq_work raised here runs as soon as interrupts
 * are on again, in hard IRQ context either way.
 */
static void ntdpc_hardirq_ipi(void *info)
{
	struct ntdpc_hardirq *h = info;

	irq_work_queue(&h->work);
}

/**
 * ntdpc_hardirq_init() - set up the irq_work of a user of ntdpc_in_hardirq().
 * @h: the holder, in the fixture or a test thread.
 *
 * Once, before the first ntdpc_in_hardirq(): @h->work is not written
 * again, since the irq_work code may still read its flags a moment after
 * irq_work_sync() saw it idle.
 */
void ntdpc_hardirq_init(struct ntdpc_hardirq *h)
{
	h->work = IRQ_WORK_INIT_HARD(ntdpc_hardirq_fn);
}

/**
 * ntdpc_in_hardirq() - run a function in hard IRQ context and wait.
 * @h: the caller's own irq_work holder (ntdpc_hardirq_init()); not in use
 *	by anyone else.
 * @other: on another CPU (by IPI) rather than on this one.
 * @fn: the function.
 * @arg: its argument.
 *
 * The one way the suites get into hard IRQ context: a hard irq_work,
 * raised on this CPU or, from an IPI, on another one.  Returns once @fn
 * has returned.
 *
 * Context: process context; sleeps.
 * Return: the CPU @fn ran on; -ENODEV if @other and there is no other
 * CPU, or the error of smp_call_function_single(); then @fn did not run.
 */
int ntdpc_in_hardirq(struct ntdpc_hardirq *h, bool other,
		     void (*fn)(void *arg), void *arg)
{
	int cpu, ret = 0;

	h->fn = fn;
	h->arg = arg;
	cpu = get_cpu();
	if (other) {
		cpu = ntdpc_other_cpu(cpu);
		ret = cpu < 0 ? -ENODEV :
		      smp_call_function_single(cpu, ntdpc_hardirq_ipi, h, 1);
	} else {
		irq_work_queue(&h->work);
	}
	put_cpu();
	if (ret)
		return ret;
	irq_work_sync(&h->work);
	return cpu;
}

static void ntdpc_fire_fn(void *arg)
{
	struct ntdpc_test *t = arg;

	generic_handle_irq(t->irq);
}

/**
 * ntdpc_fire_here() - raise the test interrupt in hard IRQ context here.
 * @t: the fixture.
 *
 * Returns once the handler, and so the ISR, has returned.
 *
 * Context: the case's thread; sleeps.
 */
void ntdpc_fire_here(struct ntdpc_test *t)
{
	ntdpc_in_hardirq(&t->hardirq, false, ntdpc_fire_fn, t);
}

/**
 * ntdpc_thread_fire_here() - ntdpc_fire_here() from a test thread.
 * @th: the thread, which uses its own irq_work.
 *
 * Context: the test thread @th; sleeps.
 */
void ntdpc_thread_fire_here(struct ntdpc_thread *th)
{
	ntdpc_in_hardirq(&th->hardirq, false, ntdpc_fire_fn, th->t);
}

/**
 * ntdpc_fire_other() - raise the test interrupt on another CPU.
 * @t: the fixture.
 *
 * As ntdpc_fire_here(), in hard IRQ context on another CPU; asserts that
 * there is one.
 *
 * Context: the case's thread; sleeps.
 * Return: that CPU.
 */
int ntdpc_fire_other(struct ntdpc_test *t)
{
	int cpu = ntdpc_in_hardirq(&t->hardirq, true, ntdpc_fire_fn, t);

	KUNIT_ASSERT_GE(t->test, cpu, 0);
	return cpu;
}

/**
 * ntdpc_thread_start() - start a test thread.
 * @t: the fixture.
 * @cpu: the CPU to bind it to, or -1.
 * @fn: its function, which ends with complete(&th->done).
 * @dpc: a DPC for @fn, or NULL.
 * @go: the start line (ntdpc_wait_go()), or NULL.
 * @iters: loop count for @fn.
 *
 * Return: the thread, to ntdpc_thread_join(); NULL (and the case failed)
 * if it could not be created.
 */
struct ntdpc_thread *ntdpc_thread_start(struct ntdpc_test *t, int cpu,
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
	ntdpc_hardirq_init(&th->hardirq);
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

/**
 * ntdpc_thread_join() - wait for a test thread, NTDPC_TEST_THREAD_MS.
 * @t: the fixture.
 * @th: the thread, or NULL.
 *
 * A thread that does not finish in time fails the case and is told to
 * stop; one that does not even stop marks the fixture broken.
 *
 * Return: true if the thread finished; the caller then frees @th.
 */
bool ntdpc_thread_join(struct ntdpc_test *t, struct ntdpc_thread *th)
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

/**
 * ntdpc_wait_go() - the start line of two test threads.
 * @go: counts the threads at it.
 *
 * Returns once two threads have called it.
 */
void ntdpc_wait_go(atomic_t *go)
{
	atomic_inc(go);
	while (atomic_read(go) < 2)
		cond_resched();
}
