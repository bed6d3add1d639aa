// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_rx.c - receive: the ISR's capture and its decision to leave
 * received bytes in the FIFO, the rescue timer under that deferral, the
 * receive DPC role, and stop_rx.
 *
 * Received data is what a UART loses first, but a 16550A's FIFO keeps it
 * safe for as long as the room above the trigger level takes to fill.
 * When that time is long enough (ntser_rx_may_defer(), decided again by
 * set_termios and by a new rx_trig_bytes), the ISR leaves the bytes where
 * they are: it masks the receive interrupts, which silences the source,
 * and the receive DPC reads the FIFO.  Otherwise (no FIFO, a high trigger
 * level or a fast line) the ISR reads the bytes itself into the capture.
 * A rescue timer (ntser_rx_rescue()) is the safety net under the
 * deferral: if the receive DPC is late, the timer reads the FIFO at hard
 * IRQ level, as the ISR would have.
 *
 * A deferred receive costs the ISR one IER write; the DPC then makes LSR,
 * the known bytes, LSR, RBR + LSR per further byte, and IER when the FIFO
 * is empty.  The receive DPC takes the captured bytes out in a
 * SynchCritSection and pushes them to the tty layer under the port lock;
 * once it has emptied the capture and the UART, it runs the adaptive
 * trigger policy (ntserial_fifo.c), whose idle timer lives here.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/tty_flip.h>

#include "ntserial.h"

/* ---- the ISR's part ------------------------------------------------------ */

/*
 * Stop receive interrupts until the receive DPC has run: the UART's own
 * FIFO (and, beyond it, flow control or an overrun the hardware reports)
 * holds the data until the DPC has read it or made room in the capture,
 * and then unmasks them again.
 */
static void ntser_rx_hold(struct ntser_port *up)
{
	nt_assert_synchronized(up->intr);
	if (up->isr.rx_held)
		return;
	up->isr.rx_held = true;
	ntser_write_ier(up);
}

/*
 * Receive with a status read before each byte, as the error bits in LSR
 * describe the byte at the head of the FIFO.  Return: the roles to run.
 */
static unsigned long ntser_rx_slow(struct ntser_port *up, u8 lsr,
				   unsigned int *budget)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned long roles = 0;
	u8 ch, err;

	nt_assert_synchronized(up->intr);
	lsr |= s->lsr_saved;
	s->lsr_saved = 0;
	while (lsr & UART_LSR_DR) {
		if (kfifo_is_full(&s->rx) || !*budget)
			break;
		ch = ntser_in(up, UART_RX);
		err = lsr & UART_LSR_BRK_ERROR_BITS;
		if (unlikely(err)) {
			ntser_count_error(s, err);
			roles |= BIT(NTSER_ROLE_ERR);
		}
		kfifo_put(&s->rx, ch | (err << 8));
		roles |= BIT(NTSER_ROLE_RX);
		(*budget)--;
		lsr = ntser_in(up, UART_LSR);
	}
	/*
	 * Reading LSR cleared its error bits.  If a byte is still waiting,
	 * they are that byte's: keep them for it, and note that the UART
	 * still holds data.  Otherwise (an overrun or a break reported after
	 * the last byte) count them now.
	 */
	if (lsr & UART_LSR_DR) {
		s->lsr_saved = lsr & UART_LSR_BRK_ERROR_BITS;
		s->rx_in_uart = true;
	} else if (unlikely(lsr & UART_LSR_BRK_ERROR_BITS)) {
		ntser_count_error(s, lsr);
		roles |= BIT(NTSER_ROLE_ERR);
	}
	return roles;
}

/**
 * ntser_rx_capture() - move received bytes from the UART into the capture.
 * @up: the port.
 * @known: bytes the UART is known to hold: its trigger level after a
 *	received data interrupt, else 0.
 * @budget: the most bytes to move; decremented by the bytes moved.
 * @drain: read on while LSR shows data (the receive DPC); without it,
 *	stop after the @known bytes (the ISR, whose next IIR read says
 *	whether more wait).
 *
 * If LSR shows no error in the whole FIFO (FIFOE clear), the @known bytes
 * carry no status of their own and are read back to back: this is what
 * saves the status read per byte that 8250 makes.  Any other byte is read
 * after a status read.
 *
 * Sets isr.rx_in_uart if bytes are left in the UART because the capture
 * is full or @budget ran out, and clears it otherwise; the caller masks
 * receive interrupts in that case.
 *
 * Context: ISR or SynchCritSection (interrupt spin lock held).
 * Return: the roles to request: NTSER_ROLE_RX, NTSER_ROLE_ERR.
 */
static unsigned long ntser_rx_capture(struct ntser_port *up,
				      unsigned int known,
				      unsigned int *budget, bool drain)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned int n, i;
	u8 lsr;

	nt_assert_synchronized(up->intr);
	s->rx_in_uart = false;
	lsr = ntser_in(up, UART_LSR);
	n = min3(known, kfifo_avail(&s->rx), *budget);
	if (!n || n < known || s->lsr_saved || !(lsr & UART_LSR_DR) ||
	    (lsr & (UART_LSR_FIFOE | UART_LSR_BRK_ERROR_BITS)))
		return ntser_rx_slow(up, lsr, budget);

	for (i = 0; i < n; i++)
		kfifo_put(&s->rx, ntser_in(up, UART_RX));
	*budget -= n;
	if (!drain)
		return BIT(NTSER_ROLE_RX);
	return BIT(NTSER_ROLE_RX) |
	       ntser_rx_slow(up, ntser_in(up, UART_LSR), budget);
}

/**
 * ntser_rx_isr() - the ISR's part of a receive interrupt (RDA, CTI, RLS).
 * @up: the port.
 * @known: bytes the FIFO is known to hold: the trigger level after RDA,
 *	else 0.
 * @budget: bytes the ISR may still move in this call; decremented by the
 *	bytes moved.
 *
 * Either leave the bytes to the receive DPC -- mask the receive
 * interrupts (RDA, CTI and RLS are all silenced by IER), tell the DPC how
 * many are known to be there and start the rescue timer -- or read them
 * now into the capture.
 *
 * Context: ISR (hard IRQ, interrupt spin lock held).
 * Return: the roles to request: NTSER_ROLE_RX, NTSER_ROLE_ERR.
 */
unsigned long ntser_rx_isr(struct ntser_port *up, unsigned int known,
			   unsigned int *budget)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned long roles = BIT(NTSER_ROLE_RX);

	nt_assert_synchronized(up->intr);
	if (s->rx_defer) {
		s->rx_known = max_t(unsigned int, s->rx_known, known);
		/* The first interrupt of this deferral starts the deadline. */
		if (!s->rx_in_uart)
			hrtimer_start(&up->rx_rescue,
				      ns_to_ktime(s->rx_rescue_ns),
				      HRTIMER_MODE_REL_HARD);
		s->rx_in_uart = true;
	} else {
		roles = ntser_rx_capture(up, known, budget, false);
	}
	/* Left to the DPC, or capture full or budget spent: it unmasks. */
	if (s->rx_in_uart)
		ntser_rx_hold(up);
	return roles;
}

/*
 * Read what the UART holds into the capture, as the ISR does when it does
 * not defer, and let the UART interrupt again.  Called when the receive
 * DPC was late.  Once is a hiccup; NTSER_RX_RESCUE_STREAK times in a row
 * means the DPC starts too late for this line as a rule, and the ISR reads
 * the FIFO itself until set_termios or rx_trig_bytes decide again.
 */
static int ntser_sync_rx_rescue(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;
	unsigned int budget = NTSER_ISR_RX_BUDGET;
	unsigned long roles;

	nt_assert_synchronized(up->intr);
	/*
	 * Read by the DPC meanwhile, or stopped (stop_rx, shutdown).  Still
	 * done if set_termios stopped deferring since: those bytes wait all
	 * the same.  Queued again means the ISR armed the timer for a new
	 * deferral while this run waited for the lock: that one is not due.
	 */
	if (!s->rx_in_uart || !(s->ier & UART_IER_RDI) ||
	    hrtimer_is_queued(&up->rx_rescue))
		return 0;
	atomic_long_inc(&up->stats.rx_rescues);
	if (s->rx_defer && ++s->rx_rescue_streak >= NTSER_RX_RESCUE_STREAK) {
		s->rx_defer = false;
		s->rx_defer_lost = true;
		s->rx_rescue_ns = 0;
		atomic_long_inc(&up->stats.rx_fallbacks);
	}
	roles = ntser_rx_capture(up, s->rx_known, &budget, true);
	s->rx_known = 0;
	/* Capture full: stay masked, the DPC unmasks once it made room. */
	if (!s->rx_in_uart && s->rx_held) {
		s->rx_held = false;
		ntser_write_ier(up);
	}
	if (roles & BIT(NTSER_ROLE_ERR))
		ntser_request_role(up, NTSER_ROLE_ERR);
	ntser_request_role(up, NTSER_ROLE_RX);
	return 0;
}

/**
 * ntser_rx_rescue() - the receive deferral's safety net (hrtimer callback).
 * @timer: the port's rx_rescue timer.
 *
 * Runs in hard IRQ context (HRTIMER_MODE_REL_HARD, also on PREEMPT_RT),
 * at the deadline the ISR set when it left bytes in the FIFO.  If the
 * receive DPC has not read them yet, read them now, with the ISR excluded:
 * a late DPC then costs register accesses at interrupt level, never
 * received data.
 *
 * Context: hard IRQ.
 * Return: HRTIMER_NORESTART.
 */
static enum hrtimer_restart ntser_rx_rescue(struct hrtimer *timer)
{
	struct ntser_port *up = container_of(timer, struct ntser_port,
					     rx_rescue);

	nt_synchronize_execution(up->intr, ntser_sync_rx_rescue, up);
	return HRTIMER_NORESTART;
}

/* The line is idle: tell the adaptive trigger, if a level above 1 waits. */
static int ntser_sync_rx_idle(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;

	nt_assert_synchronized(up->intr);
	if (!(s->ier & UART_IER_RDI) || s->rx_trig <= 1)
		return 0;
	/* Bytes wait for a late receive DPC: that is no quiet line. */
	if (s->rx_in_uart || s->rx_held || !kfifo_is_empty(&s->rx))
		return 0;
	s->rx_quiet = true;
	ntser_request_role(up, NTSER_ROLE_RX);
	return 0;
}

/*
 * The adaptive trigger's idle timer (softirq hrtimer), its only way back
 * down: no receive DPC for NTSER_RX_IDLE_CHARS character times at a level
 * above 1 brings the level back to 1 before the next lone byte.
 */
static enum hrtimer_restart ntser_rx_idle(struct hrtimer *timer)
{
	struct ntser_port *up = container_of(timer, struct ntser_port,
					     rx_idle);

	nt_synchronize_execution(up->intr, ntser_sync_rx_idle, up);
	return HRTIMER_NORESTART;
}

/**
 * ntser_rx_timers_init() - set up a port's receive rescue and idle timers.
 * @up: the port.
 *
 * Context: process, port not open.
 */
void ntser_rx_timers_init(struct ntser_port *up)
{
	hrtimer_init(&up->rx_rescue, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	up->rx_rescue.function = ntser_rx_rescue;
	hrtimer_init(&up->rx_idle, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	up->rx_idle.function = ntser_rx_idle;
}

/* ---- the receive DPC role ------------------------------------------------ */

/**
 * struct ntser_rx_take - what one receive SynchCritSection hands back.
 * @up: the port.
 * @last: the last round of this DPC run: unmask receive interrupts even
 *	if the UART still holds bytes, so that the next interrupt, and not
 *	this DPC, brings them in.
 * @more: set by the routine: bytes remain, in the capture or in the UART.
 * @gen: set by the routine: the receive purge generation the entries in
 *	@buf belong to.
 * @buf: captured entries taken out, as in ntser_isr_state.rx.
 */
struct ntser_rx_take {
	struct ntser_port *up;
	bool last;
	bool more;
	u32 gen;
	u16 buf[64];
};

/*
 * Read what the ISR left in the UART (one FIFO's worth at most, so that
 * interrupts stay masked only briefly), take entries out of the capture
 * and, once both are empty, let the UART interrupt again.
 *
 * After stop_rx the bytes stay in the UART, as they would with 8250.  An
 * overrun found here means the FIFO filled up while its bytes waited for
 * this DPC: the DPC starts too late for this line, so the ISR reads the
 * FIFO from now on (until set_termios or rx_trig_bytes decide again).
 * Reading the FIFO serves the deferral: the rescue timer is cancelled
 * here, under the interrupt lock, so that it cannot cancel a later one.
 */
static int ntser_sync_take_rx(void *context)
{
	struct ntser_rx_take *t = context;
	struct ntser_port *up = t->up;
	struct ntser_isr_state *s = &up->isr;
	unsigned int n, budget;
	u32 overruns;

	nt_assert_synchronized(up->intr);
	if (s->rx_in_uart && !(s->ier & UART_IER_RDI)) {
		s->rx_in_uart = false;
		s->rx_known = 0;
		hrtimer_try_to_cancel(&up->rx_rescue);
	}
	if (s->rx_in_uart && !kfifo_is_full(&s->rx)) {
		/* In time: the deferral works for this line. */
		hrtimer_try_to_cancel(&up->rx_rescue);
		s->rx_rescue_streak = 0;
		overruns = s->overrun;
		budget = up->fifo_depth;
		if (ntser_rx_capture(up, s->rx_known, &budget, true) &
		    BIT(NTSER_ROLE_ERR))
			ntser_request_role(up, NTSER_ROLE_ERR);
		s->rx_known = 0;
		if (s->overrun != overruns && s->rx_defer) {
			s->rx_defer = false;
			s->rx_defer_lost = true;
			atomic_long_inc(&up->stats.rx_fallbacks);
		}
	}
	n = kfifo_out(&s->rx, t->buf, ARRAY_SIZE(t->buf));
	/*
	 * Every byte read from the UART, by the ISR, the rescue timer or
	 * above, passes through the capture: the adaptive trigger counts
	 * them here, in the DPC, not on the ISR's path.
	 */
	s->rx_seen = min_t(unsigned int, U16_MAX, s->rx_seen + n);
	t->gen = s->rx_gen;
	t->more = !kfifo_is_empty(&s->rx) || (s->rx_in_uart && !t->last);
	if (!t->more) {
		s->rx_in_uart = false;
		s->rx_known = 0;
		/* Nothing waits on the level or the deferral now. */
		ntser_rx_trig_adapt(up);
		if (s->rx_held) {
			s->rx_held = false;
			ntser_write_ier(up);
		}
	}
	return n;
}

/**
 * ntser_rx_char() - hand one received byte to the tty layer.
 * @port: the port, locked.
 * @ch: the byte.
 * @lsr: the LSR error bits the ISR captured with it.
 *
 * The same decisions as 8250's serial8250_read_char(): break first (it
 * clears parity and framing errors and may be a sysrq), then the flag of
 * the error the termios read mask keeps, then the ignore mask and the
 * overrun marker in uart_insert_char().  Error counts were already made
 * by the line error role.
 *
 * Context: DPC, port lock held.
 */
static void ntser_rx_char(struct uart_port *port, u8 ch, u8 lsr)
{
	unsigned int flag = TTY_NORMAL;

	lockdep_assert_held(&port->lock);
	port->icount.rx++;
	lsr |= UART_LSR_DR;
	if (unlikely(lsr & UART_LSR_BRK_ERROR_BITS)) {
		if (lsr & UART_LSR_BI) {
			lsr &= ~(UART_LSR_FE | UART_LSR_PE);
			if (uart_handle_break(port))
				return;
		}
		lsr &= port->read_status_mask;
		if (lsr & UART_LSR_BI)
			flag = TTY_BREAK;
		else if (lsr & UART_LSR_PE)
			flag = TTY_PARITY;
		else if (lsr & UART_LSR_FE)
			flag = TTY_FRAME;
	}
	if (uart_prepare_sysrq_char(port, ch))
		return;
	uart_insert_char(port, lsr, UART_LSR_OE, ch, flag);
}

/**
 * ntser_rx_role() - the receive DPC role: push captured bytes to the tty.
 * @up: the port.
 *
 * At most NTSER_RX_DPC_ROUNDS rounds per run, so that a line that never
 * stops does not keep the DPC queue to itself: after that the UART's next
 * interrupt brings the rest, or, if the capture still holds entries, the
 * role is requested again.  Its DPC has high importance on a line of its
 * own, so it runs next (on a shared line, medium: after the other ports'
 * DPCs already queued), but through the backend again (a new tasklet run,
 * or the next pass of the IRQ thread), not from inside this one.
 *
 * Context: DPC.
 */
void ntser_rx_role(struct ntser_port *up)
{
	struct ntser_rx_take t = { .up = up };
	unsigned int n, i, rounds = 0;
	unsigned long flags;

	do {
		t.last = ++rounds == NTSER_RX_DPC_ROUNDS;
		n = nt_synchronize_execution(up->intr, ntser_sync_take_rx, &t);
		uart_port_lock_irqsave(&up->port, &flags);
		/* Purged after they were taken: they never reach the tty. */
		if (unlikely(t.gen != READ_ONCE(up->isr.rx_gen))) {
			atomic_long_add(n, &up->stats.rx_purged);
			n = 0;
		}
		for (i = 0; i < n; i++)
			ntser_rx_char(&up->port, t.buf[i] & 0xff, t.buf[i] >> 8);
		uart_unlock_and_check_sysrq_irqrestore(&up->port, flags);
		atomic_long_add(n, &up->stats.rx_bytes);
	} while (t.more && !t.last);
	tty_flip_buffer_push(&up->port.state->port);
	if (t.more)
		ntser_request_role(up, NTSER_ROLE_RX);
	else if (READ_ONCE(up->rx_trig_auto) && READ_ONCE(up->isr.rx_trig) > 1)
		hrtimer_start(&up->rx_idle,
			      ns_to_ktime((u64)NTSER_RX_IDLE_CHARS *
					  READ_ONCE(up->port.frame_time)),
			      HRTIMER_MODE_REL_SOFT);
}

/* ---- serial_core ------------------------------------------------------- */

/**
 * ntser_stop_rx() - uart_ops.stop_rx: mask the receive interrupts.
 * @port: the port.
 *
 * Bytes the UART holds stay there, as they would with 8250.
 *
 * Context: port lock held.
 */
void ntser_stop_rx(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);

	lockdep_assert_held(&port->lock);
	port->read_status_mask &= ~UART_LSR_DR;
	ntser_update(up, UART_IER, 0, UART_IER_RDI | UART_IER_RLSI);
}
