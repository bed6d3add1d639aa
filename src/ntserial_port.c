// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_port.c - the port's life cycle: its NT objects set up and torn
 * down, startup and shutdown, set_termios, suspend and resume, and the
 * serial_core uart_driver and uart_ops that tie the features together.
 *
 * Each operation that touches a register the ISR uses (IER, LCR with its
 * divisor latch, MCR, FCR, or a read of LSR/MSR that clears bits the ISR
 * needs) does so in a SynchCritSection routine run by
 * nt_synchronize_execution(), which holds the interrupt spin lock with
 * interrupts masked: the KeSynchronizeExecution pattern.  The uart_ops of
 * one feature (receive, transmit, modem lines, purge) live in that
 * feature's file.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/pm.h>
#include <linux/serial.h>
#include <linux/serial_core.h>
#include <linux/timer.h>
#include <linux/tty.h>

#include "ntserial.h"

/* The ttyNT driver: registered by the module, one port per UART. */
struct uart_driver ntser_uart_driver = {
	.owner		= THIS_MODULE,
	.driver_name	= NTSER_DRIVER_NAME,
	.dev_name	= NTSER_DEV_NAME,
	.nr		= NTSER_NR,
};

/**
 * ntser_port_init() - KeInitializeDpc/IoConnectInterrupt preparation.
 * @up: zeroed port, with port.irq set.
 * @model: dpc_model for this port.
 * @backend: DPC backend used when the port opens; the same as that of
 *	the other ports on the port's IRQ, if any.
 *
 * Allocates the per-CPU register access counters (struct ntser_reg_stats)
 * first: no register may be touched before this succeeds.  Then binds the
 * port to the interrupt line of its IRQ (ntser_line_bind()), whose
 * interrupt spin lock its SynchCritSections take from now on.
 *
 * Context: process; sleeps.
 * Return: 0, or -ENOMEM or the error of ntser_line_bind(), with nothing
 * to undo.
 */
int ntser_port_init(struct ntser_port *up, enum ntser_dpc_model model,
		    enum nt_dpc_backend backend)
{
	int ret;

	up->stats.reg = alloc_percpu(struct ntser_reg_stats);
	if (!up->stats.reg)
		return -ENOMEM;
	up->backend = backend;
	ret = ntser_line_bind(up);
	if (ret) {
		free_percpu(up->stats.reg);
		up->stats.reg = NULL;
		return ret;
	}
	INIT_KFIFO(up->isr.rx);
	up->rx_defer_ns = (u64)NTSER_RX_DEFER_US * NSEC_PER_USEC;
	up->closing = true;
	ntser_dpcs_init(up);
	ntser_dpcs_set_model(up, model);
	return 0;
}

/**
 * ntser_port_destroy() - undo ntser_port_init() on a closed port.
 * @up: the port.
 *
 * The other ports on the port's line, open or not, are not disturbed.
 *
 * Context: process; sleeps.
 */
void ntser_port_destroy(struct ntser_port *up)
{
	ntser_dpcs_stop(up);
	/*
	 * DPCs flushed above may have started these (the timeout role
	 * re-arms the watchdog); the port queues no DPCs any more, so once
	 * stopped they stay stopped.  Before the line goes: they take its
	 * interrupt spin lock.
	 */
	del_timer_sync(&up->tx_timer);
	del_timer_sync(&up->storm_timer);
	hrtimer_cancel(&up->rx_rescue);
	hrtimer_cancel(&up->rx_idle);
	ntser_line_unbind(up);
	/* Last: the DPCs and timers stopped above access registers. */
	free_percpu(up->stats.reg);
	up->stats.reg = NULL;
}

/* ---- startup and shutdown ----------------------------------------------- */

/* No interrupts, both FIFOs emptied. */
static void ntser_quiesce(struct ntser_port *up)
{
	nt_assert_synchronized(up->intr);
	up->isr.ier = 0;
	ntser_out(up, UART_IER, 0);
	if (up->fifo_depth > 1)
		ntser_out(up, UART_FCR, UART_FCR_ENABLE_FIFO |
			  UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
}

/*
 * Quiet, empty UART with 8N1 and the port's FIFO setting; no interrupts.
 * Return: the LSR value read (0xff: no UART there any more).
 */
static int ntser_sync_reset(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;
	u8 lsr;

	nt_assert_synchronized(up->intr);
	ntser_quiesce(up);
	ntser_sync_set_fcr(up);
	s->lcr = UART_LCR_WLEN8;
	ntser_out(up, UART_LCR, s->lcr);
	lsr = ntser_in(up, UART_LSR);
	ntser_in(up, UART_RX);
	ntser_in(up, UART_IIR);
	ntser_msr_capture(up, false);
	kfifo_reset(&s->rx);
	s->lsr_saved = 0;
	s->msr_delta = 0;
	s->overrun = 0;
	s->parity = 0;
	s->frame = 0;
	s->brk = 0;
	s->rx_held = false;
	s->rx_in_uart = false;
	s->rx_known = 0;
	s->isr_held = false;
	s->storm_streak = 0;
	atomic_set(&up->thre_seen, 0);
	/* Until set_termios gives the line rate, the ISR reads the FIFO. */
	s->rx_defer = false;
	s->rx_rescue_ns = 0;
	return lsr;
}

static int ntser_sync_shutdown(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;

	nt_assert_synchronized(up->intr);
	ntser_quiesce(up);
	/* The FIFO was just cleared: nothing is left for the receive DPC. */
	s->rx_in_uart = false;
	s->rx_known = 0;
	ntser_out(up, UART_FCR, 0);
	s->mcr &= ~UART_MCR_OUT2;
	ntser_out(up, UART_MCR, s->mcr);
	s->lcr &= ~UART_LCR_SBC;
	ntser_out(up, UART_LCR, s->lcr);
	ntser_in(up, UART_RX);
	return 0;
}

static int ntser_startup(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);
	unsigned long flags;
	int ret;

	/* LSR reads 0xff only from a bus with nothing on it (8250 too). */
	if (nt_synchronize_execution(up->intr, ntser_sync_reset, up) == 0xff) {
		dev_info_ratelimited(port->dev,
				     "%s%d: UART not responding (LSR reads 0xff), open refused\n",
				     NTSER_DEV_NAME, port->line);
		return -ENODEV;
	}

	uart_port_lock_irqsave(port, &flags);
	up->closing = false;
	up->gone = false;
	up->tx_fifo_empty = false;
	uart_port_unlock_irqrestore(port, flags);

	/* Connects the line if no other port on it is open. */
	ret = ntser_line_open(up);
	if (ret) {
		/*
		 * serial_core keeps the port open for CAP_SYS_ADMIN anyway,
		 * without calling shutdown: it must stay closed to start_tx
		 * (no watchdog, no transmit load).
		 */
		uart_port_lock_irqsave(port, &flags);
		up->closing = true;
		uart_port_unlock_irqrestore(port, flags);
		return ret;
	}

	/*
	 * Enabling THRE with THR empty raises the first THRE interrupt,
	 * which tells the transmit DPC the FIFO is empty.
	 */
	ntser_update(up, UART_MCR, UART_MCR_OUT2, 0);
	ntser_update(up, UART_IER, UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI,
		     0);
	/* UARTs that raise no THRE when it is enabled exist: watch for it. */
	uart_port_lock_irqsave(port, &flags);
	ntser_tx_watchdog_arm(up);
	uart_port_unlock_irqrestore(port, flags);
	return 0;
}

static void ntser_shutdown(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	up->closing = true;
	uart_port_unlock_irqrestore(port, flags);

	nt_synchronize_execution(up->intr, ntser_sync_shutdown, up);
	/* Not re-armed once closing is set. */
	del_timer_sync(&up->tx_timer);
	/*
	 * Off the ISR's list; frees the IRQ if no other port on the line is
	 * open; then runs what is still queued (KeFlushQueuedDpcs).
	 */
	ntser_line_close(up);
	/* Only the ISR and DPCs start these, and neither runs any more. */
	del_timer_sync(&up->storm_timer);
	hrtimer_cancel(&up->rx_rescue);
	hrtimer_cancel(&up->rx_idle);
	atomic_long_set(&up->pending, 0);
	/* The transmit buffer is freed next: nothing may think it loadable. */
	uart_port_lock_irqsave(port, &flags);
	up->tx_fifo_empty = false;
	atomic_set(&up->thre_seen, 0);
	uart_port_unlock_irqrestore(port, flags);
}

/* ---- set_termios ------------------------------------------------------- */

/**
 * ntser_lcr_from_termios() - the LCR value for a termios c_cflag.
 * @cflag: CSIZE, CSTOPB, PARENB, PARODD and CMSPAR are used.
 *
 * CSTOPB gives 1.5 stop bits with 5-bit characters (a 16550 rule).
 *
 * Context: any.
 * Return: LCR without the divisor latch and break bits.
 */
u8 ntser_lcr_from_termios(tcflag_t cflag)
{
	u8 lcr = UART_LCR_WLEN(tty_get_char_size(cflag));

	if (cflag & CSTOPB)
		lcr |= UART_LCR_STOP;
	if (cflag & PARENB) {
		lcr |= UART_LCR_PARITY;
		if (!(cflag & PARODD))
			lcr |= UART_LCR_EPAR;
		if (cflag & CMSPAR)
			lcr |= UART_LCR_SPAR;
	}
	return lcr;
}

struct ntser_termios_ctx {
	struct ntser_port *up;
	unsigned int quot;
	u8 lcr;
	bool ms;
};

static int ntser_sync_set_termios(void *context)
{
	struct ntser_termios_ctx *c = context;
	struct ntser_port *up = c->up;
	struct ntser_isr_state *s = &up->isr;

	nt_assert_synchronized(up->intr);
	if (c->ms)
		s->ier |= UART_IER_MSI;
	else
		s->ier &= ~UART_IER_MSI;
	/* The divisor latch hides RBR/THR and IER: the ISR must not run. */
	s->lcr = c->lcr | (s->lcr & UART_LCR_SBC);
	ntser_out(up, UART_LCR, s->lcr | UART_LCR_DLAB);
	ntser_out(up, UART_DLL, c->quot & 0xff);
	ntser_out(up, UART_DLM, c->quot >> 8);
	ntser_out(up, UART_LCR, s->lcr);
	if (up->fifo_depth > 1)
		ntser_out(up, UART_FCR, s->fcr);
	ntser_write_ier(up);
	ntser_rx_rate_changed(up);
	return 0;
}

/*
 * The divisor for @baud, within what the 16-bit divisor latch holds.
 * Only a custom divisor (TIOCSSERIAL, which any user may set along with
 * ASYNC_SPD_CUST) can be out of range: uart_get_baud_rate() keeps @baud
 * between the rates the latch can make.
 */
static unsigned int ntser_divisor(struct uart_port *port, unsigned int baud,
				  bool cust)
{
	unsigned int quot;

	if (cust) {
		quot = port->custom_divisor;
		if (quot >= 1 && quot <= NTSER_DIVISOR_MAX)
			return quot;
		dev_info_ratelimited(port->dev,
				     "%s%d: custom_divisor %d out of range 1..%d, using %d\n",
				     NTSER_DEV_NAME, port->line, (int)quot,
				     NTSER_DIVISOR_MAX,
				     quot ? NTSER_DIVISOR_MAX : 1);
		return quot ? NTSER_DIVISOR_MAX : 1;
	}
	/* uart_get_baud_rate() returns 0 when no rate fits at all. */
	quot = DIV_ROUND_CLOSEST(port->uartclk, 16 * max(baud, 1U));
	return clamp_t(unsigned int, quot, 1, NTSER_DIVISOR_MAX);
}

static void ntser_set_termios(struct uart_port *port, struct ktermios *termios,
			      const struct ktermios *old)
{
	struct ntser_port *up = to_ntser(port);
	struct ntser_termios_ctx c = { .up = up };
	unsigned int baud, actual, min, max;
	unsigned long flags;
	bool cust;

	c.lcr = ntser_lcr_from_termios(termios->c_cflag);
	/* The rates a 16-bit divisor can make: uartclk / 16 / (1..0xffff). */
	max = port->uartclk / 16;
	min = DIV_ROUND_UP(port->uartclk, 16 * NTSER_DIVISOR_MAX);
	baud = uart_get_baud_rate(port, termios, old, min, max);
	cust = baud == 38400 && (port->flags & UPF_SPD_MASK) == UPF_SPD_CUST;
	c.quot = ntser_divisor(port, baud, cust);
	actual = DIV_ROUND_CLOSEST(port->uartclk, 16 * c.quot);

	uart_port_lock_irqsave(port, &flags);
	uart_update_timeout(port, termios->c_cflag, actual);

	port->read_status_mask = UART_LSR_OE | UART_LSR_THRE | UART_LSR_DR;
	if (termios->c_iflag & INPCK)
		port->read_status_mask |= UART_LSR_FE | UART_LSR_PE;
	if (termios->c_iflag & (IGNBRK | BRKINT | PARMRK))
		port->read_status_mask |= UART_LSR_BI;

	port->ignore_status_mask = 0;
	if (termios->c_iflag & IGNPAR)
		port->ignore_status_mask |= UART_LSR_PE | UART_LSR_FE;
	if (termios->c_iflag & IGNBRK) {
		port->ignore_status_mask |= UART_LSR_BI;
		/* Ignoring parity and break: overruns are ignored too. */
		if (termios->c_iflag & IGNPAR)
			port->ignore_status_mask |= UART_LSR_OE;
	}
	if (!(termios->c_cflag & CREAD))
		port->ignore_status_mask |= UART_LSR_DR;

	c.ms = UART_ENABLE_MS(port, termios->c_cflag);
	nt_synchronize_execution(up->intr, ntser_sync_set_termios, &c);
	uart_port_unlock_irqrestore(port, flags);

	/* Report the rate the divisor really gives, not the one asked for. */
	if (tty_termios_baud_rate(termios))
		tty_termios_encode_baud_rate(termios, actual, actual);
}

/* ---- the rest of uart_ops ------------------------------------------------- */

static const char *ntser_type(struct uart_port *port)
{
	switch (port->type) {
	case PORT_8250:
		return "8250";
	case PORT_16450:
		return "16450";
	case PORT_16550:
		return "16550";
	case PORT_16550A:
		return "16550A";
	default:
		return NULL;
	}
}

/* Resources are claimed and released by the platform driver (devres). */
static void ntser_release_port(struct uart_port *port)
{
}

static int ntser_request_port(struct uart_port *port)
{
	return 0;
}

static void ntser_config_port(struct uart_port *port, int flags)
{
	if (flags & UART_CONFIG_TYPE)
		port->type = to_ntser(port)->detected_type;
}

/* The I/O port base as serial_core puts it together from the two fields. */
static unsigned long ntser_ser_iobase(const struct serial_struct *ser)
{
	unsigned long base = (unsigned int)ser->port;

	if (sizeof(long) > sizeof(int))
		base += (unsigned long)ser->port_high <<
			((sizeof(long) - sizeof(int)) * 8);
	return base;
}

/*
 * TIOCSSERIAL by a privileged caller (an unprivileged one only reaches
 * custom_divisor and the spd_* flags; serial_core refuses it anything
 * else with EPERM).  Where the port is, its IRQ and its type come from
 * the firmware or the module parameters and cannot change here;
 * baud_base becomes uartclk, and xmit_fifo_size may lower the transmit
 * load but not raise it above the FIFO the UART has.
 */
static int ntser_verify_port(struct uart_port *port, struct serial_struct *ser)
{
	struct ntser_port *up = to_ntser(port);

	if (ser->type != port->type || ser->irq != port->irq ||
	    ntser_ser_iobase(ser) != port->iobase ||
	    (unsigned long)ser->iomem_base != port->mapbase ||
	    ser->io_type != port->iotype || ser->hub6 != port->hub6 ||
	    ser->iomem_reg_shift != port->regshift) {
		dev_info_ratelimited(port->dev,
				     "%s%d: TIOCSSERIAL cannot move the port or change its IRQ or type\n",
				     NTSER_DEV_NAME, port->line);
		return -EINVAL;
	}
	if (ser->baud_base < 9600 ||
	    ser->baud_base > (int)(NTSER_UARTCLK_MAX / 16)) {
		dev_info_ratelimited(port->dev,
				     "%s%d: TIOCSSERIAL baud_base %d out of range 9600..%u\n",
				     NTSER_DEV_NAME, port->line, ser->baud_base,
				     NTSER_UARTCLK_MAX / 16);
		return -EINVAL;
	}
	if (ser->xmit_fifo_size < 0 ||
	    ser->xmit_fifo_size > (int)up->fifo_depth) {
		dev_info_ratelimited(port->dev,
				     "%s%d: TIOCSSERIAL xmit_fifo_size %d out of range 0..%u\n",
				     NTSER_DEV_NAME, port->line,
				     ser->xmit_fifo_size, up->fifo_depth);
		return -EINVAL;
	}
	return 0;
}

/* ---- power management ------------------------------------------------- */

static int ntser_suspend(struct device *dev)
{
	struct ntser_port *up = dev_get_drvdata(dev);

	return uart_suspend_port(&ntser_uart_driver, &up->port);
}

static int ntser_resume(struct device *dev)
{
	struct ntser_port *up = dev_get_drvdata(dev);

	return uart_resume_port(&ntser_uart_driver, &up->port);
}

/* System sleep of the platform devices: the port is shut down and started. */
DEFINE_SIMPLE_DEV_PM_OPS(ntser_pm_ops, ntser_suspend, ntser_resume);

/* Each feature's file has its own operations; see include/ntserial.h. */
const struct uart_ops ntser_uart_ops = {
	.tx_empty	= ntser_tx_empty,
	.set_mctrl	= ntser_set_mctrl,
	.get_mctrl	= ntser_get_mctrl,
	.stop_tx	= ntser_stop_tx,
	.start_tx	= ntser_start_tx,
	.stop_rx	= ntser_stop_rx,
	.enable_ms	= ntser_enable_ms,
	.break_ctl	= ntser_break_ctl,
	.flush_buffer	= ntser_flush_buffer,
	.startup	= ntser_startup,
	.shutdown	= ntser_shutdown,
	.set_termios	= ntser_set_termios,
	.type		= ntser_type,
	.release_port	= ntser_release_port,
	.request_port	= ntser_request_port,
	.config_port	= ntser_config_port,
	.verify_port	= ntser_verify_port,
	.ioctl		= ntser_ioctl,
};
