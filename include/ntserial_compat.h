/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntserial_compat.h - the driver's kernel version differences.
 *
 * Supported: Debian's 6.1 (with its backports), 6.12 and 6.12 PREEMPT_RT.
 * This file and the NT layer's own include/nt/ntdpc_compat.h are the only
 * ones that test LINUX_VERSION_CODE; the checkpatch gate allows it there
 * and nowhere else.
 */
#ifndef _NTSERIAL_COMPAT_H
#define _NTSERIAL_COMPAT_H

#include <linux/serial_core.h>
#include <linux/version.h>

/* The transmit buffer became a kfifo in 6.10. */
#if KERNEL_VERSION(6, 10, 0) <= LINUX_VERSION_CODE
static inline bool nt_uart_tx_get(struct uart_port *port, u8 *ch)
{
	return uart_fifo_get(port, ch);
}

static inline unsigned int nt_uart_tx_pending(struct uart_port *port)
{
	return kfifo_len(&port->state->port.xmit_fifo);
}

/* Drop everything queued for transmission; return how much it was. */
static inline unsigned int nt_uart_tx_discard(struct uart_port *port)
{
	unsigned int n = kfifo_len(&port->state->port.xmit_fifo);

	kfifo_reset_out(&port->state->port.xmit_fifo);
	return n;
}
#else
static inline bool nt_uart_tx_get(struct uart_port *port, u8 *ch)
{
	struct circ_buf *xmit = &port->state->xmit;

	if (uart_circ_empty(xmit))
		return false;
	*ch = xmit->buf[xmit->tail];
	uart_xmit_advance(port, 1);
	return true;
}

static inline unsigned int nt_uart_tx_pending(struct uart_port *port)
{
	return uart_circ_chars_pending(&port->state->xmit);
}

static inline unsigned int nt_uart_tx_discard(struct uart_port *port)
{
	struct circ_buf *xmit = &port->state->xmit;
	unsigned int n = uart_circ_chars_pending(xmit);

	xmit->tail = xmit->head;
	return n;
}
#endif

/* platform_driver.remove returns void from 6.11; before, .remove_new did. */
#if KERNEL_VERSION(6, 11, 0) <= LINUX_VERSION_CODE
#define NT_PLATFORM_REMOVE remove
#else
#define NT_PLATFORM_REMOVE remove_new
#endif

/*
 * KUnit support (kunit/ntserial_fixture.c and the suites): a bare struct
 * uart_state, with no tty opened, needs its transmit buffer set up and
 * filled by the test, and the test reads received data back from the
 * tty_port flip buffers, whose "has a flag array" marker changed meaning
 * in 6.6.  Static inline and unused by the driver: no code in ntserial.ko.
 */
#if KERNEL_VERSION(6, 10, 0) <= LINUX_VERSION_CODE
/* Make @buf (UART_XMIT_SIZE bytes) the empty transmit buffer of @state. */
static inline void nt_test_xmit_init(struct uart_state *state, u8 *buf)
{
	kfifo_init(&state->port.xmit_fifo, buf, UART_XMIT_SIZE);
}

/* Queue up to @n bytes for transmission, as uart_write() does. */
static inline unsigned int nt_test_xmit_put(struct uart_state *state,
					    const u8 *s, unsigned int n)
{
	return kfifo_in(&state->port.xmit_fifo, s, n);
}
#else
static inline void nt_test_xmit_init(struct uart_state *state, u8 *buf)
{
	state->xmit.buf = buf;
	uart_circ_clear(&state->xmit);
}

static inline unsigned int nt_test_xmit_put(struct uart_state *state,
					    const u8 *s, unsigned int n)
{
	struct circ_buf *xmit = &state->xmit;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!CIRC_SPACE(xmit->head, xmit->tail, UART_XMIT_SIZE))
			break;
		xmit->buf[xmit->head] = s[i];
		xmit->head = (xmit->head + 1) & (UART_XMIT_SIZE - 1);
	}
	return i;
}
#endif

#if KERNEL_VERSION(6, 6, 0) <= LINUX_VERSION_CODE
/* Does flip buffer @b carry a flag byte per character? */
#define nt_test_tty_buffer_has_flags(b)	((b)->flags)
#else
#define nt_test_tty_buffer_has_flags(b)	(!((b)->flags & TTYB_NORMAL))
#endif

#endif /* _NTSERIAL_COMPAT_H */
