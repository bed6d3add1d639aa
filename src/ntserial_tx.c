// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_tx.c - transmit: StartIo (start_tx loads the first burst), the
 * transmit DPC role that refills the FIFO after each THRE, the watchdog
 * that finds a lost THRE or a UART that is gone, and tx_empty.
 *
 * THRE stays enabled while the port is open and reading IIR clears it, so
 * the ISR's whole part is to note it (ntser_port.thre_seen) and request
 * the transmit role.  The FIFO is known to be empty only after a THRE;
 * nothing loads it otherwise, so it cannot overflow.  Each load is written
 * in a SynchCritSection (the ISR excluded).  Transmit state lives under
 * the serial_core port lock, because only the transmit DPC and the
 * uart_ops use it.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/timer.h>

#include "ntserial.h"
#include "ntserial_compat.h"

/* ---- the watchdog ------------------------------------------------------ */

/**
 * ntser_tx_watchdog_arm() - (re)start the transmit watchdog.
 * @up: the port, locked.
 *
 * KeSetTimer with a DPC: if no THRE interrupt arrives for twice the time
 * the FIFO needs to drain, the timeout role looks for a lost one.
 *
 * Context: port lock held.
 */
void ntser_tx_watchdog_arm(struct ntser_port *up)
{
	lockdep_assert_held(&up->port.lock);
	if (!up->closing)
		mod_timer(&up->tx_timer,
			  jiffies + 2 * uart_fifo_timeout(&up->port));
}

/**
 * ntser_tx_discard() - drop the output of a UART that stopped responding.
 * @up: the port, locked, marked gone.
 *
 * Writers would otherwise wait for a transmitter that is not there: the
 * bytes are counted in tx_dropped and the writers woken.
 *
 * Context: port lock held.
 */
static void ntser_tx_discard(struct ntser_port *up)
{
	unsigned int n;

	lockdep_assert_held(&up->port.lock);
	n = nt_uart_tx_discard(&up->port);
	if (!n)
		return;
	atomic_long_add(n, &up->stats.tx_dropped);
	dev_err_ratelimited(up->port.dev,
			    "%s%d: UART not responding (IIR and LSR read 0xff): %u bytes of output discarded\n",
			    NTSER_DEV_NAME, up->port.line, n);
	uart_write_wakeup(&up->port);
}

/* ---- loading the FIFO ---------------------------------------------------- */

struct ntser_tx_burst {
	struct ntser_port *up;
	unsigned int n;
	bool poll;
	u8 buf[16];
};

/*
 * Write the burst with the ISR excluded.  A UART that sends at once (as
 * an emulated one does) raises THRE after each byte written to an empty
 * FIFO; with the ISR held off the whole burst costs one THRE interrupt,
 * as a real FIFO gives.
 *
 * Any THRE the ISR reported before this write is now stale: drop its
 * request and clear thre_seen, so that a DPC still queued for it, or one
 * already running that claimed it, does not refill a FIFO that is no
 * longer empty.  With @poll, look at LSR once more: a transmitter that has
 * already emptied the FIFO (a fast line, or an emulated UART) takes the
 * next burst from this DPC, with no interrupt -- unless received data
 * waits (LSR.DR): then the receiver must be drained first (by the ISR, or
 * by the receive DPC, which runs once this one returns), or internal
 * loopback (and any line as fast as it) would overrun the receive FIFO.
 *
 * Return: 1 if the transmit FIFO is empty and the next burst may follow.
 */
static int ntser_sync_tx_burst(void *context)
{
	struct ntser_tx_burst *b = context;
	unsigned int i;

	nt_assert_synchronized(b->up->intr);
	for (i = 0; i < b->n; i++)
		ntser_out(b->up, UART_TX, b->buf[i]);
	atomic_set(&b->up->thre_seen, 0);
	atomic_long_andnot(BIT(NTSER_ROLE_TX), &b->up->pending);
	if (!b->poll)
		return 0;
	return (ntser_capture_lsr(b->up) & (UART_LSR_THRE | UART_LSR_DR)) ==
	       UART_LSR_THRE;
}

/*
 * Load the transmitter FIFO.  Only called when it is known to be empty
 * (a THRE was seen since the last load), so up to tx_loadsz bytes fit;
 * at most @max_bursts loads while it keeps emptying at once.
 */
static void ntser_tx_load(struct ntser_port *up, unsigned int max_bursts)
{
	struct uart_port *port = &up->port;
	struct ntser_tx_burst b = { .up = up };
	unsigned int count = min3(up->tx_loadsz, READ_ONCE(port->fifosize),
				  (unsigned int)sizeof(b.buf));
	unsigned int bursts = 0;
	bool empty;

	lockdep_assert_held(&port->lock);
	/* After shutdown serial_core frees the transmit buffer. */
	if (up->closing)
		return;
	if (unlikely(up->gone)) {
		ntser_tx_discard(up);
		return;
	}
	do {
		b.n = 0;
		if (port->x_char) {
			b.buf[b.n++] = port->x_char;
			port->icount.tx++;
			port->x_char = 0;
		}
		while (b.n < count && !uart_tx_stopped(port) &&
		       nt_uart_tx_get(port, &b.buf[b.n]))
			b.n++;
		if (!b.n)
			break;
		b.poll = ++bursts < max_bursts &&
			 !uart_tx_stopped(port) && nt_uart_tx_pending(port);
		empty = nt_synchronize_execution(up->intr, ntser_sync_tx_burst,
						 &b);
		up->tx_fifo_empty = empty;
		atomic_long_add(b.n, &up->stats.tx_bytes);
	} while (empty);

	if (!bursts)
		return;
	if (!up->tx_fifo_empty)
		ntser_tx_watchdog_arm(up);
	if (nt_uart_tx_pending(port) < WAKEUP_CHARS)
		uart_write_wakeup(port);
}

/**
 * ntser_tx_role() - the transmit DPC role: a THRE was seen, refill.
 * @up: the port.
 *
 * Context: DPC.
 */
void ntser_tx_role(struct ntser_port *up)
{
	unsigned long flags;

	uart_port_lock_irqsave(&up->port, &flags);
	if (up->closing) {
		uart_port_unlock_irqrestore(&up->port, flags);
		return;
	}
	/* No THRE since the last load (start_tx's, say): nothing to do. */
	if (atomic_xchg(&up->thre_seen, 0))
		up->tx_fifo_empty = true;
	if (up->tx_fifo_empty)
		ntser_tx_load(up, NTSER_TX_POLL_BURSTS);
	uart_port_unlock_irqrestore(&up->port, flags);
}

/* ---- the watchdog's DPC role -------------------------------------------- */

/*
 * Look for a lost THRE with the ISR excluded.  If the UART has an
 * interrupt pending the ISR will see it, unless reading IIR just
 * consumed a THRE; if none is pending but THR is empty with THRE enabled,
 * the interrupt was lost.  Either way, do what the ISR would have done.
 * IIR and LSR both reading 0xff (bits a 16550 never sets together) mean
 * the UART is not there any more.
 *
 * Return: NTSER_TX_LOST_THRE, NTSER_TX_GONE or 0 (nothing found).
 */
#define NTSER_TX_LOST_THRE	1
#define NTSER_TX_GONE		2

static int ntser_sync_find_lost_thre(void *context)
{
	struct ntser_port *up = context;
	u8 iir, lsr;

	nt_assert_synchronized(up->intr);
	if (atomic_long_read(&up->pending) & BIT(NTSER_ROLE_TX))
		return 0;
	iir = ntser_in(up, UART_IIR);
	if (unlikely(iir == 0xff)) {
		lsr = ntser_in(up, UART_LSR);
		if (lsr == 0xff)
			return NTSER_TX_GONE;
		up->isr.lsr_saved |= lsr & UART_LSR_BRK_ERROR_BITS;
		return 0;
	}
	if (!(iir & UART_IIR_NO_INT)) {
		if ((iir & UART_IIR_ID) != UART_IIR_THRI)
			return 0;
	} else {
		lsr = ntser_capture_lsr(up);
		if (!(lsr & UART_LSR_THRE) || !(up->isr.ier & UART_IER_THRI))
			return 0;
	}
	atomic_set(&up->thre_seen, 1);
	ntser_request_role(up, NTSER_ROLE_TX);
	return NTSER_TX_LOST_THRE;
}

/**
 * ntser_timeout_role() - the transmit watchdog's DPC role.
 * @up: the port.
 *
 * Recovers a lost THRE, or marks a UART that reads 0xff gone and discards
 * its output; otherwise re-arms the watchdog while the FIFO is not known
 * to be empty.
 *
 * Context: DPC.
 */
void ntser_timeout_role(struct ntser_port *up)
{
	unsigned long flags;

	uart_port_lock_irqsave(&up->port, &flags);
	if (!up->closing && !up->tx_fifo_empty && !up->gone) {
		switch (nt_synchronize_execution(up->intr,
						 ntser_sync_find_lost_thre,
						 up)) {
		case NTSER_TX_LOST_THRE:
			atomic_long_inc(&up->stats.tx_timeouts);
			break;
		case NTSER_TX_GONE:
			up->gone = true;
			ntser_tx_discard(up);
			break;
		default:
			ntser_tx_watchdog_arm(up);
			break;
		}
	}
	uart_port_unlock_irqrestore(&up->port, flags);
}

static void ntser_tx_timer(struct timer_list *t)
{
	struct ntser_port *up = from_timer(up, t, tx_timer);

	ntser_request_role(up, NTSER_ROLE_TIMEOUT);
}

/**
 * ntser_tx_timer_init() - set up a port's transmit watchdog timer.
 * @up: the port.
 *
 * Context: process, port not open.
 */
void ntser_tx_timer_init(struct ntser_port *up)
{
	timer_setup(&up->tx_timer, ntser_tx_timer, 0);
}

/* ---- serial_core ------------------------------------------------------- */

/*
 * The StartIo half of transmit: when the FIFO is known to be empty, the
 * first burst is loaded at once, in a SynchCritSection, as an NT driver
 * starts a write under KeSynchronizeExecution; the THRE interrupt that
 * follows hands the rest to the transmit DPC.  When the FIFO is not known
 * empty, a THRE interrupt is on its way (or the watchdog finds it lost)
 * and the DPC loads it then.  One burst only, with no polling, so that
 * the caller's interrupts-off section stays short.
 */
static void ntser_tx_start_io(struct ntser_port *up)
{
	lockdep_assert_held(&up->port.lock);
	if (up->tx_fifo_empty || unlikely(up->gone))
		ntser_tx_load(up, 1);
	else if (!up->closing && !timer_pending(&up->tx_timer))
		ntser_tx_watchdog_arm(up);
}

/**
 * ntser_start_tx() - uart_ops.start_tx: StartIo of a write.
 * @port: the port.
 *
 * Context: port lock held.
 */
void ntser_start_tx(struct uart_port *port)
{
	ntser_tx_start_io(to_ntser(port));
}

/**
 * ntser_stop_tx() - uart_ops.stop_tx: nothing to write.
 * @port: the port.
 *
 * THRE stays enabled while the port is open, so the UART says when the
 * FIFO empties and stopping needs no register write: the transmit DPC
 * checks uart_tx_stopped() before it loads anything.
 *
 * Context: port lock held.
 */
void ntser_stop_tx(struct uart_port *port)
{
	lockdep_assert_held(&port->lock);
}

static int ntser_sync_tx_empty(void *context)
{
	return ntser_capture_lsr(context) & UART_LSR_TEMT;
}

/**
 * ntser_tx_empty() - uart_ops.tx_empty: is the transmitter empty?
 * @port: the port.
 *
 * Reads LSR in a SynchCritSection; its error bits are kept for the ISR.
 *
 * Context: any but the ISR or a SynchCritSection (it takes the interrupt
 * spin lock).
 * Return: TIOCSER_TEMT if the transmitter is empty, else 0.
 */
unsigned int ntser_tx_empty(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);

	return nt_synchronize_execution(up->intr, ntser_sync_tx_empty, up) ?
	       TIOCSER_TEMT : 0;
}
