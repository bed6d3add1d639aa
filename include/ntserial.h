/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntserial.h - internal interfaces of the ntserial 16550 driver.
 *
 * Shared by the driver's source files and its KUnit suites; nothing here is
 * exported to other modules.
 *
 * Locking: the lock order is written once, in Documentation/ntserial.rst,
 * "Lock order".  A function that needs a lock held asserts it
 * (lockdep_assert_held(&port->lock), nt_assert_synchronized(up->intr)),
 * so the lockdep kernels of the KUnit runs check every such comment.
 */
#ifndef _NTSERIAL_H
#define _NTSERIAL_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/pm.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/timer.h>

#include "nt/ntdpc.h"

#define NTSER_DRIVER_NAME	"ntserial"
#define NTSER_DEV_NAME		"ttyNT"
#define NTSER_NR		8	/* minors 0..7 of the dynamic major */
#define NTSER_MAX_PARAM_PORTS	4
#define NTSER_DEFAULT_UARTCLK	1843200
/*
 * The UART clocks the driver accepts.  serial_core falls back to 9600
 * baud (B0, or a rate out of range with no old one to return to), which
 * needs uartclk / 16 >= 9600; and TIOCSSERIAL computes uartclk as
 * baud_base * 16 in an int.
 */
#define NTSER_UARTCLK_MIN	(16 * 9600)
#define NTSER_UARTCLK_MAX	0x7fffffffU
/* The 16550 divisor latch is 16 bits wide; 0 is not a divisor. */
#define NTSER_DIVISOR_MAX	0xffff

/* Entries in the ISR's receive capture: the byte and its LSR bits. */
#define NTSER_RX_CAPTURE	1024

/* The ISR never handles more than this many bytes in one call. */
#define NTSER_ISR_RX_BUDGET	256
#define NTSER_ISR_PASS_LIMIT	16
/*
 * ISR calls in a row that end at the pass limit before the driver takes
 * the UART's interrupts for stuck, and how long it then keeps them masked.
 */
#define NTSER_STORM_STREAK	4
#define NTSER_STORM_BACKOFF_MS	100
/*
 * UART FIFO reads the receive DPC makes per run when the ISR left the
 * bytes there; each read takes at most one FIFO's worth with interrupts
 * masked.
 */
#define NTSER_RX_DPC_ROUNDS	8
/* Default rx_defer_us: see ntser_rx_may_defer(). */
#define NTSER_RX_DEFER_US	250
/* Rescues in a row after which the ISR reads the FIFO itself. */
#define NTSER_RX_RESCUE_STREAK	4
/* Adaptive trigger: character times without a receive service = idle. */
#define NTSER_RX_IDLE_CHARS	32
/* FIFO loads one transmit DPC run may make while THRE follows at once. */
#define NTSER_TX_POLL_BURSTS	16

#define NTSER_HIST_BUCKETS	32

/*
 * enum ntser_role - the work a DPC does for the ISR or for the tty layer.
 * The ISR (or a uart_ops callback) sets the role's bit in
 * ntser_port.pending and inserts the DPC that serves the role under the
 * configured dpc_model.  Bits are handled in this order.
 */
enum ntser_role {
	NTSER_ROLE_ERR,		/* line errors: icount overrun/parity/frame/brk */
	NTSER_ROLE_RX,		/* push captured bytes to the tty flip buffer */
	NTSER_ROLE_MSR,		/* modem status: icount, DCD/CTS, TIOCMIWAIT */
	NTSER_ROLE_TX,		/* THRE seen: the FIFO is empty, refill it */
	NTSER_ROLE_PURGE,	/* flush_buffer: drop pending TX state */
	NTSER_ROLE_TIMEOUT,	/* TX watchdog: recover a lost THRE */
	NTSER_ROLE_STORM,	/* the ISR masked a UART it could not quiet */
	NTSER_NR_ROLES,
};

/**
 * enum ntser_dpc_model - how roles map to DPC objects (dpc_model=).
 * @NTSER_MODEL_ISR: "isr": one DpcForIsr (IoRequestDpc) for every role.
 * @NTSER_MODEL_CUSTOM: "custom": one CustomDpc (KeInsertQueueDpc) per role.
 * @NTSER_MODEL_BOTH: "both": the DpcForIsr completes receive and transmit;
 *	CustomDpcs handle errors, modem status, purge and timeouts.
 * @NTSER_NR_MODELS: number of models.
 */
enum ntser_dpc_model {
	NTSER_MODEL_ISR,
	NTSER_MODEL_CUSTOM,
	NTSER_MODEL_BOTH,
	NTSER_NR_MODELS,
};

/**
 * ntser_dpc_for_isr_roles() - the roles the DpcForIsr serves.
 * @model: the dpc_model.
 *
 * Under "isr" every role; under "both" the completion roles, receive and
 * transmit; under "custom" none.  CustomDpcs serve the others, one each.
 *
 * Return: a bit mask of enum ntser_role.
 */
static inline unsigned long
ntser_dpc_for_isr_roles(enum ntser_dpc_model model)
{
	switch (model) {
	case NTSER_MODEL_ISR:
		return BIT(NTSER_NR_ROLES) - 1;
	case NTSER_MODEL_BOTH:
		return BIT(NTSER_ROLE_RX) | BIT(NTSER_ROLE_TX);
	default:
		return 0;
	}
}

struct attribute_group;
struct device;
struct ntser_counters;
struct platform_device;

/**
 * struct ntser_dpc - a DPC object and the roles it serves.
 * @dpc: the KDPC.
 * @roles: bit mask of enum ntser_role handled by this DPC.
 */
struct ntser_dpc {
	struct nt_dpc dpc;
	unsigned long roles;
};

/**
 * struct ntser_isr_state - what the ISR captures, and the device registers
 * it shares with the rest of the driver.
 * @rx: received bytes; low byte is the character, high byte the LSR bits
 *	(UART_LSR_BRK_ERROR_BITS) seen with it.
 * @lsr_saved: LSR error bits read outside the ISR (tx_empty), given to the
 *	next received character so that no error is lost.
 * @msr: the last MSR value read.
 * @msr_delta: MSR delta bits accumulated since the modem status DPC ran.
 * @overrun: overrun errors since the line error DPC ran.
 * @parity: parity errors since the line error DPC ran.
 * @frame: framing errors since the line error DPC ran.
 * @brk: breaks since the line error DPC ran.
 * @rx_held: receive interrupts are masked until the receive DPC has run,
 *	because @rx is full or because the ISR left the bytes in the UART
 *	(@rx_in_uart); the UART's IER is then @ier without them (see
 *	ntser_write_ier()).
 * @rx_defer: the ISR leaves received bytes in the UART's FIFO for the
 *	receive DPC instead of reading them (see ntser_rx_may_defer()).
 * @rx_in_uart: the ISR saw received data (or a line status change) and
 *	left it in the UART for the receive DPC to read.
 * @rx_known: bytes the UART is known to hold: its trigger level after a
 *	received data interrupt left for the DPC, else 0.
 * @ier: the IER value the driver wants (stop_rx, enable_ms, termios).
 * @lcr: shadow of LCR.
 * @mcr: shadow of MCR.
 * @fcr: value written to FCR (it cannot be read back).
 * @rx_trig: receive trigger level programmed in @fcr, in bytes.
 * @rx_quiet: the idle timer found the line quiet since the adaptive
 *	trigger policy last ran.
 * @rx_timeout: a character timeout interrupt came since the adaptive
 *	trigger policy last ran.
 * @rx_defer_lost: the receive DPC was too late for the line (an overrun
 *	while bytes waited for it, or NTSER_RX_RESCUE_STREAK rescues in a
 *	row): the ISR reads the FIFO until set_termios or rx_trig_bytes
 *	decide again, whatever the adaptive trigger does meanwhile.
 * @rx_seen: bytes taken out of @rx by the receive DPC since the policy
 *	last ran (capped): all bytes read from the UART go through @rx.
 * @rx_adapt_ns: local_clock() when the policy last ran.
 * @rx_gen: receive purge generation: bumped by every purge, so that the
 *	receive DPC drops entries it took out before a purge.  Written with
 *	the port lock held too, so either lock keeps it stable.
 * @rx_rescue_ns: when the ISR leaves received bytes in the FIFO, the
 *	time after which the rescue timer reads them if the receive DPC has
 *	not (see ntser_rx_may_defer()); 0 when @rx_defer is false.
 * @rx_rescue_streak: deferrals in a row that the rescue timer served
 *	because the receive DPC was late.
 * @isr_held: the ISR masked every UART interrupt (IER 0) because it left
 *	at its pass limit with an interrupt still pending; the interrupt
 *	storm role unmasks them.
 * @storm_iir: the IIR value still pending when the ISR last gave up.
 * @storm_streak: ISR calls in a row that ended at the pass limit.
 *
 * Locking: every field is protected by the interrupt spin lock of the
 * port's line (ntser_port.intr->lock, shared by every port on the line).
 * The ISR holds it; everything else goes through
 * nt_synchronize_execution().  Code holding the interrupt lock calls
 * neither the tty layer nor serial_core.
 */
struct ntser_isr_state {
	DECLARE_KFIFO(rx, u16, NTSER_RX_CAPTURE);
	u8 lsr_saved;
	u8 msr;
	u8 msr_delta;
	u32 overrun;
	u32 parity;
	u32 frame;
	u32 brk;
	bool rx_held;
	bool rx_defer;
	bool rx_in_uart;
	u8 rx_known;
	u8 ier;
	u8 lcr;
	u8 mcr;
	u8 fcr;
	u8 rx_trig;
	bool rx_quiet;
	bool rx_timeout;
	bool rx_defer_lost;
	u16 rx_seen;
	u64 rx_adapt_ns;
	u32 rx_gen;
	u64 rx_rescue_ns;
	u8 rx_rescue_streak;
	bool isr_held;
	u8 storm_iir;
	u32 storm_streak;
};

/**
 * struct ntser_reg_stats - one CPU's count of a port's register accesses.
 * @isr_io: register accesses made in hard IRQ context.
 * @dpc_io: register accesses made anywhere else.
 *
 * Per CPU (struct ntser_stats.reg), so that counting costs a plain
 * per-CPU increment, not an atomic read-modify-write on a cache line
 * every CPU touching the port shares.  No lock covers every access to
 * count under: the ISR and the SynchCritSections hold the interrupt lock,
 * but ntser_detect() holds none.  Readers add up every possible CPU
 * (ntser_reg_stats_sum()).
 */
struct ntser_reg_stats {
	unsigned long isr_io;
	unsigned long dpc_io;
};

/**
 * struct ntser_stats - driver statistics, shown in debugfs.
 * @reg: register accesses, per CPU; allocated by ntser_port_init().
 * @rx_bytes: bytes pushed to the tty layer.
 * @tx_bytes: bytes written to THR.
 * @role_ran: times each role's handler ran.
 * @tx_timeouts: lost THRE interrupts recovered by the timeout DPC.
 * @rx_fallbacks: times the ISR took over reading the receive FIFO
 *	because the receive DPC was too late for the line: the FIFO overran
 *	while its bytes waited, or the rescue timer had to read them
 *	NTSER_RX_RESCUE_STREAK times in a row.
 * @rx_rescues: times the receive DPC was late for bytes left in the FIFO
 *	and the rescue timer read them instead.
 * @rx_purged: received bytes dropped by a receive purge (TCIFLUSH).
 * @rx_trig_raises: times the adaptive trigger raised the level.
 * @rx_trig_drops: times the adaptive trigger dropped back to 1.
 * @tx_dropped: bytes of output discarded because the UART stopped
 *	responding.
 * @storms: times the ISR masked the UART's interrupts at its pass limit.
 * @isr_serviced: ISR visits that found this port with an interrupt
 *	pending.  The interrupt object's isr_calls and isr_none count its
 *	line, which may have other ports; this is the port's own share.
 *	Written only by the ISR, under the interrupt spin lock.
 * @dpc_latency_ns_hist: time from a DPC's first insertion to the start of
 *	its routine, in the same buckets.
 */
struct ntser_stats {
	struct ntser_reg_stats __percpu *reg;
	atomic_long_t rx_bytes;
	atomic_long_t tx_bytes;
	atomic_long_t role_ran[NTSER_NR_ROLES];
	atomic_long_t tx_timeouts;
	atomic_long_t rx_fallbacks;
	atomic_long_t rx_rescues;
	atomic_long_t rx_purged;
	atomic_long_t rx_trig_raises;
	atomic_long_t rx_trig_drops;
	atomic_long_t tx_dropped;
	atomic_long_t storms;
	u64 isr_serviced;
	atomic_long_t dpc_latency_ns_hist[NTSER_HIST_BUCKETS];
};

/**
 * struct ntser_line - an interrupt line and the ports on it.
 * @node: link in the list of lines (ntserial_line.c); under its mutex.
 * @irq: the Linux IRQ.
 * @users: ports bound to the line (ntser_port_init() to
 *	ntser_port_destroy()); under the list mutex.
 * @mutex: serialises connecting and disconnecting @intr; protects @open.
 * @open: ports open on the line: @intr is connected while it is not 0.
 * @backend: the DPC backend of every port on the line: its first port's.
 * @ports: the open ports, which the ISR services in this order,
 *	rotated by one at each ISR call; protected by @intr.lock.
 * @nr_ports: entries on @ports; protected by @intr.lock.
 * @level: the IRQ is level-triggered, so the ISR visits each port once
 *	a call; set when @intr is connected.
 * @intr: the line's one interrupt object (KINTERRUPT): its lock is the
 *	SynchCritSection lock of every port on the line, its DPC queue
 *	holds every such port's DPCs.
 * @isr_ns_hist: durations of the line's ISR calls; bucket i counts
 *	[2^i, 2^(i+1)) ns.
 *
 * The WDM serial.sys connects one interrupt object per line and its ISR
 * walks the ports on it (its sharer and multiport ISRs); so does
 * ntserial.  See
 * Documentation/ntserial.rst, "Shared interrupt lines".
 */
struct ntser_line {
	struct list_head node;
	unsigned int irq;
	unsigned int users;
	/* Below the port mutex in the lock order (see @mutex above). */
	struct mutex mutex;
	unsigned int open;
	enum nt_dpc_backend backend;
	struct list_head ports;
	unsigned int nr_ports;
	bool level;
	struct nt_interrupt intr;
	atomic_long_t isr_ns_hist[NTSER_HIST_BUCKETS];
};

/**
 * struct ntser_port - one UART: the NT "device extension".
 * @port: the serial_core port; port.lock protects the tty side state
 *	below and everything serial_core owns.
 * @line: the interrupt line the port is bound to (ntserial_line.c), from
 *	ntser_port_init() to ntser_port_destroy().
 * @intr: &@line->intr: the interrupt object (KINTERRUPT) and DPC queue the
 *	port shares with every port on its line.  Its lock is the port's
 *	SynchCritSection lock.
 * @line_entry: link in @line->ports while the port is open; protected by
 *	@intr->lock.
 * @isr: state shared with the ISR; see struct ntser_isr_state.
 * @dpc_for_isr: the DpcForIsr (IoInitializeDpcRequest).
 * @custom: one CustomDpc per role.
 * @role_dpc: the DPC that serves each role under @model.
 * @model: the dpc_model in force; fixed while the port is open.
 * @backend: the DPC backend of the port (dpc_backend=); every port on a
 *	line must have its line's.
 * @dpcs_dead: set by ntser_port_destroy(): ntser_request_roles() queues
 *	nothing any more, so that the port's DPCs can be flushed off the
 *	queue it shares with the other ports of its line.
 * @pending: roles requested and not yet handled; set by whoever requests
 *	a role, claimed by the DPC that serves it.
 * @thre_seen: a THRE interrupt (or a THRE the watchdog found lost) came
 *	after the last FIFO load: the transmit FIFO is empty.  Set by the ISR
 *	and the watchdog and cleared by every load, all under the interrupt
 *	lock (and by shutdown, once the interrupt is disconnected); taken
 *	(atomic_xchg()) by the transmit role, so that a DPC that runs after
 *	a later load (start_tx on another CPU) does not take the FIFO for
 *	empty.
 * @tx_fifo_empty: the transmitter FIFO is known to be empty, so start_tx
 *	or the TX role may load up to tx_loadsz bytes.  Protected by
 *	port.lock.
 * @closing: the port is closed or shutting down: nothing touches the
 *	transmit buffer, which serial_core frees after shutdown, and the
 *	watchdog is not re-armed.  Protected by port.lock.
 * @gone: the UART stopped responding (IIR and LSR read 0xff): output is
 *	discarded instead of loaded.  Protected by port.lock; cleared by
 *	startup.
 * @tx_timer: the TX watchdog (KeSetTimer with a DPC).
 * @storm_timer: ends the masking after an interrupt storm.
 * @rx_rescue: the receive deferral's safety net: a hard-IRQ hrtimer that
 *	reads the FIFO if the receive DPC has not by @isr.rx_rescue_ns.
 * @rx_idle: the adaptive trigger's idle timer: NTSER_RX_IDLE_CHARS
 *	character times after the last receive DPC at a level above 1, it
 *	tells the receive role that the line is quiet.
 * @fifo_depth: the UART's FIFO depth as detected (1: no FIFO).  The FCR
 *	and receive decisions follow it; port.fifosize, which TIOCSSERIAL
 *	may lower, only limits the transmit load.
 * @rx_trig_bytes: receive FIFO trigger level in bytes (1, 4, 8 or 14)
 *	written to rx_trig_bytes, when @rx_trig_auto is false.
 * @rx_trig_auto: the adaptive trigger decides the level (the default for
 *	a UART with a FIFO); false once a level is written to rx_trig_bytes.
 *	Written with the port mutex held, read in SynchCritSections.
 * @tx_loadsz: bytes the transmit DPC loads per THRE.
 * @rx_defer_ns: rx_defer_us in ns: the shortest time the receive FIFO's
 *	room above the trigger level may take to fill for the ISR to leave
 *	received bytes to the DPC; 0: the ISR always reads them.
 * @detected_type: PORT_* found by probing.
 * @stats: counters.
 * @debugfs: this port's debugfs directory.
 * @baseline: counter values at the last debugfs reset.
 */
struct ntser_port {
	struct uart_port port;
	struct ntser_line *line;
	struct nt_interrupt *intr;
	struct list_head line_entry;
	struct ntser_isr_state isr;
	struct ntser_dpc dpc_for_isr;
	struct ntser_dpc custom[NTSER_NR_ROLES];
	struct ntser_dpc *role_dpc[NTSER_NR_ROLES];
	enum ntser_dpc_model model;
	enum nt_dpc_backend backend;
	bool dpcs_dead;
	atomic_long_t pending;
	atomic_t thre_seen;
	bool tx_fifo_empty;
	bool closing;
	bool gone;
	struct timer_list tx_timer;
	struct timer_list storm_timer;
	struct hrtimer rx_rescue;
	struct hrtimer rx_idle;
	unsigned int fifo_depth;
	unsigned int rx_trig_bytes;
	bool rx_trig_auto;
	unsigned int tx_loadsz;
	u64 rx_defer_ns;
	unsigned int detected_type;
	struct ntser_stats stats;
	struct dentry *debugfs;
	struct ntser_counters *baseline;
};

static inline struct ntser_port *to_ntser(struct uart_port *port)
{
	return container_of(port, struct ntser_port, port);
}

/*
 * Register access.  Every access goes through uart_port.serial_in/out,
 * set by ntser_regs_map() for port I/O or MMIO and by the KUnit suites for
 * the software 16550 model, and is counted by the context it runs in, on
 * this CPU: this_cpu_inc() is safe against preemption and interrupts and
 * on x86 is one non-locked instruction (see struct ntser_reg_stats).
 */
static inline void ntser_count_io(struct ntser_port *up)
{
	if (in_hardirq())
		this_cpu_inc(up->stats.reg->isr_io);
	else
		this_cpu_inc(up->stats.reg->dpc_io);
}

static inline u8 ntser_in(struct ntser_port *up, int offset)
{
	ntser_count_io(up);
	return up->port.serial_in(&up->port, offset);
}

static inline void ntser_out(struct ntser_port *up, int offset, u8 value)
{
	ntser_count_io(up);
	up->port.serial_out(&up->port, offset, value);
}

/**
 * ntser_write_ier() - write IER: the wanted value, less what the ISR
 * holds off: the receive interrupts while their bytes wait for the
 * receive DPC, every interrupt after an ISR call that could not quiet
 * the UART.
 * @up: the port.
 *
 * Keeping the holds out of the wanted value means releasing one cannot
 * undo a stop_rx or enable_ms that came in between.
 *
 * Context: ISR or SynchCritSection (interrupt spin lock held).
 */
static inline void ntser_write_ier(struct ntser_port *up)
{
	u8 ier = up->isr.ier;

	nt_assert_synchronized(up->intr);
	if (up->isr.isr_held)
		ier = 0;
	else if (up->isr.rx_held)
		ier &= ~(UART_IER_RDI | UART_IER_RLSI);
	ntser_out(up, UART_IER, ier);
}

/**
 * ntser_request_roles() - queue the DPCs that serve @roles.
 * @up: the port.
 * @roles: a mask of BIT(enum ntser_role).
 *
 * Under dpc_model=isr this is IoRequestDpc on the DpcForIsr; otherwise
 * KeInsertQueueDpc on each role's CustomDpc, or on the DpcForIsr for the
 * receive and transmit roles under dpc_model=both.  The role bits go in
 * with one atomic OR, and a DPC that serves several of them is queued
 * once: the ISR often finds receive and THRE together, both served by
 * the DpcForIsr, and a second request would only take the queue lock to
 * coalesce.  A DPC already queued is not queued again; the role bits
 * tell it what to do when it runs (ntser_dpc_routine(), ntserial_dpc.c).
 *
 * Context: any, including the ISR and SynchCritSection routines.
 */
static inline void ntser_request_roles(struct ntser_port *up,
				       unsigned long roles)
{
	struct ntser_dpc *last = NULL;

	if (!roles)
		return;
	atomic_long_or(roles, &up->pending);
	if (unlikely(READ_ONCE(up->dpcs_dead)))
		return;
	while (roles) {
		struct ntser_dpc *d = up->role_dpc[__ffs(roles)];

		roles &= roles - 1;
		if (d == last)
			continue;
		last = d;
		if (d == &up->dpc_for_isr)
			nt_io_request_dpc(&d->dpc);
		else
			nt_dpc_insert(&d->dpc);
	}
}

/**
 * ntser_request_role() - ntser_request_roles() for one role.
 * @up: the port.
 * @role: the work to do.
 *
 * Context: any, including the ISR and SynchCritSection routines.
 */
static inline void ntser_request_role(struct ntser_port *up,
				      enum ntser_role role)
{
	ntser_request_roles(up, BIT(role));
}

/*
 * What each file offers the others, one file per feature (see the source
 * map in Documentation/ntserial.rst).  Each function has its kernel-doc
 * where it is defined.  A file calls only files listed above its own
 * here (ntserial_platform.c, which offers nothing, comes last), so no two
 * files call each other.
 */

/* src/ntserial_regs.c: register window, accessors, shadowed registers */
int ntser_regs_map(struct platform_device *pdev, struct ntser_port *up,
		   u32 shift, u32 width);
void ntser_update(struct ntser_port *up, int reg, u8 set, u8 clear);
struct ntser_reg_stats ntser_reg_stats_sum(struct ntser_port *up);

/* src/ntserial_error.c: line errors */
void ntser_count_error(struct ntser_isr_state *s, u8 lsr);
u8 ntser_capture_lsr(struct ntser_port *up);
void ntser_err_role(struct ntser_port *up);

/* src/ntserial_fifo.c: receive FIFO trigger level and headroom */
extern struct attribute_group ntser_tty_attr_group;
unsigned int ntser_fcr_trigger(unsigned int bytes);
unsigned int ntser_rx_trig_next(unsigned int level, unsigned int bytes,
				u64 gap_ns, u64 frame_ns, bool quiet,
				bool timeout, unsigned int max);
bool ntser_rx_may_defer(struct ntser_port *up);
void ntser_rx_rate_changed(struct ntser_port *up);
void ntser_rx_trig_adapt(struct ntser_port *up);
int ntser_sync_set_fcr(void *context);

/* src/ntserial_rx.c: receive */
unsigned long ntser_rx_isr(struct ntser_port *up, unsigned int known,
			   unsigned int *budget);
void ntser_rx_timers_init(struct ntser_port *up);
void ntser_rx_role(struct ntser_port *up);
void ntser_stop_rx(struct uart_port *port);

/* src/ntserial_tx.c: transmit */
void ntser_tx_watchdog_arm(struct ntser_port *up);
void ntser_tx_timer_init(struct ntser_port *up);
void ntser_tx_role(struct ntser_port *up);
void ntser_timeout_role(struct ntser_port *up);
void ntser_start_tx(struct uart_port *port);
void ntser_stop_tx(struct uart_port *port);
unsigned int ntser_tx_empty(struct uart_port *port);

/* src/ntserial_modem.c: modem status and control lines, break */
unsigned long ntser_msr_capture(struct ntser_port *up, bool keep_deltas);
void ntser_msr_role(struct ntser_port *up);
unsigned int ntser_get_mctrl(struct uart_port *port);
void ntser_set_mctrl(struct uart_port *port, unsigned int mctrl);
void ntser_enable_ms(struct uart_port *port);
void ntser_break_ctl(struct uart_port *port, int break_state);

/* src/ntserial_purge.c: flush and purge */
void ntser_flush_buffer(struct uart_port *port);
void ntser_purge_role(struct ntser_port *up);
int ntser_ioctl(struct uart_port *port, unsigned int cmd, unsigned long arg);

/**
 * enum ntser_isr_result - what the ISR found on one port.
 * @NTSER_ISR_NONE: no interrupt pending.
 * @NTSER_ISR_HANDLED: an interrupt, and the UART is quiet or masked now.
 * @NTSER_ISR_STUCK: an interrupt still pending with every UART interrupt
 *	masked: a UART the driver cannot quiet.
 */
enum ntser_isr_result {
	NTSER_ISR_NONE,
	NTSER_ISR_HANDLED,
	NTSER_ISR_STUCK,
};

/* src/ntserial_isr.c: the ISR dispatcher */
enum ntser_isr_result ntser_isr(struct ntser_port *up);

/* src/ntserial_storm.c: interrupt storms */
unsigned long ntser_storm_held_isr(struct ntser_port *up, u8 iir);
unsigned long ntser_storm_isr(struct ntser_port *up, u8 iir, bool *handled);
enum ntser_isr_result ntser_storm_mask_pending(struct ntser_port *up);
void ntser_storm_role(struct ntser_port *up);
void ntser_storm_init(struct ntser_port *up);

/* src/ntserial_dpc.c: the DPC dispatcher and the dpc_model */
extern const char * const ntser_model_names[NTSER_NR_MODELS];
extern const char * const ntser_role_names[NTSER_NR_ROLES];
void ntser_dpcs_init(struct ntser_port *up);
void ntser_dpcs_set_shared(struct ntser_port *up, bool shared);
void ntser_dpcs_set_model(struct ntser_port *up, enum ntser_dpc_model model);
void ntser_dpcs_stop(struct ntser_port *up);

/* src/ntserial_line.c: interrupt lines shared by ports */
int ntser_line_bind(struct ntser_port *up);
void ntser_line_unbind(struct ntser_port *up);
int ntser_line_open(struct ntser_port *up);
void ntser_line_close(struct ntser_port *up);

/* src/ntserial_port.c: port life cycle, uart_driver and uart_ops */
extern struct uart_driver ntser_uart_driver;
extern const struct uart_ops ntser_uart_ops;
extern const struct dev_pm_ops ntser_pm_ops;
int ntser_port_init(struct ntser_port *up, enum ntser_dpc_model model,
		    enum nt_dpc_backend backend);
void ntser_port_destroy(struct ntser_port *up);
u8 ntser_lcr_from_termios(tcflag_t cflag);

/* src/ntserial_detect.c: UART detection */
int ntser_detect(struct ntser_port *up);

/* src/ntserial_param.c: checks of parameter and property values */
extern const struct kernel_param_ops ntser_param_model_ops;
extern const struct kernel_param_ops ntser_param_backend_ops;
int ntser_check_uartclk(struct device *dev, const char *what, u32 clk);
int ntser_check_regs(struct device *dev, const char *shift_name, u32 shift,
		     const char *width_name, u32 width, bool mmio);

/* src/ntserial_debugfs.c: statistics */
void ntser_debugfs_init(void);
void ntser_debugfs_exit(void);
void ntser_debugfs_add(struct ntser_port *up);
void ntser_debugfs_remove(struct ntser_port *up);

#endif /* _NTSERIAL_H */
