// SPDX-License-Identifier: GPL-2.0
/*
 * uart16550_model.c - a software 16550A (and its 8250/16450/16550
 * ancestors) for the ntserial KUnit suites.  See uart16550_model.h.
 *
 * Interrupt identification follows the 16550 data sheet: receiver line
 * status (IIR 0x06) over received data available (0x04, FIFO at or above
 * the trigger level) over character timeout (0x0c) over THR empty (0x02)
 * over modem status (0x00).  A THRE interrupt is cleared by the IIR read
 * that reports it or by a THR write, and is raised when the transmit FIFO
 * drains (m16550_tx_drain()), when its FIFO is cleared while not empty,
 * or when IER enables it with the FIFO empty.
 *
 * Not modelled: baud rate timing (the test decides when bytes are sent
 * and when the receive timeout fires), the transmitter shift register
 * (THRE and TEMT are set together), parity generation and break sending.
 */

#include <linux/serial_reg.h>
#include <linux/string.h>

#include "uart16550_model.h"

static const u8 m16550_trig_levels[] = { 1, 4, 8, 14 };

static bool m16550_fifo_on(const struct m16550 *m)
{
	return (m->type == M16550_16550A || m->type == M16550_16550) &&
	       (m->fcr & UART_FCR_ENABLE_FIFO);
}

static unsigned int m16550_depth(const struct m16550 *m)
{
	return m16550_fifo_on(m) ? M16550_FIFO_SIZE : 1;
}

static unsigned int m16550_trigger(const struct m16550 *m)
{
	if (!m16550_fifo_on(m))
		return 1;
	return m16550_trig_levels[m->fcr >> 6];
}

static struct m16550_rx_byte *m16550_head(struct m16550 *m)
{
	return &m->rx[m->rx_head];
}

static bool m16550_fifo_has_error(const struct m16550 *m)
{
	unsigned int i;

	for (i = 0; i < m->rx_count; i++)
		if (m->rx[(m->rx_head + i) % M16550_FIFO_SIZE].err)
			return true;
	return false;
}

/* The modem inputs as MSR shows them: from the line, or from MCR. */
static u8 m16550_lines(const struct m16550 *m)
{
	u8 l = 0;

	if (!(m->mcr & UART_MCR_LOOP))
		return m->lines;
	if (m->broken_loopback)
		return 0;
	if (m->mcr & UART_MCR_RTS)
		l |= UART_MSR_CTS;
	if (m->mcr & UART_MCR_DTR)
		l |= UART_MSR_DSR;
	if (m->mcr & UART_MCR_OUT1)
		l |= UART_MSR_RI;
	if (m->mcr & UART_MCR_OUT2)
		l |= UART_MSR_DCD;
	return l;
}

static void m16550_lines_changed(struct m16550 *m, u8 old, u8 new)
{
	u8 x = old ^ new;

	if (x & UART_MSR_CTS)
		m->msr_delta |= UART_MSR_DCTS;
	if (x & UART_MSR_DSR)
		m->msr_delta |= UART_MSR_DDSR;
	if (x & UART_MSR_DCD)
		m->msr_delta |= UART_MSR_DDCD;
	if ((old & UART_MSR_RI) && !(new & UART_MSR_RI))
		m->msr_delta |= UART_MSR_TERI;
}

static void m16550_rx_clear(struct m16550 *m)
{
	m->rx_head = 0;
	m->rx_count = 0;
	m->timeout = false;
}

static bool m16550_rx_push(struct m16550 *m, u8 ch, u8 err)
{
	struct m16550_rx_byte *b;

	if (m->rx_count >= m16550_depth(m)) {
		m->oe = true;
		return false;
	}
	b = &m->rx[(m->rx_head + m->rx_count) % M16550_FIFO_SIZE];
	b->ch = ch;
	b->err = err & (UART_LSR_PE | UART_LSR_FE | UART_LSR_BI);
	m->rx_count++;
	/* A new character restarts the character timeout. */
	m->timeout = false;
	return true;
}

static u8 m16550_iir_locked(const struct m16550 *m)
{
	u8 fifo = 0;

	if (m16550_fifo_on(m))
		fifo = m->type == M16550_16550A ? 0xc0 : 0x80;

	if (m->stuck_iir >= 0 && (m->ier || m->stuck_masked))
		return m->stuck_iir;

	if ((m->ier & UART_IER_RLSI) &&
	    (m->oe || (m->rx_count && m->rx[m->rx_head].err)))
		return UART_IIR_RLSI | fifo;
	if (m->ier & UART_IER_RDI) {
		if (m->rx_count >= m16550_trigger(m))
			return UART_IIR_RDI | fifo;
		if (m->rx_count && m->timeout && m16550_fifo_on(m))
			return UART_IIR_RX_TIMEOUT | fifo;
	}
	if ((m->ier & UART_IER_THRI) && m->thre_int)
		return UART_IIR_THRI | fifo;
	if ((m->ier & UART_IER_MSI) && m->msr_delta)
		return UART_IIR_MSI | fifo;
	return UART_IIR_NO_INT | fifo;
}

static u8 m16550_read_lsr(struct m16550 *m)
{
	u8 lsr = 0;

	if (m->rx_count)
		lsr |= UART_LSR_DR | m16550_head(m)->err;
	if (m->oe)
		lsr |= UART_LSR_OE;
	if (!m->tx_fill)
		lsr |= UART_LSR_THRE | UART_LSR_TEMT;
	if (m16550_fifo_on(m) && m16550_fifo_has_error(m))
		lsr |= UART_LSR_FIFOE;

	/* Reading LSR reports the errors once. */
	m->oe = false;
	if (m->rx_count)
		m16550_head(m)->err = 0;
	return lsr;
}

static u8 m16550_read_locked(struct m16550 *m, unsigned int offset)
{
	bool dlab = m->lcr & UART_LCR_DLAB;
	u8 v, old;

	switch (offset) {
	case UART_RX:
		if (dlab)
			return m->dll;
		if (!m->rx_count)
			return 0;
		v = m16550_head(m)->ch;
		m->rx_head = (m->rx_head + 1) % M16550_FIFO_SIZE;
		m->rx_count--;
		m->timeout = false;
		return v;
	case UART_IER:
		return dlab ? m->dlm : m->ier;
	case UART_IIR:
		v = m16550_iir_locked(m);
		if ((v & UART_IIR_ID) == UART_IIR_THRI && !(v & UART_IIR_NO_INT))
			m->thre_int = false;
		return v;
	case UART_LCR:
		return m->lcr;
	case UART_MCR:
		return m->mcr;
	case UART_LSR:
		return m16550_read_lsr(m);
	case UART_MSR:
		old = m->msr_delta;
		m->msr_delta = 0;
		return m16550_lines(m) | old;
	default:
		return m->type == M16550_8250 ? 0xff : m->scr;
	}
}

static void m16550_write_thr(struct m16550 *m, u8 value)
{
	if (m->mcr & UART_MCR_LOOP) {
		/* Sent at once to the receiver; the transmitter is empty again. */
		m16550_rx_push(m, value, 0);
		m->loop_bytes++;
		m->thre_int = true;
		return;
	}
	if (m->tx_instant) {
		if (m->tx_len < M16550_TX_LOG_SIZE)
			m->tx_log[m->tx_len] = value;
		m->tx_len++;
		m->thre_int = !m->lose_thre;
		return;
	}
	m->thre_int = false;
	if (m->tx_fill >= m16550_depth(m))
		m->tx_overflows++;
	m->tx_fill++;
	m->tx_max_fill = max(m->tx_max_fill, m->tx_fill);
	if (m->tx_len < M16550_TX_LOG_SIZE)
		m->tx_log[m->tx_len] = value;
	m->tx_len++;
}

static void m16550_write_fcr(struct m16550 *m, u8 value)
{
	if (m->type == M16550_16450 || m->type == M16550_8250)
		return;
	/* Changing the FIFO enable bit clears both FIFOs. */
	if ((value ^ m->fcr) & UART_FCR_ENABLE_FIFO)
		value |= UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT;
	if (value & UART_FCR_CLEAR_RCVR) {
		m16550_rx_clear(m);
		m->rx_clears++;
	}
	if (value & UART_FCR_CLEAR_XMIT) {
		if (m->tx_fill)
			m->thre_int = true;
		m->tx_fill = 0;
		m->tx_clears++;
	}
	m->fcr = value & ~(UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
}

static void m16550_write_locked(struct m16550 *m, unsigned int offset,
				u8 value)
{
	bool dlab = m->lcr & UART_LCR_DLAB;
	u8 old;

	switch (offset) {
	case UART_TX:
		if (dlab)
			m->dll = value;
		else
			m16550_write_thr(m, value);
		break;
	case UART_IER:
		if (dlab) {
			m->dlm = value;
			break;
		}
		value &= 0x0f;
		/* Enabling THRE with THR empty raises it at once. */
		if ((value & ~m->ier & UART_IER_THRI) && !m->tx_fill &&
		    !m->thre_enable_erratum)
			m->thre_int = true;
		m->ier = value;
		break;
	case UART_FCR:
		m16550_write_fcr(m, value);
		break;
	case UART_LCR:
		m->lcr = value;
		break;
	case UART_MCR:
		old = m16550_lines(m);
		m->mcr = value & 0x1f;
		m16550_lines_changed(m, old, m16550_lines(m));
		break;
	case UART_SCR:
		if (m->type != M16550_8250)
			m->scr = value;
		break;
	default:
		/* LSR and MSR writes are factory test modes: ignored. */
		break;
	}
}

/**
 * m16550_init() - reset the model to power-on state.
 * @m: the model.
 * @type: the part to behave as.
 *
 * All registers zero except LSR (transmitter empty), no modem inputs
 * asserted, counters and logs cleared, normal bus (no all-0xff mode).
 *
 * Context: process; the driver must not be using @m.
 */
void m16550_init(struct m16550 *m, enum m16550_type type)
{
	memset(m, 0, sizeof(*m));
	raw_spin_lock_init(&m->lock);
	m->type = type;
	m->bus_value = -1;
	m->stuck_iir = -1;
}

/**
 * m16550_read() - a register read, with its side effects.
 * @m: the model.
 * @offset: register offset 0..7 (UART_RX .. UART_SCR).
 *
 * Context: any.
 * Return: the register value.
 */
u8 m16550_read(struct m16550 *m, unsigned int offset)
{
	unsigned long flags;
	u8 v;

	offset &= M16550_NR_REGS - 1;
	raw_spin_lock_irqsave(&m->lock, flags);
	m->reads[offset]++;
	if (m->bus_value >= 0)
		v = m->bus_value;
	else
		v = m16550_read_locked(m, offset);
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return v;
}

/**
 * m16550_write() - a register write, with its side effects.
 * @m: the model.
 * @offset: register offset 0..7 (UART_TX .. UART_SCR).
 * @value: the value written.
 *
 * Context: any.
 */
void m16550_write(struct m16550 *m, unsigned int offset, u8 value)
{
	unsigned long flags;

	offset &= M16550_NR_REGS - 1;
	raw_spin_lock_irqsave(&m->lock, flags);
	m->writes[offset]++;
	if (m->bus_value < 0)
		m16550_write_locked(m, offset, value);
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * m16550_rx_inject() - bytes arrive on the line.
 * @m: the model.
 * @buf: the characters.
 * @n: how many.
 * @err: UART_LSR_PE, UART_LSR_FE and/or UART_LSR_BI to attach to each.
 *
 * A byte that finds the receive FIFO full is lost and sets the overrun
 * error, as on the real part.
 *
 * Context: any.
 * Return: the number of bytes stored in the FIFO.
 */
unsigned int m16550_rx_inject(struct m16550 *m, const u8 *buf,
			      unsigned int n, u8 err)
{
	unsigned long flags;
	unsigned int i, stored = 0;

	raw_spin_lock_irqsave(&m->lock, flags);
	for (i = 0; i < n; i++)
		stored += m16550_rx_push(m, buf[i], err);
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return stored;
}

/**
 * m16550_rx_timeout() - four character times pass without receive activity.
 * @m: the model.
 *
 * If the receive FIFO holds data, a character timeout interrupt (IIR 0x0c)
 * becomes pending until RBR is read or another byte arrives.
 *
 * Context: any.
 */
void m16550_rx_timeout(struct m16550 *m)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&m->lock, flags);
	m->timeout = m->rx_count > 0;
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * m16550_repeat_thre() - raise THRE again although nothing was sent.
 * @m: the model.
 *
 * Some 16550 clones raise the THRE interrupt again, with THR still
 * empty, when IER is written; a driver must take such a THRE for what it
 * is and never load more than one FIFO's worth because of it.  Does
 * nothing unless THR is empty.
 *
 * Context: any.
 */
void m16550_repeat_thre(struct m16550 *m)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&m->lock, flags);
	if (!m->tx_fill)
		m->thre_int = true;
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * m16550_set_lines() - drive the modem inputs.
 * @m: the model.
 * @lines: UART_MSR_CTS, UART_MSR_DSR, UART_MSR_RI and UART_MSR_DCD.
 *
 * Sets the MSR delta bits for every change (TERI only on the trailing
 * edge of RI).  In loopback mode MSR shows MCR instead; the new lines take
 * effect when loopback ends.
 *
 * Context: any.
 */
void m16550_set_lines(struct m16550 *m, u8 lines)
{
	unsigned long flags;
	u8 old;

	raw_spin_lock_irqsave(&m->lock, flags);
	old = m16550_lines(m);
	m->lines = lines & (UART_MSR_CTS | UART_MSR_DSR | UART_MSR_RI |
			    UART_MSR_DCD);
	m16550_lines_changed(m, old, m16550_lines(m));
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * m16550_tx_drain() - the transmitter sends everything in its FIFO.
 * @m: the model.
 *
 * Sets LSR.THRE and TEMT and, unless @m->lose_thre is set, raises the THRE
 * interrupt if anything was sent.
 *
 * Context: any.
 * Return: the number of bytes sent.
 */
unsigned int m16550_tx_drain(struct m16550 *m)
{
	unsigned long flags;
	unsigned int n;

	raw_spin_lock_irqsave(&m->lock, flags);
	n = m->tx_fill;
	m->tx_fill = 0;
	if (n && !m->lose_thre)
		m->thre_int = true;
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return n;
}

/**
 * m16550_iir_peek() - what IIR would read, without its side effects.
 * @m: the model.
 *
 * Context: any.
 * Return: the IIR value; 0xff in all-0xff mode.
 */
u8 m16550_iir_peek(struct m16550 *m)
{
	unsigned long flags;
	u8 v;

	raw_spin_lock_irqsave(&m->lock, flags);
	v = m->bus_value >= 0 ? m->bus_value : m16550_iir_locked(m);
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return v;
}

/**
 * m16550_irq_pending() - is the interrupt line asserted?
 * @m: the model.
 *
 * As on a PC, the line is gated by MCR.OUT2.
 *
 * Context: any.
 * Return: true if an interrupt is pending and OUT2 is set.
 */
bool m16550_irq_pending(struct m16550 *m)
{
	unsigned long flags;
	bool ret;

	raw_spin_lock_irqsave(&m->lock, flags);
	ret = m->bus_value < 0 && (m->mcr & UART_MCR_OUT2) &&
	      !(m16550_iir_locked(m) & UART_IIR_NO_INT);
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return ret;
}

/**
 * m16550_reset_counts() - zero the per-register access counters.
 * @m: the model.
 *
 * Context: any.
 */
void m16550_reset_counts(struct m16550 *m)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&m->lock, flags);
	memset(m->reads, 0, sizeof(m->reads));
	memset(m->writes, 0, sizeof(m->writes));
	raw_spin_unlock_irqrestore(&m->lock, flags);
}

/**
 * m16550_rx_level() - bytes waiting in the receive FIFO.
 * @m: the model.
 *
 * Context: any.
 * Return: the receive FIFO level.
 */
unsigned int m16550_rx_level(struct m16550 *m)
{
	unsigned long flags;
	unsigned int n;

	raw_spin_lock_irqsave(&m->lock, flags);
	n = m->rx_count;
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return n;
}

/**
 * m16550_divisor() - the programmed baud rate divisor.
 * @m: the model.
 *
 * Context: any.
 * Return: DLM << 8 | DLL.
 */
unsigned int m16550_divisor(struct m16550 *m)
{
	unsigned long flags;
	unsigned int d;

	raw_spin_lock_irqsave(&m->lock, flags);
	d = m->dlm << 8 | m->dll;
	raw_spin_unlock_irqrestore(&m->lock, flags);
	return d;
}
