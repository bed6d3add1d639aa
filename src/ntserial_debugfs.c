// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_debugfs.c - per-port statistics in debugfs (root only).
 *
 * /sys/kernel/debug/ntserial/ttyNT<n>/
 *   stats	counters: ISR calls and IRQ_NONE returns (of the port's
 *		interrupt line, shared by every port on it; the line's IRQ
 *		and open ports are shown with them), the ISR's visits that
 *		found this port with an interrupt, per DPC object
 *		inserted/coalesced/ran/removed, per role runs, bytes, register
 *		accesses in ISR and in DPC context
 *   isr_ns	log2 histogram of time spent in the ISR (the line's)
 *   dpc_latency_ns
 *		log2 histogram of ISR-to-DPC-start latency (first insertion
 *		to the start of the routine)
 *   reset	write anything: later reads count from now
 *
 * The hot paths only increment counters; the register access counters
 * are per CPU (struct ntser_reg_stats), read as their sum over every
 * possible CPU.  A reset stores the current values, those sums included,
 * as a baseline that reads subtract, so it never races the writers: it
 * zeroes what every CPU counted without writing another CPU's counter,
 * which could lose the zeroing to that CPU's non-atomic increment.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/debugfs.h>
#include <linux/log2.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "ntserial.h"

#define NTSER_NR_DPCS	(1 + NTSER_NR_ROLES)

/*
 * Everything debugfs shows, all u64 so that a snapshot minus the baseline
 * is a loop over the struct.
 */
struct ntser_counters {
	u64 isr_calls;
	u64 isr_none;
	u64 isr_serviced;
	u64 isr_io;
	u64 dpc_io;
	u64 rx_bytes;
	u64 tx_bytes;
	u64 tx_timeouts;
	u64 rx_fallbacks;
	u64 rx_rescues;
	u64 rx_purged;
	u64 rx_trig_raises;
	u64 rx_trig_drops;
	u64 tx_dropped;
	u64 storms;
	u64 dpc_yields;
	u64 dpc_watchdog;
	u64 role_ran[NTSER_NR_ROLES];
	struct nt_dpc_stats dpc[NTSER_NR_DPCS];
	u64 isr_ns[NTSER_HIST_BUCKETS];
	u64 dpc_latency_ns[NTSER_HIST_BUCKETS];
};

static struct dentry *ntser_debugfs_root;

static struct nt_dpc *ntser_dpc_by_index(struct ntser_port *up, unsigned int i)
{
	return i ? &up->custom[i - 1].dpc : &up->dpc_for_isr.dpc;
}

static void ntser_snapshot(struct ntser_port *up, struct ntser_counters *c)
{
	struct ntser_stats *st = &up->stats;
	struct ntser_reg_stats io = ntser_reg_stats_sum(up);
	unsigned int i;

	c->isr_calls = READ_ONCE(up->intr->stats.isr_calls);
	c->isr_none = READ_ONCE(up->intr->stats.isr_none);
	c->isr_serviced = READ_ONCE(st->isr_serviced);
	c->isr_io = io.isr_io;
	c->dpc_io = io.dpc_io;
	c->rx_bytes = atomic_long_read(&st->rx_bytes);
	c->tx_bytes = atomic_long_read(&st->tx_bytes);
	c->tx_timeouts = atomic_long_read(&st->tx_timeouts);
	c->rx_fallbacks = atomic_long_read(&st->rx_fallbacks);
	c->rx_rescues = atomic_long_read(&st->rx_rescues);
	c->rx_purged = atomic_long_read(&st->rx_purged);
	c->rx_trig_raises = atomic_long_read(&st->rx_trig_raises);
	c->rx_trig_drops = atomic_long_read(&st->rx_trig_drops);
	c->tx_dropped = atomic_long_read(&st->tx_dropped);
	c->storms = atomic_long_read(&st->storms);
	c->dpc_yields = READ_ONCE(up->intr->dpcs.stats.yields);
	c->dpc_watchdog = READ_ONCE(up->intr->dpcs.stats.watchdog);
	for (i = 0; i < NTSER_NR_ROLES; i++)
		c->role_ran[i] = atomic_long_read(&st->role_ran[i]);
	for (i = 0; i < NTSER_NR_DPCS; i++) {
		struct nt_dpc_stats *s = &ntser_dpc_by_index(up, i)->stats;

		c->dpc[i].inserted = READ_ONCE(s->inserted);
		c->dpc[i].coalesced = READ_ONCE(s->coalesced);
		c->dpc[i].ran = READ_ONCE(s->ran);
		c->dpc[i].removed = READ_ONCE(s->removed);
	}
	for (i = 0; i < NTSER_HIST_BUCKETS; i++) {
		c->isr_ns[i] = atomic_long_read(&up->line->isr_ns_hist[i]);
		c->dpc_latency_ns[i] =
			atomic_long_read(&st->dpc_latency_ns_hist[i]);
	}
}

static void ntser_read_counters(struct ntser_port *up, struct ntser_counters *c)
{
	u64 *v = (u64 *)c;
	const u64 *b = (const u64 *)up->baseline;
	unsigned int i;

	ntser_snapshot(up, c);
	for (i = 0; i < sizeof(*c) / sizeof(u64); i++)
		v[i] -= b[i];
}

static int ntser_stats_show(struct seq_file *m, void *unused)
{
	struct ntser_port *up = m->private;
	struct ntser_counters *c;
	unsigned int i;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	ntser_read_counters(up, c);

	seq_printf(m, "dpc_model\t%s\n", ntser_model_names[up->model]);
	seq_printf(m, "dpc_backend\t%s\n", nt_dpc_backend_name(up->backend));
	/* A snapshot: set_termios and rx_trig_bytes change it. */
	seq_printf(m, "rx_read_by\t%s\n",
		   READ_ONCE(up->isr.rx_defer) ? "dpc" : "isr");
	seq_printf(m, "rx_trig\t%u\n", READ_ONCE(up->isr.rx_trig));
	seq_printf(m, "rx_trig_mode\t%s\n",
		   READ_ONCE(up->rx_trig_auto) ? "auto" : "pinned");
	/* The line's: every port on it shows the same. */
	seq_printf(m, "line_irq\t%u\n", up->line->irq);
	seq_printf(m, "line_ports_open\t%u\n", READ_ONCE(up->line->nr_ports));
	seq_printf(m, "isr_calls\t%llu\n", c->isr_calls);
	seq_printf(m, "isr_none\t%llu\n", c->isr_none);
	/* The port's own. */
	seq_printf(m, "isr_serviced\t%llu\n", c->isr_serviced);
	seq_printf(m, "isr_reg_accesses\t%llu\n", c->isr_io);
	seq_printf(m, "dpc_reg_accesses\t%llu\n", c->dpc_io);
	seq_printf(m, "rx_bytes\t%llu\n", c->rx_bytes);
	seq_printf(m, "tx_bytes\t%llu\n", c->tx_bytes);
	seq_printf(m, "tx_timeouts\t%llu\n", c->tx_timeouts);
	seq_printf(m, "rx_fallbacks\t%llu\n", c->rx_fallbacks);
	seq_printf(m, "rx_rescues\t%llu\n", c->rx_rescues);
	seq_printf(m, "rx_purged\t%llu\n", c->rx_purged);
	seq_printf(m, "rx_trig_raises\t%llu\n", c->rx_trig_raises);
	seq_printf(m, "rx_trig_drops\t%llu\n", c->rx_trig_drops);
	seq_printf(m, "tx_dropped\t%llu\n", c->tx_dropped);
	seq_printf(m, "interrupt_storms\t%llu\n", c->storms);
	seq_printf(m, "dpc_yields\t%llu\n", c->dpc_yields);
	seq_printf(m, "dpc_watchdog\t%llu\n", c->dpc_watchdog);
	seq_puts(m, "\nrole\tran\n");
	for (i = 0; i < NTSER_NR_ROLES; i++)
		seq_printf(m, "%s\t%llu\n", ntser_role_names[i],
			   c->role_ran[i]);
	seq_puts(m, "\ndpc\tinserted\tcoalesced\tran\tremoved\n");
	for (i = 0; i < NTSER_NR_DPCS; i++) {
		struct nt_dpc_stats *s = &c->dpc[i];

		if (!s->inserted && !s->coalesced && !s->ran && !s->removed)
			continue;
		seq_printf(m, "%s\t%llu\t%llu\t%llu\t%llu\n",
			   ntser_dpc_by_index(up, i)->name, s->inserted,
			   s->coalesced, s->ran, s->removed);
	}
	kfree(c);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ntser_stats);

/* @offset: offsetof() the histogram in struct ntser_counters. */
static int ntser_hist_show(struct seq_file *m, size_t offset)
{
	struct ntser_counters *c = kmalloc(sizeof(*c), GFP_KERNEL);
	const u64 *hist;
	unsigned int i;

	if (!c)
		return -ENOMEM;
	ntser_read_counters(m->private, c);
	hist = (const u64 *)((const char *)c + offset);
	seq_puts(m, "ns_from\tns_to\tcount\n");
	for (i = 0; i < NTSER_HIST_BUCKETS; i++)
		if (hist[i])
			seq_printf(m, "%llu\t%llu\t%llu\n", 1ULL << i,
				   (2ULL << i) - 1, hist[i]);
	kfree(c);
	return 0;
}

static int ntser_isr_ns_show(struct seq_file *m, void *unused)
{
	return ntser_hist_show(m, offsetof(struct ntser_counters, isr_ns));
}
DEFINE_SHOW_ATTRIBUTE(ntser_isr_ns);

static int ntser_dpc_latency_ns_show(struct seq_file *m, void *unused)
{
	return ntser_hist_show(m, offsetof(struct ntser_counters,
					   dpc_latency_ns));
}
DEFINE_SHOW_ATTRIBUTE(ntser_dpc_latency_ns);

static ssize_t ntser_reset_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *ppos)
{
	struct ntser_port *up = file->private_data;

	ntser_snapshot(up, up->baseline);
	return count;
}

static const struct file_operations ntser_reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ntser_reset_write,
	.llseek = noop_llseek,
};

static unsigned int ntser_hist_bucket(u64 ns)
{
	return ns ? min_t(unsigned int, ilog2(ns), NTSER_HIST_BUCKETS - 1) : 0;
}

/* The ISR serves the whole line: its time is the line's. */
static void ntser_isr_timing(struct nt_interrupt *intr, u64 ns)
{
	struct ntser_line *line = container_of(intr, struct ntser_line, intr);

	atomic_long_inc(&line->isr_ns_hist[ntser_hist_bucket(ns)]);
}

static void ntser_dpc_latency(struct nt_dpc *dpc, u64 ns)
{
	struct ntser_port *up = dpc->deferred_context;

	atomic_long_inc(&up->stats.dpc_latency_ns_hist[ntser_hist_bucket(ns)]);
}

/**
 * ntser_debugfs_add() - create a port's debugfs directory and timing hooks.
 * @up: the port, registered with serial_core.
 *
 * Statistics are optional: a failure here leaves the port working.
 *
 * Context: process.
 */
void ntser_debugfs_add(struct ntser_port *up)
{
	char name[16];

	/*
	 * The hooks are the line's and the same for every port on it: only
	 * its first port sets them.  That port is registered already, so
	 * the line may be connected by now; an interrupt timed before the
	 * hook is set is only missing from the histogram.
	 */
	if (!up->intr->isr_hook) {
		up->intr->isr_hook = ntser_isr_timing;
		up->intr->dpcs.latency_hook = ntser_dpc_latency;
	}
	up->baseline = devm_kzalloc(up->port.dev, sizeof(*up->baseline),
				    GFP_KERNEL);
	if (!up->baseline || !ntser_debugfs_root)
		return;

	snprintf(name, sizeof(name), "%s%d", NTSER_DEV_NAME, up->port.line);
	up->debugfs = debugfs_create_dir(name, ntser_debugfs_root);
	debugfs_create_file("stats", 0400, up->debugfs, up, &ntser_stats_fops);
	debugfs_create_file("isr_ns", 0400, up->debugfs, up,
			    &ntser_isr_ns_fops);
	debugfs_create_file("dpc_latency_ns", 0400, up->debugfs, up,
			    &ntser_dpc_latency_ns_fops);
	debugfs_create_file("reset", 0200, up->debugfs, up, &ntser_reset_fops);
}

/**
 * ntser_debugfs_remove() - remove a port's debugfs directory.
 * @up: the port.
 *
 * Context: process.
 */
void ntser_debugfs_remove(struct ntser_port *up)
{
	debugfs_remove_recursive(up->debugfs);
	up->debugfs = NULL;
}

/**
 * ntser_debugfs_init() - create /sys/kernel/debug/ntserial.
 *
 * Context: module init.
 */
void ntser_debugfs_init(void)
{
	ntser_debugfs_root = debugfs_create_dir(NTSER_DRIVER_NAME, NULL);
	if (IS_ERR(ntser_debugfs_root))
		ntser_debugfs_root = NULL;
}

/**
 * ntser_debugfs_exit() - remove /sys/kernel/debug/ntserial.
 *
 * Context: module exit.
 */
void ntser_debugfs_exit(void)
{
	debugfs_remove_recursive(ntser_debugfs_root);
	ntser_debugfs_root = NULL;
}
