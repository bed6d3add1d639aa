// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_purge.c - flush and purge: NT's PURGE_TXCLEAR (flush_buffer
 * resets the transmit FIFO, then the purge DPC role) and PURGE_RXCLEAR
 * (TCIFLUSH and TCIOFLUSH reach the driver through uart_ops.ioctl).
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/tty.h>

#include "ntserial.h"

/* ---- transmit ---------------------------------------------------------- */

static int ntser_sync_purge_tx(void *context)
{
	struct ntser_port *up = context;

	nt_assert_synchronized(up->intr);
	if (up->fifo_depth > 1)
		ntser_out(up, UART_FCR, up->isr.fcr | UART_FCR_CLEAR_XMIT);
	ntser_request_role(up, NTSER_ROLE_PURGE);
	return 0;
}

/**
 * ntser_flush_buffer() - uart_ops.flush_buffer: PURGE_TXCLEAR.
 * @port: the port.
 *
 * serial_core has emptied the transmit buffer; reset the transmit FIFO in
 * a SynchCritSection and let the purge role wake the writers.
 *
 * Context: port lock held.
 */
void ntser_flush_buffer(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);

	lockdep_assert_held(&port->lock);
	nt_synchronize_execution(up->intr, ntser_sync_purge_tx, up);
}

/**
 * ntser_purge_role() - the purge DPC role, after flush_buffer.
 * @up: the port.
 *
 * Context: DPC.
 */
void ntser_purge_role(struct ntser_port *up)
{
	unsigned long flags;

	/*
	 * flush_buffer reset the TX FIFO under the interrupt lock.  The
	 * THRE that follows marks the FIFO empty; until then nothing is
	 * loaded, and the watchdog covers a UART that raises none.
	 */
	uart_port_lock_irqsave(&up->port, &flags);
	if (!up->tx_fifo_empty)
		ntser_tx_watchdog_arm(up);
	uart_write_wakeup(&up->port);
	uart_port_unlock_irqrestore(&up->port, flags);
}

/* ---- receive ----------------------------------------------------------- */

static int ntser_sync_purge_rx(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;
	unsigned int i;

	/* rx_gen is written under both locks (ntser_purge_rx()). */
	lockdep_assert_held(&up->port.lock);
	nt_assert_synchronized(up->intr);
	if (up->fifo_depth > 1)
		ntser_out(up, UART_FCR, s->fcr | UART_FCR_CLEAR_RCVR);
	/* A 16450 has no FIFO to clear; a vanished UART reads DR forever. */
	for (i = 0; i < up->fifo_depth + 1; i++) {
		if (!(ntser_in(up, UART_LSR) & UART_LSR_DR))
			break;
		ntser_in(up, UART_RX);
	}
	atomic_long_add(kfifo_len(&s->rx), &up->stats.rx_purged);
	kfifo_reset(&s->rx);
	s->lsr_saved = 0;
	s->rx_in_uart = false;
	s->rx_known = 0;
	hrtimer_try_to_cancel(&up->rx_rescue);
	s->rx_gen++;
	if (s->rx_held) {
		s->rx_held = false;
		ntser_write_ier(up);
	}
	return 0;
}

/*
 * PURGE_RXCLEAR: drop every received byte the tty has not seen yet, in
 * the UART, in the capture and in a receive DPC that already took them
 * out (the purge generation tells it).  Both locks: the receive DPC
 * compares the generation under the port lock.
 *
 * The flip buffers are not ours: the tty core emptied them just before
 * (tty_ioctl() calls tty_buffer_flush() for TCIFLUSH), and the line
 * discipline empties its own buffer right after.  Flushing them here
 * would take the flip buffer lock and termios_rwsem under the port mutex,
 * the reverse of set_termios' order.
 */
static void ntser_purge_rx(struct ntser_port *up)
{
	unsigned long flags;

	uart_port_lock_irqsave(&up->port, &flags);
	nt_synchronize_execution(up->intr, ntser_sync_purge_rx, up);
	uart_port_unlock_irqrestore(&up->port, flags);
}

/**
 * ntser_ioctl() - uart_ops.ioctl: the receive purge of TCFLSH.
 * @port: the port.
 * @cmd: the ioctl.
 * @arg: its argument.
 *
 * Ioctls serial_core does not handle itself come here, with the port
 * mutex held; the line discipline sees them after us unless we return
 * anything but -ENOIOCTLCMD.  TCFLSH is one: the tty core and the line
 * discipline flush their own buffers, the receive purge is ours.
 *
 * Context: process, port mutex held.
 * Return: -ENOIOCTLCMD, always: the tty layer goes on with the ioctl.
 */
int ntser_ioctl(struct uart_port *port, unsigned int cmd, unsigned long arg)
{
	lockdep_assert_held(&port->state->port.mutex);
	if (cmd == TCFLSH && (arg == TCIFLUSH || arg == TCIOFLUSH))
		ntser_purge_rx(to_ntser(port));
	return -ENOIOCTLCMD;
}
