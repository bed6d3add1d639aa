// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_queue.c - the DPC queue of the NT interrupt model: NT's
 * per-processor DPC queue and its DPC dispatcher (the drainer), here an
 * object of its own (nt_dpc_queue_init(), nt_dpc_queue_destroy()), with
 * KeFlushQueuedDpcs (nt_dpc_flush()).  The mechanisms that run it are in
 * ntdpc_backend.c.
 *
 * Every DPC queue has exactly one drainer at a time (nt_dpc_drain()).  All
 * backends funnel into it, which is what keeps the NT guarantees identical
 * on every backend: a DPC routine never runs concurrently with itself, a
 * DPC inserted while queued is not queued twice, and high importance DPCs
 * overtake the others.  A drain is bounded in routines and in time and
 * hands what is left to the next run of its backend, so that a DPC that
 * keeps re-inserting itself does not hold its CPU's softirqs.  See
 * Documentation/nt-model.rst.
 */

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "nt/ntdpc.h"
#include "nt/ntdpc_compat.h"
#include "nt/ntdpc_trace.h"
#include "ntdpc_internal.h"

struct nt_dpc_barrier {
	struct nt_dpc dpc;
	struct completion done;
};

static void nt_dpc_barrier_fn(struct nt_dpc *dpc, void *ctx)
{
	struct nt_dpc_barrier *barrier = ctx;

	complete(&barrier->done);
}

/* What the drainer copies out of a DPC, under the queue lock, to run it. */
struct nt_dpc_call {
	nt_deferred_routine_t routine;
	void *deferred_context;
	u64 insert_ns;
	void (*latency_hook)(struct nt_dpc *dpc, u64 ns);
	const char *name;
	int importance;
};

/*
 * The run path, without the queue lock: the single place for its
 * tracepoints.  @dpc may be freed by its own routine, so after the call
 * it is only a value to report, never to dereference.
 */
static void nt_dpc_run(struct nt_dpc *dpc, const struct nt_dpc_call *call)
{
	if (call->latency_hook)
		call->latency_hook(dpc, local_clock() - call->insert_ns);
	trace_ntdpc_run_start(dpc, call->name, call->importance);
	call->routine(dpc, call->deferred_context);
	trace_ntdpc_run_end(dpc, call->name, call->importance);
}

/*
 * An interrupt with no Linux IRQ (never connected, or disconnected) has no
 * IRQ thread, so a THREADED queue then has nobody to drain it but the
 * caller of nt_dpc_flush().
 */
static bool nt_dpc_queue_has_thread(struct nt_dpc_queue *q)
{
	return q->intr && READ_ONCE(q->intr->irq);
}

/**
 * nt_dpc_drain() - run the DPCs of a queue: the single drainer.
 * @q: the queue.
 *
 * NT's DPC dispatcher (KiRetireDpcList), for one queue.  Whoever finds
 * @q->draining clear takes the queue; everyone else leaves, knowing the
 * drainer re-checks the list under the lock before it stops.  That one
 * rule is what serialises the routines and what makes the tasklet, the HI
 * tasklet, the BH work item and the IRQ thread interchangeable.
 *
 * One drain is bounded: after NT_DPC_DRAIN_BUDGET routines, or once
 * NT_DPC_DRAIN_NS have passed, it stops with DPCs still queued.  A DPC
 * that keeps re-inserting itself (a fast line's receive DPC) would
 * otherwise keep this tasklet, work item or BH-disabled IRQ thread going
 * for as long as it likes, and with it every other softirq of this CPU.
 * The rest is handed over the way it came in: @q->draining is cleared and
 * the backend kicked, from this CPU, as an insertion would, so whatever
 * else is pending here (other tasklets, BH work, softirqs) runs first.
 * The order of the list is untouched, so high importance DPCs still come
 * first, and nothing is dropped.  At least one routine runs per drain.
 *
 * Nothing of a DPC is touched once its routine has been called, so a
 * routine may free its own DPC, and nt_dpc_flush() can use an on-stack one.
 *
 * Context: softirq context, or the IRQ thread or a flush with bottom
 * halves disabled; takes @q->lock.
 * Return: true if it stopped at the bound and kicked the backend for the
 * rest; false if it emptied the queue or found another drainer at work.
 */
bool nt_dpc_drain(struct nt_dpc_queue *q)
{
	unsigned int budget = NT_DPC_DRAIN_BUDGET;
	enum nt_dpc_importance importance;
	struct nt_dpc_watchdog wd = { };
	enum nt_dpc_backend backend;
	struct nt_dpc_call call;
	struct nt_dpc *dpc;
	bool bound = false;
	u64 start, t0, now;

	raw_spin_lock_irq(&q->lock);
	if (q->draining) {
		raw_spin_unlock_irq(&q->lock);
		return false;
	}
	q->draining = true;
	start = local_clock();
	now = start;

	for (;;) {
		dpc = list_first_entry_or_null(&q->list, struct nt_dpc, entry);
		if (!dpc)
			break;
		if (bound)
			goto yield;
		list_del_init(&dpc->entry);
		q->depth--;
		dpc->queued = false;
		if (q->fence == dpc)
			q->fence = NULL;
		WRITE_ONCE(dpc->stats.ran, dpc->stats.ran + 1);
		call.routine = dpc->routine;
		call.deferred_context = dpc->deferred_context;
		call.insert_ns = dpc->insert_ns;
		call.name = dpc->name;
		call.importance = dpc->importance;
		/* Flush barriers are not DPCs anyone measures. */
		call.latency_hook = call.routine == nt_dpc_barrier_fn ?
				    NULL : q->latency_hook;
		/* A new limit holds from the next routine, not the next drain. */
		wd.limit_ns = q->watchdog_ns;
		raw_spin_unlock_irq(&q->lock);

		/*
		 * The clock read that ended the last routine starts this one:
		 * one read per routine, for the bound and the watchdog both.
		 * The dequeue under the lock counts to the routine.
		 */
		t0 = now;
		nt_dpc_run(dpc, &call);
		now = local_clock();
		bound = !--budget || now - start >= NT_DPC_DRAIN_NS;

		raw_spin_lock_irq(&q->lock);
		if (wd.limit_ns)
			nt_dpc_watchdog_note(q, &wd, call.name, now - t0,
					     now - start);
	}

	q->draining = false;
	raw_spin_unlock_irq(&q->lock);
	nt_dpc_watchdog_warn(&wd);
	return false;

yield:
	WRITE_ONCE(q->stats.yields, q->stats.yields + 1);
	/* The HI tasklet or highpri BH workqueue if the head asks for it. */
	importance = dpc->importance;
	backend = q->backend;
	/*
	 * Cleared before the kick, as nt_dpc_kick() requires: the run it
	 * starts, or any insertion meanwhile, finds no drainer and drains.
	 */
	q->draining = false;
	raw_spin_unlock_irq(&q->lock);

	nt_dpc_watchdog_warn(&wd);
	nt_dpc_kick(q, backend, importance, -1);
	return true;
}

/**
 * nt_dpc_queue_init() - initialize a DPC queue.
 * @q: the queue.
 * @backend: the mechanism that runs its DPCs: NT_DPC_BACKEND_TASKLET or,
 *	on 6.9+, NT_DPC_BACKEND_WQ_BH.  NT_DPC_BACKEND_THREADED needs an
 *	IRQ thread, so it is chosen by nt_interrupt_connect() instead.
 *
 * NT has one DPC queue per processor and no call for this; here a queue is
 * an explicit object so that each interrupt (and a driver, if it wants)
 * gets its own, with its own backend and its own flush scope.
 *
 * Context: any; does not sleep.
 * Return: 0; -EINVAL for an unknown backend or for the threaded one;
 * -EOPNOTSUPP if the backend does not exist on this kernel.
 */
int nt_dpc_queue_init(struct nt_dpc_queue *q, enum nt_dpc_backend backend)
{
	int ret = nt_dpc_backend_check(backend);

	if (ret)
		return ret;
	if (backend == NT_DPC_BACKEND_THREADED)
		return -EINVAL;

	raw_spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->list);
	q->depth = 0;
	q->fence = NULL;
	q->draining = false;
	q->backend = backend;
	nt_dpc_backend_init(q);
	q->intr = NULL;
	q->dead = false;
	q->watchdog_ns = 0;
	q->watchdog_warned = false;
	q->latency_hook = NULL;
	memset(&q->stats, 0, sizeof(q->stats));
	return 0;
}

/**
 * nt_dpc_queue_quiesce() - wait until no backend holds a DPC queue.
 * @q: the queue.
 * @cancel: cancel rather than flush a queued wq_bh work item, on the
 *	first pass (nt_dpc_queue_destroy()).
 *
 * The end of KeFlushQueuedDpcs for a queue that is going away
 * (nt_dpc_queue_destroy(), IoDisconnectInterrupt): nt_dpc_backend_wait(),
 * until it holds for good.  tasklet_kill() keeps
 * TASKLET_STATE_SCHED set while it waits, so a tasklet that a drainer
 * stopping at its bound, or an insertion, schedules meanwhile is never
 * run; cancel_work_sync() drops a requeued work item the same way.  So
 * this goes round again, kicking the backend itself, until nobody drains
 * @q and nothing is left in it for a backend that runs: DPCs queued by
 * DPCs run before it returns, as they did when one drain ran until the
 * queue was empty.  Those of a threaded queue without its IRQ thread stay
 * queued for the next flush or connect, which run them.
 *
 * Context: process context; sleeps.  Never from a DPC routine of @q.
 */
void nt_dpc_queue_quiesce(struct nt_dpc_queue *q, bool cancel)
{
	enum nt_dpc_importance importance;
	enum nt_dpc_backend backend;
	struct nt_dpc *head;
	unsigned int pass;
	bool busy;

	/* Only the first pass may cancel: a later one waits for our kick. */
	for (pass = 0; ; pass++) {
		nt_dpc_backend_wait(q, cancel && !pass);

		raw_spin_lock_irq(&q->lock);
		busy = q->draining;
		backend = q->backend;
		head = list_first_entry_or_null(&q->list, struct nt_dpc, entry);
		importance = head ? head->importance : NT_DPC_MEDIUM;
		if (backend == NT_DPC_BACKEND_THREADED &&
		    !nt_dpc_queue_has_thread(q))
			head = NULL;
		raw_spin_unlock_irq(&q->lock);

		if (!busy && !head)
			return;
		if (busy) {
			/*
			 * Not a tasklet or work item of ours (those were just
			 * waited for), so a flush draining in its caller or
			 * the IRQ thread: it ends, or kicks, by itself.
			 */
			schedule_timeout_uninterruptible(1);
			continue;
		}
		nt_dpc_kick(q, backend, importance, -1);
	}
}

/**
 * nt_dpc_queue_destroy() - tear down a DPC queue.
 * @q: the queue.
 *
 * Insertions are refused from now on (nt_dpc_insert() returns false);
 * DPCs already queued still run, so nothing a driver queued is lost.  On
 * return no DPC of @q is queued or running and no backend still holds @q,
 * so its memory, and that of its DPCs, may be freed.  For an interrupt's
 * own queue, call nt_interrupt_disconnect() first.
 *
 * Context: process context; sleeps.  Never from a DPC routine of @q.
 */
void nt_dpc_queue_destroy(struct nt_dpc_queue *q)
{
	might_sleep();

	raw_spin_lock_irq(&q->lock);
	q->dead = true;
	raw_spin_unlock_irq(&q->lock);

	nt_dpc_flush(q);
	nt_dpc_queue_quiesce(q, true);
	/* @dead stops the arming; the queue is empty, so it kicks nothing. */
	del_timer_sync(&q->low_tick);
}

/*
 * Drain @q in the caller, for a threaded queue with no IRQ thread, until
 * @done (a flush barrier's) is complete, and consume it.  With no thread,
 * a drain that stops at its bound kicks nobody, so drain again; between
 * two drains pending softirqs run (local_bh_enable()) and the caller may
 * be rescheduled.  A drainer that is not ours (a flush on another CPU, or
 * a stale tasklet of an earlier backend) may hold the queue meanwhile:
 * wait for it a tick rather than spin.  try_wait_for_completion() and
 * wait_for_completion_timeout() both consume @done when they succeed, so
 * that is the only way out.
 */
static void nt_dpc_drain_until(struct nt_dpc_queue *q, struct completion *done)
{
	bool yielded;

	for (;;) {
		local_bh_disable();
		yielded = nt_dpc_drain(q);
		local_bh_enable();
		if (try_wait_for_completion(done))
			return;
		if (yielded)
			cond_resched();
		else if (wait_for_completion_timeout(done, 1))
			return;
	}
}

/**
 * nt_dpc_flush() - KeFlushQueuedDpcs, for one DPC queue.
 * @q: the queue.
 *
 * Waits until every DPC queued on @q before the call has run to
 * completion, including one whose routine is running now.  A barrier DPC
 * is queued at the tail: the queue drains in order, one routine at a time,
 * and high importance DPCs go to the head, so whatever was queued before
 * the barrier has returned from its routine when the barrier runs.  DPCs
 * queued after the call may or may not have run.  The barrier is also a
 * fence: a high importance DPC queued while it waits goes in behind it,
 * not ahead, so that a device whose DPCs keep coming (another port on the
 * same interrupt line) cannot keep the flush waiting for ever.  NT does
 * not document what its HighImportance DPCs do to KeFlushQueuedDpcs;
 * this is the difference that guarantees the flush ends.
 *
 * A threaded queue whose interrupt is not connected has no IRQ thread; its
 * DPCs are then run here, in the caller, with bottom halves disabled, in
 * drains bounded as everywhere else, until the barrier has run: between
 * two of them pending softirqs run and the caller may be rescheduled.
 * What the DPCs queue behind the barrier stays for the next flush.
 *
 * Context: process context; sleeps.  Never from a DPC routine of @q: the
 * barrier would wait for the routine that waits for it.
 */
void nt_dpc_flush(struct nt_dpc_queue *q)
{
	struct nt_dpc_barrier barrier;
	enum nt_dpc_backend backend;
	bool inline_drain, kick;

	might_sleep();

	init_completion(&barrier.done);
	nt_dpc_init(&barrier.dpc, q, nt_dpc_barrier_fn, &barrier, "flush");

	raw_spin_lock_irq(&q->lock);
	/* Bypasses @dead: destroy flushes a dead queue. */
	nt_dpc_enqueue_locked(q, &barrier.dpc);
	q->fence = &barrier.dpc;
	backend = q->backend;
	inline_drain = backend == NT_DPC_BACKEND_THREADED &&
		       !nt_dpc_queue_has_thread(q);
	kick = !q->draining;
	raw_spin_unlock_irq(&q->lock);

	if (inline_drain) {
		nt_dpc_drain_until(q, &barrier.done);
		return;
	}
	if (kick)
		nt_dpc_kick(q, backend, NT_DPC_MEDIUM, -1);
	wait_for_completion(&barrier.done);
}
