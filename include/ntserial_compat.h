/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntserial_compat.h - the only place where kernel version differences live.
 *
 * Supported: Debian's 6.1 (with its backports), 6.12 and 6.12 PREEMPT_RT.
 * This is the one file that tests LINUX_VERSION_CODE; the checkpatch gate
 * allows it here and nowhere else.
 */
#ifndef _NTSERIAL_COMPAT_H
#define _NTSERIAL_COMPAT_H

#include <linux/serial_core.h>
#include <linux/version.h>

/* WQ_BH workqueues (system_bh_wq) arrived in 6.9. */
#if KERNEL_VERSION(6, 9, 0) <= LINUX_VERSION_CODE
#define NT_HAVE_WQ_BH 1
#else
#define NT_HAVE_WQ_BH 0
#endif

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
#endif

/* platform_driver.remove returns void from 6.11; before, .remove_new did. */
#if KERNEL_VERSION(6, 11, 0) <= LINUX_VERSION_CODE
#define NT_PLATFORM_REMOVE remove
#else
#define NT_PLATFORM_REMOVE remove_new
#endif

#endif /* _NTSERIAL_COMPAT_H */
