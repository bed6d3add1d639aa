// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_io.c - register accessors: port I/O and MMIO behind one
 * interface (uart_port.serial_in/serial_out), so that port I/O, MMIO and
 * the KUnit software 16550 share all of the driver's code.
 */

#include <linux/io.h>
#include <linux/serial_core.h>

#include "ntserial.h"

static unsigned int ntser_io_in(struct uart_port *port, int offset)
{
	return inb(port->iobase + (offset << port->regshift));
}

static void ntser_io_out(struct uart_port *port, int offset, int value)
{
	outb(value, port->iobase + (offset << port->regshift));
}

static unsigned int ntser_mem_in(struct uart_port *port, int offset)
{
	return readb(port->membase + (offset << port->regshift));
}

static void ntser_mem_out(struct uart_port *port, int offset, int value)
{
	writeb(value, port->membase + (offset << port->regshift));
}

static unsigned int ntser_mem32_in(struct uart_port *port, int offset)
{
	return readl(port->membase + (offset << port->regshift)) & 0xff;
}

static void ntser_mem32_out(struct uart_port *port, int offset, int value)
{
	writel(value, port->membase + (offset << port->regshift));
}

/**
 * ntser_set_io() - choose the register accessors for a port's iotype.
 * @port: port with iotype, regshift and iobase or membase set.
 *
 * Return: 0, or -EINVAL for an iotype the driver does not support.
 */
int ntser_set_io(struct uart_port *port)
{
	switch (port->iotype) {
	case UPIO_PORT:
		port->serial_in = ntser_io_in;
		port->serial_out = ntser_io_out;
		return 0;
	case UPIO_MEM:
		port->serial_in = ntser_mem_in;
		port->serial_out = ntser_mem_out;
		return 0;
	case UPIO_MEM32:
		port->serial_in = ntser_mem32_in;
		port->serial_out = ntser_mem32_out;
		return 0;
	default:
		return -EINVAL;
	}
}
