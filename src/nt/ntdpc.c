// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc.c - the KDPC object of the NT interrupt model: KeInitializeDpc
 * (nt_dpc_init()), KeInsertQueueDpc (nt_dpc_insert()), KeRemoveQueueDpc
 * (nt_dpc_remove()), KeSetImportanceDpc, KeSetTargetProcessorDpc, and
 * the DpcForIsr of IoInitializeDpcRequest and IoRequestDpc.
 *
 * A DPC goes on a DPC queue (ntdpc_queue.c), whose single drainer runs
 * it.  As in NT, a DPC inserted while queued is not queued twice, and
 * high importance DPCs overtake the others.  See Documentation/nt-model.rst.
 *
 * The layer stands alone: it includes only its own headers (include/nt/
 * and src/nt/) and could serve another driver unchanged.
 */

#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/sched/clock.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>

#include "nt/ntdpc.h"
#include "ntdpc_internal.h"

/* The DPC events are defined here, and used by ntdpc_queue.c too. */
#define CREATE_TRACE_POINTS
#include "nt/ntdpc_trace.h"

/**
 * nt_dpc_init() - KeInitializeDpc: initialize a DPC object.
 * @dpc: the DPC.
 * @q: the queue nt_dpc_insert() will put it on.
 * @routine: DeferredRoutine.
 * @deferred_context: DeferredContext, passed to @routine.
 * @name: short name for statistics and tracing; not copied.
 *
 * Like KeInitializeDpc, the DPC starts with medium importance and no
 * target processor.  Must not be called while @dpc is queued.
 *
 * Context: any.
 */
void nt_dpc_init(struct nt_dpc *dpc, struct nt_dpc_queue *q,
		 nt_deferred_routine_t routine, void *deferred_context,
		 const char *name)
{
	INIT_LIST_HEAD(&dpc->entry);
	dpc->queued = false;
	dpc->importance = NT_DPC_MEDIUM;
	dpc->target_cpu = -1;
	dpc->routine = routine;
	dpc->deferred_context = deferred_context;
	dpc->queue = q;
	dpc->name = name;
	dpc->insert_ns = 0;
	memset(&dpc->stats, 0, sizeof(dpc->stats));
}

/**
 * nt_dpc_enqueue_locked() - link a DPC into its queue, or coalesce.
 * @q: @dpc's queue.
 * @dpc: the DPC.
 *
 * The insert and coalesce paths of KeInsertQueueDpc (nt_dpc_insert()) and
 * of the barrier of KeFlushQueuedDpcs (nt_dpc_flush()): the single place
 * for their tracepoints.  Does not start the queue.
 *
 * Context: any, with @q->lock held.
 * Return: true if @dpc was queued; false if it already was.
 */
bool nt_dpc_enqueue_locked(struct nt_dpc_queue *q, struct nt_dpc *dpc)
{
	lockdep_assert_held(&q->lock);

	if (dpc->queued) {
		WRITE_ONCE(dpc->stats.coalesced, dpc->stats.coalesced + 1);
		trace_ntdpc_coalesce(dpc, dpc->name, dpc->importance);
		return false;
	}

	if (q->latency_hook)
		dpc->insert_ns = local_clock();
	dpc->queued = true;
	if (dpc->importance == NT_DPC_HIGH)
		list_add(&dpc->entry, q->fence ? &q->fence->entry : &q->list);
	else
		list_add_tail(&dpc->entry, &q->list);
	q->depth++;
	WRITE_ONCE(dpc->stats.inserted, dpc->stats.inserted + 1);
	trace_ntdpc_insert(dpc, dpc->name, dpc->importance);
	return true;
}

/**
 * nt_dpc_insert() - KeInsertQueueDpc: queue a DPC to run.
 * @dpc: the DPC, initialized with nt_dpc_init().
 *
 * A high importance DPC goes to the head of its queue (behind a flush
 * barrier queued before it, see nt_dpc_flush()), any other to the
 * tail.  A high or medium importance insertion starts the queue at once; a
 * low importance one only if the queue then holds more than
 * NT_DPC_LOW_MAX_DEPTH DPCs, else the DPC waits for the next start or the
 * queue's tick (one jiffy), as NT's LowImportance waits for the queue
 * depth, the clock tick or idle.  As in NT, inserting a DPC that is
 * already queued changes nothing.
 * Once the routine has been called the DPC may be inserted again, also
 * from the routine itself, and then runs again.  NT's SystemArgument1 and
 * SystemArgument2 are left out: no caller used them (what a DPC is to do
 * travels in its DeferredContext, or in state the caller sets before
 * inserting, since a DPC that is already queued would keep the arguments
 * of its first insertion and drop the later ones).
 *
 * Context: any, including hard IRQ context and the ISR; does not sleep.
 * Return: true if the DPC was queued; false if it was already queued or
 * the queue is being destroyed.
 */
bool nt_dpc_insert(struct nt_dpc *dpc)
{
	struct nt_dpc_queue *q = dpc->queue;
	enum nt_dpc_importance importance;
	enum nt_dpc_backend backend;
	unsigned long flags;
	bool queued, kick;
	int cpu;

	raw_spin_lock_irqsave(&q->lock, flags);
	if (q->dead) {
		raw_spin_unlock_irqrestore(&q->lock, flags);
		return false;
	}
	queued = nt_dpc_enqueue_locked(q, dpc);
	/*
	 * A drainer at work will run it: it re-checks the list under this
	 * lock before it stops.  Kicking anyway would, for a tasklet running
	 * on another CPU, make this CPU spin in softirq until it finished.
	 */
	kick = queued && !q->draining;
	if (kick && dpc->importance == NT_DPC_LOW &&
	    q->depth <= NT_DPC_LOW_MAX_DEPTH) {
		kick = false;
		WRITE_ONCE(q->stats.low_deferred, q->stats.low_deferred + 1);
		/* Under the lock: nt_dpc_queue_destroy() sets @dead first. */
		if (!timer_pending(&q->low_tick))
			mod_timer(&q->low_tick, jiffies + 1);
	}
	importance = dpc->importance;
	cpu = dpc->target_cpu;
	backend = q->backend;
	raw_spin_unlock_irqrestore(&q->lock, flags);

	if (kick)
		nt_dpc_kick(q, backend, importance, cpu);
	return queued;
}

/**
 * nt_dpc_remove() - KeRemoveQueueDpc: take a DPC off its queue.
 * @dpc: the DPC.
 *
 * A DPC whose routine has already been called (it is running or has run)
 * is not queued any more and is not affected.
 *
 * Context: any; does not sleep.
 * Return: true if @dpc was queued and now is not; false otherwise.
 */
bool nt_dpc_remove(struct nt_dpc *dpc)
{
	struct nt_dpc_queue *q = dpc->queue;
	unsigned long flags;
	bool removed = false;

	raw_spin_lock_irqsave(&q->lock, flags);
	if (dpc->queued) {
		list_del_init(&dpc->entry);
		q->depth--;
		dpc->queued = false;
		if (q->fence == dpc)
			q->fence = NULL;
		WRITE_ONCE(dpc->stats.removed, dpc->stats.removed + 1);
		removed = true;
	}
	raw_spin_unlock_irqrestore(&q->lock, flags);
	return removed;
}

/**
 * nt_dpc_set_importance() - KeSetImportanceDpc.
 * @dpc: the DPC.
 * @importance: NT_DPC_LOW, NT_DPC_MEDIUM or NT_DPC_HIGH.
 *
 * Takes effect at the next insertion; a DPC already queued keeps its
 * place.  See enum nt_dpc_importance for what each level does.
 *
 * Context: any; does not sleep.
 */
void nt_dpc_set_importance(struct nt_dpc *dpc,
			   enum nt_dpc_importance importance)
{
	struct nt_dpc_queue *q = dpc->queue;
	unsigned long flags;

	if (WARN_ON_ONCE((unsigned int)importance > NT_DPC_HIGH))
		importance = NT_DPC_MEDIUM;

	raw_spin_lock_irqsave(&q->lock, flags);
	dpc->importance = importance;
	raw_spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * nt_dpc_set_target_cpu() - KeSetTargetProcessorDpc.
 * @dpc: the DPC.
 * @cpu: the CPU to run on, or -1 for the CPU that inserts it.
 *
 * Takes effect at the next insertion.  Only the wq_bh backend honours it;
 * a tasklet runs on the inserting CPU and the IRQ thread follows the
 * interrupt's affinity.  On every backend a DPC that finds another DPC of
 * its queue running is run by that queue's drainer, on the drainer's CPU.
 *
 * Context: any; does not sleep.
 */
void nt_dpc_set_target_cpu(struct nt_dpc *dpc, int cpu)
{
	struct nt_dpc_queue *q = dpc->queue;
	unsigned long flags;

	if (WARN_ON_ONCE(cpu < -1 || cpu >= (int)nr_cpu_ids))
		cpu = -1;

	raw_spin_lock_irqsave(&q->lock, flags);
	dpc->target_cpu = cpu;
	raw_spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * nt_io_initialize_dpc_request() - IoInitializeDpcRequest: set up DpcForIsr.
 * @dpc: the DPC to use as the device's DpcForIsr.
 * @intr: the interrupt object whose queue runs it.
 * @routine: DpcForIsr routine; receives @device_object as its deferred
 *	context.
 * @device_object: DeviceObject.
 *
 * Context: any.
 */
void nt_io_initialize_dpc_request(struct nt_dpc *dpc,
				  struct nt_interrupt *intr,
				  nt_deferred_routine_t routine,
				  void *device_object)
{
	nt_dpc_init(dpc, &intr->dpcs, routine, device_object, "DpcForIsr");
}

/**
 * nt_io_request_dpc() - IoRequestDpc: queue the DpcForIsr.
 * @dpc: the DPC set up by nt_io_initialize_dpc_request() (NT's
 *	DeviceObject->Dpc).
 *
 * Exactly nt_dpc_insert(@dpc), as IoRequestDpc is exactly
 * KeInsertQueueDpc(&DeviceObject->Dpc, Irp, Context), and, like
 * IoRequestDpc, it returns nothing: a DpcForIsr that is already queued is
 * not queued again.  A caller that needs to know uses nt_dpc_insert() on
 * the same DPC.  NT's Irp and Context (the DPC's SystemArgument1 and 2)
 * are left out, as they are from nt_dpc_insert(): no caller used them.
 *
 * Context: any, normally the ISR; does not sleep.
 */
void nt_io_request_dpc(struct nt_dpc *dpc)
{
	nt_dpc_insert(dpc);
}
