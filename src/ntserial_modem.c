// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_modem.c - modem status and control lines: MSR capture (the ISR
 * and get_mctrl read MSR through the one ntser_msr_capture()), the modem
 * status DPC role (icount, DCD/CTS changes, TIOCMIWAIT), and the uart_ops
 * that drive MCR and LCR.SBC (set_mctrl, break_ctl) or enable the modem
 * status interrupt (enable_ms).
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/tty.h>

#include "ntserial.h"

/**
 * ntser_msr_capture() - read MSR and keep what it says.
 * @up: the port.
 * @keep_deltas: hand MSR's delta bits to the modem status role.
 *
 * Reading MSR clears its delta bits.  The ISR keeps them always; outside
 * the ISR they are kept only while modem status interrupts are enabled,
 * since only then does anybody wait for them.
 *
 * Context: ISR or SynchCritSection (interrupt spin lock held).
 * Return: BIT(NTSER_ROLE_MSR) if deltas were kept and the modem status
 * role must run, else 0.
 */
unsigned long ntser_msr_capture(struct ntser_port *up, bool keep_deltas)
{
	struct ntser_isr_state *s = &up->isr;
	u8 msr;

	nt_assert_synchronized(up->intr);
	msr = ntser_in(up, UART_MSR);
	s->msr = msr;
	if (!(msr & UART_MSR_ANY_DELTA) || !keep_deltas)
		return 0;
	s->msr_delta |= msr & UART_MSR_ANY_DELTA;
	return BIT(NTSER_ROLE_MSR);
}

/* ---- the modem status DPC role ----------------------------------------- */

static int ntser_sync_take_msr(void *context)
{
	struct ntser_port *up = context;
	int v;

	nt_assert_synchronized(up->intr);
	v = up->isr.msr_delta | up->isr.msr << 8;
	up->isr.msr_delta = 0;
	return v;
}

/**
 * ntser_msr_role() - the modem status DPC role.
 * @up: the port.
 *
 * Takes the MSR deltas the ISR (or get_mctrl) kept, counts ring and DSR
 * changes, reports DCD and CTS changes to serial_core and wakes
 * TIOCMIWAIT.
 *
 * Context: DPC.
 */
void ntser_msr_role(struct ntser_port *up)
{
	struct uart_port *port = &up->port;
	unsigned long flags;
	u8 delta, msr;
	int v;

	v = nt_synchronize_execution(up->intr, ntser_sync_take_msr, up);
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

/* ---- serial_core ------------------------------------------------------- */

/*
 * While modem status interrupts are enabled the deltas are the ISR's, so
 * hand them to the modem status role; otherwise (a closed port read
 * through /proc/tty/driver, CLOCAL without CRTSCTS) nobody waits for
 * them, and no DPC may run for them: on a closed port a CTS change would
 * start a transmission from a freed buffer.
 */
static int ntser_sync_get_msr(void *context)
{
	struct ntser_port *up = context;

	nt_assert_synchronized(up->intr);
	if (ntser_msr_capture(up, up->isr.ier & UART_IER_MSI))
		ntser_request_role(up, NTSER_ROLE_MSR);
	return up->isr.msr;
}

/**
 * ntser_get_mctrl() - uart_ops.get_mctrl: the modem status lines.
 * @port: the port.
 *
 * Context: port lock held.
 * Return: TIOCM_CAR, TIOCM_RNG, TIOCM_DSR and TIOCM_CTS as MSR shows them.
 */
unsigned int ntser_get_mctrl(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);
	unsigned int ret = 0;
	u8 msr;

	lockdep_assert_held(&port->lock);
	msr = nt_synchronize_execution(up->intr, ntser_sync_get_msr, up);
	if (msr & UART_MSR_DCD)
		ret |= TIOCM_CAR;
	if (msr & UART_MSR_RI)
		ret |= TIOCM_RNG;
	if (msr & UART_MSR_DSR)
		ret |= TIOCM_DSR;
	if (msr & UART_MSR_CTS)
		ret |= TIOCM_CTS;
	return ret;
}

/**
 * ntser_set_mctrl() - uart_ops.set_mctrl: drive the modem control lines.
 * @port: the port.
 * @mctrl: TIOCM_RTS, TIOCM_DTR, TIOCM_OUT1, TIOCM_LOOP (TIOCM_OUT2 is
 *	ignored: the driver owns OUT2).
 *
 * Context: port lock held.
 */
void ntser_set_mctrl(struct uart_port *port, unsigned int mctrl)
{
	struct ntser_port *up = to_ntser(port);
	u8 mcr = 0;

	lockdep_assert_held(&port->lock);
	if (mctrl & TIOCM_RTS)
		mcr |= UART_MCR_RTS;
	if (mctrl & TIOCM_DTR)
		mcr |= UART_MCR_DTR;
	if (mctrl & TIOCM_OUT1)
		mcr |= UART_MCR_OUT1;
	if (mctrl & TIOCM_OUT2)
		mcr |= UART_MCR_OUT2;
	if (mctrl & TIOCM_LOOP)
		mcr |= UART_MCR_LOOP;
	/* OUT2 gates the interrupt line on PC-style boards: the driver owns it. */
	ntser_update(up, UART_MCR, mcr & ~UART_MCR_OUT2,
		     UART_MCR_RTS | UART_MCR_DTR | UART_MCR_OUT1 | UART_MCR_LOOP);
}

/**
 * ntser_enable_ms() - uart_ops.enable_ms: enable modem status interrupts.
 * @port: the port.
 *
 * Context: port lock held.
 */
void ntser_enable_ms(struct uart_port *port)
{
	lockdep_assert_held(&port->lock);
	ntser_update(to_ntser(port), UART_IER, UART_IER_MSI, 0);
}

/**
 * ntser_break_ctl() - uart_ops.break_ctl: start or stop sending a break.
 * @port: the port.
 * @break_state: -1 to start the break, anything else to stop it.
 *
 * Context: process (the port mutex held).
 */
void ntser_break_ctl(struct uart_port *port, int break_state)
{
	lockdep_assert_held(&port->state->port.mutex);
	if (break_state == -1)
		ntser_update(to_ntser(port), UART_LCR, UART_LCR_SBC, 0);
	else
		ntser_update(to_ntser(port), UART_LCR, 0, UART_LCR_SBC);
}
