/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntdpc.h - the Windows NT interrupt model (KINTERRUPT, KDPC,
 * KeSynchronizeExecution) on Linux.
 *
 * A driver written against this header reads like an NT driver: an
 * interrupt service routine that runs at "DIRQL" (hard IRQ context, under
 * the interrupt spin lock), deferred procedure calls that run at
 * "DISPATCH_LEVEL" (BH-disabled, never sleeping), and SynchCritSection
 * routines that touch state shared with the ISR from anywhere else.
 *
 * Mapping (see Documentation/nt-model.rst for the full table):
 *
 *   IoConnectInterrupt        nt_interrupt_connect()
 *   IoDisconnectInterrupt     nt_interrupt_disconnect()
 *   KeSynchronizeExecution    nt_synchronize_execution()
 *   KeInitializeDpc           nt_dpc_init()
 *   KeInsertQueueDpc          nt_dpc_insert()
 *   KeRemoveQueueDpc          nt_dpc_remove()
 *   KeSetImportanceDpc        nt_dpc_set_importance()
 *   KeSetTargetProcessorDpc   nt_dpc_set_target_cpu()
 *   KeFlushQueuedDpcs         nt_dpc_flush()
 *   IoInitializeDpcRequest    nt_io_initialize_dpc_request()
 *   IoRequestDpc              nt_io_request_dpc()
 *
 * DPCs are queued on a DPC queue (struct nt_dpc_queue) rather than on a
 * per-processor queue as in NT: every interrupt object owns one, and a
 * driver may create more.  The queue's backend decides which Linux
 * mechanism runs the DPCs; every backend keeps the same NT semantics.
 *
 * Locking: nt_interrupt.lock is the interrupt spin lock.  It is a raw
 * spinlock because the ISR runs in hard IRQ context even on PREEMPT_RT
 * (IRQF_NO_THREAD).  nt_dpc_queue.lock is a raw spinlock too, since
 * DPCs are inserted from the ISR.  Lock order: interrupt lock, then queue
 * lock.  Neither is ever held while a DPC routine runs.
 */
#ifndef _NTDPC_H
#define _NTDPC_H

#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct nt_dpc;
struct nt_dpc_queue;
struct nt_interrupt;

/*
 * The bound of one drain (see Documentation/nt-model.rst, "The single
 * drainer"): a drainer calls at most NT_DPC_DRAIN_BUDGET routines and
 * starts none once NT_DPC_DRAIN_NS have passed since it started, then
 * hands what is still queued to the next run of the queue's backend.
 */
#define NT_DPC_DRAIN_BUDGET	64
#define NT_DPC_DRAIN_NS		NSEC_PER_MSEC

/*
 * A low importance insertion kicks its queue only when the queue then
 * holds more than this many DPCs (NT's MaximumDpcQueueDepth, default 4);
 * otherwise the DPC waits for the next kick or for the queue's tick.
 */
#define NT_DPC_LOW_MAX_DEPTH	4

/**
 * enum nt_dpc_importance - KDPC_IMPORTANCE: where an insertion puts a DPC
 *	and whether it starts the queue at once, as on NT.
 * @NT_DPC_LOW: LowImportance: queued at the tail; the queue is not
 *	started unless it then holds more than NT_DPC_LOW_MAX_DEPTH DPCs.
 *	Otherwise the DPC runs at the next start of the queue (another
 *	insertion, a flush) or at the queue's tick, one jiffy later at most,
 *	whichever comes first (NT: the next clock tick or idle).
 * @NT_DPC_MEDIUM: MediumImportance (the default): queued at the tail; the
 *	queue is started at once.
 * @NT_DPC_HIGH: HighImportance: queued at the head, so it runs before
 *	every medium and low importance DPC already queued; the queue is
 *	started at once.
 */
enum nt_dpc_importance {
	NT_DPC_LOW,
	NT_DPC_MEDIUM,
	NT_DPC_HIGH,
};

/**
 * enum nt_dpc_backend - the Linux mechanism that runs a queue's DPCs.
 * @NT_DPC_BACKEND_TASKLET: a tasklet; the HI_SOFTIRQ tasklet when a
 *	high importance DPC is queued.  Softirq context.
 * @NT_DPC_BACKEND_THREADED: NT 6.0's threaded DPC (KeInitializeThreadedDpc):
 *	the routines run in a real-time thread rather than in the DPC
 *	dispatcher, here the interrupt's IRQ thread (SCHED_FIFO): the ISR
 *	wrapper returns IRQ_WAKE_THREAD and the thread drains the queue.
 *	As on NT, a routine must be written for DISPATCH_LEVEL (never
 *	sleep), since NT runs threaded DPCs as ordinary ones when they are
 *	disabled; unlike NT, where a threaded DPC runs at PASSIVE_LEVEL,
 *	the thread keeps bottom halves disabled, and the choice is per
 *	queue (every DPC of an interrupt's queue), not per DPC object.
 *	Needs an interrupt object.
 * @NT_DPC_BACKEND_WQ_BH: a work item on system_bh_wq (6.9+).  Softirq
 *	context.
 * @NT_DPC_BACKEND_COUNT: number of backends.
 */
enum nt_dpc_backend {
	NT_DPC_BACKEND_TASKLET,
	NT_DPC_BACKEND_THREADED,
	NT_DPC_BACKEND_WQ_BH,
	NT_DPC_BACKEND_COUNT,
};

/**
 * typedef nt_deferred_routine_t - PKDEFERRED_ROUTINE.
 * @dpc: the DPC object that ran.
 * @deferred_context: DeferredContext given to nt_dpc_init().
 *
 * NT's SystemArgument1 and SystemArgument2 are left out: no caller used
 * them (see nt_dpc_insert()).
 *
 * Runs with bottom halves disabled and must not sleep.
 */
typedef void (*nt_deferred_routine_t)(struct nt_dpc *dpc,
				      void *deferred_context);

/**
 * typedef nt_service_routine_t - PKSERVICE_ROUTINE, the ISR.
 * @intr: the interrupt object.
 * @service_context: ServiceContext given to nt_interrupt_connect().
 *
 * Runs in hard IRQ context with the interrupt spin lock held.  It may
 * call nt_dpc_insert() and nothing that sleeps, allocates or wakes tasks.
 *
 * Return: true if the device interrupted (IRQ_HANDLED), false if not
 * (IRQ_NONE).
 */
typedef bool (*nt_service_routine_t)(struct nt_interrupt *intr,
				     void *service_context);

/**
 * typedef nt_synch_routine_t - PKSYNCHRONIZE_ROUTINE, a SynchCritSection.
 * @context: SynchronizeContext given to nt_synchronize_execution().
 *
 * Runs with local interrupts disabled and the interrupt spin lock held.
 *
 * Return: any value; nt_synchronize_execution() returns it.
 */
typedef int (*nt_synch_routine_t)(void *context);

/**
 * struct nt_dpc_stats - per-DPC counters.
 * @inserted: nt_dpc_insert() calls that queued the DPC.
 * @coalesced: nt_dpc_insert() calls that found it already queued.
 * @ran: times the deferred routine was called; counted as the DPC is
 *	dequeued to run, so a run in progress is included, and nothing of
 *	the DPC is touched after its routine returns (it may free the DPC).
 * @removed: nt_dpc_remove() calls that dequeued it.
 *
 * Written only under the DPC queue lock; read with READ_ONCE().  For a
 * DPC that is not queued, @inserted == @ran + @removed.
 */
struct nt_dpc_stats {
	u64 inserted;
	u64 coalesced;
	u64 ran;
	u64 removed;
};

/**
 * struct nt_dpc_queue_stats - per-queue counters.
 * @yields: drains that stopped at their bound (NT_DPC_DRAIN_BUDGET
 *	routines or NT_DPC_DRAIN_NS) with DPCs still queued, and handed them
 *	to the next run of the backend.
 * @low_deferred: low importance insertions that left the queue idle (the
 *	queue held at most NT_DPC_LOW_MAX_DEPTH DPCs).
 * @low_ticks: times the queue's tick found DPCs waiting and started it.
 * @watchdog: DPC watchdog violations (NT's DPC_WATCHDOG_VIOLATION): DPC
 *	routines that ran longer than the queue's watchdog limit, plus
 *	drains that did with no single routine over it.
 *
 * Written only under the DPC queue lock; read with READ_ONCE().
 */
struct nt_dpc_queue_stats {
	u64 yields;
	u64 low_deferred;
	u64 low_ticks;
	u64 watchdog;
};

/**
 * struct nt_dpc - KDPC.
 * @entry: link in the queue; protected by @queue->lock.
 * @queued: true between insertion and dequeue; protected by @queue->lock.
 * @importance: queue position class; protected by @queue->lock.
 * @target_cpu: CPU to run on, or -1 for the inserting CPU.
 * @routine: DeferredRoutine.
 * @deferred_context: DeferredContext.
 * @queue: the queue this DPC is inserted into.
 * @name: short name for statistics and tracing.
 * @insert_ns: local_clock() at the first pending insertion.
 * @stats: counters.
 */
struct nt_dpc {
	struct list_head entry;
	bool queued;
	enum nt_dpc_importance importance;
	int target_cpu;
	nt_deferred_routine_t routine;
	void *deferred_context;
	struct nt_dpc_queue *queue;
	const char *name;
	u64 insert_ns;
	struct nt_dpc_stats stats;
};

/**
 * struct nt_dpc_queue - a DPC queue and the mechanism that drains it.
 * @lock: protects @list, @depth, @draining and every queued DPC's list
 *	state.
 * @list: queued DPCs, high importance first, otherwise in insertion order.
 * @depth: number of DPCs on @list.
 * @draining: a drainer is running DPCs; others leave the work to it, so a
 *	routine never runs concurrently with itself or with another routine
 *	of the same queue.  A drainer that stops at its bound clears it and
 *	kicks the backend, which then drains the rest.
 * @backend: which mechanism runs the DPCs.
 * @tasklet: drains the queue (NT_DPC_BACKEND_TASKLET).
 * @tasklet_hi: drains the queue from HI_SOFTIRQ when a high importance
 *	DPC is queued (NT_DPC_BACKEND_TASKLET).
 * @work: drains the queue on system_bh_wq (NT_DPC_BACKEND_WQ_BH).
 * @intr: owning interrupt, whose IRQ thread drains the queue
 *	(NT_DPC_BACKEND_THREADED).
 * @low_tick: the queue's "clock tick": armed, one jiffy ahead, by a low
 *	importance insertion that leaves the queue idle; starts the queue if
 *	DPCs still wait then.  Pinned to the inserting CPU.
 * @dead: set by nt_dpc_queue_destroy(); insertions are refused after it.
 * @fence: the last flush barrier (nt_dpc_flush()) queued and not yet run:
 *	a high importance DPC goes in right behind it rather than at the
 *	head, so that a stream of them cannot hold a flush back for ever.
 * @watchdog_ns: the DPC watchdog's limit for one routine and for one
 *	drain, in ns; 0: no watchdog.  Set with nt_dpc_queue_set_watchdog().
 * @watchdog_warned: the watchdog has warned once for this queue.
 * @latency_hook: if set, called at the start of each DPC with the time
 *	since its first insertion, in ns (statistics).
 * @stats: counters.
 */
struct nt_dpc_queue {
	raw_spinlock_t lock;
	struct list_head list;
	unsigned int depth;
	bool draining;
	enum nt_dpc_backend backend;
	struct tasklet_struct tasklet;
	struct tasklet_struct tasklet_hi;
	struct work_struct work;
	struct nt_interrupt *intr;
	struct timer_list low_tick;
	bool dead;
	struct nt_dpc *fence;
	u64 watchdog_ns;
	bool watchdog_warned;
	void (*latency_hook)(struct nt_dpc *dpc, u64 ns);
	struct nt_dpc_queue_stats stats;
};

/**
 * struct nt_interrupt_stats - per-interrupt-object counters.
 * @isr_calls: times the ISR ran.
 * @isr_none: times it returned false (IRQ_NONE).
 *
 * Written under the interrupt spin lock, read with READ_ONCE().
 */
struct nt_interrupt_stats {
	u64 isr_calls;
	u64 isr_none;
};

/**
 * struct nt_interrupt - KINTERRUPT.
 * @lock: the interrupt spin lock: held around the ISR and every
 *	SynchCritSection routine.
 * @irq: Linux IRQ number, or 0 when not connected to a Linux IRQ (tests).
 * @isr: ServiceRoutine.
 * @service_context: ServiceContext.
 * @isr_cpu: CPU currently running the ISR, or -1; tells nt_dpc_insert()
 *	whether the IRQ thread is woken by the ISR's return value.
 * @isr_wake: an insertion in the ISR asked for the IRQ thread
 *	(threaded backend): the handler returns IRQ_WAKE_THREAD.  Under @lock.
 * @dpcs: the DPC queue for this interrupt's DPCs.
 * @stats: counters.
 * @isr_hook: if set, called after each ISR with its duration in ns
 *	(statistics); runs in hard IRQ context.
 */
struct nt_interrupt {
	raw_spinlock_t lock;
	unsigned int irq;
	nt_service_routine_t isr;
	void *service_context;
	int isr_cpu;
	bool isr_wake;
	struct nt_dpc_queue dpcs;
	struct nt_interrupt_stats stats;
	void (*isr_hook)(struct nt_interrupt *intr, u64 ns);
};

/* DPC queues */
int nt_dpc_queue_init(struct nt_dpc_queue *q, enum nt_dpc_backend backend);
void nt_dpc_queue_destroy(struct nt_dpc_queue *q);
bool nt_dpc_backend_available(enum nt_dpc_backend backend);
const char *nt_dpc_backend_name(enum nt_dpc_backend backend);
void nt_dpc_queue_set_watchdog(struct nt_dpc_queue *q, unsigned int limit_us);

/* KDPC */
void nt_dpc_init(struct nt_dpc *dpc, struct nt_dpc_queue *q,
		 nt_deferred_routine_t routine, void *deferred_context,
		 const char *name);
bool nt_dpc_insert(struct nt_dpc *dpc);
bool nt_dpc_remove(struct nt_dpc *dpc);
void nt_dpc_set_importance(struct nt_dpc *dpc,
			   enum nt_dpc_importance importance);
void nt_dpc_set_target_cpu(struct nt_dpc *dpc, int cpu);
void nt_dpc_flush(struct nt_dpc_queue *q);

/* KINTERRUPT */
void nt_interrupt_init(struct nt_interrupt *intr, nt_service_routine_t isr,
		       void *service_context);
int nt_interrupt_connect(struct nt_interrupt *intr, unsigned int irq,
			 unsigned long irqflags, const char *name,
			 enum nt_dpc_backend backend);
void nt_interrupt_disconnect(struct nt_interrupt *intr);
irqreturn_t nt_interrupt_handler(int irq, void *data);
int nt_synchronize_execution(struct nt_interrupt *intr,
			     nt_synch_routine_t routine, void *context);

/**
 * nt_assert_synchronized() - assert that the caller holds @intr's
 * interrupt spin lock: that it runs in the ISR of @intr or in a
 * SynchCritSection of @intr.
 * @intr: the interrupt object.
 *
 * A lockdep check (lockdep_assert_held()), free without CONFIG_LOCKDEP:
 * put it where a comment would say "interrupt spin lock held".
 *
 * Context: the ISR or a SynchCritSection of @intr.
 */
#define nt_assert_synchronized(intr)	lockdep_assert_held(&(intr)->lock)

/* DpcForIsr */
void nt_io_initialize_dpc_request(struct nt_dpc *dpc,
				  struct nt_interrupt *intr,
				  nt_deferred_routine_t routine,
				  void *device_object);
void nt_io_request_dpc(struct nt_dpc *dpc);

#endif /* _NTDPC_H */
