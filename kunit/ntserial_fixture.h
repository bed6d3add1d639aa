/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture the ntserial KUnit suites share (kunit/ntserial_*_test.c,
 * one per driver source file): a port of the driver on the software 16550
 * of kunit/uart16550_model.c, its interrupt delivery and the expectations
 * more than one suite makes.  The functions are in ntserial_fixture.c,
 * each with its kernel-doc.
 *
 * Every suite names ntt_init() and ntt_exit() as its .init and .exit:
 * ntt_init() puts a struct ntt in test->priv, with the parent device and a
 * software Linux IRQ; a case then builds its port with ntt_create() (not
 * probed) or one of the ntt_open*() helpers (probed, open, quiet), more
 * ports on the same IRQ with ntt_add() or ntt_open_another(), and
 * ntt_exit() takes down whatever the case set up.
 */
#ifndef _NTSERIAL_FIXTURE_H
#define _NTSERIAL_FIXTURE_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/tty.h>
#include <linux/tty_flip.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "ntserial.h"
#include "ntserial_compat.h"
#include "uart16550_model.h"

#define NTT_MAX_ROUNDS		64	/* interrupts delivered per service */
#define NTT_RX_MAX		1200	/* flip buffer bytes read back */
#define NTT_WAIT_MS		5000	/* longest a case waits for anything */

struct device;

/**
 * struct ntt - test fixture: a port, the UART model it drives, its state.
 * @up: the driver's port; the serial_in/out hooks find @model from it.
 * @model: the software 16550.
 * @state: serial_core's per-port state, with no tty.
 * @test: the running case.
 * @dev: parent device of the port (names the IRQ).
 * @xmit_buf: the transmit buffer of @state.
 * @irq: the software Linux IRQ.
 * @fire_work: runs @hardirq_fn in hard IRQ context (ntt_run_hardirq()).
 * @hardirq_fn: what @fire_work runs.
 * @ret: what nt_interrupt_handler() returned on the last ntt_isr_call().
 * @port_inited: ntser_port_init() was called.
 * @opened: the port's startup succeeded.
 * @client_ops: the tty_port client operations, with write_wakeup counted.
 * @write_wakeups: calls of write_wakeup.
 * @msr_wait: a wait queue entry on delta_msr_wait that counts wake-ups.
 * @msr_wakeups: wake-ups of delta_msr_wait.
 * @rx_ch: characters read back from the flip buffers.
 * @rx_fl: their flags.
 * @next: another port on the same IRQ (ntt_add()), or NULL.
 * @in_hook: if set, called before each register read of the driver, in
 *	the reader's context (a case's way to act while the ISR runs).
 * @init_err: what ntser_port_init() returned for a port of ntt_add().
 */
struct ntt {
	struct ntser_port up;
	struct m16550 model;
	struct uart_state state;
	struct kunit *test;
	struct device *dev;
	u8 *xmit_buf;
	int irq;
	struct irq_work fire_work;
	void (*hardirq_fn)(struct ntt *t);
	irqreturn_t ret;
	bool port_inited;
	bool opened;
	struct tty_port_client_operations client_ops;
	atomic_t write_wakeups;
	struct wait_queue_entry msr_wait;
	atomic_t msr_wakeups;
	u8 rx_ch[NTT_RX_MAX];
	u8 rx_fl[NTT_RX_MAX];
	struct ntt *next;
	void (*in_hook)(struct ntt *t, int offset);
	int init_err;
};

/**
 * enum ntt_rx - who reads the receive FIFO of a 16550A.
 * @NTT_RX_IN_DPC: the ISR masks receive interrupts and leaves the bytes
 *	to the receive DPC (the default at 9600 baud: the FIFO's room above
 *	the trigger level takes 8 ms to fill).
 * @NTT_RX_IN_ISR: the ISR reads them (rx_defer_us=0).
 */
enum ntt_rx {
	NTT_RX_IN_DPC,
	NTT_RX_IN_ISR,
};

/**
 * struct ntt_dpc_param - parameter of the cases run under every dpc_model
 *	(ntt_dpc_gen_params()), with the receive FIFO read by the DPC or by
 *	the ISR.
 * @model: the dpc_model.
 * @rx: who reads the receive FIFO.
 */
struct ntt_dpc_param {
	enum ntser_dpc_model model;
	enum ntt_rx rx;
};

extern const u8 ntt_text[];

/* Suite fixture (.init/.exit) and ports. */
int ntt_init(struct kunit *test);
void ntt_exit(struct kunit *test);
struct ntt *ntt_create(struct kunit *test, enum m16550_type type,
		       enum ntser_dpc_model model);
struct ntt *ntt_open_rx(struct kunit *test, enum m16550_type type,
			enum ntser_dpc_model model, enum ntt_rx rx);
struct ntt *ntt_open_type(struct kunit *test, enum m16550_type type,
			  enum ntser_dpc_model model);
struct ntt *ntt_open(struct kunit *test, enum ntser_dpc_model model);
struct ntt *ntt_open_rx_param(struct kunit *test);
struct ntt *ntt_add(struct kunit *test, enum m16550_type type,
		    enum ntser_dpc_model model, enum nt_dpc_backend backend);
struct ntt *ntt_open_another(struct kunit *test, enum ntser_dpc_model model,
			     enum ntt_rx rx);
void ntt_destroy(struct ntt *t);
struct ntt *ntt_open_param(struct kunit *test);

/* Parameter generators shared by several suites. */
const void *ntt_rx_gen_params(const void *prev, char *desc);
const void *ntt_dpc_gen_params(const void *prev, char *desc);

/* Interrupts and DPCs. */
void ntt_run_hardirq(struct ntt *t, void (*fn)(struct ntt *t));
void ntt_fire(struct ntt *t);
irqreturn_t ntt_isr_call(struct ntt *t);
void ntt_isr_call_held(struct ntt *t);
void ntt_release(struct ntt *t);
void ntt_flush(struct ntt *t);
unsigned int ntt_service(struct ntt *t);
void ntt_check_dpcs(struct ntt *t);
u64 ntt_dpc_inserts(struct ntt *t);

/* Line settings, data in and out. */
void ntt_detect(struct ntt *t);
void ntt_termios(struct ntt *t, struct ktermios *k, tcflag_t cflag,
		 tcflag_t iflag, speed_t speed);
void ntt_set_iflag(struct ntt *t, tcflag_t cflag, tcflag_t iflag);
unsigned int ntt_rx_read(struct ntt *t);
void ntt_expect_rx(struct ntt *t, const u8 *ch, const u8 *fl, unsigned int n);
void ntt_write(struct ntt *t, const u8 *s, unsigned int n);
void ntt_expect_tx(struct ntt *t, unsigned int from, const u8 *s,
		   unsigned int n);
void ntt_tx_pump(struct ntt *t, unsigned int total);

/**
 * ntt_close() - close the port as uart_shutdown() does (uart_ops.shutdown).
 * @t: the fixture.
 */
static inline void ntt_close(struct ntt *t)
{
	t->up.port.ops->shutdown(&t->up.port);
	t->opened = false;
}

/**
 * ntt_ran() - runs of @role so far.
 * @t: the fixture.
 * @role: the role.
 *
 * Return: ntser_stats.role_ran[@role].
 */
static inline unsigned long ntt_ran(struct ntt *t, enum ntser_role role)
{
	return atomic_long_read(&t->up.stats.role_ran[role]);
}

/**
 * ntt_isr_io() - register accesses counted so far in hard IRQ context.
 * @t: the fixture.
 *
 * Return: the sum over all CPUs.
 */
static inline long ntt_isr_io(struct ntt *t)
{
	return ntser_reg_stats_sum(&t->up).isr_io;
}

/**
 * ntt_dpc_io() - register accesses counted so far anywhere else.
 * @t: the fixture.
 *
 * Return: the sum over all CPUs.
 */
static inline long ntt_dpc_io(struct ntt *t)
{
	return ntser_reg_stats_sum(&t->up).dpc_io;
}

#endif /* _NTSERIAL_FIXTURE_H */
