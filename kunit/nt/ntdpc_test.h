/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntdpc_test.h - the fixture shared by the KUnit suites of the NT layer
 * (kunit/nt/): an interrupt object connected to a software IRQ, DPCs that
 * record how, where and in what order they ran, and the helpers that
 * raise the interrupt in hard IRQ context, hold a queue still and run
 * test threads.  See ntdpc_test_common.c and ntdpc_test_context.c.
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
#ifndef _NTDPC_TEST_H
#define _NTDPC_TEST_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/irq_work.h>
#include <linux/types.h>

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

/* The backends this kernel has: tasklet, threaded and, on 6.9+, wq_bh. */
#define NTDPC_TEST_BACKENDS	(2 + NT_HAVE_WQ_BH)

enum ntdpc_isr_mode {
	NTDPC_ISR_CLAIM,	/* claim the interrupt, do nothing else */
	NTDPC_ISR_REFUSE,	/* return false: not our interrupt */
	NTDPC_ISR_INSERT,	/* KeInsertQueueDpc(isr_dpc) */
	NTDPC_ISR_REQUEST,	/* IoRequestDpc(isr_dpc) */
	NTDPC_ISR_RMW,		/* non-atomic updates of shared state */
};

struct ntdpc_test;
struct ntdpc_thread;

/**
 * struct ntdpc_hardirq - a function to run in hard IRQ context.
 * @work: the hard irq_work that calls @fn.
 * @fn: the function.
 * @arg: its argument.
 *
 * One per thread that uses it (the case, a test thread): see
 * ntdpc_in_hardirq().
 */
struct ntdpc_hardirq {
	struct irq_work work;
	void (*fn)(void *arg);
	void *arg;
};

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

/* The fixture: test->priv of every case of a suite with ntdpc_test_init(). */
struct ntdpc_test {
	struct kunit *test;
	enum nt_dpc_backend backend;
	unsigned int irq;
	bool connected;
	bool q_live;		/* obj->q is initialized and not destroyed */
	bool broken;		/* the layer got stuck: leak, don't free */
	struct ntdpc_obj *obj;
	struct nt_interrupt *intr;
	struct ntdpc_hardirq hardirq;	/* the case's own */

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

/* A kthread pinned to one CPU; @fn must end with complete(&done). */
struct ntdpc_thread {
	struct ntdpc_test *t;
	struct task_struct *task;
	bool stop;		/* give up the loop: the case timed out */
	struct nt_dpc *dpc;
	struct ntdpc_hardirq hardirq;	/* the thread's own */
	struct completion done;
	atomic_t *go;
	int iters;
	int task_inserts;
	int task_queued;
	int synch_bad_ret;
};

/**
 * struct ntdpc_param - one parameter of a table case: a backend and a row.
 * @backend: first, so that ntdpc_test_init() reads it as it reads the
 *	parameter of a case that runs once per backend.
 * @row: the row of the case's table; its first member is its name.
 */
struct ntdpc_param {
	enum nt_dpc_backend backend;
	const void *row;
};

const void *ntdpc_backend_gen_params(const void *prev, char *desc);
const void *ntdpc_param_next(struct ntdpc_param *params, const void *prev,
			     const void *rows, size_t nrows, size_t row_size,
			     char *desc);

int ntdpc_test_init(struct kunit *test);
void ntdpc_test_exit(struct kunit *test);

bool ntdpc_spin_until(const bool *flag, unsigned int ms);
bool ntdpc_dpc_context_ok(enum nt_dpc_backend backend);
void ntdpc_rmw(struct ntdpc_test *t);
bool ntdpc_isr(struct nt_interrupt *intr, void *service_context);
int ntdpc_other_cpu(int this);
void ntdpc_hardirq_init(struct ntdpc_hardirq *h);
int ntdpc_in_hardirq(struct ntdpc_hardirq *h, bool other,
		     void (*fn)(void *arg), void *arg);
void ntdpc_fire_here(struct ntdpc_test *t);
void ntdpc_thread_fire_here(struct ntdpc_thread *th);
int ntdpc_fire_other(struct ntdpc_test *t);
struct ntdpc_probe *ntdpc_probe(struct ntdpc_test *t, int id);
void ntdpc_probe_fn(struct nt_dpc *dpc, void *ctx);
void ntdpc_sleep_ms(unsigned int ms);
bool ntdpc_wait(struct completion *c);
struct ntdpc_probe *ntdpc_gate_close(struct ntdpc_test *t, int id,
				     unsigned int spin_ms);
void ntdpc_gate_open(struct ntdpc_probe *gate);
void ntdpc_flush(struct ntdpc_test *t);
void ntdpc_need_two_cpus(struct kunit *test);

struct ntdpc_thread *ntdpc_thread_start(struct ntdpc_test *t, int cpu,
					int (*fn)(void *), struct nt_dpc *dpc,
					atomic_t *go, int iters);
bool ntdpc_thread_join(struct ntdpc_test *t, struct ntdpc_thread *th);
void ntdpc_wait_go(atomic_t *go);

#endif /* _NTDPC_TEST_H */
