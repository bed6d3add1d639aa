// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc.c - the Windows NT interrupt model on Linux: interrupt objects
 * (KINTERRUPT), deferred procedure calls (KDPC) and KeSynchronizeExecution.
 *
 * Every DPC queue has exactly one drainer at a time (nt_dpc_drain()).  All
 * backends funnel into it, which is what keeps the NT guarantees identical
 * on every backend: a DPC routine never runs concurrently with itself, a
 * DPC inserted while queued is not queued twice, and high importance DPCs
 * overtake the others.  A drain is bounded in routines and in time and
 * hands what is left to the next run of its backend, so that a DPC that
 * keeps re-inserting itself does not hold its CPU's softirqs.  See
 * Documentation/nt-model.rst.
 *
 * The layer stands alone: it includes only its own headers
 * (include/nt/) and could serve another driver unchanged.
 */

#define pr_fmt(fmt) "ntdpc: " fmt

#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "nt/ntdpc.h"
#include "nt/ntdpc_compat.h"

#define CREATE_TRACE_POINTS
#include "nt/ntdpc_trace.h"

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

static int nt_dpc_backend_check(enum nt_dpc_backend backend)
{
	if ((unsigned int)backend >= NT_DPC_BACKEND_COUNT)
		return -EINVAL;
	if (!nt_dpc_backend_available(backend))
		return -EOPNOTSUPP;
	return 0;
}

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

/*
 * Make the backend run nt_dpc_drain() soon.  Called without q->lock, after
 * the DPC was linked in, so a drainer that is just finishing either sees the
 * new entry or has cleared @draining before this kick arrives.  A drainer
 * that stopped at its bound calls it too, from its own context (-1: its
 * own CPU): a tasklet reschedules itself, the work item requeues itself,
 * and the IRQ thread wakes itself, so irq_thread() runs it again.
 */
static void nt_dpc_kick(struct nt_dpc_queue *q, enum nt_dpc_backend backend,
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

/*
 * The DPC watchdog of one drain, as NT's DPC_WATCHDOG_VIOLATION: parameter
 * 1 of that bug check is 0 when a single DPC ran past its allotment and 1
 * when the processor spent too long at DISPATCH_LEVEL in all.  Here every
 * routine that runs longer than the limit counts, and so does a drain
 * whose total passes it when no routine of it counted before; the first
 * violation of a queue is reported once with pr_warn().  Counted under the
 * queue lock as soon as the routine returns, so nt_dpc_flush() sees it.
 * Times are local_clock() differences, as for the drain's bound, and
 * include, as NT's do, whatever interrupted (or, on PREEMPT_RT, preempted)
 * the routine.
 */
struct nt_dpc_watchdog {
	u64 limit_ns;
	bool counted;		/* a routine or the drain was counted */
	bool warn;		/* first violation of the queue: report it */
	bool drain;		/* ... it was the drain's total */
	const char *name;	/* ... the routine, or the one in whose run */
	u64 ns;			/* ... the drain passed the limit, and the time */
};

/* After each routine, under the queue lock: @ns its time, @total the drain's. */
static void nt_dpc_watchdog_note(struct nt_dpc_queue *q,
				 struct nt_dpc_watchdog *wd, const char *name,
				 u64 ns, u64 total)
{
	bool drain = false;

	lockdep_assert_held(&q->lock);
	if (ns <= wd->limit_ns) {
		if (total <= wd->limit_ns || wd->counted)
			return;
		drain = true;
		ns = total;
	}
	wd->counted = true;
	WRITE_ONCE(q->stats.watchdog, q->stats.watchdog + 1);
	if (q->watchdog_warned)
		return;
	q->watchdog_warned = true;
	wd->warn = true;
	wd->drain = drain;
	wd->name = name;
	wd->ns = ns;
}

/* At the end of the drain, without the queue lock. */
static void nt_dpc_watchdog_warn(const struct nt_dpc_watchdog *wd)
{
	if (!wd->warn)
		return;
	if (wd->drain)
		pr_warn("DPC watchdog: a drain ran %llu us, past the limit of %llu us in %s\n",
			div_u64(wd->ns, NSEC_PER_USEC),
			div_u64(wd->limit_ns, NSEC_PER_USEC), wd->name);
	else
		pr_warn("DPC watchdog: %s ran %llu us, limit %llu us\n",
			wd->name, div_u64(wd->ns, NSEC_PER_USEC),
			div_u64(wd->limit_ns, NSEC_PER_USEC));
}

/*
 * The single drainer.  Whoever finds @draining clear takes the queue;
 * everyone else leaves, knowing the drainer re-checks the list under the
 * lock before it stops.  That one rule is what serialises the routines and
 * what makes the tasklet, the HI tasklet, the BH work item and the IRQ
 * thread interchangeable.
 *
 * One drain is bounded: after NT_DPC_DRAIN_BUDGET routines, or once
 * NT_DPC_DRAIN_NS have passed, it stops with DPCs still queued.  A DPC
 * that keeps re-inserting itself (a fast line's receive DPC) would
 * otherwise keep this tasklet, work item or BH-disabled IRQ thread going
 * for as long as it likes, and with it every other softirq of this CPU.
 * The rest is handed over the way it came in: @draining is cleared and
 * the backend kicked, from this CPU, as an insertion would, so whatever
 * else is pending here (other tasklets, BH work, softirqs) runs first.
 * The order of the list is untouched, so high importance DPCs still come
 * first, and nothing is dropped.  At least one routine runs per drain.
 *
 * Nothing of a DPC is touched once its routine has been called, so a
 * routine may free its own DPC, and nt_dpc_flush() can use an on-stack one.
 *
 * Return: true if it stopped at the bound and kicked the backend for the
 * rest; false if it emptied the queue or found another drainer at work.
 */
static bool nt_dpc_drain(struct nt_dpc_queue *q)
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
	q->draining = false;
	q->backend = backend;
	tasklet_setup(&q->tasklet, nt_dpc_tasklet_fn);
	tasklet_setup(&q->tasklet_hi, nt_dpc_tasklet_hi_fn);
#if NT_HAVE_WQ_BH
	INIT_WORK(&q->work, nt_dpc_work_fn);
#endif
	q->intr = NULL;
	timer_setup(&q->low_tick, nt_dpc_low_tick_fn, TIMER_PINNED);
	q->dead = false;
	q->watchdog_ns = 0;
	q->watchdog_warned = false;
	q->latency_hook = NULL;
	memset(&q->stats, 0, sizeof(q->stats));
	return 0;
}

/**
 * nt_dpc_queue_set_watchdog() - set the DPC watchdog's limit for a queue.
 * @q: the queue, initialized.
 * @limit_us: the longest a single DPC routine, or one drain of @q, may run
 *	before it counts as a violation, in microseconds; 0 turns the
 *	watchdog off (the default).
 *
 * NT's DPC watchdog bug-checks (DPC_WATCHDOG_VIOLATION) when a DPC, or the
 * DPCs a processor runs back to back, run past their time allotment.  This
 * one counts the violation in &q->stats.watchdog and warns once per queue
 * with the routine's name and the time it took.  Takes effect from the
 * next routine that starts, in a drain under way too.
 *
 * Context: any; does not sleep.
 */
void nt_dpc_queue_set_watchdog(struct nt_dpc_queue *q, unsigned int limit_us)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&q->lock, flags);
	q->watchdog_ns = (u64)limit_us * NSEC_PER_USEC;
	raw_spin_unlock_irqrestore(&q->lock, flags);
}

/*
 * Wait until no tasklet or work item of @q is scheduled or running.  Needed
 * on top of a flush: the barrier only proves the drainer called its
 * routine, not that the drainer has let go of @q.  Every mechanism is
 * waited for, not just the current backend's, because a queue whose
 * interrupt was reconnected with another backend may still have a kick of
 * the old one in flight.
 */
static void nt_dpc_queue_wait(struct nt_dpc_queue *q, bool cancel)
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

/*
 * nt_dpc_queue_wait(), until it holds for good.  tasklet_kill() keeps
 * TASKLET_STATE_SCHED set while it waits, so a tasklet that a drainer
 * stopping at its bound, or an insertion, schedules meanwhile is never
 * run; cancel_work_sync() drops a requeued work item the same way.  So
 * this goes round again, kicking the backend itself, until nobody drains
 * @q and nothing is left in it for a backend that runs: DPCs queued by
 * DPCs run before it returns, as they did when one drain ran until the
 * queue was empty.  Those of a threaded queue without its IRQ thread stay
 * queued for the next flush or connect, which run them.
 */
static void nt_dpc_queue_quiesce(struct nt_dpc_queue *q, bool cancel)
{
	enum nt_dpc_importance importance;
	enum nt_dpc_backend backend;
	struct nt_dpc *head;
	unsigned int pass;
	bool busy;

	/* Only the first pass may cancel: a later one waits for our kick. */
	for (pass = 0; ; pass++) {
		nt_dpc_queue_wait(q, cancel && !pass);

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

/*
 * The insert and coalesce paths of nt_dpc_insert(), under q->lock: the
 * single place for their tracepoints.
 */
static bool nt_dpc_enqueue_locked(struct nt_dpc_queue *q, struct nt_dpc *dpc)
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
		list_add(&dpc->entry, &q->list);
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
 * A high importance DPC goes to the head of its queue, any other to the
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
 * queued after the call may or may not have run.
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
