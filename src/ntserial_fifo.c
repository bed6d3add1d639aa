// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_fifo.c - the receive FIFO's trigger level: FCR programming and
 * the rx_trig_bytes sysfs attribute (as 8250 has it).  A new level
 * decides again whether the ISR leaves received bytes to the DPC
 * (ntser_rx_may_defer()).
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/sysfs.h>
#include <linux/tty.h>

#include "ntserial.h"

static const u8 ntser_rx_trig_levels[] = { 1, 4, 8, 14 };

/**
 * ntser_fcr_trigger() - receive trigger level nearest at or below @bytes.
 * @bytes: wanted level; 0 is taken as 1.
 *
 * Context: any.
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

	nt_assert_synchronized(&up->intr);
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

/* ---- sysfs: rx_trig_bytes ------------------------------------------------ */

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

/* The tty device's extra attributes (uart_port.attr_group). */
struct attribute_group ntser_tty_attr_group = {
	.attrs = ntser_tty_attrs,
};
