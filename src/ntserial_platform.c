// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_platform.c - the platform driver (AddDevice / StartDevice):
 * module init and exit, the module parameters, the platform devices the
 * module makes from them, the device tree binding, and probe and remove.
 *
 * Ports come from the device tree (compatible "ntserial,ns16550a") or, on
 * boards without a firmware description, from the io=, mmio= and irq=
 * module parameters, for which the module creates the platform devices
 * itself.  Both paths end in the same probe, which checks their values
 * the same way (ntserial_param.c).
 *
 * Not supported: console on ttyNT, RS-485, DMA, UARTs beyond the 16550A
 * (16650/16750/16850 extended FIFOs and auto flow control are not used).
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/idr.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/pm.h>
#include <linux/property.h>
#include <linux/serial_core.h>
#include <linux/slab.h>

#include "ntserial.h"
#include "ntserial_compat.h"

/* ---- module parameters -------------------------------------------------- */

static unsigned long io[NTSER_MAX_PARAM_PORTS];
static unsigned int nr_io;
module_param_hw_array(io, ulong, ioport, &nr_io, 0444);
MODULE_PARM_DESC(io, "I/O port bases of UARTs without firmware description");

static unsigned long mmio[NTSER_MAX_PARAM_PORTS];
static unsigned int nr_mmio;
module_param_hw_array(mmio, ulong, iomem, &nr_mmio, 0444);
MODULE_PARM_DESC(mmio, "physical MMIO bases of UARTs (after the io= ports)");

static int irq[NTSER_MAX_PARAM_PORTS];
static unsigned int nr_irq;
module_param_hw_array(irq, int, irq, &nr_irq, 0444);
MODULE_PARM_DESC(irq, "IRQ of each io= then mmio= port");

static unsigned int uartclk = NTSER_DEFAULT_UARTCLK;
module_param(uartclk, uint, 0444);
MODULE_PARM_DESC(uartclk, "UART input clock in Hz (default 1843200)");

static unsigned int reg_shift;
module_param(reg_shift, uint, 0444);
MODULE_PARM_DESC(reg_shift, "mmio= register spacing: 1 << reg_shift bytes");

static unsigned int reg_width = 1;
module_param(reg_width, uint, 0444);
MODULE_PARM_DESC(reg_width, "mmio= register access width in bytes: 1 or 4");

static unsigned int rx_defer_us = NTSER_RX_DEFER_US;
module_param(rx_defer_us, uint, 0444);
MODULE_PARM_DESC(rx_defer_us, "the ISR leaves received bytes in the FIFO for the DPC when its room above the trigger level takes at least this long to fill (default 250; 0: the ISR always reads them)");

/*
 * NT's DPC watchdog (DPC_WATCHDOG_VIOLATION), warning and counting instead
 * of bug-checking: a DPC routine, or one drain of a port's DPC queue, that
 * runs longer than this.  2 ms is __do_softirq()'s own budget
 * (MAX_SOFTIRQ_TIME) and twice a drain's bound (NT_DPC_DRAIN_NS).
 */
static unsigned int dpc_watchdog_us = 2000;
module_param(dpc_watchdog_us, uint, 0444);
MODULE_PARM_DESC(dpc_watchdog_us, "warn once and count (debugfs dpc_watchdog) when a DPC routine or one drain of a port's DPC queue runs longer than this, in microseconds (default 2000; 0: off)");

static enum ntser_dpc_model dpc_model = NTSER_MODEL_ISR;
/*
 * On PREEMPT_RT a softirq raised from a hard IRQ handler runs in
 * ksoftirqd, a SCHED_OTHER thread, while the IRQ thread is SCHED_FIFO:
 * with received bytes waiting in the FIFO for the DPC, the IRQ thread is
 * the backend that starts it in time (see Documentation/benchmarks.rst).
 */
static enum nt_dpc_backend dpc_backend =
	IS_ENABLED(CONFIG_PREEMPT_RT) ? NT_DPC_BACKEND_THREADED :
					NT_DPC_BACKEND_TASKLET;

module_param_cb(dpc_model, &ntser_param_model_ops, &dpc_model, 0444);
MODULE_PARM_DESC(dpc_model, "isr (one DpcForIsr, default), custom (CustomDpcs) or both");
module_param_cb(dpc_backend, &ntser_param_backend_ops, &dpc_backend, 0444);
MODULE_PARM_DESC(dpc_backend, "tasklet (default), threaded (default on PREEMPT_RT) or wq_bh (6.9+)");

/*
 * Platform data of a port made from module parameters.  The probe result
 * travels back in it, so that insmod fails with the probe's error.  The
 * settings a device tree gives as properties travel here instead of as a
 * software node: on 6.12, removing a platform device registered with
 * .properties underflows a reference count in device_del()
 * (refcount_warn_saturate).
 */
struct ntser_param_pdata {
	int probe_err;
	u32 uartclk;
	u32 reg_shift;
	u32 reg_width;
};

static struct platform_device *ntser_param_devs[NTSER_MAX_PARAM_PORTS];
static DEFINE_IDA(ntser_port_numbers);

/* ---- probe and remove ----------------------------------------------------- */

static int ntser_do_probe(struct platform_device *pdev)
{
	struct ntser_param_pdata *pd = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	u32 clk = NTSER_DEFAULT_UARTCLK, shift = 0, width = 1;
	struct ntser_port *up;
	struct uart_port *port;
	int ret, line;

	up = devm_kzalloc(dev, sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	port = &up->port;
	port->dev = dev;

	if (pd) {
		clk = pd->uartclk;
		shift = pd->reg_shift;
		width = pd->reg_width;
		ret = ntser_check_uartclk(dev, "uartclk", clk);
		if (!ret)
			ret = ntser_check_regs(dev, "reg_shift", shift,
					       "reg_width", width, true);
	} else {
		device_property_read_u32(dev, "clock-frequency", &clk);
		device_property_read_u32(dev, "reg-shift", &shift);
		device_property_read_u32(dev, "reg-io-width", &width);
		ret = ntser_check_uartclk(dev, "clock-frequency", clk);
		if (!ret)
			ret = ntser_check_regs(dev, "reg-shift", shift,
					       "reg-io-width", width, true);
	}
	if (ret)
		return ret;

	ret = platform_get_irq_optional(pdev, 0);
	if (ret < 0)
		return dev_err_probe(dev, ret == -ENXIO ? -EINVAL : ret,
				     "no IRQ given (irq= or interrupts)\n");
	port->irq = ret;

	ret = ntser_regs_map(pdev, up, shift, width);
	if (ret)
		return ret;

	port->uartclk = clk;
	port->ops = &ntser_uart_ops;
	/*
	 * Not UPF_FIXED_PORT: with it serial_core would take a TIOCSSERIAL
	 * that moves the port or its IRQ for "no change" and return 0 to
	 * anyone; without it such a request is refused, EPERM to an
	 * unprivileged caller as 8250 does, EINVAL (verify_port) to root.
	 */
	port->flags = UPF_FIXED_TYPE | UPF_SHARE_IRQ;
	/* Ports on one IRQ share one handler: ntserial_line.c. */
	port->irqflags = IRQF_SHARED;
	port->attr_group = &ntser_tty_attr_group;

	ret = ntser_port_init(up, dpc_model, dpc_backend);
	if (ret)
		return ret;
	up->rx_defer_ns = (u64)rx_defer_us * NSEC_PER_USEC;
	nt_dpc_queue_set_watchdog(&up->intr->dpcs, dpc_watchdog_us);
	ret = ntser_detect(up);
	if (ret)
		goto err_destroy;

	line = ida_alloc_max(&ntser_port_numbers, NTSER_NR - 1, GFP_KERNEL);
	if (line < 0) {
		ret = dev_err_probe(dev, line, "no free %s line (%d in use)\n",
				    NTSER_DEV_NAME, NTSER_NR);
		goto err_destroy;
	}
	port->line = line;

	platform_set_drvdata(pdev, up);
	ret = uart_add_one_port(&ntser_uart_driver, port);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register %s%d\n",
			      NTSER_DEV_NAME, line);
		goto err_line;
	}
	ntser_debugfs_add(up);
	return 0;

err_line:
	ida_free(&ntser_port_numbers, line);
err_destroy:
	ntser_port_destroy(up);
	return ret;
}

static int ntser_probe(struct platform_device *pdev)
{
	struct ntser_param_pdata *pd = dev_get_platdata(&pdev->dev);
	int ret = ntser_do_probe(pdev);

	if (pd)
		pd->probe_err = ret;
	return ret;
}

static void ntser_remove(struct platform_device *pdev)
{
	struct ntser_port *up = platform_get_drvdata(pdev);

	ntser_debugfs_remove(up);
	uart_remove_one_port(&ntser_uart_driver, &up->port);
	ntser_port_destroy(up);
	ida_free(&ntser_port_numbers, up->port.line);
}

static const struct of_device_id ntser_of_match[] = {
	{ .compatible = "ntserial,ns16550a" },
	{ }
};
MODULE_DEVICE_TABLE(of, ntser_of_match);

static struct platform_driver ntser_platform_driver = {
	.probe = ntser_probe,
	.NT_PLATFORM_REMOVE = ntser_remove,
	.driver = {
		.name = NTSER_DRIVER_NAME,
		.of_match_table = ntser_of_match,
		.pm = pm_sleep_ptr(&ntser_pm_ops),
		/*
		 * Ports made from module parameters report their probe
		 * result back to insmod, so probing must have finished when
		 * platform_device_register_full() returns, whatever
		 * async_probe or driver_async_probe= ask for.
		 */
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

/* ---- ports from module parameters ---------------------------------------- */

static int ntser_check_params(void)
{
	unsigned int ports = nr_io + nr_mmio;

	if (ports > NTSER_MAX_PARAM_PORTS) {
		pr_err("at most %d ports from io= and mmio=, got %u\n",
		       NTSER_MAX_PARAM_PORTS, ports);
		return -EINVAL;
	}
	if (nr_irq != ports) {
		pr_err("irq= must give one IRQ per io=/mmio= port: %u ports, %u IRQs\n",
		       ports, nr_irq);
		return -EINVAL;
	}
	if (ntser_check_uartclk(NULL, "uartclk", uartclk))
		return -EINVAL;
	/*
	 * Both values are checked whenever given; that reg_width=4 needs
	 * reg_shift 2..4 only when mmio= ports use them (io= ports always
	 * have byte registers 1 apart).
	 */
	return ntser_check_regs(NULL, "reg_shift", reg_shift, "reg_width",
				reg_width, nr_mmio > 0);
}

static void ntser_del_param_ports(void)
{
	int i;

	for (i = NTSER_MAX_PARAM_PORTS - 1; i >= 0; i--) {
		platform_device_unregister(ntser_param_devs[i]);
		ntser_param_devs[i] = NULL;
	}
}

/*
 * A platform device whose resource covers a region another driver has
 * claimed does not fail to register: its resource becomes the parent of
 * that claim, and removing the device then drops the other driver's claim
 * from the resource tree.  So check the region is free first.
 */
static int ntser_param_region_free(bool is_io, unsigned long base,
				   resource_size_t size)
{
	struct resource *r;

	if (is_io)
		r = request_region(base, size, NTSER_DRIVER_NAME);
	else
		r = request_mem_region(base, size, NTSER_DRIVER_NAME);
	if (!r) {
		pr_err("%s 0x%lx-0x%lx is busy (another driver, e.g. 8250, owns it; see README)\n",
		       is_io ? "I/O" : "MMIO", base,
		       (unsigned long)(base + size - 1));
		return -EBUSY;
	}
	if (is_io)
		release_region(base, size);
	else
		release_mem_region(base, size);
	return 0;
}

static int ntser_add_param_port(unsigned int i)
{
	bool is_io = i < nr_io;
	unsigned long base = is_io ? io[i] : mmio[i - nr_io];
	unsigned int width = is_io ? 1 : reg_width;
	unsigned int shift = is_io ? 0 : reg_shift;
	struct ntser_param_pdata pdata = {
		.probe_err = -ENODEV,
		.uartclk = uartclk,
		.reg_shift = shift,
		.reg_width = width,
	};
	struct resource res[] = {
		{
			.start = base,
			.end = base + (8 << shift) - 1,
			.flags = is_io ? IORESOURCE_IO : IORESOURCE_MEM,
		},
		DEFINE_RES_IRQ(irq[i]),
	};
	struct platform_device_info info = {
		.name = NTSER_DRIVER_NAME,
		.id = i,
		.res = res,
		.num_res = ARRAY_SIZE(res),
		.data = &pdata,
		.size_data = sizeof(pdata),
	};
	struct platform_device *pdev;
	struct ntser_param_pdata *pd;
	int ret;

	if (irq[i] <= 0 || irq[i] >= nr_irqs) {
		pr_err("port %u: irq=%d out of range 1..%d\n",
		       i, irq[i], nr_irqs - 1);
		return -EINVAL;
	}
	ret = ntser_param_region_free(is_io, base, resource_size(&res[0]));
	if (ret)
		return ret;

	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	ntser_param_devs[i] = pdev;

	/* Probing is synchronous: the driver is registered already. */
	pd = dev_get_platdata(&pdev->dev);
	if (pd->probe_err)
		pr_err("%s port 0x%lx irq %d: probe failed: %d\n",
		       is_io ? "I/O" : "MMIO", base, irq[i],
		       pd->probe_err);
	return pd->probe_err;
}

static int __init ntser_init(void)
{
	unsigned int i;
	int ret;

	ret = ntser_check_params();
	if (ret)
		return ret;

	ret = uart_register_driver(&ntser_uart_driver);
	if (ret)
		return ret;
	/*
	 * serial_core allocates the tty driver with itself as owner, so a tty
	 * would pin serial_core, not us: rmmod could then free the port array
	 * that a hung-up or half-opened tty still points into.  Owned by us,
	 * every tty holds a module reference from tty_init_dev() until it is
	 * released (the cdevs of the ports added below get it too).
	 */
	ntser_uart_driver.tty_driver->owner = THIS_MODULE;
	ntser_debugfs_init();

	ret = platform_driver_register(&ntser_platform_driver);
	if (ret)
		goto err_uart;

	for (i = 0; i < nr_io + nr_mmio; i++) {
		ret = ntser_add_param_port(i);
		if (ret)
			goto err_ports;
	}
	return 0;

err_ports:
	ntser_del_param_ports();
	platform_driver_unregister(&ntser_platform_driver);
err_uart:
	ntser_debugfs_exit();
	uart_unregister_driver(&ntser_uart_driver);
	return ret;
}

static void __exit ntser_exit(void)
{
	ntser_del_param_ports();
	platform_driver_unregister(&ntser_platform_driver);
	ntser_debugfs_exit();
	uart_unregister_driver(&ntser_uart_driver);
}

module_init(ntser_init);
module_exit(ntser_exit);

MODULE_DESCRIPTION("16550 UART driver in the Windows NT interrupt model");
MODULE_LICENSE("GPL");
