// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_line.c - interrupt lines shared by ports: one interrupt object
 * (KINTERRUPT) per Linux IRQ, whatever the number of ports on it, as
 * serial.sys connects one per line for the ports of a multiport board or
 * of COM2 and COM4 on IRQ 3, and its ServiceRoutine, which visits every
 * open port on the line.
 *
 * A port binds to the line of its IRQ when it is set up (ntser_port_init())
 * and stays bound until it is torn down: its SynchCritSections use the
 * line's interrupt spin lock and its DPCs the line's DPC queue from then
 * on, open or not.  The line is connected to its IRQ when its first port
 * opens and disconnected when its last port closes; in between, ports
 * join and leave the ISR's list independently.
 *
 * Locking: ntser_lines_mutex protects the list of lines and each line's
 * @users; a line's @mutex its @open count and its connection; the line's
 * interrupt spin lock its @ports list, which the ISR walks.  The line
 * mutex is taken with the port mutex held (startup, shutdown) and never
 * with a spinlock held; nothing is taken under the list mutex but the
 * allocator.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/irq.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/serial_core.h>
#include <linux/slab.h>

#include "ntserial.h"

static LIST_HEAD(ntser_lines);
static DEFINE_MUTEX(ntser_lines_mutex);

/* The port after @up on its line, round the end. */
static struct ntser_port *ntser_line_next(struct ntser_line *line,
					  struct ntser_port *up)
{
	if (list_is_last(&up->line_entry, &line->ports))
		return list_first_entry(&line->ports, struct ntser_port,
					line_entry);
	return list_next_entry(up, line_entry);
}

/*
 * The line's ServiceRoutine.  On an edge-triggered (ISA) line the
 * controller sees a new interrupt only when the line has been low, so the
 * ISR may return only once it knows of a moment when no port on the line
 * had an interrupt pending.  A UART keeps an interrupt pending until it is
 * serviced, so a port found quiet was quiet since its last service; and a
 * port's service ends with an IIR read that finds it quiet.  The moment is
 * the end of the last service, once every other port has been found quiet
 * after it: the ISR visits the ports in turn until as many visits in a row
 * as there are ports found nothing to do (counting the one that served
 * last).  A port alone on its line is visited once: its own last IIR read
 * is the whole check, as before lines were shared.  At NTSER_ISR_PASS_LIMIT
 * passes over the line it stops servicing and masks each port it finds
 * pending (ntser_storm_mask_pending()) until the same rule holds, so that
 * every exit leaves each port quiet or masked; masking ends, as each port
 * is masked at most once.  On a level-triggered line, which the
 * controller raises again while any port holds it, each port is visited
 * once.  Each call starts one port further round the line than the last,
 * so that no port is always served first.
 */
static bool ntser_line_isr(struct nt_interrupt *intr, void *service_context)
{
	struct ntser_line *line = service_context;
	unsigned int idle = 0, visits = 0;
	enum ntser_isr_result r;
	struct ntser_port *up;
	bool handled = false;

	nt_assert_synchronized(intr);
	if (list_empty(&line->ports))
		return false;
	up = list_first_entry(&line->ports, struct ntser_port, line_entry);
	/*
	 * The next call starts at the next port: the port served first has
	 * its DPCs queued first, and so (medium importance on a shared
	 * line, first in first out) run first; a fixed start would always
	 * favour one port.
	 * Rotating the list rather than keeping a start pointer leaves
	 * nothing to go stale when a port leaves it.
	 */
	list_rotate_left(&line->ports);
	for (;;) {
		if (visits < NTSER_ISR_PASS_LIMIT * line->nr_ports)
			r = ntser_isr(up);
		else
			r = ntser_storm_mask_pending(up);
		handled |= r == NTSER_ISR_HANDLED;
		/* A UART that cannot be quieted cannot be helped by visits. */
		idle = r == NTSER_ISR_HANDLED ? 1 : idle + 1;
		visits++;
		/*
		 * A level line is raised again while any port holds it, so
		 * a port that raised behind the ISR is not lost.
		 */
		if (idle >= line->nr_ports ||
		    (line->level && visits >= line->nr_ports))
			break;
		up = ntser_line_next(line, up);
	}
	return handled;
}

/* The line of @irq, or NULL.  Lines list mutex held. */
static struct ntser_line *ntser_line_find(unsigned int irq)
{
	struct ntser_line *line;

	lockdep_assert_held(&ntser_lines_mutex);
	list_for_each_entry(line, &ntser_lines, node)
		if (line->irq == irq)
			return line;
	return NULL;
}

static struct ntser_line *ntser_line_create(unsigned int irq,
					    enum nt_dpc_backend backend)
{
	struct ntser_line *line = kzalloc(sizeof(*line), GFP_KERNEL);

	if (!line)
		return NULL;
	line->irq = irq;
	line->backend = backend;
	mutex_init(&line->mutex);
	INIT_LIST_HEAD(&line->ports);
	nt_interrupt_init(&line->intr, ntser_line_isr, line);
	list_add_tail(&line->node, &ntser_lines);
	return line;
}

/**
 * ntser_line_bind() - bind a port to the line of its IRQ.
 * @up: the port, with port.irq and @up->backend set, not bound yet.
 *
 * The first port of an IRQ creates its line, whose DPC backend is then
 * the port's; every later port must have the same backend, since the
 * ports' DPCs share the line's queue and, with the threaded backend, its
 * IRQ thread.  From here on @up->intr is the line's interrupt object.
 *
 * Context: process; sleeps.
 * Return: 0; -ENOMEM; -EINVAL if the line's backend is another.
 */
int ntser_line_bind(struct ntser_port *up)
{
	unsigned int irq = up->port.irq;
	struct ntser_line *line;
	int ret = 0;

	mutex_lock(&ntser_lines_mutex);
	line = ntser_line_find(irq);
	if (!line) {
		line = ntser_line_create(irq, up->backend);
		if (!line) {
			ret = -ENOMEM;
			goto out_unlock;
		}
	} else if (line->backend != up->backend) {
		dev_err(up->port.dev,
			"IRQ %u is shared with ports using dpc_backend=%s, not %s: ports on one line share its DPC queue\n",
			irq, nt_dpc_backend_name(line->backend),
			nt_dpc_backend_name(up->backend));
		ret = -EINVAL;
		goto out_unlock;
	}
	line->users++;
	up->line = line;
	up->intr = &line->intr;
	INIT_LIST_HEAD(&up->line_entry);
out_unlock:
	mutex_unlock(&ntser_lines_mutex);
	return ret;
}

/**
 * ntser_line_unbind() - undo ntser_line_bind().
 * @up: the port: closed, its DPCs stopped (ntser_dpcs_stop()) and its
 *	timers too, since they use the line's interrupt spin lock.
 *
 * The last port of a line takes its DPC queue down and frees it.
 *
 * Context: process; sleeps.
 */
void ntser_line_unbind(struct ntser_port *up)
{
	struct ntser_line *line = up->line;

	mutex_lock(&ntser_lines_mutex);
	if (--line->users) {
		line = NULL;
	} else {
		WARN_ON(line->open);
		list_del(&line->node);
	}
	mutex_unlock(&ntser_lines_mutex);
	up->line = NULL;
	up->intr = NULL;
	if (!line)
		return;
	nt_dpc_queue_destroy(&line->intr.dpcs);
	kfree(line);
}

/*
 * Give the DPCs of every port on the line the importance for its number
 * of ports (ntser_dpcs_set_shared()): high for a port alone, medium for
 * all while they share it, so that one port's DPCs cannot keep going in
 * front of another's.  Under the interrupt spin lock, as the list and
 * nr_ports change, so that the ISR never queues a DPC with the importance
 * of another number of ports.  nt_dpc_set_importance() takes the line's
 * DPC queue lock inside the interrupt spin lock, the order the ISR's
 * insertions already use (include/nt/ntdpc.h).
 */
static void ntser_line_set_importance(struct ntser_line *line)
{
	bool shared = line->nr_ports > 1;
	struct ntser_port *p;

	nt_assert_synchronized(&line->intr);
	list_for_each_entry(p, &line->ports, line_entry)
		ntser_dpcs_set_shared(p, shared);
}

static int ntser_sync_line_add(void *context)
{
	struct ntser_port *up = context;

	nt_assert_synchronized(up->intr);
	list_add_tail(&up->line_entry, &up->line->ports);
	up->line->nr_ports++;
	ntser_line_set_importance(up->line);
	return 0;
}

static int ntser_sync_line_del(void *context)
{
	struct ntser_port *up = context;

	nt_assert_synchronized(up->intr);
	list_del_init(&up->line_entry);
	up->line->nr_ports--;
	ntser_line_set_importance(up->line);
	return 0;
}

/*
 * Connect the line for its first port.  Always shared: the kernel lets
 * an IRQ be shared only when every holder asks for it, and with the
 * trigger type the line already has (a device tree or ACPI may have set
 * one; 0 leaves it as it is).  A line with no known trigger type is taken
 * for an edge-triggered ISA line, for which the ISR's rule is the safe
 * one.  Line mutex held.
 */
static int ntser_line_connect(struct ntser_line *line, struct ntser_port *up)
{
	unsigned long flags = IRQF_SHARED | up->port.irqflags |
			      irq_get_trigger_type(line->irq);
	struct irq_data *d = irq_get_irq_data(line->irq);
	int ret;

	lockdep_assert_held(&line->mutex);
	/* Not connected: the ISR cannot be reading it. */
	line->level = (flags & (IRQF_TRIGGER_HIGH | IRQF_TRIGGER_LOW)) ||
		      (d && irqd_is_level_type(d));
	ret = nt_interrupt_connect(&line->intr, line->irq, flags,
				   NTSER_DRIVER_NAME, line->backend);
	if (ret == -EBUSY)
		dev_err(up->port.dev,
			"%s%d: IRQ %u is held by another driver that does not share it (8250 without UPF_SHARE_IRQ, or any driver on PREEMPT_RT, where only IRQF_NO_THREAD handlers can share with ntserial's): -EBUSY\n",
			NTSER_DEV_NAME, up->port.line, line->irq);
	else if (ret)
		dev_err(up->port.dev, "%s%d: cannot connect IRQ %u: %d\n",
			NTSER_DEV_NAME, up->port.line, line->irq, ret);
	return ret;
}

/**
 * ntser_line_open() - put a port on its line's ISR list, connecting the
 * line if it is the line's first open port.
 * @up: the port, bound, with its UART's interrupts disabled.
 *
 * Context: process, port mutex held (startup); sleeps.
 * Return: 0, or the error of connecting the line (then @up is not on it).
 */
int ntser_line_open(struct ntser_port *up)
{
	struct ntser_line *line = up->line;
	int ret = 0;

	mutex_lock(&line->mutex);
	/* Listed first, so that the first interrupt finds the port. */
	nt_synchronize_execution(&line->intr, ntser_sync_line_add, up);
	if (!line->open) {
		ret = ntser_line_connect(line, up);
		if (ret) {
			nt_synchronize_execution(&line->intr,
						 ntser_sync_line_del, up);
			goto out_unlock;
		}
	}
	line->open++;
out_unlock:
	mutex_unlock(&line->mutex);
	return ret;
}

/**
 * ntser_line_close() - take a port off its line's ISR list, disconnecting
 * the line if it was the last open port.
 * @up: the port, with its UART's interrupts disabled; if it is not on
 *	the line (its ntser_line_open() failed), nothing happens.
 *
 * On return the ISR no longer visits @up and every DPC queued before the
 * call has run, @up's included (KeFlushQueuedDpcs; for the last port
 * IoDisconnectInterrupt does it); the other ports on the line go on
 * receiving interrupts throughout.
 *
 * Context: process, port mutex held (shutdown); sleeps.  Never from a
 * DPC routine.
 */
void ntser_line_close(struct ntser_port *up)
{
	struct ntser_line *line = up->line;

	mutex_lock(&line->mutex);
	/* A startup that could not connect left the port off the line. */
	if (list_empty(&up->line_entry)) {
		mutex_unlock(&line->mutex);
		return;
	}
	nt_synchronize_execution(&line->intr, ntser_sync_line_del, up);
	if (!--line->open)
		nt_interrupt_disconnect(&line->intr);
	else
		nt_dpc_flush(&line->intr.dpcs);
	mutex_unlock(&line->mutex);
}
