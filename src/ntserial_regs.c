// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_regs.c - register access: the register window claimed and
 * mapped, the accessors for port I/O and MMIO behind one interface
 * (uart_port.serial_in/serial_out, so that port I/O, MMIO and the KUnit
 * software 16550 share all of the driver's code; READ_PORT_UCHAR and
 * READ_REGISTER_UCHAR in NT), the sum of their per-CPU access counts,
 * and the read-modify-write of the registers the driver keeps a shadow of
 * (IER, LCR, MCR).  ntser_in(), ntser_out() and ntser_write_ier() are
 * inline in include/ntserial.h.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/percpu.h>
#include <linux/platform_device.h>
#include <linux/serial_core.h>

#include "ntserial.h"

/* ---- accessors ---------------------------------------------------------- */

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
static int ntser_set_io(struct uart_port *port)
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

/* ---- access counts ------------------------------------------------------ */

/**
 * ntser_reg_stats_sum() - a port's register accesses so far.
 * @up: the port, initialised by ntser_port_init().
 *
 * Adds up the per-CPU counts of every possible CPU, so that accesses made
 * on a CPU since taken offline still count.  The counters are only ever
 * incremented, by their own CPU; a sum taken while they run is a value
 * each counter had at some point during the call.
 *
 * Context: any.
 * Return: the accesses made in hard IRQ context and elsewhere.
 */
struct ntser_reg_stats ntser_reg_stats_sum(struct ntser_port *up)
{
	struct ntser_reg_stats sum = { };
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct ntser_reg_stats *c = per_cpu_ptr(up->stats.reg, cpu);

		sum.isr_io += READ_ONCE(c->isr_io);
		sum.dpc_io += READ_ONCE(c->dpc_io);
	}
	return sum;
}

/* ---- the register window ---------------------------------------------- */

static int ntser_map(struct platform_device *pdev, struct ntser_port *up,
		     u32 shift, u32 width)
{
	struct device *dev = &pdev->dev;
	struct uart_port *port = &up->port;
	resource_size_t size = 8 << shift;
	struct resource *res;

	res = platform_get_resource(pdev, IORESOURCE_IO, 0);
	if (res) {
		if (width != 1)
			return dev_err_probe(dev, -EINVAL,
					     "I/O port 0x%llx: reg-io-width must be 1, not %u\n",
					     (unsigned long long)res->start, width);
		if (!devm_request_region(dev, res->start, size,
					 NTSER_DRIVER_NAME))
			return dev_err_probe(dev, -EBUSY,
					     "I/O 0x%llx-0x%llx is busy (another driver, e.g. 8250, owns it; see README)\n",
					     (unsigned long long)res->start,
					     (unsigned long long)(res->start + size - 1));
		port->iotype = UPIO_PORT;
		port->iobase = res->start;
		return 0;
	}

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res)
		return dev_err_probe(dev, -EINVAL,
				     "no I/O port or memory resource\n");
	if (width != 1 && width != 4)
		return dev_err_probe(dev, -EINVAL,
				     "MMIO %pa: reg-io-width must be 1 or 4, not %u\n",
				     &res->start, width);
	if (!devm_request_mem_region(dev, res->start, size,
				     NTSER_DRIVER_NAME))
		return dev_err_probe(dev, -EBUSY,
				     "MMIO %pa is busy (another driver owns it)\n",
				     &res->start);
	port->membase = devm_ioremap(dev, res->start, size);
	if (!port->membase)
		return dev_err_probe(dev, -ENOMEM, "cannot map MMIO %pa\n",
				     &res->start);
	port->mapbase = res->start;
	port->mapsize = size;
	port->iotype = width == 4 ? UPIO_MEM32 : UPIO_MEM;
	return 0;
}

/**
 * ntser_regs_map() - claim and map a port's registers, and choose the
 * accessors for them.
 * @pdev: the platform device, with an I/O port or a memory resource.
 * @up: the port.
 * @shift: register spacing: 1 << @shift bytes.
 * @width: register access width in bytes: 1 (I/O port or MMIO) or 4 (MMIO).
 *
 * The region is claimed and mapped with devres: it is released with the
 * device.
 *
 * Context: process (probe).
 * Return: 0, or a negative errno with the reason logged: -EBUSY (another
 * driver owns the region), -EINVAL (no resource, or a width the resource
 * cannot take), -ENOMEM.
 */
int ntser_regs_map(struct platform_device *pdev, struct ntser_port *up,
		   u32 shift, u32 width)
{
	int ret;

	up->port.regshift = shift;
	ret = ntser_map(pdev, up, shift, width);
	if (ret)
		return ret;
	return ntser_set_io(&up->port);
}

/* ---- shadowed registers ------------------------------------------------- */

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

	nt_assert_synchronized(b->up->intr);
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

/**
 * ntser_update() - set and clear bits of IER, LCR or MCR.
 * @up: the port.
 * @reg: UART_IER, UART_LCR or UART_MCR.
 * @set: bits to set.
 * @clear: bits to clear.
 *
 * The register's shadow in ntser_isr_state is updated and written in a
 * SynchCritSection; for IER the holds of the ISR stay applied
 * (ntser_write_ier()).
 *
 * Context: any but the ISR or a SynchCritSection (it takes the interrupt
 * spin lock).
 */
void ntser_update(struct ntser_port *up, int reg, u8 set, u8 clear)
{
	struct ntser_sync_bits b = {
		.up = up, .reg = reg, .set = set, .clear = clear,
	};

	nt_synchronize_execution(up->intr, ntser_sync_update, &b);
}
