// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_fifo.c - the receive FIFO's trigger level and its headroom:
 * FCR programming, the adaptive trigger, the rx_trig_bytes sysfs
 * attribute (as 8250 has it), and the decision it drives, whether the
 * ISR leaves received bytes to the DPC (ntser_rx_may_defer()).
 *
 * A fixed trigger level trades latency against cost: at 1 a lone byte
 * interrupts at once, but a bulk transfer takes an interrupt per byte; at
 * 8 or 14 a burst takes one interrupt per FIFO, but a lone byte waits for
 * the character timeout, four character times.  So by default the level
 * adapts (NT's serial.sys and 8250 have it fixed).  The port starts at 1;
 * when the receive services find a burst -- more bytes than the level
 * since the last service, or services closer together than the level
 * plus one character time -- the receive DPC raises it one step (4, 8,
 * 14), but not above the highest level at which the ISR still leaves the
 * bytes to the DPC (ntser_rx_may_defer()): a level that would move the
 * reading into the ISR saves register accesses but costs interrupt-level
 * time, which this driver keeps short first.  When the line goes quiet,
 * NTSER_RX_IDLE_CHARS character times without a receive service, it
 * drops back to 1; so does a character timeout that brought in only a
 * byte or two (a request/response line, which the idle timer never sees
 * quiet).  A timeout after more bytes is no such sign: it ends every
 * trickle of a line carrying bytes in trickles, and dropping on it made
 * such a line oscillate between 1 and 4 at an interrupt per trickle.
 * The policy runs in the receive DPC's SynchCritSection, never in the
 * ISR.  Writing a level to rx_trig_bytes pins it; writing "auto" adapts
 * again.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/sched/clock.h>
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
 * ntser_rx_trig_next() - the adaptive trigger policy.
 * @level: the level programmed now: 1, 4, 8 or 14.
 * @bytes: bytes the receive services read from the UART since the policy
 *	last ran.
 * @gap_ns: time since the policy last ran.
 * @frame_ns: one character time at the line rate (uart_port.frame_time).
 * @quiet: the line went quiet meanwhile (the idle timer).
 * @timeout: a character timeout interrupt came meanwhile.
 * @max: the highest level the policy may choose.
 *
 * A burst is more bytes than one trigger's worth since the last service
 * (more came in while the interrupt was being served), or services closer
 * together than the level plus one character time (a stream the DPC
 * keeps up with).  A burst raises the level one step, or at once to the
 * highest level it would have filled (a full FIFO at level 1 goes
 * straight to the top), up to @max.  A quiet line drops it to 1, and so
 * does a character timeout that brought in a lone byte or two, at most a
 * quarter of the level: the level is too high for a request/response
 * line, whose every byte would wait four character times.  A timeout
 * after more bytes is the tail of a burst and leaves the level.  A level
 * above @max (@max lowered since) comes down to @max.
 *
 * Context: any.
 * Return: the level to program.
 */
unsigned int ntser_rx_trig_next(unsigned int level, unsigned int bytes,
				u64 gap_ns, u64 frame_ns, bool quiet,
				bool timeout, unsigned int max)
{
	unsigned int i, next = level;

	if (quiet || (timeout && bytes * 4 <= level))
		return ntser_rx_trig_levels[0];
	if (bytes > level || gap_ns < (level + 1) * frame_ns) {
		for (i = 0; i < ARRAY_SIZE(ntser_rx_trig_levels); i++) {
			if (ntser_rx_trig_levels[i] > level && next == level)
				next = ntser_rx_trig_levels[i];
			if (ntser_rx_trig_levels[i] < bytes)
				next = max_t(unsigned int, next,
					     ntser_rx_trig_levels[i]);
		}
	}
	return min(next, max);
}

/*
 * The time the FIFO's room above @level takes to fill at the line rate, if
 * the ISR may leave received bytes to the DPC at that level; else 0.
 */
static u64 ntser_rx_room_ns(struct ntser_port *up, unsigned int level)
{
	u64 room_ns;

	if (up->isr.rx_defer_lost || up->fifo_depth <= 1 ||
	    !up->rx_defer_ns || level >= up->fifo_depth)
		return 0;
	room_ns = (u64)(up->fifo_depth - level) *
		  READ_ONCE(up->port.frame_time);
	return room_ns < up->rx_defer_ns ? 0 : room_ns;
}

/**
 * ntser_rx_may_defer() - decide whether the ISR leaves received bytes to
 * the DPC, and set isr.rx_defer and isr.rx_rescue_ns accordingly.
 * @up: the port, with its FIFO (isr.rx_trig) and line rate
 *	(port.frame_time) programmed.
 *
 * Yes when the UART has a FIFO, the receive DPC has not been too late
 * for this line since set_termios or rx_trig_bytes (isr.rx_defer_lost),
 * and the room above its trigger level
 * takes at least rx_defer_us to fill at the line rate: the receive DPC
 * then has that long to start before a byte is lost, where the ISR has
 * only the time until it returns.  At the default 250 us and trigger
 * level 8 that holds up to 230400 baud (8N1).
 *
 * The DPC may still start later than that (a tasklet pushed to ksoftirqd,
 * a long softirq ahead of it).  So each deferral also starts the rescue
 * timer, due when half the room has filled: if the DPC has not read the
 * FIFO by then, the timer does (ntser_rx_rescue()).
 *
 * Context: SynchCritSection (interrupt spin lock held).
 * Return: the new isr.rx_defer.
 */
bool ntser_rx_may_defer(struct ntser_port *up)
{
	struct ntser_isr_state *s = &up->isr;
	u64 room_ns = ntser_rx_room_ns(up, s->rx_trig);

	nt_assert_synchronized(up->intr);
	s->rx_defer = false;
	s->rx_rescue_ns = 0;
	if (!room_ns)
		return false;
	s->rx_defer = true;
	s->rx_rescue_ns = room_ns / 2;
	return true;
}

/*
 * The highest level at which the ISR still leaves received bytes to the
 * DPC.  When it reads them itself at every level (rx_defer_us=0, a DPC
 * too late for the line, 921600 baud), 8, the fixed level of 8250 and of
 * this driver before it adapted: 14 would leave the ISR two character
 * times, on a system whose latency is already known to be bad.
 */
static unsigned int ntser_rx_trig_max(struct ntser_port *up)
{
	unsigned int i;

	for (i = ARRAY_SIZE(ntser_rx_trig_levels) - 1; i > 0; i--)
		if (ntser_rx_room_ns(up, ntser_rx_trig_levels[i]))
			return ntser_rx_trig_levels[i];
	return ntser_rx_room_ns(up, 1) ? 1 : 8;
}

/* Program @level in FCR and decide the deferral again. */
static void ntser_fcr_program(struct ntser_port *up, unsigned int level)
{
	struct ntser_isr_state *s = &up->isr;

	nt_assert_synchronized(up->intr);
	if (up->fifo_depth <= 1) {
		s->fcr = 0;
		s->rx_trig = 1;
	} else {
		s->rx_trig = level;
		s->fcr = ntser_fcr_bits(level);
		ntser_out(up, UART_FCR, s->fcr);
	}
	ntser_rx_may_defer(up);
}

/**
 * ntser_rx_trig_adapt() - run the adaptive trigger policy.
 * @up: the port.
 *
 * Called by the receive DPC's SynchCritSection once a service has emptied
 * the capture and the UART: no byte waits on the deferral or the rescue
 * timer, so the level and the deferral may change.
 *
 * Context: SynchCritSection (interrupt spin lock held), from the receive
 * DPC; never the ISR.
 */
void ntser_rx_trig_adapt(struct ntser_port *up)
{
	struct ntser_isr_state *s = &up->isr;
	u64 now = local_clock();
	unsigned int level;

	nt_assert_synchronized(up->intr);
	/* Pinned, no FIFO, or receive stopped (stop_rx, shutdown). */
	if (!READ_ONCE(up->rx_trig_auto) || up->fifo_depth <= 1 ||
	    !(s->ier & UART_IER_RDI))
		return;
	level = ntser_rx_trig_next(s->rx_trig, s->rx_seen,
				   now - s->rx_adapt_ns,
				   READ_ONCE(up->port.frame_time), s->rx_quiet,
				   s->rx_timeout, ntser_rx_trig_max(up));
	s->rx_seen = 0;
	s->rx_quiet = false;
	s->rx_timeout = false;
	s->rx_adapt_ns = now;
	if (level == s->rx_trig)
		return;
	atomic_long_inc(level > s->rx_trig ? &up->stats.rx_trig_raises :
			&up->stats.rx_trig_drops);
	ntser_fcr_program(up, level);
}

/**
 * ntser_rx_rate_changed() - a new line rate: decide the deferral again.
 * @up: the port, with port.frame_time for the new rate.
 *
 * The receive DPC gets another chance (isr.rx_defer_lost and the rescue
 * streak cleared), and an adaptive level above the highest the new rate
 * allows comes down to it.
 *
 * Context: SynchCritSection (interrupt spin lock held), from set_termios.
 */
void ntser_rx_rate_changed(struct ntser_port *up)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned int max;

	nt_assert_synchronized(up->intr);
	s->rx_defer_lost = false;
	s->rx_rescue_streak = 0;
	max = ntser_rx_trig_max(up);
	if (READ_ONCE(up->rx_trig_auto) && up->fifo_depth > 1 &&
	    s->rx_trig > max)
		ntser_fcr_program(up, max);
	else
		ntser_rx_may_defer(up);
}

/**
 * ntser_sync_set_fcr() - program FCR with the port's receive trigger level:
 * rx_trig_bytes if pinned, else 1, where the adaptive trigger starts.
 * @context: the port.
 *
 * Also what set_termios and rx_trig_bytes do: the receive DPC is given
 * another chance to read the FIFO (isr.rx_defer_lost cleared).
 *
 * Context: SynchCritSection (interrupt spin lock held).
 * Return: 0.
 */
int ntser_sync_set_fcr(void *context)
{
	struct ntser_port *up = context;
	struct ntser_isr_state *s = &up->isr;

	nt_assert_synchronized(up->intr);
	s->rx_defer_lost = false;
	s->rx_rescue_streak = 0;
	s->rx_seen = 0;
	s->rx_quiet = false;
	s->rx_timeout = false;
	s->rx_adapt_ns = local_clock();
	ntser_fcr_program(up, READ_ONCE(up->rx_trig_auto) ? 1 :
			  up->rx_trig_bytes);
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
	struct tty_port *tport = dev_get_drvdata(dev);
	struct ntser_port *up = ntser_from_tty_dev(dev);
	unsigned int level;

	if (up->fifo_depth <= 1)
		return -EINVAL;
	/* Closed: the level the next open starts at. */
	if (!tty_port_initialized(tport))
		level = READ_ONCE(up->rx_trig_auto) ? 1 : up->rx_trig_bytes;
	else
		level = READ_ONCE(up->isr.rx_trig);
	return sysfs_emit(buf, "%u\n", level);
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
	if (sysfs_streq(buf, "auto")) {
		bytes = 0;
	} else {
		ret = kstrtouint(buf, 10, &bytes);
		if (ret)
			return ret;
		if (!bytes)
			return -EINVAL;
	}

	mutex_lock(&tport->mutex);
	WRITE_ONCE(up->rx_trig_auto, !bytes);
	if (bytes)
		up->rx_trig_bytes = ntser_fcr_trigger(bytes);
	if (tty_port_initialized(tport))
		nt_synchronize_execution(up->intr, ntser_sync_set_fcr, up);
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
