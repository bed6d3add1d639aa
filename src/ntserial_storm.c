// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_storm.c - interrupt storms: a UART whose interrupt does not
 * clear (a broken chip, a source the driver does not know, a line held
 * by another device) must not keep the CPU in the ISR.
 *
 * The ISR is bounded by NTSER_ISR_PASS_LIMIT passes.  When it reaches the
 * limit with an interrupt still pending it masks every UART interrupt
 * (ntser_storm_isr()) and requests the storm role.  A few such calls in a
 * row are load, and the role unmasks at once; NTSER_STORM_STREAK in a row
 * are a storm: the UART stays masked for NTSER_STORM_BACKOFF_MS, the
 * driver warns and counts, and a timer unmasks it.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/jiffies.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/timer.h>

#include "ntserial.h"

/*
 * Reading IIR cleared a THRE interrupt it reported, which the transmit
 * role must still see.  Return: the roles to request for @iir.
 */
static unsigned long ntser_storm_thre(struct ntser_port *up, u8 iir)
{
	if ((iir & UART_IIR_ID) != UART_IIR_THRI)
		return 0;
	atomic_set(&up->thre_seen, 1);
	return BIT(NTSER_ROLE_TX);
}

/**
 * ntser_storm_held_isr() - the ISR's part for a port it masked already.
 * @up: the port, masked (isr_held) and still reporting an interrupt.
 * @iir: the interrupt identification the ISR read.
 *
 * No pass can quiet a UART that interrupts with every interrupt masked,
 * so the ISR spends none on it; but the IIR read cleared a THRE it
 * reported, and that one is kept for the transmit role.
 *
 * Context: hard IRQ, interrupt spin lock held.
 * Return: the roles to request.
 */
unsigned long ntser_storm_held_isr(struct ntser_port *up, u8 iir)
{
	nt_assert_synchronized(up->intr);
	return ntser_storm_thre(up, iir);
}

/**
 * ntser_storm_isr() - the ISR's part: give up at the pass limit.
 * @up: the port.
 * @iir: the interrupt identification still pending.
 * @handled: set false when even a masked UART still reports an interrupt,
 *	so that the kernel's spurious interrupt detection may disable a
 *	line the driver cannot quiet.
 *
 * The ISR leaves at its pass limit with @iir still pending: mask every
 * UART interrupt, so that none stays both pending and enabled (on an
 * edge-triggered line it would never raise a new edge), and let the
 * interrupt storm role unmask them.  Reading @iir cleared a THRE
 * interrupt it reported, which the transmit role must still see.
 *
 * Context: hard IRQ, interrupt spin lock held (from ntser_isr() or
 * ntser_storm_mask_pending()).
 * Return: the roles to request.
 */
unsigned long ntser_storm_isr(struct ntser_port *up, u8 iir, bool *handled)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned long roles = BIT(NTSER_ROLE_STORM) | ntser_storm_thre(up, iir);

	nt_assert_synchronized(up->intr);
	s->isr_held = true;
	s->storm_iir = iir;
	s->storm_streak++;
	ntser_write_ier(up);
	*handled = !!(ntser_in(up, UART_IIR) & UART_IIR_NO_INT);
	return roles;
}

/**
 * ntser_storm_mask_pending() - the line ISR's last resort for one port.
 * @up: the port.
 *
 * The line's ServiceRoutine has visited its ports as often as it may and
 * cannot tell that the line is quiet: rather than service @up again,
 * mask every interrupt of @up if one is pending, as ntser_isr() does at
 * its own pass limit, so that no port is left both pending and enabled.
 * One IIR read, plus one IER write and one IIR read if it masks.
 *
 * Context: hard IRQ, the line's interrupt spin lock held.
 * Return: NTSER_ISR_NONE if nothing is pending, or @up is masked already
 * (a masked UART that still reports an interrupt cannot be helped here,
 * but a THRE its IIR read cleared is kept for the transmit role);
 * NTSER_ISR_HANDLED if it masked @up and @up is quiet now;
 * NTSER_ISR_STUCK if it masked @up and @up still reports an interrupt.
 */
enum ntser_isr_result ntser_storm_mask_pending(struct ntser_port *up)
{
	bool handled;
	u8 iir;

	nt_assert_synchronized(up->intr);
	iir = ntser_in(up, UART_IIR);
	if (iir & UART_IIR_NO_INT)
		return NTSER_ISR_NONE;
	if (up->isr.isr_held) {
		ntser_request_roles(up, ntser_storm_held_isr(up, iir));
		return NTSER_ISR_NONE;
	}
	ntser_request_roles(up, ntser_storm_isr(up, iir, &handled));
	return handled ? NTSER_ISR_HANDLED : NTSER_ISR_STUCK;
}

/**
 * struct ntser_storm - what the interrupt storm SynchCritSection reports.
 * @up: the port.
 * @iir: the IIR value the ISR found still pending.
 * @streak: ISR calls in a row that ended at the pass limit.
 */
struct ntser_storm {
	struct ntser_port *up;
	u8 iir;
	u32 streak;
};

/*
 * The ISR gave up at its pass limit and masked the UART.  A few times in
 * a row is load (the next ISR call carries on, unmask at once); more is a
 * source that does not clear: keep it masked for a while, so that it
 * cannot take the CPU, and let the storm timer unmask it.
 * Return: 1 if the interrupts stay masked.
 */
static int ntser_sync_storm(void *context)
{
	struct ntser_storm *c = context;
	struct ntser_isr_state *s = &c->up->isr;

	nt_assert_synchronized(c->up->intr);
	if (!s->isr_held)
		return 0;
	c->iir = s->storm_iir;
	c->streak = s->storm_streak;
	if (s->storm_streak >= NTSER_STORM_STREAK)
		return 1;
	s->isr_held = false;
	ntser_write_ier(c->up);
	return 0;
}

/**
 * ntser_storm_role() - the interrupt storm DPC role.
 * @up: the port.
 *
 * After a short streak of ISR calls that gave up, unmask the UART at once;
 * after a long one, keep it masked for NTSER_STORM_BACKOFF_MS, warn and
 * count (debugfs ``storms``), and let the storm timer unmask it.
 *
 * Context: DPC.
 */
void ntser_storm_role(struct ntser_port *up)
{
	struct ntser_storm c = { .up = up };
	unsigned long flags;

	if (!nt_synchronize_execution(up->intr, ntser_sync_storm, &c))
		return;
	uart_port_lock_irqsave(&up->port, &flags);
	if (!up->closing && !timer_pending(&up->storm_timer)) {
		mod_timer(&up->storm_timer,
			  jiffies + msecs_to_jiffies(NTSER_STORM_BACKOFF_MS));
		atomic_long_inc(&up->stats.storms);
		dev_warn_ratelimited(up->port.dev,
				     "%s%d: interrupt storm: IIR 0x%02x still pending after %u ISR calls of %d passes; UART interrupts masked for %d ms\n",
				     NTSER_DEV_NAME, up->port.line, c.iir,
				     c.streak, NTSER_ISR_PASS_LIMIT,
				     NTSER_STORM_BACKOFF_MS);
	}
	uart_port_unlock_irqrestore(&up->port, flags);
}

static int ntser_sync_storm_end(void *context)
{
	struct ntser_port *up = context;

	nt_assert_synchronized(up->intr);
	up->isr.storm_streak = 0;
	if (up->isr.isr_held) {
		up->isr.isr_held = false;
		ntser_write_ier(up);
	}
	return 0;
}

/* The storm backoff is over: let the UART interrupt again. */
static void ntser_storm_timer(struct timer_list *t)
{
	struct ntser_port *up = from_timer(up, t, storm_timer);

	nt_synchronize_execution(up->intr, ntser_sync_storm_end, up);
}

/**
 * ntser_storm_init() - set up a port's interrupt storm timer.
 * @up: the port.
 *
 * Context: process, port not open.
 */
void ntser_storm_init(struct ntser_port *up)
{
	timer_setup(&up->storm_timer, ntser_storm_timer, 0);
}
