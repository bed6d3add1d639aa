// SPDX-License-Identifier: GPL-2.0
/*
 * ntdpc_watchdog.c - the DPC watchdog of the NT interrupt model, NT's
 * DPC_WATCHDOG_VIOLATION bug check as a counter and a warning: the limit
 * of a DPC queue (nt_dpc_queue_set_watchdog()) and what the drainer
 * (ntdpc_queue.c) notes after each routine and reports after its drain.
 */

#define pr_fmt(fmt) "ntdpc: " fmt

#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/time64.h>

#include "nt/ntdpc.h"
#include "ntdpc_internal.h"

/**
 * nt_dpc_watchdog_note() - count a DPC watchdog violation, if any.
 * @q: the queue being drained.
 * @wd: the watchdog of this drain.
 * @name: the name of the routine that just returned.
 * @ns: how long that routine ran.
 * @total: how long the drain has run so far.
 *
 * Called by the drainer after each routine while @wd->limit_ns is set,
 * where NT's DPC watchdog would bug-check with DPC_WATCHDOG_VIOLATION:
 * parameter 1 is 0 there for a single routine past its allotment, 1 for
 * the time spent at DISPATCH_LEVEL in all.  Counts in &q->stats.watchdog
 * and, for the first violation of @q, keeps what
 * nt_dpc_watchdog_warn() will report.
 *
 * Context: the drainer of @q, with @q->lock held.
 */
void nt_dpc_watchdog_note(struct nt_dpc_queue *q, struct nt_dpc_watchdog *wd,
			  const char *name, u64 ns, u64 total)
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

/**
 * nt_dpc_watchdog_warn() - report the first DPC watchdog violation.
 * @wd: the watchdog of a drain that has ended.
 *
 * Warns once per queue, with pr_warn() where NT would bug-check
 * (DPC_WATCHDOG_VIOLATION), if nt_dpc_watchdog_note() found the queue's
 * first violation in this drain; else does nothing.
 *
 * Context: the drainer, at the end of its drain, without the queue lock.
 */
void nt_dpc_watchdog_warn(const struct nt_dpc_watchdog *wd)
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
