// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_backend.c - the backends of the NT layer's DPC queues: what plays
 * NT's DPC interrupt (the request that a processor run its DPC queue) and
 * the clock tick that starts a queue of low importance DPCs.  A tasklet,
 * or the HI tasklet for a high importance DPC; the interrupt's IRQ thread
 * for threaded DPCs (KeInitializeThreadedDpc); a work item on
 * system_bh_wq or system_bh_highpri_wq (6.9+).  Each of them only calls
 * the queue's single drainer (ntdpc_queue.c).
 */

#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "nt/ntdpc.h"
#include "nt/ntdpc_compat.h"
#include "ntdpc_internal.h"

static const char * const nt_dpc_backend_names[NT_DPC_BACKEND_COUNT] = {
	[NT_DPC_BACKEND_TASKLET] = "tasklet",
	[NT_DPC_BACKEND_THREADED] = "threaded",
	[NT_DPC_BACKEND_WQ_BH] = "wq_bh",
};

/**
 * nt_dpc_backend_available() - can this kernel run a DPC queue on @backend?
 * @backend: the backend to ask about.
 *
 * Context: any.
 * Return: true if nt_dpc_queue_init() or nt_interrupt_connect() accept
 * @backend on this kernel.
 */
bool nt_dpc_backend_available(enum nt_dpc_backend backend)
{
	switch (backend) {
	case NT_DPC_BACKEND_TASKLET:
	case NT_DPC_BACKEND_THREADED:
		return true;
	case NT_DPC_BACKEND_WQ_BH:
		return NT_HAVE_WQ_BH;
	default:
		return false;
	}
}

/**
 * nt_dpc_backend_name() - short name of a DPC queue backend.
 * @backend: the backend.
 *
 * Context: any.
 * Return: "tasklet", "threaded" or "wq_bh"; "invalid" for anything else.
 */
const char *nt_dpc_backend_name(enum nt_dpc_backend backend)
{
	if ((unsigned int)backend >= NT_DPC_BACKEND_COUNT)
		return "invalid";
	return nt_dpc_backend_names[backend];
}

/**
 * nt_dpc_backend_check() - may a DPC queue run on @backend here?
 * @backend: the backend asked for.
 *
 * The check that nt_dpc_queue_init() and IoConnectInterrupt
 * (nt_interrupt_connect()) make of the backend they are given.
 *
 * Context: any.
 * Return: 0; -EINVAL for an unknown backend; -EOPNOTSUPP for one this
 * kernel lacks.
 */
int nt_dpc_backend_check(enum nt_dpc_backend backend)
{
	if ((unsigned int)backend >= NT_DPC_BACKEND_COUNT)
		return -EINVAL;
	if (!nt_dpc_backend_available(backend))
		return -EOPNOTSUPP;
	return 0;
}

/**
 * nt_dpc_kick() - make the backend of a DPC queue run its drainer soon.
 * @q: the queue.
 * @backend: @q's backend, read under @q->lock by the caller.
 * @importance: the importance of the DPC at the head: NT_DPC_HIGH picks
 *	the HI tasklet or the highpri BH workqueue.
 * @cpu: the CPU a wq_bh queue runs on, or -1 for this one.
 *
 * The DPC interrupt that NT requests when KeInsertQueueDpc queues a DPC.
 * Called without @q->lock, after the DPC was linked in, so a drainer that
 * is just finishing either sees the new entry or has cleared
 * @q->draining before this kick arrives.  A drainer that stopped at its
 * bound calls it too, from its own context (-1: its own CPU): a tasklet
 * reschedules itself, the work item requeues itself, and the IRQ thread
 * wakes itself, so irq_thread() runs it again.
 *
 * Context: any, including hard IRQ context and the ISR; does not sleep.
 */
void nt_dpc_kick(struct nt_dpc_queue *q, enum nt_dpc_backend backend,
		 enum nt_dpc_importance importance, int cpu)
{
	struct nt_interrupt *intr = q->intr;
	unsigned int irq;

	switch (backend) {
	case NT_DPC_BACKEND_TASKLET:
		if (importance == NT_DPC_HIGH)
			tasklet_hi_schedule(&q->tasklet_hi);
		else
			tasklet_schedule(&q->tasklet);
		break;
	case NT_DPC_BACKEND_WQ_BH:
#if NT_HAVE_WQ_BH
		/* An offline CPU would hold the work until it comes back. */
		if (cpu < 0 || !cpu_online(cpu))
			cpu = WORK_CPU_UNBOUND;
		queue_work_on(cpu, importance == NT_DPC_HIGH ?
			      system_bh_highpri_wq : system_bh_wq, &q->work);
#endif
		break;
	case NT_DPC_BACKEND_THREADED:
		/*
		 * Inside this interrupt's own ISR, the handler's
		 * IRQ_WAKE_THREAD return wakes the thread, after the ISR, on
		 * this CPU, so it sees this DPC.  Only hard IRQ code on the
		 * ISR's CPU can be that ISR; anywhere else @isr_cpu could
		 * change under us, so wake the thread here.
		 */
		if (in_hardirq() &&
		    READ_ONCE(intr->isr_cpu) == smp_processor_id()) {
			/* In the ISR, so under the interrupt lock. */
			lockdep_assert_held(&intr->lock);
			intr->isr_wake = true;
			break;
		}
		irq = READ_ONCE(intr->irq);
		/* Disconnected: held for nt_dpc_flush() or the next connect. */
		if (irq)
			irq_wake_thread(irq, intr);
		break;
	default:
		break;
	}
}

static void nt_dpc_tasklet_fn(struct tasklet_struct *t)
{
	struct nt_dpc_queue *q = from_tasklet(q, t, tasklet);

	nt_dpc_drain(q);
}

static void nt_dpc_tasklet_hi_fn(struct tasklet_struct *t)
{
	struct nt_dpc_queue *q = from_tasklet(q, t, tasklet_hi);

	nt_dpc_drain(q);
}

/*
 * The queue's tick, armed by a low importance insertion that left the
 * queue idle: as NT's clock interrupt requests a DPC interrupt for a
 * processor whose DPC queue is not empty, start the queue if DPCs still
 * wait and nobody drains it.
 */
static void nt_dpc_low_tick_fn(struct timer_list *timer)
{
	struct nt_dpc_queue *q = from_timer(q, timer, low_tick);
	enum nt_dpc_importance importance;
	enum nt_dpc_backend backend;
	struct nt_dpc *head;
	unsigned long flags;

	raw_spin_lock_irqsave(&q->lock, flags);
	head = list_first_entry_or_null(&q->list, struct nt_dpc, entry);
	if (!head || q->draining) {
		raw_spin_unlock_irqrestore(&q->lock, flags);
		return;
	}
	WRITE_ONCE(q->stats.low_ticks, q->stats.low_ticks + 1);
	importance = head->importance;
	backend = q->backend;
	raw_spin_unlock_irqrestore(&q->lock, flags);

	nt_dpc_kick(q, backend, importance, -1);
}

#if NT_HAVE_WQ_BH
static void nt_dpc_work_fn(struct work_struct *work)
{
	nt_dpc_drain(container_of(work, struct nt_dpc_queue, work));
}
#endif

/**
 * nt_dpc_backend_init() - set up every mechanism that may run a DPC queue.
 * @q: the queue, being initialized by nt_dpc_queue_init().
 *
 * The tasklet, the HI tasklet, the wq_bh work item (6.9+) and the queue's
 * tick, whatever @q's backend: IoConnectInterrupt may switch it later.
 *
 * Context: any; does not sleep.
 */
void nt_dpc_backend_init(struct nt_dpc_queue *q)
{
	tasklet_setup(&q->tasklet, nt_dpc_tasklet_fn);
	tasklet_setup(&q->tasklet_hi, nt_dpc_tasklet_hi_fn);
#if NT_HAVE_WQ_BH
	INIT_WORK(&q->work, nt_dpc_work_fn);
#endif
	timer_setup(&q->low_tick, nt_dpc_low_tick_fn, TIMER_PINNED);
}

/**
 * nt_dpc_backend_wait() - wait for every backend mechanism of a DPC queue.
 * @q: the queue.
 * @cancel: cancel a queued wq_bh work item rather than wait for it to run.
 *
 * Part of KeFlushQueuedDpcs for a queue that is going away: wait until no
 * tasklet or work item of @q is scheduled or running.  Needed
 * on top of a flush: the barrier only proves the drainer called its
 * routine, not that the drainer has let go of @q.  Every mechanism is
 * waited for, not just the current backend's, because a queue whose
 * interrupt was reconnected with another backend may still have a kick of
 * the old one in flight.
 *
 * Context: process context; sleeps.
 */
void nt_dpc_backend_wait(struct nt_dpc_queue *q, bool cancel)
{
	tasklet_kill(&q->tasklet_hi);
	tasklet_kill(&q->tasklet);
#if NT_HAVE_WQ_BH
	if (cancel)
		cancel_work_sync(&q->work);
	else
		flush_work(&q->work);
#endif
}
