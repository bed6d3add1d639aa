// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_error.c - line errors: overrun, parity, framing and break.
 *
 * The ISR counts each error it captures with a received byte
 * (ntser_count_error()) and requests the line error role, which moves the
 * counts into the port's icount.  LSR's error bits clear when LSR is read,
 * and they describe the byte at the head of the receive FIFO: a read of
 * LSR outside the ISR (tx_empty, the transmit load, the watchdog) keeps
 * them for the ISR (ntser_capture_lsr()), so that no error is lost.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/serial_core.h>
#include <linux/serial_reg.h>

#include "ntserial.h"

/**
 * ntser_count_error() - count the line errors of one LSR value.
 * @s: the port's ISR state.
 * @lsr: LSR error bits (UART_LSR_BRK_ERROR_BITS) read with a byte.
 *
 * A break also sets the framing (and often the parity) bit: it counts as
 * a break only.  An overrun counts apart, as it loses a byte of its own.
 *
 * Context: ISR or SynchCritSection (interrupt spin lock held).
 */
void ntser_count_error(struct ntser_isr_state *s, u8 lsr)
{
	nt_assert_synchronized(container_of(s, struct ntser_port, isr)->intr);
	if (lsr & UART_LSR_BI)
		s->brk++;
	else if (lsr & UART_LSR_PE)
		s->parity++;
	else if (lsr & UART_LSR_FE)
		s->frame++;
	if (lsr & UART_LSR_OE)
		s->overrun++;
}

/**
 * ntser_capture_lsr() - read LSR outside the ISR without losing errors.
 * @up: the port.
 *
 * Reading LSR clears its error bits, which belong to the byte at the head
 * of the receive FIFO; keep them for the ISR to attach to that byte.
 *
 * Context: SynchCritSection (interrupt spin lock held).
 * Return: the LSR value read.
 */
u8 ntser_capture_lsr(struct ntser_port *up)
{
	u8 lsr;

	nt_assert_synchronized(up->intr);
	lsr = ntser_in(up, UART_LSR);

	up->isr.lsr_saved |= lsr & UART_LSR_BRK_ERROR_BITS;
	return lsr;
}

struct ntser_err_counts {
	struct ntser_port *up;
	u32 overrun, parity, frame, brk;
};

static int ntser_sync_take_errors(void *context)
{
	struct ntser_err_counts *c = context;
	struct ntser_isr_state *s = &c->up->isr;

	nt_assert_synchronized(c->up->intr);
	c->overrun = s->overrun;
	c->parity = s->parity;
	c->frame = s->frame;
	c->brk = s->brk;
	s->overrun = 0;
	s->parity = 0;
	s->frame = 0;
	s->brk = 0;
	return 0;
}

/**
 * ntser_err_role() - the line error DPC role: add the errors the ISR
 * counted to the port's icount.
 * @up: the port.
 *
 * Context: DPC.
 */
void ntser_err_role(struct ntser_port *up)
{
	struct ntser_err_counts c = { .up = up };
	unsigned long flags;

	nt_synchronize_execution(up->intr, ntser_sync_take_errors, &c);
	uart_port_lock_irqsave(&up->port, &flags);
	up->port.icount.overrun += c.overrun;
	up->port.icount.parity += c.parity;
	up->port.icount.frame += c.frame;
	up->port.icount.brk += c.brk;
	uart_port_unlock_irqrestore(&up->port, flags);
}
