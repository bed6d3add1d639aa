// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_isr.c - the interrupt service routine ("DIRQL"): it reads the
 * interrupt identification and dispatches each source to its feature.
 *
 * The ISR runs in hard IRQ context with the interrupt spin lock held,
 * once for each port its line's ServiceRoutine (ntserial_line.c) visits.
 * It reads the interrupt identification and hands each source to the feature
 * that owns it: receive (ntserial_rx.c), transmit (ntserial_tx.c), modem
 * status (ntserial_modem.c).  Each captures only what the UART would lose
 * if it were not read now and silences its source; the ISR then queues
 * the DPCs of the roles they asked for.  It never calls the tty layer or
 * serial_core, wakes nobody and allocates nothing; its work per call is
 * bounded.
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
 * interrupt instead (one IER write and one IIR read more, in
 * ntserial_storm.c), so that it never returns with a source both pending
 * and enabled: on an edge line that source would never interrupt again.
 * A UART so masked that still reports an interrupt costs one IIR read
 * until the interrupt storm role unmasks it.
 * The roles the sources asked for are queued through the DPC dispatcher
 * (ntserial_dpc.c).
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/serial_reg.h>

#include "ntserial.h"

#define CREATE_TRACE_POINTS
#include "ntserial_trace.h"

/**
 * ntser_isr() - the ISR's work on one port of its line.
 * @up: the port.
 *
 * Called by the line's ServiceRoutine (ntserial_line.c) for each port it
 * visits.  Loops on IIR until the UART reports no interrupt, or masks the
 * UART at the pass limit, and queues the DPCs of the roles it found.
 *
 * Context: hard IRQ, the line's interrupt spin lock held.
 * Return: NTSER_ISR_NONE if the UART had no interrupt pending (one IIR
 * read); NTSER_ISR_HANDLED if it had one and is quiet or masked now;
 * NTSER_ISR_STUCK if it cannot be quieted even with every interrupt
 * masked, or was masked already and still reports one (one IIR read).
 */
enum ntser_isr_result ntser_isr(struct ntser_port *up)
{
	unsigned int budget = NTSER_ISR_RX_BUDGET;
	unsigned int pass, known;
	unsigned long roles = 0;
	bool handled = true;
	u8 iir;

	nt_assert_synchronized(up->intr);
	iir = ntser_in(up, UART_IIR);
	trace_ntserial_isr_entry(up->port.line, iir);
	if (iir & UART_IIR_NO_INT) {
		trace_ntserial_isr_exit(up->port.line, iir, 0);
		return NTSER_ISR_NONE;
	}
	WRITE_ONCE(up->stats.isr_serviced, up->stats.isr_serviced + 1);
	/*
	 * Masked at a pass limit and still reporting: no pass can quiet
	 * it, and a shared line's ISR would spend them on every call.  The
	 * interrupt storm role decides when to unmask it.
	 */
	if (unlikely(up->isr.isr_held)) {
		roles = ntser_storm_held_isr(up, iir);
		trace_ntserial_isr_exit(up->port.line, iir, roles);
		ntser_request_roles(up, roles);
		return NTSER_ISR_STUCK;
	}

	for (pass = 0; pass < NTSER_ISR_PASS_LIMIT; pass++) {
		switch (iir & UART_IIR_ID) {
		case UART_IIR_RX_TIMEOUT:
			/* For the adaptive trigger: a level too high? */
			up->isr.rx_timeout = true;
			fallthrough;
		case UART_IIR_RDI:
		case UART_IIR_RLSI:
			/* RDA: at least the trigger level is there. */
			known = (iir & UART_IIR_ID) == UART_IIR_RDI ?
				up->isr.rx_trig : 0;
			roles |= ntser_rx_isr(up, known, &budget);
			break;
		case UART_IIR_THRI:
			atomic_set(&up->thre_seen, 1);
			roles |= BIT(NTSER_ROLE_TX);
			break;
		case UART_IIR_MSI:
			roles |= ntser_msr_capture(up, true);
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
		roles |= ntser_storm_isr(up, iir, &handled);

	trace_ntserial_isr_exit(up->port.line, iir, roles);
	ntser_request_roles(up, roles);
	return handled ? NTSER_ISR_HANDLED : NTSER_ISR_STUCK;
}
