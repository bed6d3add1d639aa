// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_uart.c - serial_core uart_ops.
 *
 * Each operation that touches a register the ISR uses (IER, LCR with its
 * divisor latch, MCR, FCR, or a read of LSR/MSR that clears bits the ISR
 * needs) does so in a SynchCritSection routine run by
 * nt_synchronize_execution(), which holds the interrupt spin lock with
 * interrupts masked: the KeSynchronizeExecution pattern.  Transmit state
 * lives under the serial_core port lock instead, because only the transmit
 * DPC and these operations use it.
 */

#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/module.h>
#include <linux/serial.h>
#include <linux/serial_core.h>
#include <linux/tty.h>

#include "ntserial.h"

/**
 * ntser_lcr_from_termios() - the LCR value for a termios c_cflag.
 * @cflag: CSIZE, CSTOPB, PARENB, PARODD and CMSPAR are used.
 *
 * CSTOPB gives 1.5 stop bits with 5-bit characters (a 16550 rule).
 *
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

static const u8 ntser_rx_trig_levels[] = { 1, 4, 8, 14 };

/**
 * ntser_fcr_trigger() - receive trigger level nearest at or below @bytes.
 * @bytes: wanted level; 0 is taken as 1.
 *
 * Return: the level in bytes: 1, 4, 8 or 14.
 */
unsigned int ntser_fcr_trigger(unsigned int bytes)
{
	unsigned int i;

	for (i = ARRAY_SIZE(ntser_rx_trig_levels) - 1; i > 0; i--)
		if (bytes >= ntser_rx_trig_levels[i])
			break;
	return ntser_rx_trig_levels[i];
}

static u8 ntser_fcr_bits(unsigned int level)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ntser_rx_trig_levels); i++)
		if (ntser_rx_trig_levels[i] == level)
			break;
	return UART_FCR_ENABLE_FIFO | i << UART_FCR_R_TRIG_SHIFT;
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

	lockdep_assert_held(&up->intr.lock);
	lsr = ntser_in(up, UART_LSR);

	up->isr.lsr_saved |= lsr & UART_LSR_BRK_ERROR_BITS;
	return lsr;
}

/* ---- SynchCritSection routines ---------------------------------------- */

static int ntser_sync_tx_empty(void *context)
{
	return ntser_capture_lsr(context) & UART_LSR_TEMT;
}

/*
 * Reading MSR clears its delta bits.  While modem status interrupts are
 * enabled they are the ISR's, so hand them to the modem status role;
 * otherwise (a closed port read through /proc/tty/driver, CLOCAL without
 * CRTSCTS) nobody waits for them, and no DPC may run for them: on a
 * closed port a CTS change would start a transmission from a freed
 * buffer.
 */
static int ntser_sync_get_msr(void *context)
{
	struct ntser_port *up = context;
	u8 msr = ntser_in(up, UART_MSR);

	up->isr.msr = msr;
	if ((msr & UART_MSR_ANY_DELTA) && (up->isr.ier & UART_IER_MSI)) {
		up->isr.msr_delta |= msr & UART_MSR_ANY_DELTA;
		ntser_request_role(up, NTSER_ROLE_MSR);
	}
	return msr;
}

/*
 * IER, LCR and MCR are written from a shadow kept under the interrupt
 * lock, so a read-modify-write never races the ISR's own updates.
 */
struct ntser_sync_bits {
	struct ntser_port *up;
	int reg;
	u8 set;
	u8 clear;
};

static int ntser_sync_update(void *context)
{
	struct ntser_sync_bits *b = context;
	struct ntser_isr_state *s = &b->up->isr;
	u8 *shadow;

	switch (b->reg) {
	case UART_IER:
		shadow = &s->ier;
		break;
	case UART_LCR:
		shadow = &s->lcr;
		break;
	default:
		shadow = &s->mcr;
		break;
	}
	*shadow = (*shadow & ~b->clear) | b->set;
	if (b->reg == UART_IER)
		ntser_write_ier(b->up);
	else
		ntser_out(b->up, b->reg, *shadow);
	return 0;
}

static void ntser_update(struct ntser_port *up, int reg, u8 set, u8 clear)
{
	struct ntser_sync_bits b = {
		.up = up, .reg = reg, .set = set, .clear = clear,
	};

	nt_synchronize_execution(&up->intr, ntser_sync_update, &b);
}

static int ntser_sync_purge_tx(void *context)
{
	struct ntser_port *up = context;

	if (up->fifo_depth > 1)
		ntser_out(up, UART_FCR, up->isr.fcr | UART_FCR_CLEAR_XMIT);
	ntser_request_role(up, NTSER_ROLE_PURGE);
	return 0;
}

/**
 * ntser_sync_set_fcr() - program FCR with the port's receive trigger level.
 * @context: the port.
 *
 * Context: SynchCritSection (interrupt spin lock held).
 * Return: 0.
 */
int ntser_sync_set_fcr(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;

	if (up->fifo_depth <= 1) {
		s->fcr = 0;
		s->rx_trig = 1;
		ntser_rx_may_defer(up);
		return 0;
	}
	s->rx_trig = up->rx_trig_bytes;
	s->fcr = ntser_fcr_bits(s->rx_trig);
	ntser_out(up, UART_FCR, s->fcr);
	ntser_rx_may_defer(up);
	return 0;
}

/* No interrupts, both FIFOs emptied. */
static void ntser_quiesce(struct ntser_port *up)
{
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

	ntser_quiesce(up);
	ntser_sync_set_fcr(up);
	s->lcr = UART_LCR_WLEN8;
	ntser_out(up, UART_LCR, s->lcr);
	lsr = ntser_in(up, UART_LSR);
	ntser_in(up, UART_RX);
	ntser_in(up, UART_IIR);
	s->msr = ntser_in(up, UART_MSR);
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

static int ntser_sync_purge_rx(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;
	unsigned int i;

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
	nt_synchronize_execution(&up->intr, ntser_sync_purge_rx, up);
	uart_port_unlock_irqrestore(&up->port, flags);
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
	ntser_rx_may_defer(up);
	return 0;
}

/* ---- uart_ops ------------------------------------------------------------ */

static unsigned int ntser_tx_empty(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);

	return nt_synchronize_execution(&up->intr, ntser_sync_tx_empty, up) ?
	       TIOCSER_TEMT : 0;
}

static void ntser_set_mctrl(struct uart_port *port, unsigned int mctrl)
{
	struct ntser_port *up = to_ntser(port);
	u8 mcr = 0;

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

static unsigned int ntser_get_mctrl(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);
	unsigned int ret = 0;
	u8 msr;

	msr = nt_synchronize_execution(&up->intr, ntser_sync_get_msr, up);
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

/*
 * THRE stays enabled while the port is open, so the UART says when the
 * FIFO empties and stopping needs no register write: the transmit DPC
 * checks uart_tx_stopped() before it loads anything.
 */
static void ntser_stop_tx(struct uart_port *port)
{
}

static void ntser_start_tx(struct uart_port *port)
{
	ntser_tx_start_io(to_ntser(port));
}

static void ntser_stop_rx(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);

	port->read_status_mask &= ~UART_LSR_DR;
	ntser_update(up, UART_IER, 0, UART_IER_RDI | UART_IER_RLSI);
}

static void ntser_enable_ms(struct uart_port *port)
{
	ntser_update(to_ntser(port), UART_IER, UART_IER_MSI, 0);
}

static void ntser_break_ctl(struct uart_port *port, int break_state)
{
	if (break_state == -1)
		ntser_update(to_ntser(port), UART_LCR, UART_LCR_SBC, 0);
	else
		ntser_update(to_ntser(port), UART_LCR, 0, UART_LCR_SBC);
}

static void ntser_flush_buffer(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);

	nt_synchronize_execution(&up->intr, ntser_sync_purge_tx, up);
}

static int ntser_startup(struct uart_port *port)
{
	struct ntser_port *up = to_ntser(port);
	unsigned long flags;
	int ret;

	/* LSR reads 0xff only from a bus with nothing on it (8250 too). */
	if (nt_synchronize_execution(&up->intr, ntser_sync_reset, up) == 0xff) {
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

	ret = nt_interrupt_connect(&up->intr, port->irq, port->irqflags,
				   dev_name(port->dev), up->backend);
	if (ret) {
		dev_err(port->dev, "%s%d: cannot connect IRQ %u: %d\n",
			NTSER_DEV_NAME, port->line, port->irq, ret);
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

	nt_synchronize_execution(&up->intr, ntser_sync_shutdown, up);
	/* Not re-armed once closing is set. */
	del_timer_sync(&up->tx_timer);
	/* Frees the IRQ, then runs what is still queued (KeFlushQueuedDpcs). */
	nt_interrupt_disconnect(&up->intr);
	/* Only the ISR and DPCs start these, and neither runs any more. */
	del_timer_sync(&up->storm_timer);
	hrtimer_cancel(&up->rx_rescue);
	atomic_long_set(&up->pending, 0);
	/* The transmit buffer is freed next: nothing may think it loadable. */
	uart_port_lock_irqsave(port, &flags);
	up->tx_fifo_empty = false;
	atomic_set(&up->thre_seen, 0);
	uart_port_unlock_irqrestore(port, flags);
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
	nt_synchronize_execution(&up->intr, ntser_sync_set_termios, &c);
	uart_port_unlock_irqrestore(port, flags);

	/* Report the rate the divisor really gives, not the one asked for. */
	if (tty_termios_baud_rate(termios))
		tty_termios_encode_baud_rate(termios, actual, actual);
}

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

/**
 * ntser_check_uartclk() - is @clk a UART clock the driver can work with?
 * @dev: device to name in the message, or NULL for a module parameter.
 * @what: where the value came from (parameter or property name).
 * @clk: the clock in Hz.
 *
 * The one check of the clock, for module parameters, device tree and
 * platform data alike.
 *
 * Context: any.
 * Return: 0, or -EINVAL with the value and the range logged.
 */
int ntser_check_uartclk(struct device *dev, const char *what, u32 clk)
{
	if (clk >= NTSER_UARTCLK_MIN && clk <= NTSER_UARTCLK_MAX)
		return 0;
	if (dev)
		dev_err(dev, "%s %u Hz out of range %u..%u (9600 baud must be possible)\n",
			what, clk, NTSER_UARTCLK_MIN, NTSER_UARTCLK_MAX);
	else
		pr_err("%s: %s=%u out of range %u..%u (9600 baud must be possible)\n",
		       NTSER_DRIVER_NAME, what, clk, NTSER_UARTCLK_MIN,
		       NTSER_UARTCLK_MAX);
	return -EINVAL;
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

/*
 * Ioctls serial_core does not handle itself come here, with the port
 * mutex held; the line discipline sees them after us unless we return
 * anything but -ENOIOCTLCMD.  TCFLSH is one: the tty core and the line
 * discipline flush their own buffers, the receive purge is ours.
 */
static int ntser_ioctl(struct uart_port *port, unsigned int cmd,
		       unsigned long arg)
{
	if (cmd == TCFLSH && (arg == TCIFLUSH || arg == TCIOFLUSH))
		ntser_purge_rx(to_ntser(port));
	return -ENOIOCTLCMD;
}

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
