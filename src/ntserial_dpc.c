// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_dpc.c - the deferred procedure calls ("DISPATCH_LEVEL").
 *
 * Every role the ISR or a uart_ops callback requests runs here: receive,
 * transmit, modem status, line errors, purge and the transmit watchdog.
 * DPCs of one port share one DPC queue, whose single drainer runs them
 * one at a time, so the roles never race each other.  They take the
 * serial_core port lock for tty-side state and reach state shared with the
 * ISR only through nt_synchronize_execution() (lock order: port lock, then
 * interrupt spin lock).
 */

#include <linux/kfifo.h>
#include <linux/serial_core.h>
#include <linux/tty_flip.h>

#include "ntserial.h"
#include "ntserial_compat.h"

const char * const ntser_model_names[NTSER_NR_MODELS] = {
	[NTSER_MODEL_ISR] = "isr",
	[NTSER_MODEL_CUSTOM] = "custom",
	[NTSER_MODEL_BOTH] = "both",
};

const char * const ntser_role_names[NTSER_NR_ROLES] = {
	[NTSER_ROLE_ERR] = "line_error",
	[NTSER_ROLE_RX] = "receive",
	[NTSER_ROLE_MSR] = "modem_status",
	[NTSER_ROLE_TX] = "transmit",
	[NTSER_ROLE_PURGE] = "purge",
	[NTSER_ROLE_TIMEOUT] = "timeout",
	[NTSER_ROLE_STORM] = "interrupt_storm",
};

/* Roles the DpcForIsr completes under dpc_model=both. */
#define NTSER_COMPLETION_ROLES	(BIT(NTSER_ROLE_RX) | BIT(NTSER_ROLE_TX))

/* ---- line errors ---------------------------------------------------- */

struct ntser_err_counts {
	struct ntser_port *up;
	u32 overrun, parity, frame, brk;
};

static int ntser_sync_take_errors(void *context)
{
	struct ntser_err_counts *c = context;
	struct ntser_isr_state *s = &c->up->isr;

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

static void ntser_err_role(struct ntser_port *up)
{
	struct ntser_err_counts c = { .up = up };
	unsigned long flags;

	nt_synchronize_execution(&up->intr, ntser_sync_take_errors, &c);
	uart_port_lock_irqsave(&up->port, &flags);
	up->port.icount.overrun += c.overrun;
	up->port.icount.parity += c.parity;
	up->port.icount.frame += c.frame;
	up->port.icount.brk += c.brk;
	uart_port_unlock_irqrestore(&up->port, flags);
}

/* ---- receive -------------------------------------------------------- */

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

	lockdep_assert_held(&up->intr.lock);
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
			atomic_long_inc(&up->stats.rx_fallbacks);
		}
	}
	n = kfifo_out(&s->rx, t->buf, ARRAY_SIZE(t->buf));
	t->gen = s->rx_gen;
	t->more = !kfifo_is_empty(&s->rx) || (s->rx_in_uart && !t->last);
	if (!t->more) {
		s->rx_in_uart = false;
		s->rx_known = 0;
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
 * Context: DPC (or KUnit), port lock held.
 */
void ntser_rx_char(struct uart_port *port, u8 ch, u8 lsr)
{
	unsigned int flag = TTY_NORMAL;

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

/*
 * At most NTSER_RX_DPC_ROUNDS rounds per run, so that a line that never
 * stops does not keep the DPC queue to itself: after that the UART's next
 * interrupt brings the rest, or, if the capture still holds entries, the
 * role is requested again.  Its DPC has high importance, so it runs next,
 * but through the backend again (a new tasklet run, or the next pass of
 * the IRQ thread), not from inside this one.
 */
static void ntser_rx_role(struct ntser_port *up)
{
	struct ntser_rx_take t = { .up = up };
	unsigned int n, i, rounds = 0;
	unsigned long flags;

	do {
		t.last = ++rounds == NTSER_RX_DPC_ROUNDS;
		n = nt_synchronize_execution(&up->intr, ntser_sync_take_rx, &t);
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
}

/* ---- modem status ----------------------------------------------------- */

static int ntser_sync_take_msr(void *context)
{
	struct ntser_port *up = context;
	int v = up->isr.msr_delta | up->isr.msr << 8;

	up->isr.msr_delta = 0;
	return v;
}

static void ntser_msr_role(struct ntser_port *up)
{
	struct uart_port *port = &up->port;
	unsigned long flags;
	u8 delta, msr;
	int v;

	v = nt_synchronize_execution(&up->intr, ntser_sync_take_msr, up);
	delta = v & 0xff;
	msr = v >> 8;
	if (!delta)
		return;

	uart_port_lock_irqsave(port, &flags);
	if (delta & UART_MSR_TERI)
		port->icount.rng++;
	if (delta & UART_MSR_DDSR)
		port->icount.dsr++;
	if (delta & UART_MSR_DDCD)
		uart_handle_dcd_change(port, msr & UART_MSR_DCD);
	if (delta & UART_MSR_DCTS)
		uart_handle_cts_change(port, msr & UART_MSR_CTS);
	wake_up_interruptible(&port->state->port.delta_msr_wait);
	uart_port_unlock_irqrestore(port, flags);
}

/* ---- transmit --------------------------------------------------------- */

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
	if (!up->closing)
		mod_timer(&up->tx_timer,
			  jiffies + 2 * uart_fifo_timeout(&up->port));
}

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
		empty = nt_synchronize_execution(&up->intr, ntser_sync_tx_burst,
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

static void ntser_tx_role(struct ntser_port *up)
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

/**
 * ntser_tx_start_io() - start a transmission from start_tx.
 * @up: the port, locked.
 *
 * The StartIo half of transmit: when the FIFO is known to be empty, the
 * first burst is loaded at once, in a SynchCritSection, as an NT driver
 * starts a write under KeSynchronizeExecution; the THRE interrupt that
 * follows hands the rest to the transmit DPC.  When the FIFO is not known
 * empty, a THRE interrupt is on its way (or the watchdog finds it lost)
 * and the DPC loads it then.  One burst only, with no polling, so that
 * the caller's interrupts-off section stays short.
 *
 * Context: uart_ops.start_tx (port lock held).
 */
void ntser_tx_start_io(struct ntser_port *up)
{
	if (up->tx_fifo_empty || unlikely(up->gone))
		ntser_tx_load(up, 1);
	else if (!up->closing && !timer_pending(&up->tx_timer))
		ntser_tx_watchdog_arm(up);
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
void ntser_tx_discard(struct ntser_port *up)
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

/* ---- purge -------------------------------------------------------------- */

static void ntser_purge_role(struct ntser_port *up)
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

/* ---- transmit watchdog ------------------------------------------------ */

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

static void ntser_timeout_role(struct ntser_port *up)
{
	unsigned long flags;

	uart_port_lock_irqsave(&up->port, &flags);
	if (!up->closing && !up->tx_fifo_empty && !up->gone) {
		switch (nt_synchronize_execution(&up->intr,
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

/* ---- interrupt storm -------------------------------------------------- */

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

static void ntser_storm_role(struct ntser_port *up)
{
	struct ntser_storm c = { .up = up };
	unsigned long flags;

	if (!nt_synchronize_execution(&up->intr, ntser_sync_storm, &c))
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

	nt_synchronize_execution(&up->intr, ntser_sync_storm_end, up);
}

/* ---- DPC routines and models ------------------------------------------ */

/*
 * The DeferredRoutine of every DPC object: claim the role bits this DPC
 * serves and run them in a fixed order.  For the DpcForIsr the arguments
 * are IoRequestDpc's Irp and Context, unused here: the role bits carry
 * the request, since only the first insertion's arguments survive.
 */
static void ntser_dpc_routine(struct nt_dpc *dpc, void *deferred_context,
			      void *arg1, void *arg2)
{
	struct ntser_dpc *d = container_of(dpc, struct ntser_dpc, dpc);
	struct ntser_port *up = deferred_context;
	unsigned long todo;

	todo = atomic_long_fetch_andnot(d->roles, &up->pending) & d->roles;
	while (todo) {
		unsigned int role = __ffs(todo);

		todo &= todo - 1;
		atomic_long_inc(&up->stats.role_ran[role]);
		switch (role) {
		case NTSER_ROLE_ERR:
			ntser_err_role(up);
			break;
		case NTSER_ROLE_RX:
			ntser_rx_role(up);
			break;
		case NTSER_ROLE_MSR:
			ntser_msr_role(up);
			break;
		case NTSER_ROLE_TX:
			ntser_tx_role(up);
			break;
		case NTSER_ROLE_PURGE:
			ntser_purge_role(up);
			break;
		case NTSER_ROLE_TIMEOUT:
			ntser_timeout_role(up);
			break;
		case NTSER_ROLE_STORM:
			ntser_storm_role(up);
			break;
		}
	}
}

/**
 * ntser_dpcs_init() - IoInitializeDpcRequest and KeInitializeDpc for a port.
 * @up: the port; its interrupt object is initialised.
 *
 * Context: process, port not open.
 */
void ntser_dpcs_init(struct ntser_port *up)
{
	unsigned int r;

	nt_io_initialize_dpc_request(&up->dpc_for_isr.dpc, &up->intr,
				     ntser_dpc_routine, up);
	for (r = 0; r < NTSER_NR_ROLES; r++)
		nt_dpc_init(&up->custom[r].dpc, &up->intr.dpcs,
			    ntser_dpc_routine, up, ntser_role_names[r]);
	/*
	 * Received data is what the hardware loses first, and the ISR may
	 * have left it in the FIFO: run the DPCs that carry it first (the
	 * HI_SOFTIRQ tasklet, or system_bh_highpri_wq).
	 */
	nt_dpc_set_importance(&up->dpc_for_isr.dpc, NT_DPC_HIGH);
	nt_dpc_set_importance(&up->custom[NTSER_ROLE_RX].dpc, NT_DPC_HIGH);
	timer_setup(&up->tx_timer, ntser_tx_timer, 0);
	timer_setup(&up->storm_timer, ntser_storm_timer, 0);
	hrtimer_init(&up->rx_rescue, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	up->rx_rescue.function = ntser_rx_rescue;
}

/**
 * ntser_dpcs_set_model() - map roles to DPC objects for a dpc_model.
 * @up: the port.
 * @model: the model.
 *
 * Context: process, port not open (no DPC queued or running).
 */
void ntser_dpcs_set_model(struct ntser_port *up, enum ntser_dpc_model model)
{
	unsigned int r;
	bool isr;

	up->model = model;
	up->dpc_for_isr.roles = 0;
	for (r = 0; r < NTSER_NR_ROLES; r++) {
		isr = model == NTSER_MODEL_ISR ||
		      (model == NTSER_MODEL_BOTH &&
		       (BIT(r) & NTSER_COMPLETION_ROLES));
		up->custom[r].roles = isr ? 0 : BIT(r);
		if (isr)
			up->dpc_for_isr.roles |= BIT(r);
		up->role_dpc[r] = isr ? &up->dpc_for_isr : &up->custom[r];
	}
}
