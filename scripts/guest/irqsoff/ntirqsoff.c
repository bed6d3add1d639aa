// SPDX-License-Identifier: GPL-2.0
/*
 * ntirqsoff - interrupts-off accounting for `make bench`.
 *
 * Loaded into the benchmark guest on the self-built "trace" kernels
 * (kunit/trace.kunitconfig: TRACE_IRQFLAGS, frame pointers), never into a
 * user's kernel.  It hooks the irq_disable/irq_enable tracepoints, which
 * fire once per interrupts-off section (the outermost disable and the
 * enable that ends it, hard-IRQ entry and exit included), and sums the
 * sections that belong to the serial path:
 *
 * - "hard": a section in which the handler of interrupt line @irq ran
 *   (irq_handler_entry), or a hard hrtimer of the driver's
 *   (hrtimer_expire_entry; ntserial's receive rescue timer), entry to
 *   exit; when the interrupt runs softirqs on its way out, the part
 *   after them too (see probe_disable());
 * - "sect": any other section opened or closed by serial code: a function
 *   of the ntserial module, of serial_core (uart_*) or of 8250
 *   (serial8250_*, univ8250_*, serial_port_*) as the caller of
 *   local_irq_save()/spin_lock_irqsave() or of the matching restore.
 *   For ntserial these are its SynchCritSections (KeSynchronizeExecution,
 *   filed under the function that called nt_synchronize_execution()), its
 *   DPC queue's sections and its port-lock sections; for 8250 its
 *   port-lock sections outside the hard IRQ.  The kernel's own tasklet
 *   and workqueue code, which 8250 does not need and ntserial's DPCs run
 *   on, is not counted for either.
 *
 * debugfs ntirqsoff/stats prints one line of totals since the last write
 * to ntirqsoff/reset, summed over CPUs:
 *   hard_ns hard_n sect_ns sect_n max_ns max_from max_to all_ns all_n empty_ns
 * where max_* is the longest serial section (hard or sect) and where it
 * began and ended, all_* counts every section on the CPU and empty_ns is
 * what an empty section measures (the probes' own cost, see calibrate()).
 * ntirqsoff/sites splits the serial sections by the function that opened
 * them, one line each.
 *
 * The serial path is told apart by symbol name (sprint_symbol(), cached
 * per CPU), so the same rule applies to both drivers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/hash.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

static int irq = 3;
module_param(irq, int, 0444);
MODULE_PARM_DESC(irq, "the serial port's interrupt line (default 3)");

#define CACHE_BITS	9
#define SITES		32

enum { CLS_UNKNOWN, CLS_OTHER, CLS_SERIAL, CLS_SYNC, CLS_SOFTIRQ };

struct totals {
	u64 hard_ns, hard_n, sect_ns, sect_n, all_ns, all_n, max_ns;
	unsigned long max_from, max_to;
};

/* Serial sections by the function that opened them (hard IRQs: ip 0). */
struct site {
	unsigned long ip;
	u64 ns, n, max_ns;
};

struct irqsoff_cpu {
	u64 t0;			/* 0: no section open that we saw begin */
	unsigned long ip, parent, site;
	bool opened_serial;	/* opened by serial code (@site says where) */
	bool hard;		/* the serial line's handler or timer ran in it */
	bool hard_tail;		/* such a section ended to run softirqs */
	bool calibrating;
	struct totals t;
	struct site site_tab[SITES];
	u64 cal_min_ns;
	unsigned long cache_ip[1 << CACHE_BITS];
	u8 cache_cls[1 << CACHE_BITS];
};

static DEFINE_PER_CPU(struct irqsoff_cpu, irqsoff_cpu);
static struct dentry *dir;

static const char *const serial_prefixes[] = {
	"uart_", "__uart_", "serial8250_", "univ8250_", "serial_port_",
};

static void site_add(struct irqsoff_cpu *c, unsigned long ip, u64 d)
{
	struct site *st = &c->site_tab[SITES - 1];	/* full: "other" */
	int i;

	for (i = 0; i < SITES - 1; i++) {
		if (c->site_tab[i].ip == ip || !c->site_tab[i].n) {
			st = &c->site_tab[i];
			st->ip = ip;
			break;
		}
	}
	st->ns += d;
	st->n++;
	st->max_ns = max(st->max_ns, d);
}

static u8 classify_slow(unsigned long ip)
{
	char sym[KSYM_SYMBOL_LEN];
	size_t i;

	sprint_symbol(sym, ip);
	if (str_has_prefix(sym, "nt_synchronize_execution+"))
		return CLS_SYNC;
	if (str_has_prefix(sym, "__do_softirq+") || str_has_prefix(sym, "handle_softirqs"))
		return CLS_SOFTIRQ;
	if (strstr(sym, " [ntserial]"))
		return CLS_SERIAL;
	for (i = 0; i < ARRAY_SIZE(serial_prefixes); i++)
		if (str_has_prefix(sym, serial_prefixes[i]))
			return CLS_SERIAL;
	return CLS_OTHER;
}

static u8 classify(struct irqsoff_cpu *c, unsigned long ip)
{
	u32 h = hash_long(ip, CACHE_BITS);

	if (!ip || !rcu_is_watching())
		return CLS_OTHER;
	if (c->cache_ip[h] != ip) {
		c->cache_cls[h] = classify_slow(ip);
		c->cache_ip[h] = ip;
	}
	return c->cache_cls[h];
}

static bool is_serial(struct irqsoff_cpu *c, unsigned long ip)
{
	u8 cls = classify(c, ip);

	return cls == CLS_SERIAL || cls == CLS_SYNC;
}

/*
 * Every SynchCritSection is opened by nt_synchronize_execution(): name
 * its caller instead, so that the receive DPC and the transmit refill
 * show apart.  Frame pointers make the walk exact; it runs before the
 * section's clock starts.
 */
static unsigned long sync_caller(struct irqsoff_cpu *c)
{
	unsigned long e[12];
	unsigned int n, i;

	n = stack_trace_save(e, ARRAY_SIZE(e), 0);
	for (i = 0; i + 1 < n; i++)
		if (classify(c, e[i]) == CLS_SYNC)
			return e[i + 1];
	return c->parent;
}

static void probe_disable(void *data, unsigned long ip, unsigned long parent)
{
	struct irqsoff_cpu *c = this_cpu_ptr(&irqsoff_cpu);
	u8 pcls, icls;

	if (in_nmi())
		return;
	c->ip = ip;
	c->parent = parent;
	if (c->calibrating) {
		c->t0 = local_clock();
		return;
	}
	pcls = classify(c, parent);
	icls = classify(c, ip);
	/* Filed under the caller, or under the caller's caller. */
	c->opened_serial = pcls == CLS_SERIAL || pcls == CLS_SYNC ||
			   icls == CLS_SERIAL || icls == CLS_SYNC;
	c->site = pcls == CLS_SYNC ? sync_caller(c) :
		  pcls == CLS_SERIAL ? parent : ip;
	/*
	 * A hard IRQ that raised softirqs ends its section in
	 * __do_softirq()/handle_softirqs() to run them; the interrupt's exit
	 * goes on in the section those open again afterwards.  Both belong
	 * to the interrupt, for either driver.
	 */
	c->hard = c->hard_tail && in_serving_softirq() &&
		  (pcls == CLS_SOFTIRQ || icls == CLS_SOFTIRQ);
	c->t0 = local_clock();
}

static void probe_handler(void *data, int nr, struct irqaction *action)
{
	if (nr == irq && !in_nmi())
		this_cpu_ptr(&irqsoff_cpu)->hard = true;
}

/* A hard hrtimer of the driver's (ntserial's receive rescue timer). */
static void probe_hrtimer(void *data, struct hrtimer *timer, ktime_t *now)
{
	struct irqsoff_cpu *c = this_cpu_ptr(&irqsoff_cpu);

	if (!in_nmi() && in_hardirq() && is_serial(c, (unsigned long)timer->function))
		c->hard = true;
}

static void probe_enable(void *data, unsigned long ip, unsigned long parent)
{
	u64 t1 = local_clock();
	struct irqsoff_cpu *c = this_cpu_ptr(&irqsoff_cpu);
	u64 d;

	if (!c->t0 || in_nmi())
		return;
	d = t1 - c->t0;
	c->t0 = 0;
	if (c->calibrating) {
		c->cal_min_ns = min(c->cal_min_ns, d);
		return;
	}
	c->hard_tail = c->hard && in_serving_softirq();
	c->t.all_ns += d;
	c->t.all_n++;
	if (c->hard) {
		c->t.hard_ns += d;
		c->t.hard_n++;
		site_add(c, 0, d);
	} else if (c->opened_serial || is_serial(c, parent) || is_serial(c, ip)) {
		c->t.sect_ns += d;
		c->t.sect_n++;
		site_add(c, c->site, d);
	} else {
		return;
	}
	if (d > c->t.max_ns) {
		c->t.max_ns = d;
		c->t.max_from = c->hard ? 0 : c->site;
		c->t.max_to = parent;
	}
}

/*
 * Run on each CPU with interrupts off, so no probe runs meanwhile there.
 * The symbol cache goes too: a module loaded since may sit where another
 * was.
 */
static void reset_cpu(void *unused)
{
	struct irqsoff_cpu *c = this_cpu_ptr(&irqsoff_cpu);

	memset(&c->t, 0, sizeof(c->t));
	memset(c->site_tab, 0, sizeof(c->site_tab));
	memset(c->cache_ip, 0, sizeof(c->cache_ip));
}

/*
 * What the accounting itself costs: an empty local_irq_save/restore pair,
 * as the probes time it (the shortest of 1000, so that an interrupt in
 * the loop does not count).  Every section counted carries about this
 * much of the probes' own work, so stats prints it for the reader to
 * weigh the section counts by.
 */
static void calibrate(void)
{
	struct irqsoff_cpu *c = get_cpu_ptr(&irqsoff_cpu);
	unsigned long flags;
	int i;

	c->cal_min_ns = U64_MAX;
	c->calibrating = true;
	for (i = 0; i < 1000; i++) {
		local_irq_save(flags);
		local_irq_restore(flags);
	}
	c->calibrating = false;
	put_cpu_ptr(&irqsoff_cpu);
}

static void snapshot_cpu(void *arg)
{
	struct totals *sum = arg, *t = &this_cpu_ptr(&irqsoff_cpu)->t;

	/* on_each_cpu() runs this on one CPU at a time for the caller */
	sum->hard_ns += t->hard_ns;
	sum->hard_n += t->hard_n;
	sum->sect_ns += t->sect_ns;
	sum->sect_n += t->sect_n;
	sum->all_ns += t->all_ns;
	sum->all_n += t->all_n;
	if (t->max_ns > sum->max_ns) {
		sum->max_ns = t->max_ns;
		sum->max_from = t->max_from;
		sum->max_to = t->max_to;
	}
}

static int stats_show(struct seq_file *m, void *v)
{
	struct totals sum = { 0 };
	int cpu;

	/* one CPU at a time: the sums are not shared between CPUs */
	cpus_read_lock();
	for_each_online_cpu(cpu)
		smp_call_function_single(cpu, snapshot_cpu, &sum, 1);
	cpus_read_unlock();
	seq_printf(m, "hard_ns=%llu hard_n=%llu sect_ns=%llu sect_n=%llu max_ns=%llu ",
		   sum.hard_ns, sum.hard_n, sum.sect_ns, sum.sect_n, sum.max_ns);
	if (sum.max_from)
		seq_printf(m, "max_from=%ps", (void *)sum.max_from);
	else
		seq_puts(m, "max_from=hardirq");
	seq_printf(m, " max_to=%ps all_ns=%llu all_n=%llu empty_ns=%llu\n",
		   (void *)sum.max_to, sum.all_ns, sum.all_n,
		   this_cpu_read(irqsoff_cpu.cal_min_ns));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/* The serial sections by opening function, this CPU's (the guest has one). */
static int sites_show(struct seq_file *m, void *v)
{
	struct irqsoff_cpu *c = get_cpu_ptr(&irqsoff_cpu);
	struct site st[SITES];
	int i;

	memcpy(st, c->site_tab, sizeof(st));
	put_cpu_ptr(&irqsoff_cpu);
	for (i = 0; i < SITES; i++) {
		if (!st[i].n)
			continue;
		if (i == SITES - 1)
			seq_puts(m, "site=other");
		else if (!st[i].ip)
			seq_puts(m, "site=hardirq");
		else
			seq_printf(m, "site=%ps", (void *)st[i].ip);
		seq_printf(m, " n=%llu ns=%llu max_ns=%llu\n", st[i].n, st[i].ns, st[i].max_ns);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sites);

static ssize_t reset_write(struct file *f, const char __user *buf, size_t len, loff_t *pos)
{
	on_each_cpu(reset_cpu, NULL, 1);
	return len;
}

static const struct file_operations reset_fops = {
	.owner = THIS_MODULE,
	.write = reset_write,
};

/* The tracepoints hooked, in the order they are registered. */
static struct {
	const char *name;
	void *probe;
	struct tracepoint *tp;
} hooks[] = {
	{ "hrtimer_expire_entry", probe_hrtimer },
	{ "irq_handler_entry", probe_handler },
	{ "irq_disable", probe_disable },
	{ "irq_enable", probe_enable },
};

static void find_tp(struct tracepoint *tp, void *priv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++)
		if (!strcmp(tp->name, hooks[i].name))
			hooks[i].tp = tp;
}

/* Unregister the first @n hooks, last first. */
static void unhook(size_t n)
{
	while (n--)
		tracepoint_probe_unregister(hooks[n].tp, hooks[n].probe, NULL);
	tracepoint_synchronize_unregister();
}

static int __init ntirqsoff_init(void)
{
	size_t i;
	int ret;

	for_each_kernel_tracepoint(find_tp, NULL);
	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		if (!hooks[i].tp) {
			pr_err("no %s tracepoint (needs CONFIG_PREEMPTIRQ_TRACEPOINTS)\n",
			       hooks[i].name);
			unhook(i);
			return -ENODEV;
		}
		ret = tracepoint_probe_register(hooks[i].tp, hooks[i].probe, NULL);
		if (ret) {
			unhook(i);
			return ret;
		}
	}
	dir = debugfs_create_dir("ntirqsoff", NULL);
	debugfs_create_file("stats", 0444, dir, NULL, &stats_fops);
	debugfs_create_file("sites", 0444, dir, NULL, &sites_fops);
	debugfs_create_file("reset", 0200, dir, NULL, &reset_fops);
	calibrate();
	pr_info("counting interrupts-off sections, serial line irq %d\n", irq);
	return 0;
}

static void __exit ntirqsoff_exit(void)
{
	debugfs_remove(dir);
	unhook(ARRAY_SIZE(hooks));
}

module_init(ntirqsoff_init);
module_exit(ntirqsoff_exit);
MODULE_DESCRIPTION("interrupts-off accounting of the serial path, for make bench");
MODULE_LICENSE("GPL");
