// SPDX-License-Identifier: GPL-2.0
/*
 * ntinterrupt.c - the KINTERRUPT object of the NT interrupt model:
 * IoConnectInterrupt (nt_interrupt_init(), nt_interrupt_connect()),
 * IoDisconnectInterrupt (nt_interrupt_disconnect()), the hard IRQ
 * handler that calls the ISR under the interrupt spin lock
 * (nt_interrupt_handler()), and KeSynchronizeExecution
 * (nt_synchronize_execution()).
 *
 * Every interrupt object owns a DPC queue (ntdpc_queue.c); with the
 * threaded backend its IRQ thread is that queue's drainer.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "nt/ntdpc.h"
#include "ntdpc_internal.h"

/**
 * nt_interrupt_init() - initialize an interrupt object.
 * @intr: the interrupt object.
 * @isr: ServiceRoutine.
 * @service_context: ServiceContext, passed to @isr.
 *
 * The first half of IoConnectInterrupt: the object and its DPC queue
 * become usable (DPCs may be initialized on &intr->dpcs, and
 * nt_synchronize_execution() works) before there is a Linux IRQ.
 *
 * Context: any; does not sleep.
 */
void nt_interrupt_init(struct nt_interrupt *intr, nt_service_routine_t isr,
		       void *service_context)
{
	raw_spin_lock_init(&intr->lock);
	intr->irq = 0;
	intr->isr = isr;
	intr->service_context = service_context;
	intr->isr_cpu = -1;
	intr->isr_wake = false;
	memset(&intr->stats, 0, sizeof(intr->stats));
	intr->isr_hook = NULL;
	/* The tasklet backend always exists, so this cannot fail. */
	WARN_ON(nt_dpc_queue_init(&intr->dpcs, NT_DPC_BACKEND_TASKLET));
	intr->dpcs.intr = intr;
}

/*
 * A drain that stops at its bound has called irq_wake_thread() for the
 * rest, which set IRQTF_RUNTHREAD.  irq_thread() then calls this again at
 * once: irq_wait_for_interrupt() tests and clears that bit before it would
 * sleep (6.1 and 6.12 alike), so the SCHED_FIFO thread does not go
 * through schedule() between two drains by itself.  What lets other work
 * in is, first, local_bh_enable(): softirqs raised on this CPU while the
 * DPCs ran (tasklets, BH work, timers, network) run there, on PREEMPT_RT
 * too; and then cond_resched(), which gives the CPU to a task of higher
 * priority and reports an RCU quiescent state on kernels that are not
 * fully preemptible.  Tasks of lower priority wait as they would behind
 * any busy threaded handler, within the RT throttling limits.
 */
static irqreturn_t nt_interrupt_thread_fn(int irq, void *data)
{
	struct nt_interrupt *intr = data;
	bool yielded;

	/* A DPC sees the same "DISPATCH_LEVEL" as on the softirq backends. */
	local_bh_disable();
	yielded = nt_dpc_drain(&intr->dpcs);
	local_bh_enable();
	if (yielded)
		cond_resched();
	return IRQ_HANDLED;
}

/**
 * nt_interrupt_connect() - IoConnectInterrupt: attach the ISR to a Linux IRQ.
 * @intr: the interrupt object, initialized with nt_interrupt_init().
 * @irq: Linux IRQ number; must not be 0.
 * @irqflags: IRQF_* flags, e.g. IRQF_SHARED.  IRQF_NO_THREAD is added.
 * @name: name shown in /proc/interrupts.
 * @backend: the mechanism that runs the DPCs of &intr->dpcs.
 *	NT_DPC_BACKEND_THREADED makes every DPC of the queue what NT 6.0
 *	calls a threaded DPC (KeInitializeThreadedDpc): run by this IRQ's
 *	thread, a SCHED_FIFO task, with bottom halves disabled (see enum
 *	nt_dpc_backend).
 *
 * The ISR runs in hard IRQ context on every kernel, PREEMPT_RT included
 * (IRQF_NO_THREAD), because the interrupt spin lock is raw and the ISR is
 * short by contract.  IRQF_ONESHOT is not used: the ISR silences the
 * device itself, as an NT ISR does, so the line need not stay masked
 * until the DPCs ran.  Sharers of @irq must pass IRQF_NO_THREAD too.
 *
 * Context: process context; sleeps.
 * Return: 0; -EINVAL for irq 0, a missing ISR or an unknown backend;
 * -EOPNOTSUPP for a backend this kernel lacks; -EBUSY if @intr is
 * connected or its queue destroyed; or the error of request_threaded_irq().
 */
int nt_interrupt_connect(struct nt_interrupt *intr, unsigned int irq,
			 unsigned long irqflags, const char *name,
			 enum nt_dpc_backend backend)
{
	struct nt_dpc_queue *q = &intr->dpcs;
	enum nt_dpc_backend old_backend;
	bool pending;
	int ret;

	might_sleep();

	if (!irq || !intr->isr)
		return -EINVAL;
	ret = nt_dpc_backend_check(backend);
	if (ret)
		return ret;

	raw_spin_lock_irq(&q->lock);
	if (intr->irq || q->dead) {
		raw_spin_unlock_irq(&q->lock);
		return -EBUSY;
	}
	old_backend = q->backend;
	WRITE_ONCE(q->backend, backend);
	raw_spin_unlock_irq(&q->lock);

	ret = request_threaded_irq(irq, nt_interrupt_handler,
				   backend == NT_DPC_BACKEND_THREADED ?
				   nt_interrupt_thread_fn : NULL,
				   irqflags | IRQF_NO_THREAD, name, intr);

	raw_spin_lock_irq(&q->lock);
	if (ret)
		WRITE_ONCE(q->backend, old_backend);
	else
		WRITE_ONCE(intr->irq, irq);
	/*
	 * Setting @irq under the queue lock pairs with nt_dpc_insert(): a
	 * DPC inserted before this point is seen here, one inserted after
	 * it sees @irq and wakes the thread itself.
	 */
	pending = !ret && backend == NT_DPC_BACKEND_THREADED &&
		  !list_empty(&q->list);
	raw_spin_unlock_irq(&q->lock);

	if (pending)
		irq_wake_thread(irq, intr);
	return ret;
}

/**
 * nt_interrupt_disconnect() - IoDisconnectInterrupt.
 * @intr: a connected interrupt object.
 *
 * Releases the Linux IRQ, then runs every DPC still queued on &intr->dpcs
 * (in the caller, for the threaded backend, whose thread is gone with the
 * IRQ) and waits for the backend to let go of the queue.  On return the ISR
 * and the DPCs queued before the call will not run again, and nothing is
 * lost.  On the tasklet and wq_bh backends the queue is also empty: DPCs
 * that those DPCs queued have run too, over as many bounded drains as
 * they took.  On the threaded backend they stay queued for the next flush
 * or connect.  The object stays initialized: it may be connected again, or torn
 * down with nt_dpc_queue_destroy(&intr->dpcs) before it is freed.
 *
 * Context: process context; sleeps.  Never from a DPC routine of @intr.
 */
void nt_interrupt_disconnect(struct nt_interrupt *intr)
{
	struct nt_dpc_queue *q = &intr->dpcs;
	unsigned int irq = intr->irq;

	might_sleep();

	if (WARN_ON_ONCE(!irq))
		return;

	free_irq(irq, intr);

	raw_spin_lock_irq(&q->lock);
	WRITE_ONCE(intr->irq, 0);
	raw_spin_unlock_irq(&q->lock);

	nt_dpc_flush(q);
	nt_dpc_queue_quiesce(q, false);
}

/**
 * nt_interrupt_handler() - the Linux hard IRQ handler that calls the ISR.
 * @irq: Linux IRQ number.
 * @data: the struct nt_interrupt.
 *
 * Holds the interrupt spin lock around the ISR, as the NT kernel does
 * around a ServiceRoutine, which is what nt_synchronize_execution() relies
 * on.  Not meant to be called by drivers; it is visible so that tests can
 * install it as the handler of a software IRQ.
 *
 * Context: hard IRQ context.
 * Return: IRQ_NONE if the ISR returned false; IRQ_WAKE_THREAD if it
 * returned true and started a threaded queue (a low importance insertion
 * that leaves the queue idle does not); else IRQ_HANDLED.
 */
irqreturn_t nt_interrupt_handler(int irq, void *data)
{
	struct nt_interrupt *intr = data;
	bool handled, wake;
	u64 t0 = 0;

	raw_spin_lock(&intr->lock);
	WRITE_ONCE(intr->isr_cpu, smp_processor_id());
	WRITE_ONCE(intr->stats.isr_calls, intr->stats.isr_calls + 1);
	if (intr->isr_hook)
		t0 = local_clock();
	handled = intr->isr(intr, intr->service_context);
	if (!handled)
		WRITE_ONCE(intr->stats.isr_none, intr->stats.isr_none + 1);
	WRITE_ONCE(intr->isr_cpu, -1);
	wake = intr->isr_wake;
	intr->isr_wake = false;
	raw_spin_unlock(&intr->lock);

	if (intr->isr_hook)
		intr->isr_hook(intr, local_clock() - t0);

	/* Only a kick in the ISR (threaded backend) sets @wake. */
	if (!wake)
		return handled ? IRQ_HANDLED : IRQ_NONE;
	if (handled)
		return IRQ_WAKE_THREAD;
	/*
	 * An ISR that queued a DPC but claims the interrupt was not its own
	 * is wrong, but its DPC must still run: nt_dpc_insert() left the
	 * wake-up to us.
	 */
	irq_wake_thread(irq, intr);
	return IRQ_NONE;
}

/**
 * nt_synchronize_execution() - KeSynchronizeExecution.
 * @intr: the interrupt object whose ISR must be excluded.
 * @routine: SynchronizeRoutine (a SynchCritSection).
 * @context: SynchronizeContext, passed to @routine.
 *
 * Runs @routine with local interrupts disabled and the interrupt spin lock
 * held, so it never overlaps the ISR on any CPU: the way a driver touches
 * state it shares with its ISR.  Works before the interrupt is connected.
 *
 * Context: any, except the ISR of @intr and a SynchCritSection of @intr
 * (the lock is not recursive); does not sleep, and @routine must not.
 * Return: the value @routine returned.
 */
int nt_synchronize_execution(struct nt_interrupt *intr,
			     nt_synch_routine_t routine, void *context)
{
	unsigned long flags;
	int ret;

	raw_spin_lock_irqsave(&intr->lock, flags);
	ret = routine(context);
	raw_spin_unlock_irqrestore(&intr->lock, flags);
	return ret;
}
