// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_detect.c - UART detection (autoconfig): whether a 16550-class
 * UART answers at the port's registers, and which one (8250, 16450,
 * 16550 or 16550A), by the tests 8250 makes.
 *
 * Used by the platform driver's probe and by the KUnit suites, which
 * probe the software 16550 model the same way.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/delay.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>

#include "ntserial.h"

/*
 * Loop 16 bytes through the FIFO in loopback mode.  Loopback goes on
 * before the FIFO is cleared, so that a byte arriving on the line just
 * before cannot be taken for one of ours.
 */
static bool ntser_fifo_loop_once(struct ntser_port *up)
{
	unsigned int i, got = 0, tries;
	bool ok = true;

	ntser_out(up, UART_MCR, UART_MCR_LOOP);
	ntser_out(up, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR |
		  UART_FCR_CLEAR_XMIT);
	for (i = 0; i < 16; i++)
		ntser_out(up, UART_TX, 0x30 + i);
	/* 16 characters at the fastest rate take 1.4 ms; allow 20 ms. */
	for (tries = 0; tries < 200; tries++) {
		if (ntser_in(up, UART_LSR) & UART_LSR_TEMT)
			break;
		usleep_range(100, 200);
	}
	usleep_range(200, 400);
	while (got < 32 && (ntser_in(up, UART_LSR) & UART_LSR_DR)) {
		if (ntser_in(up, UART_RX) != 0x30 + got)
			ok = false;
		got++;
	}
	return ok && got == 16;
}

/*
 * Is the FIFO 16 deep?  A UART that is not strict about loopback (QEMU's
 * takes line input in loopback mode too) can fail one try while data
 * arrives: three tries.
 */
static bool ntser_fifo_works(struct ntser_port *up)
{
	unsigned int attempt;
	bool ok = false;

	ntser_out(up, UART_LCR, UART_LCR_DLAB);
	ntser_out(up, UART_DLL, 1);
	ntser_out(up, UART_DLM, 0);
	ntser_out(up, UART_LCR, UART_LCR_WLEN8);
	for (attempt = 0; attempt < 3 && !ok; attempt++)
		ok = ntser_fifo_loop_once(up);
	ntser_out(up, UART_MCR, 0);
	ntser_out(up, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR |
		  UART_FCR_CLEAR_XMIT);
	ntser_out(up, UART_FCR, 0);
	return ok;
}

/**
 * ntser_detect() - find out whether a 16550-class UART is there, and which.
 * @up: port with register accessors set.
 *
 * The tests 8250 makes for the classic parts: IER holds what is written
 * (a missing UART reads 0xff), loopback mode reflects MCR in MSR, the
 * scratch register tells an 8250 from a 16450, the FIFO bits in IIR tell
 * a 16450 from a 16550 and a 16550A, and a 16550A must loop 16 bytes
 * through its FIFO.  Sets the port type, FIFO size and transmit load size.
 *
 * Context: process, port not in use.
 * Return: 0, or -ENODEV with the reason logged.
 */
int ntser_detect(struct ntser_port *up)
{
	struct uart_port *port = &up->port;
	u8 ier0, ier1, msr, scr0, scr1, iir;
	unsigned int type;

	ntser_out(up, UART_IER, 0);
	ier0 = ntser_in(up, UART_IER);
	ntser_out(up, UART_IER, 0x0f);
	ier1 = ntser_in(up, UART_IER);
	ntser_out(up, UART_IER, 0);
	if ((ier0 & 0x0f) != 0 || (ier1 & 0x0f) != 0x0f)
		return dev_err_probe(port->dev, -ENODEV,
				     "no UART: IER reads 0x%02x/0x%02x after writing 0x00/0x0f\n",
				     ier0, ier1);

	ntser_out(up, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS);
	msr = ntser_in(up, UART_MSR) & 0xf0;
	ntser_out(up, UART_MCR, 0);
	if (msr != (UART_MSR_DCD | UART_MSR_CTS))
		return dev_err_probe(port->dev, -ENODEV,
				     "no UART: loopback MSR reads 0x%02x, expected 0x90\n",
				     msr);

	ntser_out(up, UART_SCR, 0xa5);
	scr0 = ntser_in(up, UART_SCR);
	ntser_out(up, UART_SCR, 0x5a);
	scr1 = ntser_in(up, UART_SCR);

	ntser_out(up, UART_FCR, UART_FCR_ENABLE_FIFO);
	iir = ntser_in(up, UART_IIR) >> 6;
	ntser_out(up, UART_FCR, 0);

	switch (iir) {
	case 3:
		type = PORT_16550A;
		if (!ntser_fifo_works(up)) {
			dev_warn(port->dev, "16550A FIFO fails loopback: used as a 16450\n");
			type = PORT_16450;
		}
		break;
	case 2:
		/* The original 16550's FIFO is broken: do not use it. */
		type = PORT_16550;
		break;
	default:
		type = (scr0 == 0xa5 && scr1 == 0x5a) ? PORT_16450 : PORT_8250;
		break;
	}

	up->detected_type = type;
	port->type = type;
	up->fifo_depth = type == PORT_16550A ? 16 : 1;
	port->fifosize = up->fifo_depth;
	up->tx_loadsz = up->fifo_depth;
	up->rx_trig_bytes = type == PORT_16550A ? 8 : 1;
	up->rx_trig_auto = type == PORT_16550A;
	return 0;
}
