// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_main.c - the platform driver: module parameters, device tree
 * binding, probing of the UART type, port registration and power
 * management.
 *
 * Ports come from the device tree (compatible "ntserial,ns16550a") or, on
 * boards without a firmware description, from the io=, mmio= and irq=
 * module parameters, for which the module creates the platform devices
 * itself.  Both paths end in the same probe, which reads the same device
 * properties.
 *
 * Not supported: console on ttyNT, RS-485, DMA, UARTs beyond the 16550A
 * (16650/16750/16850 extended FIFOs and auto flow control are not used).
 */

#include <linux/debugfs.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/pm.h>
#include <linux/property.h>
#include <linux/serial_core.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tty.h>

#include "ntserial.h"
#include "ntserial_compat.h"

#define CREATE_TRACE_POINTS
#include "ntserial_trace.h"

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

static int ntser_param_set_model(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(ntser_model_names, val);

	if (i < 0)
		return -EINVAL;
	*(enum ntser_dpc_model *)kp->arg = i;
	return 0;
}

static int ntser_param_get_model(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  ntser_model_names[*(enum ntser_dpc_model *)kp->arg]);
}

static const struct kernel_param_ops ntser_model_ops = {
	.set = ntser_param_set_model,
	.get = ntser_param_get_model,
};
module_param_cb(dpc_model, &ntser_model_ops, &dpc_model, 0444);
MODULE_PARM_DESC(dpc_model, "isr (one DpcForIsr, default), custom (CustomDpcs) or both");

static int ntser_param_set_backend(const char *val,
				   const struct kernel_param *kp)
{
	int i;

	for (i = 0; i < NT_DPC_BACKEND_COUNT; i++)
		if (sysfs_streq(val, nt_dpc_backend_name(i)))
			break;
	if (i == NT_DPC_BACKEND_COUNT)
		return -EINVAL;
	if (!nt_dpc_backend_available(i)) {
		pr_err("%s: dpc_backend=%s needs a newer kernel\n",
		       NTSER_DRIVER_NAME, nt_dpc_backend_name(i));
		return -EOPNOTSUPP;
	}
	*(enum nt_dpc_backend *)kp->arg = i;
	return 0;
}

static int ntser_param_get_backend(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  nt_dpc_backend_name(*(enum nt_dpc_backend *)kp->arg));
}

static const struct kernel_param_ops ntser_backend_ops = {
	.set = ntser_param_set_backend,
	.get = ntser_param_get_backend,
};
module_param_cb(dpc_backend, &ntser_backend_ops, &dpc_backend, 0444);
MODULE_PARM_DESC(dpc_backend, "tasklet (default), threaded (default on PREEMPT_RT) or wq_bh (6.9+)");

/*
 * Platform data of the devices made from module parameters: the probe
 * result travels back in it so that insmod fails with the probe's error.
 */
/*
 * Platform data of a port made from module parameters.  The settings a
 * device tree gives as properties travel here instead of as a software
 * node: on 6.12, removing a platform device registered with .properties
 * underflows a reference count in device_del() (refcount_warn_saturate).
 */
struct ntser_param_pdata {
	int probe_err;
	u32 uartclk;
	u32 reg_shift;
	u32 reg_width;
};

static struct platform_device *ntser_param_devs[NTSER_MAX_PARAM_PORTS];
static DEFINE_IDA(ntser_lines);

static struct uart_driver ntser_uart_driver = {
	.owner		= THIS_MODULE,
	.driver_name	= NTSER_DRIVER_NAME,
	.dev_name	= NTSER_DEV_NAME,
	.nr		= NTSER_NR,
};

/* ---- sysfs: rx_trig_bytes, as 8250 has it -------------------------------- */

static struct ntser_port *ntser_from_tty_dev(struct device *dev)
{
	struct tty_port *tport = dev_get_drvdata(dev);
	struct uart_state *state = container_of(tport, struct uart_state, port);

	return to_ntser(state->uart_port);
}

static ssize_t rx_trig_bytes_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	struct ntser_port *up = ntser_from_tty_dev(dev);

	if (up->fifo_depth <= 1)
		return -EINVAL;
	return sysfs_emit(buf, "%u\n", up->rx_trig_bytes);
}

static ssize_t rx_trig_bytes_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	struct tty_port *tport = dev_get_drvdata(dev);
	struct ntser_port *up = ntser_from_tty_dev(dev);
	unsigned int bytes;
	int ret;

	if (up->fifo_depth <= 1)
		return -EINVAL;
	ret = kstrtouint(buf, 10, &bytes);
	if (ret)
		return ret;
	if (!bytes)
		return -EINVAL;

	mutex_lock(&tport->mutex);
	up->rx_trig_bytes = ntser_fcr_trigger(bytes);
	if (tty_port_initialized(tport))
		nt_synchronize_execution(&up->intr, ntser_sync_set_fcr, up);
	mutex_unlock(&tport->mutex);
	return count;
}
static DEVICE_ATTR_RW(rx_trig_bytes);

static struct attribute *ntser_tty_attrs[] = {
	&dev_attr_rx_trig_bytes.attr,
	NULL
};

static struct attribute_group ntser_tty_attr_group = {
	.attrs = ntser_tty_attrs,
};

/* ---- probe and remove ----------------------------------------------------- */

/*
 * Register spacing and access width.  32-bit accesses need registers at
 * least 4 bytes apart, or each write would clobber the next registers.
 */
static int ntser_check_regs(struct device *dev, const char *shift_name,
			    u32 shift, const char *width_name, u32 width)
{
	if (shift > 4) {
		dev_err(dev, "%s %u out of range 0..4\n", shift_name, shift);
		return -EINVAL;
	}
	if (width != 1 && width != 4) {
		dev_err(dev, "%s %u: must be 1 or 4\n", width_name, width);
		return -EINVAL;
	}
	if (width == 4 && shift < 2) {
		dev_err(dev, "%s 4 needs %s 2..4 (registers 4 bytes apart), not %u\n",
			width_name, shift_name, shift);
		return -EINVAL;
	}
	return 0;
}

static int ntser_map(struct platform_device *pdev, struct ntser_port *up,
		     u32 shift, u32 width)
{
	struct device *dev = &pdev->dev;
	struct uart_port *port = &up->port;
	resource_size_t size = 8 << shift;
	struct resource *res;

	res = platform_get_resource(pdev, IORESOURCE_IO, 0);
	if (res) {
		if (width != 1) {
			dev_err(dev, "I/O port 0x%llx: reg-io-width must be 1, not %u\n",
				(unsigned long long)res->start, width);
			return -EINVAL;
		}
		if (!devm_request_region(dev, res->start, size,
					 NTSER_DRIVER_NAME)) {
			dev_err(dev, "I/O 0x%llx-0x%llx is busy (another driver, e.g. 8250, owns it; see README)\n",
				(unsigned long long)res->start,
				(unsigned long long)(res->start + size - 1));
			return -EBUSY;
		}
		port->iotype = UPIO_PORT;
		port->iobase = res->start;
		return 0;
	}

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res) {
		dev_err(dev, "no I/O port or memory resource\n");
		return -EINVAL;
	}
	if (width != 1 && width != 4) {
		dev_err(dev, "MMIO %pa: reg-io-width must be 1 or 4, not %u\n",
			&res->start, width);
		return -EINVAL;
	}
	if (!devm_request_mem_region(dev, res->start, size,
				     NTSER_DRIVER_NAME)) {
		dev_err(dev, "MMIO %pa is busy (another driver owns it)\n",
			&res->start);
		return -EBUSY;
	}
	port->membase = devm_ioremap(dev, res->start, size);
	if (!port->membase) {
		dev_err(dev, "cannot map MMIO %pa\n", &res->start);
		return -ENOMEM;
	}
	port->mapbase = res->start;
	port->mapsize = size;
	port->iotype = width == 4 ? UPIO_MEM32 : UPIO_MEM;
	return 0;
}

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
					       "reg_width", width);
	} else {
		device_property_read_u32(dev, "clock-frequency", &clk);
		device_property_read_u32(dev, "reg-shift", &shift);
		device_property_read_u32(dev, "reg-io-width", &width);
		ret = ntser_check_uartclk(dev, "clock-frequency", clk);
		if (!ret)
			ret = ntser_check_regs(dev, "reg-shift", shift,
					       "reg-io-width", width);
	}
	if (ret)
		return ret;

	ret = platform_get_irq_optional(pdev, 0);
	if (ret < 0) {
		dev_err(dev, "no IRQ given (irq= or interrupts): %d\n", ret);
		return ret == -ENXIO ? -EINVAL : ret;
	}
	port->irq = ret;

	port->regshift = shift;
	ret = ntser_map(pdev, up, shift, width);
	if (ret)
		return ret;
	ret = ntser_set_io(port);
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
	port->flags = UPF_FIXED_TYPE;
	port->attr_group = &ntser_tty_attr_group;

	ntser_port_init(up, dpc_model, dpc_backend);
	up->rx_defer_ns = (u64)rx_defer_us * NSEC_PER_USEC;
	ret = ntser_detect(up);
	if (ret)
		goto err_destroy;

	line = ida_alloc_max(&ntser_lines, NTSER_NR - 1, GFP_KERNEL);
	if (line < 0) {
		dev_err(dev, "no free %s line (%d in use)\n", NTSER_DEV_NAME,
			NTSER_NR);
		ret = line;
		goto err_destroy;
	}
	port->line = line;

	platform_set_drvdata(pdev, up);
	ret = uart_add_one_port(&ntser_uart_driver, port);
	if (ret) {
		dev_err(dev, "cannot register %s%d: %d\n", NTSER_DEV_NAME,
			line, ret);
		goto err_line;
	}
	ntser_debugfs_add(up);
	return 0;

err_line:
	ida_free(&ntser_lines, line);
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
	ida_free(&ntser_lines, up->port.line);
}

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

static DEFINE_SIMPLE_DEV_PM_OPS(ntser_pm_ops, ntser_suspend, ntser_resume);

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
		pr_err("%s: at most %d ports from io= and mmio=, got %u\n",
		       NTSER_DRIVER_NAME, NTSER_MAX_PARAM_PORTS, ports);
		return -EINVAL;
	}
	if (nr_irq != ports) {
		pr_err("%s: irq= must give one IRQ per io=/mmio= port: %u ports, %u IRQs\n",
		       NTSER_DRIVER_NAME, ports, nr_irq);
		return -EINVAL;
	}
	if (ntser_check_uartclk(NULL, "uartclk", uartclk))
		return -EINVAL;
	if (reg_width != 1 && reg_width != 4) {
		pr_err("%s: reg_width=%u: must be 1 or 4\n", NTSER_DRIVER_NAME,
		       reg_width);
		return -EINVAL;
	}
	if (reg_shift > 4) {
		pr_err("%s: reg_shift=%u: must be 0..4\n", NTSER_DRIVER_NAME,
		       reg_shift);
		return -EINVAL;
	}
	if (nr_mmio && reg_width == 4 && reg_shift < 2) {
		pr_err("%s: reg_width=4 needs reg_shift=2..4 (registers 4 bytes apart), not %u\n",
		       NTSER_DRIVER_NAME, reg_shift);
		return -EINVAL;
	}
	return 0;
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
		pr_err("%s: %s 0x%lx-0x%lx is busy (another driver, e.g. 8250, owns it; see README)\n",
		       NTSER_DRIVER_NAME, is_io ? "I/O" : "MMIO", base,
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
		pr_err("%s: port %u: irq=%d out of range 1..%d\n",
		       NTSER_DRIVER_NAME, i, irq[i], nr_irqs - 1);
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
		pr_err("%s: %s port 0x%lx irq %d: probe failed: %d\n",
		       NTSER_DRIVER_NAME, is_io ? "I/O" : "MMIO", base, irq[i],
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
