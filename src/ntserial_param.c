// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_param.c - what the module parameters and the firmware
 * properties may say: the one check of the UART clock and of the register
 * spacing and width, used for module parameters, device tree and the
 * devices made from module parameters alike, and the one parser of the
 * enum parameters (dpc_model=, dpc_backend=).  The parameters themselves
 * belong to the platform driver (ntserial_platform.c).
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/device.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "ntserial.h"

/* ---- checks ------------------------------------------------------------- */

/* An error about a value: the device's if there is one, else the module's. */
static __printf(2, 3) void ntser_param_err(struct device *dev,
					    const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (dev)
		dev_err(dev, "%pV", &vaf);
	else
		pr_err("%pV", &vaf);
	va_end(args);
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
		ntser_param_err(dev, "%s %u Hz out of range %u..%u (9600 baud must be possible)\n",
				what, clk, NTSER_UARTCLK_MIN, NTSER_UARTCLK_MAX);
	else
		ntser_param_err(NULL, "%s=%u out of range %u..%u (9600 baud must be possible)\n",
				what, clk, NTSER_UARTCLK_MIN, NTSER_UARTCLK_MAX);
	return -EINVAL;
}

/**
 * ntser_check_regs() - are a register spacing and access width usable?
 * @dev: device to name in the messages, or NULL for module parameters.
 * @shift_name: where the spacing came from (parameter or property name).
 * @shift: register spacing: registers 1 << @shift bytes apart, 0..4.
 * @width_name: where the width came from.
 * @width: register access width in bytes: 1 or 4.
 * @mmio: the values are used for MMIO: then 32-bit accesses need
 *	registers at least 4 bytes apart, or each write would clobber the
 *	next registers.
 *
 * The one check of spacing and width, for module parameters, device tree
 * and platform data alike.  Messages name a module parameter as
 * "name=value", a property as "name value".
 *
 * Context: any.
 * Return: 0, or -EINVAL with the value and the reason logged.
 */
int ntser_check_regs(struct device *dev, const char *shift_name, u32 shift,
		     const char *width_name, u32 width, bool mmio)
{
	const char *is = dev ? " " : "=";

	if (shift > 4) {
		ntser_param_err(dev, "%s%s%u out of range 0..4\n",
				shift_name, is, shift);
		return -EINVAL;
	}
	if (width != 1 && width != 4) {
		ntser_param_err(dev, "%s%s%u: must be 1 or 4\n",
				width_name, is, width);
		return -EINVAL;
	}
	if (mmio && width == 4 && shift < 2) {
		ntser_param_err(dev, "%s%s4 needs %s%s2..4 (registers 4 bytes apart), not %u\n",
				width_name, is, shift_name, is, shift);
		return -EINVAL;
	}
	return 0;
}

/* ---- enum parameters ----------------------------------------------------- */

/*
 * The one parser of the enum parameters: the index of @val among the @n
 * names @name() gives (sysfs_streq(): a trailing newline is allowed), or
 * -EINVAL.
 */
static int ntser_param_match(const char *val,
			     const char *(*name)(unsigned int i),
			     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (sysfs_streq(val, name(i)))
			return i;
	return -EINVAL;
}

static const char *ntser_model_name(unsigned int i)
{
	return ntser_model_names[i];
}

static const char *ntser_backend_name(unsigned int i)
{
	return nt_dpc_backend_name(i);
}

static int ntser_param_set_model(const char *val, const struct kernel_param *kp)
{
	int i = ntser_param_match(val, ntser_model_name, NTSER_NR_MODELS);

	if (i < 0)
		return i;
	*(enum ntser_dpc_model *)kp->arg = i;
	return 0;
}

static int ntser_param_get_model(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  ntser_model_name(*(enum ntser_dpc_model *)kp->arg));
}

/* dpc_model=: "isr", "custom" or "both" (enum ntser_dpc_model). */
const struct kernel_param_ops ntser_param_model_ops = {
	.set = ntser_param_set_model,
	.get = ntser_param_get_model,
};

static int ntser_param_set_backend(const char *val,
				   const struct kernel_param *kp)
{
	int i = ntser_param_match(val, ntser_backend_name,
				  NT_DPC_BACKEND_COUNT);

	if (i < 0)
		return i;
	if (!nt_dpc_backend_available(i)) {
		pr_err("dpc_backend=%s needs a newer kernel\n",
		       nt_dpc_backend_name(i));
		return -EOPNOTSUPP;
	}
	*(enum nt_dpc_backend *)kp->arg = i;
	return 0;
}

static int ntser_param_get_backend(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  ntser_backend_name(*(enum nt_dpc_backend *)kp->arg));
}

/* dpc_backend=: "tasklet", "threaded" or "wq_bh" (enum nt_dpc_backend). */
const struct kernel_param_ops ntser_param_backend_ops = {
	.set = ntser_param_set_backend,
	.get = ntser_param_get_backend,
};
