// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_isr.c - the interrupt service routine ("DIRQL").
 *
 * The ISR runs in hard IRQ context with the interrupt spin lock held.  It
 * reads the interrupt identification, captures only what the UART would
 * lose if it were not read now, silences each source and queues DPCs.  It
 * never calls the tty layer or serial_core, wakes nobody and allocates
 * nothing; its work per call is bounded.
 *
 * Received data is what a UART loses first, but a 16550A's FIFO keeps it
 * safe for as long as the room above the trigger level takes to fill.
 * When that time is long enough (ntser_rx_may_defer()), the ISR leaves
 * the bytes where they are: it masks the receive interrupts, which
 * silences the source, and the receive DPC reads the FIFO.  Otherwise (no
 * FIFO, a high trigger level or a fast line) the ISR reads the bytes
 * itself into the capture.  A rescue timer (ntser_rx_rescue()) is the
 * safety net under the deferral: if the receive DPC is late, the timer
 * reads the FIFO at hard IRQ level, as the ISR would have.
 *
 * Register accesses per interrupt type, after the IIR read that names it:
 *
 *   RLS  (IIR 0x06)  deferred: IER.  Otherwise LSR, then RBR + LSR per
 *                    byte while LSR.DR
 *   RDA  (IIR 0x04)  deferred: IER.  Otherwise LSR; if LSR shows no error
 *                    anywhere in the FIFO, RBR x (trigger level) with no
 *                    status reads; otherwise as RLS
 *   CTI  (IIR 0x0c)  deferred: IER.  Otherwise as RLS
 *   THRE (IIR 0x02)  none: reading IIR cleared it, the TX DPC refills
 *   MSR  (IIR 0x00)  MSR
 *
 * plus one final IIR read that returns "no interrupt pending", which an
 * edge-triggered (ISA) line needs before the ISR may return.  An ISR that
 * reaches its pass limit with an interrupt still pending masks every UART
 * interrupt instead (one IER write and one IIR read more), so that it
 * never returns with a source both pending and enabled: on an edge line
 * that source would never interrupt again.  A deferred
 * receive costs the DPC LSR, the known bytes, LSR, RBR + LSR per further
 * byte, and IER when the FIFO is empty.
 */

#include <linux/kfifo.h>
#include <linux/serial_reg.h>

#include "ntserial.h"
#include "ntserial_trace.h"

/**
 * ntser_request_role() - queue the DPC that serves @role.
 * @up: the port.
 * @role: the work to do.
 *
 * Under dpc_model=isr this is IoRequestDpc on the DpcForIsr; otherwise
 * KeInsertQueueDpc on the role's CustomDpc, or on the DpcForIsr for the
 * receive and transmit roles under dpc_model=both.  A DPC already queued
 * is not queued again; the role bit tells it what to do when it runs.
 *
 * Context: any, including the ISR and SynchCritSection routines.
 */
void ntser_request_role(struct ntser_port *up, enum ntser_role role)
{
	struct ntser_dpc *d = up->role_dpc[role];

	atomic_long_or(BIT(role), &up->pending);
	if (d == &up->dpc_for_isr)
		nt_io_request_dpc(&d->dpc, NULL, NULL);
	else
		nt_dpc_insert(&d->dpc, NULL, NULL);
}

static void ntser_isr_count_error(struct ntser_isr_state *s, u8 lsr)
{
	if (lsr & UART_LSR_BI)
		s->brk++;
	else if (lsr & UART_LSR_PE)
		s->parity++;
	else if (lsr & UART_LSR_FE)
		s->frame++;
	if (lsr & UART_LSR_OE)
		s->overrun++;
}

/*
 * Stop receive interrupts until the receive DPC has run: the UART's own
 * FIFO (and, beyond it, flow control or an overrun the hardware reports)
 * holds the data until the DPC has read it or made room in the capture,
 * and then unmasks them again.
 */
static void ntser_rx_hold(struct ntser_port *up)
{
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

	lsr |= s->lsr_saved;
	s->lsr_saved = 0;
	while (lsr & UART_LSR_DR) {
		if (kfifo_is_full(&s->rx) || !*budget)
			break;
		ch = ntser_in(up, UART_RX);
		err = lsr & UART_LSR_BRK_ERROR_BITS;
		if (unlikely(err)) {
			ntser_isr_count_error(s, err);
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
		ntser_isr_count_error(s, lsr);
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
unsigned long ntser_rx_capture(struct ntser_port *up, unsigned int known,
			       unsigned int *budget, bool drain)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned int n, i;
	u8 lsr;

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
 * ntser_rx_may_defer() - decide whether the ISR leaves received bytes to
 * the DPC, and set isr.rx_defer and isr.rx_rescue_ns accordingly.
 * @up: the port, with its FIFO (isr.rx_trig) and line rate
 *	(port.frame_time) programmed.
 *
 * Yes when the UART has a FIFO and the room above its trigger level
 * takes at least rx_defer_us to fill at the line rate: the receive DPC
 * then has that long to start before a byte is lost, where the ISR has
 * only the time until it returns.  At the default 250 us and trigger
 * level 8 that holds up to 230400 baud (8N1).
 *
 * The DPC may still start later than that (a tasklet pushed to ksoftirqd,
 * a long softirq ahead of it).  So each deferral also starts the rescue
 * timer, due when half the room has filled: if the DPC has not read the
 * FIFO by then, the timer does (ntser_rx_rescue()).
 *
 * Context: SynchCritSection (interrupt spin lock held).
 * Return: the new isr.rx_defer.
 */
bool ntser_rx_may_defer(struct ntser_port *up)
{
	struct ntser_isr_state *s = &up->isr;
	u64 room_ns;

	lockdep_assert_held(&up->intr.lock);
	s->rx_defer = false;
	s->rx_rescue_ns = 0;
	s->rx_rescue_streak = 0;
	if (up->fifo_depth <= 1 || !up->rx_defer_ns ||
	    s->rx_trig >= up->fifo_depth)
		return false;
	room_ns = (u64)(up->fifo_depth - s->rx_trig) *
		  READ_ONCE(up->port.frame_time);
	if (room_ns < up->rx_defer_ns)
		return false;
	s->rx_defer = true;
	s->rx_rescue_ns = room_ns / 2;
	return true;
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
enum hrtimer_restart ntser_rx_rescue(struct hrtimer *timer)
{
	struct ntser_port *up = container_of(timer, struct ntser_port,
					     rx_rescue);

	nt_synchronize_execution(&up->intr, ntser_sync_rx_rescue, up);
	return HRTIMER_NORESTART;
}

/*
 * A receive interrupt: @known bytes (the trigger level after RDA, else 0)
 * are in the FIFO.  Either leave them to the receive DPC -- mask the
 * receive interrupts (RDA, CTI and RLS are all silenced by IER) and tell
 * it how many are known to be there -- or read them now.
 */
static unsigned long ntser_isr_rx(struct ntser_port *up, unsigned int known,
				  unsigned int *budget)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned long roles = BIT(NTSER_ROLE_RX);

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
 * The ISR leaves at its pass limit with interrupt @iir still pending:
 * mask every UART interrupt, so that none stays both pending and enabled
 * (on an edge-triggered line it would never raise a new edge), and let
 * the interrupt storm role unmask them.  Reading @iir cleared a THRE
 * interrupt it reported, which the transmit role must still see.
 * Return: the roles to request; *@handled false when even a masked UART
 * still reports an interrupt, so that the kernel's spurious interrupt
 * detection may disable a line the driver cannot quiet.
 */
static unsigned long ntser_isr_give_up(struct ntser_port *up, u8 iir,
				       bool *handled)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned long roles = BIT(NTSER_ROLE_STORM);

	if ((iir & UART_IIR_ID) == UART_IIR_THRI) {
		atomic_set(&up->thre_seen, 1);
		roles |= BIT(NTSER_ROLE_TX);
	}
	s->isr_held = true;
	s->storm_iir = iir;
	s->storm_streak++;
	ntser_write_ier(up);
	*handled = !!(ntser_in(up, UART_IIR) & UART_IIR_NO_INT);
	return roles;
}

static unsigned long ntser_isr_msr(struct ntser_port *up)
{
	struct ntser_isr_state *s = &up->isr;
	u8 msr = ntser_in(up, UART_MSR);

	s->msr = msr;
	if (!(msr & UART_MSR_ANY_DELTA))
		return 0;
	s->msr_delta |= msr & UART_MSR_ANY_DELTA;
	return BIT(NTSER_ROLE_MSR);
}

/**
 * ntser_isr() - the ServiceRoutine (KSERVICE_ROUTINE) of a port.
 * @intr: the port's interrupt object.
 * @service_context: the port.
 *
 * Context: hard IRQ, interrupt spin lock held (see nt_interrupt_handler()).
 * Return: true if the UART had an interrupt pending and is quiet now
 * (IRQ_HANDLED); false if it had none, or if it cannot be quieted even
 * with every interrupt masked (IRQ_NONE, so that the kernel's spurious
 * interrupt detection can disable the line).
 */
bool ntser_isr(struct nt_interrupt *intr, void *service_context)
{
	struct ntser_port *up = service_context;
	unsigned int budget = NTSER_ISR_RX_BUDGET;
	unsigned int pass, known;
	unsigned long roles = 0;
	bool handled = true;
	u8 iir;

	iir = ntser_in(up, UART_IIR);
	trace_ntserial_isr_entry(up->port.line, iir);
	if (iir & UART_IIR_NO_INT) {
		trace_ntserial_isr_exit(up->port.line, iir, 0);
		return false;
	}

	for (pass = 0; pass < NTSER_ISR_PASS_LIMIT; pass++) {
		switch (iir & UART_IIR_ID) {
		case UART_IIR_RDI:
		case UART_IIR_RLSI:
		case UART_IIR_RX_TIMEOUT:
			/* RDA: at least the trigger level is there. */
			known = (iir & UART_IIR_ID) == UART_IIR_RDI ?
				up->isr.rx_trig : 0;
			roles |= ntser_isr_rx(up, known, &budget);
			break;
		case UART_IIR_THRI:
			atomic_set(&up->thre_seen, 1);
			roles |= BIT(NTSER_ROLE_TX);
			break;
		case UART_IIR_MSI:
			roles |= ntser_isr_msr(up);
			break;
		default:
			/* Not a 16550 identification: read LSR to clear. */
			ntser_in(up, UART_LSR);
			break;
		}
		iir = ntser_in(up, UART_IIR);
		if (iir & UART_IIR_NO_INT)
			break;
	}
	if (likely(iir & UART_IIR_NO_INT))
		up->isr.storm_streak = 0;
	else
		roles |= ntser_isr_give_up(up, iir, &handled);

	trace_ntserial_isr_exit(up->port.line, iir, roles);
	while (roles) {
		unsigned int role = __ffs(roles);

		roles &= roles - 1;
		ntser_request_role(up, role);
	}
	return handled;
}
