/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntdpc_internal.h - what the files of the NT layer (src/nt/) share and
 * nobody else may use: the drainer, the backends' kick, the DPC watchdog
 * of one drain.  Drivers include "nt/ntdpc.h" only.
 */
#ifndef _NTDPC_INTERNAL_H
#define _NTDPC_INTERNAL_H

#include <linux/types.h>

#include "nt/ntdpc.h"

/**
 * struct nt_dpc_watchdog - the DPC watchdog of one drain.
 * @limit_ns: the queue's limit, read before each routine; 0: off.
 * @counted: a routine or the drain was counted.
 * @warn: the first violation of the queue: report it.
 * @drain: ... it was the drain's total.
 * @name: ... the routine, or the one in whose run the drain passed the
 *	limit.
 * @ns: ... and the time.
 *
 * As NT's DPC_WATCHDOG_VIOLATION: parameter 1 of that bug check is 0 when
 * a single DPC ran past its allotment and 1 when the processor spent too
 * long at DISPATCH_LEVEL in all.  Here every routine that runs longer than
 * the limit counts, and so does a drain whose total passes it when no
 * routine of it counted before; the first violation of a queue is
 * reported once with pr_warn().  Counted under the queue lock as soon as
 * the routine returns, so nt_dpc_flush() sees it.  Times are local_clock()
 * differences, as for the drain's bound, and include, as NT's do, whatever
 * interrupted (or, on PREEMPT_RT, preempted) the routine.
 */
struct nt_dpc_watchdog {
	u64 limit_ns;
	bool counted;
	bool warn;
	bool drain;
	const char *name;
	u64 ns;
};

/* ntdpc.c: the KDPC object */
bool nt_dpc_enqueue_locked(struct nt_dpc_queue *q, struct nt_dpc *dpc);

/* ntdpc_queue.c: the DPC queue and its drainer */
bool nt_dpc_drain(struct nt_dpc_queue *q);
void nt_dpc_queue_quiesce(struct nt_dpc_queue *q, bool cancel);

/* ntdpc_backend.c: what runs a DPC queue */
int nt_dpc_backend_check(enum nt_dpc_backend backend);
void nt_dpc_backend_init(struct nt_dpc_queue *q);
void nt_dpc_kick(struct nt_dpc_queue *q, enum nt_dpc_backend backend,
		 enum nt_dpc_importance importance, int cpu);
void nt_dpc_backend_wait(struct nt_dpc_queue *q, bool cancel);

/* ntdpc_watchdog.c: the DPC watchdog */
void nt_dpc_watchdog_note(struct nt_dpc_queue *q, struct nt_dpc_watchdog *wd,
			  const char *name, u64 ns, u64 total);
void nt_dpc_watchdog_warn(const struct nt_dpc_watchdog *wd);

#endif /* _NTDPC_INTERNAL_H */
