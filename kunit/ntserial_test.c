// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the ntserial driver against a software 16550A
 * (kunit/uart16550_model.c).
 *
 * Each case builds a port as the platform driver would (ntser_port_init(),
 * ntser_detect()) whose serial_in/serial_out hooks reach the model, gives
 * it a bare struct uart_state with no tty, and opens it with the driver's
 * own uart_ops.  Its interrupt object is connected to a software Linux IRQ
 * (dummy_irq_chip, handle_simple_irq); an "interrupt" is delivered with
 * generic_handle_irq() from an irq_work, i.e. in hard IRQ context, whenever
 * the model asserts its interrupt line.  Some cases call the interrupt
 * handler nt_interrupt_handler() directly, also from hard IRQ context, to
 * see its return value.  Received data is read back from the tty_port's
 * flip buffers, where it stays because no line discipline takes it.
 *
 * Suites: ntserial_isr (what the ISR reads and captures), ntserial_dpc (the
 * DPC roles, once per dpc_model), ntserial_termios (LCR, divisor and status
 * masks), ntserial_fcr (receive trigger levels) and ntserial_probe (type
 * detection).  Every wait is bounded.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/serial.h>
#include <linux/serial_core.h>
#include <linux/serial_reg.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tty.h>
#include <linux/tty_buffer.h>
#include <linux/tty_flip.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "ntserial.h"
#include "ntserial_compat.h"
#include "uart16550_model.h"

#define NTT_MAX_ROUNDS		64	/* interrupts delivered per service */
#define NTT_RX_MAX		1200	/* flip buffer bytes read back */
#define NTT_WAIT_MS		5000	/* longest a case waits for anything */

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
};

static struct ntt *ntt_of(struct uart_port *port)
{
	return container_of(port, struct ntt, up.port);
}

static unsigned int ntt_serial_in(struct uart_port *port, int offset)
{
	return m16550_read(&ntt_of(port)->model, offset);
}

static void ntt_serial_out(struct uart_port *port, int offset, int value)
{
	m16550_write(&ntt_of(port)->model, offset, value);
}

static void ntt_fire_fn(struct irq_work *work)
{
	struct ntt *t = container_of(work, struct ntt, fire_work);

	t->hardirq_fn(t);
}

/* Run @fn on @t in hard IRQ context (an irq_work) and wait for it. */
static void ntt_run_hardirq(struct ntt *t, void (*fn)(struct ntt *t))
{
	t->hardirq_fn = fn;
	irq_work_queue(&t->fire_work);
	irq_work_sync(&t->fire_work);
}

static void ntt_linux_irq_fn(struct ntt *t)
{
	generic_handle_irq(t->irq);
}

/* Deliver an interrupt through the Linux IRQ, in hard IRQ context. */
static void ntt_fire(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_linux_irq_fn);
}

static void ntt_isr_call_fn(struct ntt *t)
{
	t->ret = nt_interrupt_handler(t->irq, &t->up.intr);
}

/* Call the interrupt handler in hard IRQ context; return its result. */
static irqreturn_t ntt_isr_call(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_isr_call_fn);
	return t->ret;
}

/*
 * Run every DPC queued, and those they queue: the receive DPC requests
 * itself again when it stops with entries left in the capture.
 */
static void ntt_flush(struct ntt *t)
{
	struct nt_dpc_queue *q = &t->up.intr.dpcs;
	unsigned int i;
	bool idle;

	for (i = 0; i < 16; i++) {
		nt_dpc_flush(q);
		raw_spin_lock_irq(&q->lock);
		idle = list_empty(&q->list);
		raw_spin_unlock_irq(&q->lock);
		if (idle)
			break;
	}
	KUNIT_EXPECT_TRUE_MSG(t->test, idle, "DPCs keep requeueing themselves");
}

/*
 * Deliver interrupts through the Linux IRQ while the model asserts its
 * line, running the DPCs after each.  Return: interrupts delivered.
 */
static unsigned int ntt_service(struct ntt *t)
{
	unsigned int rounds = 0;

	ntt_flush(t);
	while (m16550_irq_pending(&t->model) && rounds < NTT_MAX_ROUNDS) {
		ntt_fire(t);
		ntt_flush(t);
		rounds++;
	}
	KUNIT_EXPECT_FALSE_MSG(t->test, m16550_irq_pending(&t->model),
			       "interrupt line stuck, IIR %#x",
			       m16550_iir_peek(&t->model));
	return rounds;
}

static void ntt_write_wakeup(struct tty_port *tport)
{
	struct ntt *t = container_of(tport, struct ntt, state.port);

	atomic_inc(&t->write_wakeups);
}

static int ntt_msr_wake(struct wait_queue_entry *wq, unsigned int mode,
			int sync, void *key)
{
	struct ntt *t = container_of(wq, struct ntt, msr_wait);

	atomic_inc(&t->msr_wakeups);
	return 0;
}

/* A port on @type, initialised for @model but not probed. */
static struct ntt *ntt_create(struct kunit *test, enum m16550_type type,
			      enum ntser_dpc_model model)
{
	struct uart_port *port;
	struct ntt *t;
	int irq;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->test = test;
	m16550_init(&t->model, type);
	t->fire_work = IRQ_WORK_INIT_HARD(ntt_fire_fn);

	t->dev = root_device_register("ntserial-kunit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->dev));

	irq = irq_alloc_desc(NUMA_NO_NODE);
	KUNIT_ASSERT_GT(test, irq, 0);
	t->irq = irq;
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_simple_irq);
	irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOAUTOEN, 0);

	port = &t->up.port;
	spin_lock_init(&port->lock);
	port->dev = t->dev;
	port->ops = &ntser_uart_ops;
	port->serial_in = ntt_serial_in;
	port->serial_out = ntt_serial_out;
	port->uartclk = NTSER_DEFAULT_UARTCLK;
	port->irq = irq;
	port->flags = UPF_FIXED_TYPE;
	KUNIT_ASSERT_EQ(test,
			ntser_port_init(&t->up, model, NT_DPC_BACKEND_TASKLET),
			0);
	t->port_inited = true;

	tty_port_init(&t->state.port);
	t->client_ops = *t->state.port.client_ops;
	t->client_ops.write_wakeup = ntt_write_wakeup;
	t->state.port.client_ops = &t->client_ops;
	t->state.uart_port = port;
	port->state = &t->state;
	t->xmit_buf = kunit_kzalloc(test, UART_XMIT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->xmit_buf);
	nt_test_xmit_init(&t->state, t->xmit_buf);
	init_waitqueue_func_entry(&t->msr_wait, ntt_msr_wake);
	add_wait_queue(&t->state.port.delta_msr_wait, &t->msr_wait);
	return t;
}

static void ntt_exit(struct kunit *test)
{
	struct ntt *t = test->priv;

	if (!t)
		return;
	if (t->opened)
		t->up.port.ops->shutdown(&t->up.port);
	if (t->port_inited) {
		ntser_port_destroy(&t->up);
		remove_wait_queue(&t->state.port.delta_msr_wait, &t->msr_wait);
		tty_port_destroy(&t->state.port);
	}
	if (t->irq > 0)
		irq_free_desc(t->irq);
	if (!IS_ERR_OR_NULL(t->dev))
		root_device_unregister(t->dev);
}

static void ntt_termios(struct ntt *t, struct ktermios *k, tcflag_t cflag,
			tcflag_t iflag, speed_t speed)
{
	memset(k, 0, sizeof(*k));
	k->c_cflag = cflag;
	k->c_iflag = iflag;
	k->c_ispeed = speed;
	k->c_ospeed = speed;
	t->up.port.ops->set_termios(&t->up.port, k, NULL);
}

static void ntt_set_iflag(struct ntt *t, tcflag_t cflag, tcflag_t iflag)
{
	struct ktermios k;

	ntt_termios(t, &k, B9600 | CS8 | cflag, iflag, 9600);
}

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

static const char * const ntt_rx_names[] = {
	[NTT_RX_IN_DPC] = "rx read by dpc",
	[NTT_RX_IN_ISR] = "rx read by isr",
};

/*
 * Probe, start up with 9600 8N1, INPCK and BRKINT, raise DTR and RTS,
 * take the first THRE interrupt and zero the model's access counters.
 */
static struct ntt *ntt_open_rx(struct kunit *test, enum m16550_type type,
			       enum ntser_dpc_model model, enum ntt_rx rx)
{
	struct ntt *t = ntt_create(test, type, model);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	if (rx == NTT_RX_IN_ISR)
		t->up.rx_defer_ns = 0;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, INPCK | BRKINT);
	uart_port_lock_irqsave(port, &flags);
	port->ops->set_mctrl(port, TIOCM_DTR | TIOCM_RTS);
	uart_port_unlock_irqrestore(port, flags);
	ntt_service(t);
	m16550_reset_counts(&t->model);
	if (port->fifosize > 1)
		KUNIT_ASSERT_EQ(test, t->up.isr.rx_defer, rx == NTT_RX_IN_DPC);
	/*
	 * Cases hold the receive DPC back on purpose, to see what a late DPC
	 * finds, or race it with a purge.  The rescue timer would read the
	 * FIFO first (after as little as 347 us, sooner than a busy host
	 * runs the case's next line), so its deadline is pushed past the
	 * case; a case that sets a line rate (ntt_termios) gets the real
	 * one back.
	 */
	t->up.isr.rx_rescue_ns = 4ULL * NTT_WAIT_MS * NSEC_PER_MSEC;
	return t;
}

static struct ntt *ntt_open_type(struct kunit *test, enum m16550_type type,
				 enum ntser_dpc_model model)
{
	return ntt_open_rx(test, type, model, NTT_RX_IN_DPC);
}

static struct ntt *ntt_open(struct kunit *test, enum ntser_dpc_model model)
{
	return ntt_open_type(test, M16550_16550A, model);
}

/* Register accesses counted so far in hard IRQ context, all CPUs. */
static long ntt_isr_io(struct ntt *t)
{
	return ntser_reg_stats_sum(&t->up).isr_io;
}

/* Register accesses counted so far anywhere else, all CPUs. */
static long ntt_dpc_io(struct ntt *t)
{
	return ntser_reg_stats_sum(&t->up).dpc_io;
}

/* Read every byte and flag waiting in the flip buffers.  Return: count. */
static unsigned int ntt_rx_read(struct ntt *t)
{
	struct tty_bufhead *buf = &t->state.port.buf;
	struct tty_buffer *b;
	unsigned int n = 0, i;

	ntt_flush(t);
	flush_work(&buf->work);
	mutex_lock(&buf->lock);
	for (b = buf->head; b; b = b->next) {
		for (i = b->read; i < b->commit && n < NTT_RX_MAX; i++) {
			t->rx_ch[n] = *char_buf_ptr(b, i);
			t->rx_fl[n] = nt_test_tty_buffer_has_flags(b) ?
				      *flag_buf_ptr(b, i) : TTY_NORMAL;
			n++;
		}
	}
	mutex_unlock(&buf->lock);
	return n;
}

static void ntt_expect_rx(struct ntt *t, const u8 *ch, const u8 *fl,
			  unsigned int n)
{
	unsigned int got = ntt_rx_read(t), i;

	KUNIT_ASSERT_EQ(t->test, got, n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(t->test, t->rx_ch[i], ch[i], "byte %u", i);
		KUNIT_EXPECT_EQ_MSG(t->test, t->rx_fl[i],
				    fl ? fl[i] : TTY_NORMAL, "flag %u", i);
	}
}

/* Queue @n bytes and call start_tx as uart_write() does. */
static void ntt_write(struct ntt *t, const u8 *s, unsigned int n)
{
	struct uart_port *port = &t->up.port;
	unsigned long flags;
	unsigned int put;

	uart_port_lock_irqsave(port, &flags);
	put = nt_test_xmit_put(&t->state, s, n);
	port->ops->start_tx(port);
	uart_port_unlock_irqrestore(port, flags);
	KUNIT_ASSERT_EQ(t->test, put, n);
	ntt_flush(t);
}

/* The transmit log from byte @from on must be @s. */
static void ntt_expect_tx(struct ntt *t, unsigned int from, const u8 *s,
			  unsigned int n)
{
	unsigned int i;

	KUNIT_ASSERT_GE(t->test, t->model.tx_len, from + n);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(t->test, t->model.tx_log[from + i], s[i],
				    "transmitted byte %u", from + i);
}

/* Let the transmitter send and take THRE interrupts until @total sent. */
static void ntt_tx_pump(struct ntt *t, unsigned int total)
{
	unsigned int rounds;

	for (rounds = 0; rounds < 2 * total + 4; rounds++) {
		if (t->model.tx_len >= total && !t->model.tx_fill)
			break;
		m16550_tx_drain(&t->model);
		ntt_service(t);
	}
	KUNIT_EXPECT_EQ(t->test, t->model.tx_len, total);
}

static unsigned long ntt_ran(struct ntt *t, enum ntser_role role)
{
	return atomic_long_read(&t->up.stats.role_ran[role]);
}

/*
 * The DPC objects used must be those the dpc_model names: under "isr"
 * only the DpcForIsr, under "custom" only CustomDpcs, under "both" the
 * DpcForIsr for receive and transmit and CustomDpcs for the rest
 * (ntser_dpc_for_isr_roles(), as the driver maps them).  Every
 * insertion ran (one insertion may still be in flight from the watchdog).
 */
static void ntt_check_dpcs(struct ntt *t)
{
	struct kunit *test = t->test;
	const struct nt_dpc_stats *isr = &t->up.dpc_for_isr.dpc.stats;
	unsigned long isr_roles = ntser_dpc_for_isr_roles(t->up.model), ran;
	u64 ins, done;
	unsigned int r;

	ntt_flush(t);
	ins = READ_ONCE(isr->inserted);
	done = READ_ONCE(isr->ran);
	if (!isr_roles)
		KUNIT_EXPECT_EQ(test, ins, 0ULL);
	KUNIT_EXPECT_LE(test, done, ins);
	KUNIT_EXPECT_LE(test, ins, done + 1);

	for (r = 0; r < NTSER_NR_ROLES; r++) {
		const struct nt_dpc_stats *s = &t->up.custom[r].dpc.stats;
		u64 cins = READ_ONCE(s->inserted), cran = READ_ONCE(s->ran);

		ran = ntt_ran(t, r);
		if (isr_roles & BIT(r)) {
			KUNIT_EXPECT_EQ_MSG(test, cins, 0ULL,
					    "CustomDpc %s used under %s",
					    ntser_role_names[r],
					    ntser_model_names[t->up.model]);
			if (ran)
				KUNIT_EXPECT_GT(test, ins, 0ULL);
		} else {
			if (ran)
				KUNIT_EXPECT_GT_MSG(test, cins, 0ULL,
						    "role %s ran without its CustomDpc",
						    ntser_role_names[r]);
			KUNIT_EXPECT_LE(test, cran, cins);
			KUNIT_EXPECT_LE(test, cins, cran + 1);
		}
	}
}

static const u8 ntt_text[] = "The quick brown fox jumps over the lazy dog";

/*
 * Deliver the interrupt in hard IRQ context, then take the DPCs the ISR
 * queued off their queue before they can run (KeRemoveQueueDpc), as if
 * they were late: the role bits stay pending until ntt_release() requests
 * them again.
 */
static void ntt_held_fn(struct ntt *t)
{
	unsigned int r;

	nt_interrupt_handler(t->irq, &t->up.intr);
	nt_dpc_remove(&t->up.dpc_for_isr.dpc);
	for (r = 0; r < NTSER_NR_ROLES; r++)
		nt_dpc_remove(&t->up.custom[r].dpc);
}

static void ntt_isr_call_held(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_held_fn);
}

/* Let the held DPCs run now. */
static void ntt_release(struct ntt *t)
{
	unsigned long pending = atomic_long_read(&t->up.pending);
	unsigned int r;

	for (r = 0; r < NTSER_NR_ROLES; r++)
		if (pending & BIT(r))
			ntser_request_role(&t->up, r);
	ntt_flush(t);
}

/* ==== ntserial_isr ===================================================== */

static const enum ntt_rx ntt_rx_modes[] = { NTT_RX_IN_DPC, NTT_RX_IN_ISR };

static void ntt_rx_desc(const enum ntt_rx *rx, char *desc)
{
	strscpy(desc, ntt_rx_names[*rx], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_rx, ntt_rx_modes, ntt_rx_desc);

static struct ntt *ntt_open_rx_param(struct kunit *test)
{
	return ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH,
			   *(const enum ntt_rx *)test->param_value);
}

static void ntserial_isr_rda_fast_path_reads_lsr_once(struct kunit *test)
{
	struct ntt *t = ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH,
				    NTT_RX_IN_ISR);
	long io0 = ntt_isr_io(t);

	KUNIT_ASSERT_EQ(test, t->up.isr.rx_trig, 8);
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_RDI);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 1U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 8U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_MSR], 0U);
	/* Every access the ISR made was counted as a hard IRQ access. */
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - io0, 11L);

	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.rx, 8U);
}

/*
 * With the bytes left in the FIFO, the ISR's whole work for a receive
 * interrupt is IIR, one IER write that silences it, and the closing IIR;
 * the DPC reads LSR, the trigger level's bytes back to back, LSR again,
 * and unmasks.
 */
static void ntserial_isr_rda_left_to_dpc_costs_isr_one_ier_write(struct kunit *test)
{
	struct ntt *t = ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH,
				    NTT_RX_IN_DPC);
	long io0 = ntt_isr_io(t), dpc0 = ntt_dpc_io(t);

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - io0, 3L);

	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 8U);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_IER], 2U);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, 11L);
	/* Receive interrupts are on again, nothing is left behind. */
	KUNIT_EXPECT_EQ(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI),
			UART_IER_RDI | UART_IER_RLSI);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_held);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_in_uart);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->up.port.icount.rx, 8U);
}

/*
 * The register accesses of a receive interrupt, wherever the FIFO is
 * read: the ISR's in hard IRQ context, 3 for one left to the DPC.
 */
static void ntt_expect_rx_isr_io(struct ntt *t, long io0, long in_isr)
{
	KUNIT_EXPECT_EQ(t->test, ntt_isr_io(t) - io0,
			t->up.isr.rx_defer ? 3L : in_isr);
}

static void ntserial_isr_rda_with_fifo_error_reads_status_per_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	static const u8 fl[8] = { [3] = TTY_PARITY };
	long io0 = ntt_isr_io(t);

	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_inject(&t->model, ntt_text + 3, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ntt_text + 4, 4, 0);
	/* The error is not at the head: RDA, with LSR.FIFOE set. */
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_RDI);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	ntt_expect_rx(t, ntt_text, fl, 8);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 8U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 9U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	ntt_expect_rx_isr_io(t, io0, 2 + 9 + 8);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.parity, 1U);
}

static void ntserial_isr_cti_reads_status_per_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	long io0 = ntt_isr_io(t);

	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	/* Below the trigger level: no interrupt until the timeout. */
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	m16550_rx_timeout(&t->model);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_RX_TIMEOUT);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	ntt_expect_rx(t, ntt_text, NULL, 3);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 3U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 4U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	ntt_expect_rx_isr_io(t, io0, 2 + 4 + 3);
}

static void ntserial_isr_rls_captures_pe_fe_bi_oe(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	static const u8 fill[] = "0123456789abcdef";
	u8 ch[18] = { 'p', 0, 'f', 0 };
	u8 fl[18] = { TTY_PARITY, TTY_OVERRUN, TTY_FRAME, TTY_BREAK };
	struct uart_icount *ic = &t->up.port.icount;

	m16550_rx_inject(&t->model, ch, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ch + 2, 1, UART_LSR_FE);
	m16550_rx_inject(&t->model, ch + 3, 1, UART_LSR_BI);
	m16550_rx_inject(&t->model, fill, 13, 0);
	/* The 17th byte finds the FIFO full: overrun. */
	KUNIT_EXPECT_EQ(test, m16550_rx_inject(&t->model, fill + 13, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_RLSI);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);

	/* The overrun marker follows the byte read with OE reported. */
	memcpy(ch + 4, fill, 13);
	ntt_expect_rx(t, ch, fl, 17);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 16U);
	KUNIT_EXPECT_EQ(test, ic->rx, 16U);
	KUNIT_EXPECT_EQ(test, ic->parity, 1U);
	KUNIT_EXPECT_EQ(test, ic->frame, 1U);
	KUNIT_EXPECT_EQ(test, ic->brk, 1U);
	KUNIT_EXPECT_EQ(test, ic->overrun, 1U);
}

static void ntserial_isr_thre_reads_only_iir(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	unsigned long tx0;

	ntt_write(t, ntt_text, 1);
	KUNIT_ASSERT_EQ(test, m16550_tx_drain(&t->model), 1U);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_THRI);
	m16550_reset_counts(&t->model);
	tx0 = ntt_ran(t, NTSER_ROLE_TX);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 0U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_MSR], 0U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 0U);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_TX), tx0 + 1);
}

static void ntserial_isr_msr_captures_delta(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	port->ops->enable_ms(port);
	uart_port_unlock_irqrestore(port, flags);
	m16550_reset_counts(&t->model);
	m16550_set_lines(&t->model, UART_MSR_CTS);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_MSI);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_MSR], 1U);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 2U);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, port->icount.cts, 1U);
	KUNIT_EXPECT_GE(test, atomic_read(&t->msr_wakeups), 1);
}

static void ntserial_isr_handles_all_sources_in_one_call(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	struct uart_port *port = &t->up.port;
	u64 calls0 = t->up.intr.stats.isr_calls;
	static const u8 fl[10] = { TTY_FRAME };
	unsigned long flags, tx0;

	uart_port_lock_irqsave(port, &flags);
	port->ops->enable_ms(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_write(t, ntt_text, 1);
	m16550_tx_drain(&t->model);
	m16550_rx_inject(&t->model, ntt_text, 1, UART_LSR_FE);
	m16550_rx_inject(&t->model, ntt_text + 1, 9, 0);
	m16550_set_lines(&t->model, UART_MSR_DSR);
	tx0 = ntt_ran(t, NTSER_ROLE_TX);

	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_calls, calls0 + 1);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f,
			UART_IIR_NO_INT);

	ntt_expect_rx(t, ntt_text, fl, 10);
	KUNIT_EXPECT_EQ(test, port->icount.frame, 1U);
	KUNIT_EXPECT_EQ(test, port->icount.dsr, 1U);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_TX), tx0 + 1);
}

static void ntserial_isr_spurious_returns_irq_none(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	u64 none0 = t->up.intr.stats.isr_none;

	KUNIT_ASSERT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, none0 + 1);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 1U);

	/* Through the Linux IRQ too. */
	ntt_fire(t);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, none0 + 2);
}

static void ntserial_isr_all_ff_returns_irq_none_at_once(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	unsigned int i, total = 0;

	t->model.bus_value = 0xff;
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	for (i = 0; i < M16550_NR_REGS; i++)
		total += t->model.reads[i] + t->model.writes[i];
	KUNIT_EXPECT_EQ(test, total, 1U);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, 1ULL);
}

/*
 * IIR 0x00 forever, writes lost: "modem status" that never goes away and
 * cannot be masked.  The ISR stops at its pass limit, tries to mask, and
 * says IRQ_NONE so that the kernel's spurious interrupt detection can
 * disable a line nothing can quiet.
 */
static void ntserial_isr_all_zero_stops_at_pass_limit(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);

	t->model.bus_value = 0x00;
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, 1ULL);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR],
			NTSER_ISR_PASS_LIMIT + 2U);
	KUNIT_EXPECT_LE(test, t->model.reads[UART_MSR],
			(unsigned int)NTSER_ISR_PASS_LIMIT);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_IER], 1U);
	ntt_release(t);
}

/*
 * A receive source that never clears (IIR stuck at RDA) on an ISA line:
 * the ISR must not return with it pending and enabled, or the edge it
 * waits for never comes.  It stops at its pass limit with every UART
 * interrupt masked, the line quiet; the interrupt storm role unmasks.
 */
static void ntserial_isr_pass_limit_leaves_uart_masked(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;

	KUNIT_ASSERT_EQ(test, t->model.ier, wanted);
	t->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	/* The DPCs it queues are held back: this is the ISR's exit state. */
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_none, 0ULL);
	KUNIT_EXPECT_LE(test, t->model.reads[UART_IIR],
			NTSER_ISR_PASS_LIMIT + 2U);
	KUNIT_EXPECT_EQ_MSG(test, t->model.ier, 0,
			    "ISR left at its pass limit with IER %#x",
			    t->model.ier);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_EQ(test, t->up.isr.storm_iir, 0xc0 | UART_IIR_RDI);

	/* Once: load, not a storm.  The DPC unmasks at once. */
	t->model.stuck_iir = -1;
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, t->model.ier, wanted);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.storms), 0L);
	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 3);
}

static void ntserial_isr_no_interrupt_left_after_startup(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);

	/* ntt_open() took the startup THRE; the UART is quiet now. */
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_TRUE(test, t->model.mcr & UART_MCR_OUT2);
	KUNIT_EXPECT_EQ(test, t->model.ier,
			UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI);
	KUNIT_EXPECT_TRUE(test, t->up.tx_fifo_empty);
}

/* NTT_IO_N scratch register reads and writes on @t's port. */
#define NTT_IO_N	5

static void ntt_scr_io(struct ntt *t)
{
	unsigned int i;

	for (i = 0; i < NTT_IO_N; i++)
		ntser_out(&t->up, UART_SCR, ntser_in(&t->up, UART_SCR) + 1);
}

static void ntt_scr_io_ipi(void *info)
{
	ntt_scr_io(info);
}

static long ntt_scr_io_work(void *info)
{
	ntt_scr_io(info);
	return 0;
}

/*
 * Register accesses are counted per CPU by the context they are made in:
 * in hard IRQ context (ntt_run_hardirq() here, an IPI on another CPU) as ISR
 * accesses, in process context (here, a kworker on another CPU) as DPC
 * accesses; the counts read back are the sums over all CPUs.
 */
static void ntserial_isr_reg_accesses_counted_by_context(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	long isr0 = ntt_isr_io(t), dpc0 = ntt_dpc_io(t), per = 2 * NTT_IO_N;
	long isr = per, dpc = per;
	unsigned int this, cpu;
	int ret = 0;

	ntt_scr_io(t);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, 0L);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, per);

	ntt_run_hardirq(t, ntt_scr_io);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, per);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, per);

	/* Pinned, so that the other CPU cannot become this one. */
	this = get_cpu();
	cpu = cpumask_any_but(cpu_online_mask, this);
	if (cpu < nr_cpu_ids)
		ret = smp_call_function_single(cpu, ntt_scr_io_ipi, t, 1);
	put_cpu();
	if (cpu >= nr_cpu_ids) {
		kunit_info(test, "one CPU online: no accesses on another");
	} else {
		KUNIT_EXPECT_EQ(test, ret, 0);
		isr += per;
		KUNIT_EXPECT_EQ(test, work_on_cpu_safe(cpu, ntt_scr_io_work, t),
				0L);
		dpc += per;
	}
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, isr);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, dpc);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_SCR],
			(unsigned int)(isr + dpc) / 2);
}

static struct kunit_case ntserial_isr_cases[] = {
	KUNIT_CASE(ntserial_isr_rda_fast_path_reads_lsr_once),
	KUNIT_CASE(ntserial_isr_rda_left_to_dpc_costs_isr_one_ier_write),
	KUNIT_CASE_PARAM(ntserial_isr_rda_with_fifo_error_reads_status_per_byte,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_isr_cti_reads_status_per_byte,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_isr_rls_captures_pe_fe_bi_oe,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_isr_thre_reads_only_iir),
	KUNIT_CASE(ntserial_isr_msr_captures_delta),
	KUNIT_CASE_PARAM(ntserial_isr_handles_all_sources_in_one_call,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_isr_spurious_returns_irq_none),
	KUNIT_CASE(ntserial_isr_all_ff_returns_irq_none_at_once),
	KUNIT_CASE(ntserial_isr_all_zero_stops_at_pass_limit),
	KUNIT_CASE_PARAM(ntserial_isr_pass_limit_leaves_uart_masked,
			 ntt_rx_gen_params),
	KUNIT_CASE(ntserial_isr_no_interrupt_left_after_startup),
	KUNIT_CASE(ntserial_isr_reg_accesses_counted_by_context),
	{}
};

static struct kunit_suite ntserial_isr_suite = {
	.name = "ntserial_isr",
	.exit = ntt_exit,
	.test_cases = ntserial_isr_cases,
};

/* ==== ntserial_dpc: each role, under each dpc_model ==================== */

static const enum ntser_dpc_model ntt_models[] = {
	NTSER_MODEL_ISR, NTSER_MODEL_CUSTOM, NTSER_MODEL_BOTH,
};

static void ntt_model_desc(const enum ntser_dpc_model *m, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "dpc_model=%s",
		 ntser_model_names[*m]);
}

KUNIT_ARRAY_PARAM(ntt_model, ntt_models, ntt_model_desc);

/* Every dpc_model, with the receive FIFO read by the DPC or by the ISR. */
struct ntt_dpc_param {
	enum ntser_dpc_model model;
	enum ntt_rx rx;
};

static const struct ntt_dpc_param ntt_dpc_params[] = {
	{ NTSER_MODEL_ISR, NTT_RX_IN_DPC },
	{ NTSER_MODEL_ISR, NTT_RX_IN_ISR },
	{ NTSER_MODEL_CUSTOM, NTT_RX_IN_DPC },
	{ NTSER_MODEL_CUSTOM, NTT_RX_IN_ISR },
	{ NTSER_MODEL_BOTH, NTT_RX_IN_DPC },
	{ NTSER_MODEL_BOTH, NTT_RX_IN_ISR },
};

static void ntt_dpc_desc(const struct ntt_dpc_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "dpc_model=%s, %s",
		 ntser_model_names[p->model], ntt_rx_names[p->rx]);
}

KUNIT_ARRAY_PARAM(ntt_dpc, ntt_dpc_params, ntt_dpc_desc);

static struct ntt *ntt_open_param(struct kunit *test)
{
	const struct ntt_dpc_param *p = test->param_value;

	return ntt_open_rx(test, M16550_16550A, p->model, p->rx);
}

/* The ISR's own capture: only when it reads the FIFO itself. */
static struct ntt *ntt_open_model_rx_in_isr(struct kunit *test)
{
	return ntt_open_rx(test, M16550_16550A,
			   *(const enum ntser_dpc_model *)test->param_value,
			   NTT_RX_IN_ISR);
}

static void ntserial_dpc_receive_pushes_bytes_and_flags(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	u8 fl[20] = { [5] = TTY_PARITY, [17] = TTY_FRAME };

	m16550_rx_inject(&t->model, ntt_text, 5, 0);
	m16550_rx_inject(&t->model, ntt_text + 5, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ntt_text + 6, 10, 0);
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text + 16, 1, 0);
	m16550_rx_inject(&t->model, ntt_text + 17, 1, UART_LSR_FE);
	m16550_rx_inject(&t->model, ntt_text + 18, 2, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);

	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	ntt_expect_rx(t, ntt_text, fl, 20);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.rx, 20U);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_bytes), 20L);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.parity, 1U);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.frame, 1U);
	KUNIT_EXPECT_GT(test, ntt_ran(t, NTSER_ROLE_RX), 0UL);
	KUNIT_EXPECT_GT(test, ntt_ran(t, NTSER_ROLE_ERR), 0UL);
	ntt_check_dpcs(t);
}

static void ntserial_dpc_transmit_loads_at_most_fifo_per_thre(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	static u8 data[200];
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 7 + 1;
	atomic_set(&t->write_wakeups, 0);
	ntt_write(t, data, sizeof(data));
	/* The FIFO was known empty: one load of 16, no more. */
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 16U);
	ntt_tx_pump(t, sizeof(data));

	ntt_expect_tx(t, 0, data, sizeof(data));
	KUNIT_EXPECT_LE(test, t->model.tx_max_fill, 16U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.tx, (u32)sizeof(data));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.tx_bytes),
			(long)sizeof(data));
	KUNIT_EXPECT_GT(test, atomic_read(&t->write_wakeups), 0);

	/* Nothing left: a THRE loads nothing and the line stays quiet. */
	m16550_tx_drain(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, (unsigned int)sizeof(data));
	KUNIT_EXPECT_TRUE(test, t->up.tx_fifo_empty);
	ntt_check_dpcs(t);
}

/*
 * A UART whose FIFO is empty again as soon as it is written (QEMU's):
 * start_tx loads the first burst, and the transmit DPC that the THRE
 * interrupt queues keeps loading while LSR shows THRE, so 200 bytes cost
 * one interrupt, one DPC run and one status read per DPC load instead of
 * an interrupt per load.
 */
static void ntserial_dpc_transmit_refills_while_thre_follows_at_once(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	static u8 data[200];
	unsigned long ran0;
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 5 + 3;
	t->model.tx_instant = true;
	ran0 = ntt_ran(t, NTSER_ROLE_TX);
	m16550_reset_counts(&t->model);
	ntt_write(t, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 16U);
	/* One THRE for the DPC's loads, one after its last. */
	KUNIT_EXPECT_LE(test, ntt_service(t), 2U);

	ntt_expect_tx(t, 0, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, t->model.tx_len, (unsigned int)sizeof(data));
	/*
	 * 13 loads: start_tx's does not poll; of the DPC's 12, the last has
	 * nothing behind it and does not poll either.
	 */
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_TX], (unsigned int)sizeof(data));
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR],
			DIV_ROUND_UP((unsigned int)sizeof(data), 16U) - 2);
	KUNIT_EXPECT_LE(test, ntt_ran(t, NTSER_ROLE_TX) - ran0, 2UL);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.tx, (u32)sizeof(data));
	ntt_service(t);
	KUNIT_EXPECT_TRUE(test, t->up.tx_fifo_empty);
	ntt_check_dpcs(t);
}

/*
 * Internal loopback sends at once into the receiver: the transmit DPC
 * must stop refilling when data waits, so that the ISR drains the receive
 * FIFO between bursts and nothing overruns.
 */
static void ntserial_dpc_transmit_in_loopback_never_overruns_receiver(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	static u8 data[64];
	unsigned long flags;
	unsigned int i, got = 0, rounds, loop0 = t->model.loop_bytes;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 3 + 1;
	uart_port_lock_irqsave(port, &flags);
	port->ops->set_mctrl(port, TIOCM_DTR | TIOCM_RTS | TIOCM_LOOP);
	uart_port_unlock_irqrestore(port, flags);
	ntt_service(t);
	ntt_write(t, data, sizeof(data));
	for (rounds = 0; rounds < 64 && got < sizeof(data); rounds++) {
		ntt_service(t);
		got = ntt_rx_read(t);
	}
	KUNIT_EXPECT_FALSE(test, t->model.oe);
	KUNIT_EXPECT_EQ(test, port->icount.overrun, 0U);
	KUNIT_EXPECT_EQ(test, t->model.loop_bytes - loop0,
			(unsigned int)sizeof(data));
	ntt_expect_rx(t, data, NULL, sizeof(data));
	ntt_check_dpcs(t);
}

static void ntserial_dpc_transmit_sends_x_char_first(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	port->x_char = 0x13;
	uart_port_unlock_irqrestore(port, flags);
	ntt_write(t, ntt_text, 20);

	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 16U);
	KUNIT_EXPECT_EQ(test, t->model.tx_log[0], 0x13);
	ntt_expect_tx(t, 1, ntt_text, 15);
	KUNIT_EXPECT_EQ(test, port->x_char, 0);
	ntt_tx_pump(t, 21);
	ntt_expect_tx(t, 1, ntt_text, 20);
	KUNIT_EXPECT_EQ(test, port->icount.tx, 21U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_check_dpcs(t);
}

static void ntserial_dpc_transmit_respects_tx_stopped(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	uart_port_lock_irqsave(port, &flags);
	port->hw_stopped = true;
	uart_port_unlock_irqrestore(port, flags);
	ntt_write(t, ntt_text, 10);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 0U);

	uart_port_lock_irqsave(port, &flags);
	port->hw_stopped = false;
	port->ops->start_tx(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 10U);
	ntt_expect_tx(t, 0, ntt_text, 10);
	ntt_check_dpcs(t);
}

static void ntserial_dpc_modem_status_counts_and_wakes(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	struct uart_icount *ic = &port->icount;
	unsigned long flags;
	int w;

	uart_port_lock_irqsave(port, &flags);
	port->ops->enable_ms(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_service(t);

	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->cts, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);

	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->dsr, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);

	/* RI counts on its trailing edge only. */
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR | UART_MSR_RI);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->rng, 0U);
	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->rng, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);

	w = atomic_read(&t->msr_wakeups);
	m16550_set_lines(&t->model, UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, ic->dcd, 1U);
	KUNIT_EXPECT_GT(test, atomic_read(&t->msr_wakeups), w);
	KUNIT_EXPECT_EQ(test, ic->cts, 1U);
	KUNIT_EXPECT_EQ(test, ic->dsr, 1U);

	/* serial_core calls get_mctrl with the port lock held. */
	uart_port_lock_irqsave(port, &flags);
	KUNIT_EXPECT_EQ(test, port->ops->get_mctrl(port),
			TIOCM_CTS | TIOCM_DSR | TIOCM_CAR);
	uart_port_unlock_irqrestore(port, flags);
	ntt_check_dpcs(t);
}

static void ntserial_dpc_line_errors_count_icount(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_icount *ic = &t->up.port.icount;
	static const u8 z[16];

	m16550_rx_inject(&t->model, z, 2, UART_LSR_PE);
	m16550_rx_inject(&t->model, z, 3, UART_LSR_FE);
	m16550_rx_inject(&t->model, z, 1, UART_LSR_BI);
	/* A break with a framing error counts as a break only. */
	m16550_rx_inject(&t->model, z, 1, UART_LSR_BI | UART_LSR_FE);
	m16550_rx_inject(&t->model, z, 9, 0);
	m16550_rx_inject(&t->model, z, 1, 0);	/* overrun */
	ntt_service(t);

	KUNIT_EXPECT_EQ(test, ic->parity, 2U);
	KUNIT_EXPECT_EQ(test, ic->frame, 3U);
	KUNIT_EXPECT_EQ(test, ic->brk, 2U);
	KUNIT_EXPECT_EQ(test, ic->overrun, 1U);
	KUNIT_EXPECT_EQ(test, ic->rx, 16U);
	KUNIT_EXPECT_GT(test, ntt_ran(t, NTSER_ROLE_ERR), 0UL);
	ntt_check_dpcs(t);
}

static void ntserial_dpc_purge_clears_tx_fifo(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned int clears0 = t->model.tx_clears;
	unsigned long flags;
	int w;

	ntt_write(t, ntt_text, 40);
	KUNIT_ASSERT_EQ(test, t->model.tx_fill, 16U);
	w = atomic_read(&t->write_wakeups);

	/* What uart_flush_buffer() does. */
	uart_port_lock_irqsave(port, &flags);
	nt_test_xmit_init(&t->state, t->xmit_buf);
	port->ops->flush_buffer(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_service(t);

	KUNIT_EXPECT_EQ(test, t->model.tx_clears, clears0 + 1);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 0U);
	/* The FIFO stays enabled with its trigger level. */
	KUNIT_EXPECT_EQ(test, t->model.fcr, t->up.isr.fcr);
	KUNIT_EXPECT_TRUE(test, t->model.fcr & UART_FCR_ENABLE_FIFO);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_PURGE), 1UL);
	KUNIT_EXPECT_GT(test, atomic_read(&t->write_wakeups), w);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 16U);

	/* The port still transmits afterwards. */
	ntt_write(t, ntt_text, 4);
	ntt_tx_pump(t, 20);
	ntt_expect_tx(t, 16, ntt_text, 4);
	ntt_check_dpcs(t);
}

static void ntserial_dpc_timeout_recovers_lost_thre(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	unsigned long deadline;

	t->model.lose_thre = true;
	ntt_write(t, ntt_text, 40);
	KUNIT_ASSERT_EQ(test, t->model.tx_fill, 16U);
	while (t->model.tx_len < 40) {
		unsigned int before = t->model.tx_len;

		m16550_tx_drain(&t->model);
		KUNIT_ASSERT_FALSE(test, m16550_irq_pending(&t->model));
		deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
		while (READ_ONCE(t->model.tx_len) == before &&
		       time_before(jiffies, deadline))
			usleep_range(2000, 5000);
		ntt_flush(t);
		KUNIT_ASSERT_GT_MSG(test, t->model.tx_len, before,
				    "watchdog did not recover the lost THRE");
	}
	ntt_expect_tx(t, 0, ntt_text, 40);
	KUNIT_EXPECT_GE(test, atomic_long_read(&t->up.stats.tx_timeouts), 2L);
	KUNIT_EXPECT_GE(test, ntt_ran(t, NTSER_ROLE_TIMEOUT), 2UL);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_check_dpcs(t);
}

/*
 * In one hard IRQ, fill the receive FIFO and run the ISR, as often as it
 * takes to fill the capture (NTSER_RX_CAPTURE bytes) plus one FIFO more:
 * the DPCs, queued on this CPU, cannot run in between, so the ISR's
 * capture fills up as it would behind a stalled DPC.
 */
static void ntt_fill_capture_fn(struct ntt *t)
{
	u8 buf[M16550_FIFO_SIZE];
	unsigned int i, j;

	for (i = 0; i < NTSER_RX_CAPTURE / M16550_FIFO_SIZE + 1; i++) {
		for (j = 0; j < M16550_FIFO_SIZE; j++)
			buf[j] = i * M16550_FIFO_SIZE + j;
		m16550_rx_inject(&t->model, buf, M16550_FIFO_SIZE, 0);
		nt_interrupt_handler(t->irq, &t->up.intr);
	}
}

/* Fill the capture (NTSER_RX_CAPTURE bytes) plus one FIFO more. */
static void ntt_fill_capture(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_fill_capture_fn);
}

static struct ntt *ntt_open_rx_in_dpc(struct kunit *test)
{
	return ntt_open_rx(test, M16550_16550A,
			   *(const enum ntser_dpc_model *)test->param_value,
			   NTT_RX_IN_DPC);
}

/*
 * start_tx on one CPU loads the FIFO while a transmit DPC for a THRE seen
 * before that load is about to run on another: the DPC must not take the
 * FIFO for empty and load a second burst into it.
 */
static void ntserial_dpc_transmit_stale_thre_loads_nothing(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);

	KUNIT_ASSERT_TRUE(test, t->up.tx_fifo_empty);
	m16550_repeat_thre(&t->model);
	ntt_isr_call_held(t);
	KUNIT_ASSERT_TRUE(test, atomic_long_read(&t->up.pending) &
			  BIT(NTSER_ROLE_TX));
	ntt_write(t, ntt_text, 40);
	KUNIT_ASSERT_EQ(test, t->model.tx_fill, 16U);

	ntser_request_role(&t->up, NTSER_ROLE_TX);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 16U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_tx_pump(t, 40);
	ntt_expect_tx(t, 0, ntt_text, 40);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
}

/*
 * Bytes left in the FIFO for a DPC that is late: shutdown clears the FIFO
 * and must forget them, so a receive DPC that runs after it reads no
 * stale "known" bytes from the empty FIFO, and the port opens again clean.
 */
static void ntserial_dpc_receive_left_to_late_dpc_forgotten_at_shutdown(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_in_uart);
	KUNIT_EXPECT_FALSE(test, t->model.ier & UART_IER_RDI);

	port->ops->shutdown(port);
	t->opened = false;
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	m16550_reset_counts(&t->model);
	ntser_request_role(&t->up, NTSER_ROLE_RX);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], 0U);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);

	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);
	KUNIT_EXPECT_EQ(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI),
			UART_IER_RDI | UART_IER_RLSI);

	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 3);
}

/* stop_rx while bytes wait for the DPC: they stay in the UART. */
static void ntserial_dpc_receive_stop_rx_leaves_bytes_in_fifo(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	uart_port_lock_irqsave(port, &flags);
	port->ops->stop_rx(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_release(t);

	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 8U);
	KUNIT_EXPECT_FALSE(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI));
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_in_uart);
}

/*
 * set_termios while bytes wait for the DPC keeps the receive interrupts
 * masked; the DPC reads the bytes and unmasks them.
 */
static void ntserial_dpc_receive_set_termios_while_left_to_dpc(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);

	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	ntt_set_iflag(t, CREAD | CLOCAL | CSTOPB, 0);
	KUNIT_EXPECT_TRUE(test, t->model.lcr & UART_LCR_STOP);
	KUNIT_EXPECT_FALSE(test, t->model.ier & UART_IER_RDI);
	ntt_release(t);
	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);
}

/*
 * A parity error waits at the head of the FIFO for the DPC, and tx_empty
 * reads LSR first (clearing the error bits in the UART): the error must
 * still land on that byte.
 */
static void ntserial_dpc_receive_error_read_by_tx_empty_stays_on_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	static const u8 fl[8] = { TTY_PARITY };

	m16550_rx_inject(&t->model, ntt_text, 1, UART_LSR_PE);
	m16550_rx_inject(&t->model, ntt_text + 1, 7, 0);
	ntt_isr_call_held(t);
	port->ops->tx_empty(port);
	ntt_release(t);
	ntt_expect_rx(t, ntt_text, fl, 8);
	KUNIT_EXPECT_EQ(test, port->icount.parity, 1U);
}

/*
 * The FIFO overruns while its bytes wait for a late DPC: the overrun is
 * reported, and from then on the ISR reads the FIFO itself.
 */
static void ntserial_dpc_receive_overrun_while_left_to_dpc_falls_back_to_isr(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	static const u8 fill[] = "0123456789abcdefg";
	long io0;

	m16550_rx_inject(&t->model, fill, 8, 0);
	ntt_isr_call_held(t);
	m16550_rx_inject(&t->model, fill + 8, 8, 0);
	KUNIT_ASSERT_EQ(test, m16550_rx_inject(&t->model, fill + 16, 1, 0), 0U);
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 17U);	/* 16 and the marker */
	KUNIT_EXPECT_EQ(test, t->up.port.icount.overrun, 1U);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_defer);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_fallbacks), 1L);

	io0 = ntt_isr_io(t);
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - io0, 11L);
}

/* The ISR fills its capture (it reads the FIFO itself, rx_defer_us=0). */
static void ntserial_dpc_receive_capture_full_holds_then_resumes(struct kunit *test)
{
	struct ntt *t = ntt_open_model_rx_in_isr(test);
	unsigned int total = NTSER_RX_CAPTURE + M16550_FIFO_SIZE, i, n;

	ntt_fill_capture(t);
	/*
	 * The last FIFO load found the capture full: it stays in the UART
	 * with receive interrupts masked until the DPC made room.  One DPC
	 * run takes at most 8 x 64 entries, then requests itself again.
	 */
	ntt_service(t);
	KUNIT_EXPECT_GE(test, ntt_ran(t, NTSER_ROLE_RX), 3UL);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_held);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.overrun, 0U);

	n = ntt_rx_read(t);
	KUNIT_ASSERT_EQ(test, n, total);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, t->rx_ch[i], (u8)i, "byte %u", i);
		if (t->rx_ch[i] != (u8)i)
			break;
	}
	ntt_check_dpcs(t);
}

/*
 * stop_rx (serial_core calls it on close, before the port shuts down)
 * masks receive interrupts.  When that happens while the ISR holds them
 * masked for a full capture, the receive DPC that drains the capture must
 * not enable them again.
 */
static void ntserial_dpc_stop_rx_while_capture_full_stays_stopped(struct kunit *test)
{
	struct ntt *t = ntt_open_model_rx_in_isr(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	ntt_fill_capture(t);
	uart_port_lock_irqsave(port, &flags);
	port->ops->stop_rx(port);
	uart_port_unlock_irqrestore(port, flags);
	ntt_flush(t);

	KUNIT_EXPECT_FALSE_MSG(test, t->model.ier & (UART_IER_RDI | UART_IER_RLSI),
			       "receive interrupts enabled again after stop_rx (IER %#x)",
			       t->model.ier);
}

/* Sum of insertions of every DPC object of the port. */
static u64 ntt_dpc_inserts(struct ntt *t)
{
	u64 n = READ_ONCE(t->up.dpc_for_isr.dpc.stats.inserted);
	unsigned int r;

	for (r = 0; r < NTSER_NR_ROLES; r++)
		n += READ_ONCE(t->up.custom[r].dpc.stats.inserted);
	return n;
}

/* Close the port: serial_core's shutdown, as uart_shutdown() calls it. */
static void ntt_close(struct ntt *t)
{
	t->up.port.ops->shutdown(&t->up.port);
	t->opened = false;
}

/*
 * get_mctrl on a closed port (reading /proc/tty/driver/ntserial does it)
 * reads MSR, which clears its deltas.  Nobody waits for them with the port
 * closed: no modem status DPC may run, since a CTS change would start a
 * transmission on a port whose transmit buffer serial_core has freed.
 */
static void ntserial_dpc_get_mctrl_on_closed_port_queues_nothing(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long msr0, flags;
	u64 ins0;

	ntt_close(t);
	ntt_flush(t);
	msr0 = ntt_ran(t, NTSER_ROLE_MSR);
	ins0 = ntt_dpc_inserts(t);
	m16550_set_lines(&t->model, UART_MSR_DCD | UART_MSR_DSR);
	uart_port_lock_irqsave(port, &flags);
	KUNIT_EXPECT_EQ(test, port->ops->get_mctrl(port),
			TIOCM_CAR | TIOCM_DSR);
	uart_port_unlock_irqrestore(port, flags);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, ntt_dpc_inserts(t), ins0);
	KUNIT_EXPECT_EQ(test, ntt_ran(t, NTSER_ROLE_MSR), msr0);
	KUNIT_EXPECT_EQ(test, port->icount.dcd, 0U);
}

/*
 * After shutdown nothing loads the transmitter from the transmit buffer,
 * whatever asks: start_tx (uart_handle_cts_change() calls it), or a
 * transmit DPC for a THRE seen before the close.
 */
static void ntserial_dpc_start_tx_after_shutdown_loads_nothing(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	KUNIT_ASSERT_TRUE(test, t->up.tx_fifo_empty);
	ntt_close(t);
	ntt_flush(t);
	m16550_reset_counts(&t->model);
	KUNIT_ASSERT_EQ(test, nt_test_xmit_put(&t->state, ntt_text, 20), 20U);
	uart_port_lock_irqsave(port, &flags);
	port->ops->start_tx(port);
	uart_port_unlock_irqrestore(port, flags);
	atomic_set(&t->up.thre_seen, 1);
	ntser_request_role(&t->up, NTSER_ROLE_TX);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_TX], 0U);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 0U);
	KUNIT_EXPECT_FALSE(test, timer_pending(&t->up.tx_timer));
	nt_test_xmit_init(&t->state, t->xmit_buf);
}

/*
 * startup fails after the reset (the IRQ cannot be connected).  serial_core
 * keeps the port open for CAP_SYS_ADMIN anyway and never calls shutdown,
 * and tcflow(TCION) still reaches start_tx: nothing may be loaded and no
 * watchdog armed, which would otherwise re-arm itself for good and fire
 * after the port is freed.
 */
static void ntserial_dpc_failed_startup_leaves_port_closed(struct kunit *test)
{
	const struct ntt_dpc_param *p = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, p->model);
	struct uart_port *port = &t->up.port;
	unsigned int irq = port->irq;
	unsigned long flags;

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	port->irq = 0;
	KUNIT_EXPECT_LT(test, port->ops->startup(port), 0);
	port->irq = irq;
	KUNIT_ASSERT_EQ(test, nt_test_xmit_put(&t->state, ntt_text, 20), 20U);
	m16550_reset_counts(&t->model);
	uart_port_lock_irqsave(port, &flags);
	port->ops->start_tx(port);
	uart_port_unlock_irqrestore(port, flags);
	KUNIT_EXPECT_FALSE(test, timer_pending(&t->up.tx_timer));
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_TX], 0U);
	nt_test_xmit_init(&t->state, t->xmit_buf);
}

/*
 * A UART that raises no THRE interrupt when THRE is enabled (the THRE
 * erratum of some 16550 clones, or an edge lost at startup): the port
 * must still transmit, with the watchdog standing in for the first THRE.
 */
static void ntserial_dpc_first_thre_lost_watchdog_starts_tx(struct kunit *test)
{
	const struct ntt_dpc_param *p = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, p->model);
	struct uart_port *port = &t->up.port;
	unsigned long deadline;
	struct ktermios k;

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	t->model.thre_enable_erratum = true;
	/* The loopback test of detection left a THRE latched in the model. */
	t->model.thre_int = false;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	ntt_service(t);
	/* No THRE came: only the watchdog can tell the FIFO is empty. */
	KUNIT_EXPECT_EQ(test, t->up.intr.stats.isr_calls, 0ULL);

	ntt_write(t, ntt_text, 20);
	deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	while (READ_ONCE(t->model.tx_len) == 0 &&
	       time_before(jiffies, deadline))
		usleep_range(2000, 5000);
	KUNIT_ASSERT_GT_MSG(test, t->model.tx_len, 0U,
			    "no byte sent in %d ms: the first THRE never came",
			    NTT_WAIT_MS);
	ntt_tx_pump(t, 20);
	ntt_expect_tx(t, 0, ntt_text, 20);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	KUNIT_EXPECT_GE(test, atomic_long_read(&t->up.stats.tx_timeouts), 1L);
}

/*
 * tcflush(TCIFLUSH): bytes the ISR captured, or left in the UART for the
 * DPC, never reach the tty after the purge; bytes that arrive after it do.
 * TCOFLUSH leaves received bytes alone.
 */
static void ntserial_dpc_receive_purge_drops_old_bytes(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	struct uart_port *port = &t->up.port;
	bool in_isr = !t->up.isr.rx_defer;

	KUNIT_ASSERT_NOT_NULL_MSG(test, port->ops->ioctl,
				  "no uart_ops.ioctl: TCFLSH never reaches the driver");
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	KUNIT_EXPECT_EQ(test, port->ops->ioctl(port, TCFLSH, TCOFLUSH),
			-ENOIOCTLCMD);
	KUNIT_EXPECT_EQ(test, port->ops->ioctl(port, TCFLSH, TCIFLUSH),
			-ENOIOCTLCMD);
	ntt_release(t);
	KUNIT_EXPECT_EQ(test, ntt_rx_read(t), 0U);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	if (in_isr)
		KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_purged),
				8L);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);

	m16550_rx_inject(&t->model, ntt_text + 8, 3, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, port->ops->ioctl(port, TCFLSH, TCOFLUSH),
			-ENOIOCTLCMD);
	ntt_expect_rx(t, ntt_text + 8, NULL, 3);
}

/* Wait until the rescue timer has served @n deferrals in all. */
static void ntt_wait_rescues(struct ntt *t, long n)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);

	while (atomic_long_read(&t->up.stats.rx_rescues) < n &&
	       time_before(jiffies, deadline))
		usleep_range(500, 1000);
	KUNIT_ASSERT_EQ_MSG(t->test, atomic_long_read(&t->up.stats.rx_rescues),
			    n, "nobody read the FIFO for the late DPC");
}

/*
 * The receive DPC is late (removed from its queue, as if ksoftirqd had
 * it) while the ISR left a trigger level of bytes in the FIFO at 115200
 * baud.  Before the FIFO's room is gone the rescue timer reads them: the
 * next 12 bytes, which would have overrun the FIFO behind the first 8,
 * all arrive.  Once is a hiccup and the deferral stays; late
 * NTSER_RX_RESCUE_STREAK times in a row, the ISR reads from then on.
 */
static void ntserial_dpc_receive_late_dpc_rescued_by_timer(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	u8 ch[20 + 8 * NTSER_RX_RESCUE_STREAK];
	unsigned int i, n = 20;
	struct ktermios k;

	for (i = 0; i < sizeof(ch); i++)
		ch[i] = 'A' + i % 58;
	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	ntt_service(t);
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_defer);
	m16550_rx_inject(&t->model, ch, 8, 0);
	ntt_isr_call_held(t);
	/* (rx_in_uart is not checked: the timer may have fired already.) */
	ntt_wait_rescues(t, 1);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);

	KUNIT_EXPECT_EQ(test, m16550_rx_inject(&t->model, ch + 8, 12, 0), 12U);
	ntt_service(t);
	ntt_release(t);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	KUNIT_EXPECT_TRUE(test, t->up.isr.rx_defer);

	/* Late every time now. */
	for (i = 1; i <= NTSER_RX_RESCUE_STREAK; i++) {
		m16550_rx_inject(&t->model, ch + n, 8, 0);
		n += 8;
		ntt_isr_call_held(t);
		ntt_wait_rescues(t, 1 + i);
		KUNIT_EXPECT_EQ(test, t->up.isr.rx_defer,
				i < NTSER_RX_RESCUE_STREAK);
		ntt_release(t);
	}
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_fallbacks), 1L);
	ntt_expect_rx(t, ch, NULL, n);
	KUNIT_EXPECT_EQ(test, port->icount.overrun, 0U);

	/* A new line setting decides again. */
	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	KUNIT_EXPECT_TRUE(test, t->up.isr.rx_defer);
}

/*
 * Bytes wait in the FIFO for a late DPC when set_termios stops deferring
 * (9600 baud, 8.3 ms of room, to 460800, 174 us): the rescue timer must
 * still read them, though the ISR reads the FIFO itself from now on.
 */
static void ntserial_dpc_receive_rescued_after_termios_stops_deferring(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_in_dpc(test);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	port->uartclk = 8 * NTSER_DEFAULT_UARTCLK;
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, 9600);
	ntt_service(t);
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_defer);
	m16550_rx_inject(&t->model, ntt_text, 8, 0);
	ntt_isr_call_held(t);
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, 460800);
	KUNIT_ASSERT_FALSE(test, t->up.isr.rx_defer);
	/* The deadline was 4 ms away: only a descheduled vCPU misses it. */
	if (atomic_long_read(&t->up.stats.rx_rescues))
		kunit_skip(test, "the rescue came before the termios change");
	KUNIT_ASSERT_TRUE(test, t->up.isr.rx_in_uart);
	ntt_wait_rescues(t, 1);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_RDI);
	ntt_release(t);
	ntt_expect_rx(t, ntt_text, NULL, 8);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.rx_fallbacks), 0L);
}

static struct kunit_case ntserial_dpc_cases[] = {
	KUNIT_CASE_PARAM(ntserial_dpc_receive_pushes_bytes_and_flags,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_transmit_loads_at_most_fifo_per_thre,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_transmit_refills_while_thre_follows_at_once,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_transmit_in_loopback_never_overruns_receiver,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_transmit_sends_x_char_first,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_transmit_respects_tx_stopped,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_modem_status_counts_and_wakes,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_line_errors_count_icount,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_purge_clears_tx_fifo,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_timeout_recovers_lost_thre,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_transmit_stale_thre_loads_nothing,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_left_to_late_dpc_forgotten_at_shutdown,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_stop_rx_leaves_bytes_in_fifo,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_set_termios_while_left_to_dpc,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_error_read_by_tx_empty_stays_on_byte,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_overrun_while_left_to_dpc_falls_back_to_isr,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_capture_full_holds_then_resumes,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_get_mctrl_on_closed_port_queues_nothing,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_start_tx_after_shutdown_loads_nothing,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_first_thre_lost_watchdog_starts_tx,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_purge_drops_old_bytes,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_late_dpc_rescued_by_timer,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_receive_rescued_after_termios_stops_deferring,
			 ntt_model_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_failed_startup_leaves_port_closed,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_dpc_stop_rx_while_capture_full_stays_stopped,
			 ntt_model_gen_params),
	{}
};

static struct kunit_suite ntserial_dpc_suite = {
	.name = "ntserial_dpc",
	.exit = ntt_exit,
	.test_cases = ntserial_dpc_cases,
};

/* ==== ntserial_fault: a UART that misbehaves =========================== */

/*
 * The UART vanishes (every read 0xff, writes lost) while the port is open
 * with output queued.  The ISR says IRQ_NONE; the transmit watchdog sees
 * IIR and LSR both 0xff, which no 16550 reads, and discards the output
 * with one log line, so writers and close do not wait on a transmitter
 * that is gone.  Opening it again is refused, as 8250 refuses it.
 */
static void ntserial_fault_vanished_uart_discards_output(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	unsigned long deadline, flags;
	unsigned int pending;
	int wakeups, ret;
	struct ktermios k;

	ntt_termios(t, &k, B115200 | CS8 | CREAD | CLOCAL, 0, 115200);
	ntt_service(t);
	t->model.bus_value = 0xff;
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);

	wakeups = atomic_read(&t->write_wakeups);
	ntt_write(t, ntt_text, 40);
	deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	do {
		usleep_range(2000, 5000);
		ntt_flush(t);
		uart_port_lock_irqsave(port, &flags);
		pending = nt_uart_tx_pending(port);
		uart_port_unlock_irqrestore(port, flags);
	} while (pending && time_before(jiffies, deadline));
	KUNIT_EXPECT_EQ_MSG(test, pending, 0U,
			    "output still queued for a UART that is gone");
	/* The first burst went into the void; the watchdog dropped the rest. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.tx_dropped), 24L);
	KUNIT_EXPECT_TRUE(test, t->up.gone);
	KUNIT_EXPECT_GT(test, atomic_read(&t->write_wakeups), wakeups);

	/* Further output goes the same way at once. */
	ntt_write(t, ntt_text, 10);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.tx_dropped), 34L);
	KUNIT_EXPECT_EQ(test, port->ops->tx_empty(port), TIOCSER_TEMT);

	ntt_close(t);
	ret = port->ops->startup(port);
	KUNIT_EXPECT_EQ(test, ret, -ENODEV);
	if (!ret)
		ntt_close(t);

	/* It comes back: the port opens and works again. */
	t->model.bus_value = -1;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	ntt_write(t, ntt_text, 5);
	ntt_tx_pump(t, 5);
	ntt_expect_tx(t, 0, ntt_text, 5);
}

/*
 * An interrupt source that never clears (IIR stuck at RDA while any
 * interrupt is enabled).  The ISR bounds each call; after
 * NTSER_STORM_STREAK calls in a row that end at the pass limit the UART's
 * interrupts stay masked for NTSER_STORM_BACKOFF_MS, with one warning,
 * so the CPU is not taken; then they are unmasked, and a UART that has
 * recovered works again.
 */
static void ntserial_fault_interrupt_storm_masked_then_recovers(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	u8 wanted = UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI;
	unsigned long deadline, expires;
	u64 calls0;
	unsigned int i;

	t->model.stuck_iir = 0xc0 | UART_IIR_RDI;
	calls0 = READ_ONCE(t->up.intr.stats.isr_calls);
	for (i = 0; i < 4 * NTSER_STORM_STREAK; i++) {
		if (!m16550_irq_pending(&t->model))
			break;
		ntt_fire(t);
		ntt_flush(t);
	}
	expires = READ_ONCE(t->up.storm_timer.expires);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->up.intr.stats.isr_calls) - calls0,
			(u64)NTSER_STORM_STREAK);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.stats.storms), 1L);
	KUNIT_EXPECT_EQ(test, t->model.ier, 0);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_TRUE(test, timer_pending(&t->up.storm_timer));
	KUNIT_EXPECT_LE(test, t->model.reads[UART_IIR],
			NTSER_STORM_STREAK * (NTSER_ISR_PASS_LIMIT + 2U));

	/* The source clears; the backoff ends; the UART works again. */
	t->model.stuck_iir = -1;
	deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	while (READ_ONCE(t->model.ier) != wanted &&
	       time_before(jiffies, deadline))
		usleep_range(2000, 5000);
	KUNIT_ASSERT_EQ(test, t->model.ier, wanted);
	KUNIT_EXPECT_TRUE(test, time_after_eq(jiffies, expires));
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text, 5, 0);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 5);
	ntt_write(t, ntt_text, 4);
	ntt_tx_pump(t, 4);
	ntt_expect_tx(t, 0, ntt_text, 4);
}

/*
 * Nothing pending: IRQ_NONE with one IIR read, no register written, no
 * DPC queued, however often it comes.
 */
static void ntserial_fault_spurious_interrupts_cost_one_read(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	unsigned long deadline = jiffies + msecs_to_jiffies(NTT_WAIT_MS);
	unsigned int i, w = 0;
	u64 ins0;

	/* The watchdog started at open would queue its DPC meanwhile. */
	while (timer_pending(&t->up.tx_timer) && time_before(jiffies, deadline))
		usleep_range(2000, 5000);
	ntt_flush(t);
	m16550_reset_counts(&t->model);
	ins0 = ntt_dpc_inserts(t);

	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_NONE);
	for (i = 0; i < M16550_NR_REGS; i++)
		w += t->model.writes[i];
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_IIR], 100U);
	KUNIT_EXPECT_EQ(test, w, 0U);
	KUNIT_EXPECT_EQ(test, ntt_dpc_inserts(t), ins0);
}

/*
 * Every received byte carries an error (a line at the wrong rate): each
 * is delivered with its flag and counted once, none is lost.
 */
static void ntserial_fault_error_on_every_byte(struct kunit *test)
{
	struct ntt *t = ntt_open_param(test);
	struct uart_port *port = &t->up.port;
	u8 ch[64], fl[64];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(ch); i += M16550_FIFO_SIZE) {
		for (j = i; j < i + M16550_FIFO_SIZE; j++) {
			ch[j] = 'a' + j % 26;
			fl[j] = j & 1 ? TTY_FRAME : TTY_PARITY;
			m16550_rx_inject(&t->model, &ch[j], 1,
					 j & 1 ? UART_LSR_FE : UART_LSR_PE);
		}
		ntt_service(t);
		m16550_rx_timeout(&t->model);
		ntt_service(t);
	}
	ntt_expect_rx(t, ch, fl, ARRAY_SIZE(ch));
	KUNIT_EXPECT_EQ(test, port->icount.parity, 32U);
	KUNIT_EXPECT_EQ(test, port->icount.frame, 32U);
	KUNIT_EXPECT_EQ(test, port->icount.overrun, 0U);
	KUNIT_EXPECT_EQ(test, port->icount.rx, 64U);
	ntt_check_dpcs(t);
}

static struct kunit_case ntserial_fault_cases[] = {
	KUNIT_CASE_PARAM(ntserial_fault_vanished_uart_discards_output,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_fault_interrupt_storm_masked_then_recovers,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_fault_spurious_interrupts_cost_one_read,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_fault_error_on_every_byte,
			 ntt_dpc_gen_params),
	{}
};

static struct kunit_suite ntserial_fault_suite = {
	.name = "ntserial_fault",
	.exit = ntt_exit,
	.test_cases = ntserial_fault_cases,
};

/* ==== ntserial_termios ================================================== */

struct ntt_lcr_case {
	const char *desc;
	tcflag_t cflag;
	u8 lcr;
};

static const struct ntt_lcr_case ntt_lcr_cases[] = {
	{ "CS5", CS5, UART_LCR_WLEN5 },
	{ "CS6", CS6, UART_LCR_WLEN6 },
	{ "CS7", CS7, UART_LCR_WLEN7 },
	{ "CS8", CS8, UART_LCR_WLEN8 },
	{ "CS8 CSTOPB", CS8 | CSTOPB, UART_LCR_WLEN8 | UART_LCR_STOP },
	{ "CS5 CSTOPB (1.5 stop)", CS5 | CSTOPB,
	  UART_LCR_WLEN5 | UART_LCR_STOP },
	{ "CS7 PARENB (even)", CS7 | PARENB,
	  UART_LCR_WLEN7 | UART_LCR_PARITY | UART_LCR_EPAR },
	{ "CS7 PARENB PARODD (odd)", CS7 | PARENB | PARODD,
	  UART_LCR_WLEN7 | UART_LCR_PARITY },
	{ "CS8 PARENB PARODD CMSPAR (mark)", CS8 | PARENB | PARODD | CMSPAR,
	  UART_LCR_WLEN8 | UART_LCR_PARITY | UART_LCR_SPAR },
	{ "CS8 PARENB CMSPAR (space)", CS8 | PARENB | CMSPAR,
	  UART_LCR_WLEN8 | UART_LCR_PARITY | UART_LCR_EPAR | UART_LCR_SPAR },
	{ "CS8 CMSPAR without PARENB", CS8 | CMSPAR, UART_LCR_WLEN8 },
	{ "CS6 CSTOPB PARENB PARODD", CS6 | CSTOPB | PARENB | PARODD,
	  UART_LCR_WLEN6 | UART_LCR_STOP | UART_LCR_PARITY },
};

static void ntt_lcr_desc(const struct ntt_lcr_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_lcr, ntt_lcr_cases, ntt_lcr_desc);

static void ntserial_termios_lcr_from_cflag(struct kunit *test)
{
	const struct ntt_lcr_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ntser_lcr_from_termios(c->cflag), c->lcr);
}

static void ntserial_termios_set_termios_programs_lcr(struct kunit *test)
{
	const struct ntt_lcr_case *c = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct ktermios k;

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	ntt_termios(t, &k, B9600 | CREAD | CLOCAL | c->cflag, 0, 9600);
	KUNIT_EXPECT_EQ(test, t->model.lcr, c->lcr);
}

struct ntt_baud_case {
	const char *desc;
	tcflag_t cbaud;
	speed_t speed;		/* for BOTHER */
	unsigned int custom_divisor;	/* UPF_SPD_CUST if not 0 */
	unsigned int divisor;
	speed_t reported;
	bool spd_cust;		/* UPF_SPD_CUST with custom_divisor 0 */
	unsigned int uartclk;	/* 0: NTSER_DEFAULT_UARTCLK */
};

/*
 * Any user may set custom_divisor (TIOCSSERIAL with ASYNC_SPD_CUST), and
 * any BOTHER rate: the divisor latch gets 1..0xffff whatever they say.
 */

static const struct ntt_baud_case ntt_baud_cases[] = {
	{ "B50", B50, 0, 0, 2304, 50 },
	{ "B110", B110, 0, 0, 1047, 110 },
	{ "B300", B300, 0, 0, 384, 300 },
	{ "B1200", B1200, 0, 0, 96, 1200 },
	{ "B9600", B9600, 0, 0, 12, 9600 },
	{ "B38400", B38400, 0, 0, 3, 38400 },
	{ "B57600", B57600, 0, 0, 2, 57600 },
	{ "B115200", B115200, 0, 0, 1, 115200 },
	{ "BOTHER 100000 gives 115200", BOTHER, 100000, 0, 1, 115200 },
	{ "BOTHER 7200", BOTHER, 7200, 0, 16, 7200 },
	{ "BOTHER 10000 gives 9600", BOTHER, 10000, 0, 12, 9600 },
	{ "B230400 above uartclk/16 clamps to 115200", B230400, 0, 0, 1,
	  115200 },
	{ "B460800 above uartclk/16 clamps to 115200", B460800, 0, 0, 1,
	  115200 },
	{ "spd_cust B38400 custom_divisor 5", B38400, 0, 5, 5, 23040 },
	{ "spd_cust B9600 ignores custom_divisor", B9600, 0, 5, 12, 9600 },
	{ "B0 keeps 9600 divisor, reports 0", B0, 0, 0, 12, 0 },
	{ "spd_cust custom_divisor 0 gives 1", B38400, 0, 0, 1, 115200,
	  true },
	{ "spd_cust custom_divisor 0xffff", B38400, 0, 0xffff, 0xffff, 2 },
	{ "spd_cust custom_divisor 0x10000 clamps to 0xffff", B38400, 0,
	  0x10000, 0xffff, 2 },
	{ "spd_cust custom_divisor 1<<28: 16 * quot wraps", B38400, 0,
	  1U << 28, 0xffff, 2 },
	{ "spd_cust custom_divisor -1 clamps to 0xffff", B38400, 0,
	  0xffffffffU, 0xffff, 2 },
	{ "BOTHER 1 clamps to the slowest rate, 3", BOTHER, 1, 0, 38400, 3 },
	{ "BOTHER 0xffffffff clamps to 115200", BOTHER, 0xffffffffU, 0, 1,
	  115200 },
	{ "uartclk 153600, B0: 9600 fits", B0, 0, 0, 1, 0, false, 153600 },
	{ "uartclk 153600, B50: 50 baud", B50, 0, 0, 192, 50, false, 153600 },
	{ "uartclk 0x7fffffff, B50 clamps to 2050", B50, 0, 0, 65472, 2050,
	  false, 0x7fffffff },
	{ "uartclk 0x7fffffff, BOTHER 0xffffffff: divisor 1", BOTHER,
	  0xffffffffU, 0, 1, 134217728, false, 0x7fffffff },
};

static void ntt_baud_desc(const struct ntt_baud_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_baud, ntt_baud_cases, ntt_baud_desc);

static void ntserial_termios_set_termios_programs_divisor(struct kunit *test)
{
	const struct ntt_baud_case *c = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	if (c->uartclk)
		port->uartclk = c->uartclk;
	if (c->custom_divisor || c->spd_cust) {
		port->flags |= UPF_SPD_CUST;
		port->custom_divisor = c->custom_divisor;
	}
	ntt_termios(t, &k, c->cbaud | CS8 | CREAD | CLOCAL, 0, c->speed);

	KUNIT_EXPECT_EQ(test, m16550_divisor(&t->model), c->divisor);
	KUNIT_EXPECT_EQ(test, t->model.lcr, UART_LCR_WLEN8);
	KUNIT_EXPECT_EQ(test, tty_termios_baud_rate(&k), c->reported);
	KUNIT_EXPECT_GT(test, port->frame_time, 0U);
}

struct ntt_mask_case {
	const char *desc;
	tcflag_t iflag;
	bool no_cread;
	u8 err;			/* LSR bits of the byte */
	bool overrun;		/* fill the FIFO and lose one more */
	unsigned int n;		/* flip buffer entries for the byte */
	u8 ch;			/* ... its character */
	u8 flag;		/* ... and flag */
	unsigned int overruns;	/* TTY_OVERRUN markers expected */
};

static const struct ntt_mask_case ntt_mask_cases[] = {
	{ "parity, INPCK: TTY_PARITY", INPCK, false, UART_LSR_PE, false,
	  1, 'a', TTY_PARITY },
	{ "parity, no INPCK: TTY_NORMAL", 0, false, UART_LSR_PE, false,
	  1, 'a', TTY_NORMAL },
	{ "parity, INPCK IGNPAR: dropped", INPCK | IGNPAR, false,
	  UART_LSR_PE, false, 0 },
	{ "frame, INPCK: TTY_FRAME", INPCK, false, UART_LSR_FE, false,
	  1, 'a', TTY_FRAME },
	{ "frame, INPCK IGNPAR: dropped", INPCK | IGNPAR, false,
	  UART_LSR_FE, false, 0 },
	{ "break, BRKINT: TTY_BREAK", BRKINT, false, UART_LSR_BI, false,
	  1, 0, TTY_BREAK },
	{ "break, PARMRK: TTY_BREAK", PARMRK, false, UART_LSR_BI, false,
	  1, 0, TTY_BREAK },
	{ "break, IGNBRK: dropped", IGNBRK, false, UART_LSR_BI, false, 0 },
	{ "break, no BRKINT: NUL TTY_NORMAL", 0, false, UART_LSR_BI, false,
	  1, 0, TTY_NORMAL },
	{ "break with parity, INPCK BRKINT: TTY_BREAK", INPCK | BRKINT,
	  false, UART_LSR_BI | UART_LSR_PE, false, 1, 0, TTY_BREAK },
	{ "normal, no CREAD: dropped", 0, true, 0, false, 0 },
	{ "parity, INPCK, no CREAD: dropped", INPCK, true, UART_LSR_PE,
	  false, 0 },
	{ "overrun: TTY_OVERRUN marker", 0, false, 0, true, 1, 'a',
	  TTY_NORMAL, 1 },
	{ "overrun, IGNBRK IGNPAR: no marker", IGNBRK | IGNPAR, false, 0,
	  true, 1, 'a', TTY_NORMAL, 0 },
	{ "overrun, IGNPAR only: marker", IGNPAR, false, 0, true, 1, 'a',
	  TTY_NORMAL, 1 },
};

static void ntt_mask_desc(const struct ntt_mask_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_mask, ntt_mask_cases, ntt_mask_desc);

static void ntserial_termios_status_masks_then_rx(struct kunit *test)
{
	const struct ntt_mask_case *c = test->param_value;
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	static const u8 fill[] = "bbbbbbbbbbbbbbbb";
	unsigned int i, n, overruns = 0, normal_b = 0, got_a = 0;
	u8 a = c->err & UART_LSR_BI ? 0 : 'a';

	ntt_set_iflag(t, CLOCAL | (c->no_cread ? 0 : CREAD), c->iflag);
	m16550_rx_inject(&t->model, &a, 1, c->err);
	if (c->overrun) {
		m16550_rx_inject(&t->model, fill, 15, 0);
		KUNIT_ASSERT_EQ(test, m16550_rx_inject(&t->model, fill, 1, 0),
				0U);
	} else {
		m16550_rx_timeout(&t->model);
	}
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), 0U);

	n = ntt_rx_read(t);
	for (i = 0; i < n; i++) {
		if (t->rx_fl[i] == TTY_OVERRUN) {
			overruns++;
		} else if (t->rx_ch[i] == 'b' && t->rx_fl[i] == TTY_NORMAL) {
			normal_b++;
		} else {
			got_a++;
			KUNIT_EXPECT_EQ(test, t->rx_ch[i], c->ch);
			KUNIT_EXPECT_EQ(test, t->rx_fl[i], c->flag);
		}
	}
	KUNIT_EXPECT_EQ(test, got_a, c->n);
	KUNIT_EXPECT_EQ(test, overruns, c->overruns);
	KUNIT_EXPECT_EQ(test, normal_b,
			c->overrun && !c->no_cread ? 15U : 0U);
	/* Errors are counted whatever the masks say, as 8250 does. */
	KUNIT_EXPECT_EQ(test, t->up.port.icount.parity,
			c->err == UART_LSR_PE ? 1U : 0U);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.brk,
			c->err & UART_LSR_BI ? 1U : 0U);
	KUNIT_EXPECT_EQ(test, t->up.port.icount.overrun,
			c->overrun ? 1U : 0U);
}

static void ntserial_termios_modem_interrupts_follow_clocal(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);

	/* CLOCAL and no CRTSCTS: no modem status interrupt. */
	KUNIT_EXPECT_FALSE(test, t->model.ier & UART_IER_MSI);
	ntt_set_iflag(t, CREAD, 0);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_MSI);
	ntt_set_iflag(t, CREAD | CLOCAL | CRTSCTS, 0);
	KUNIT_EXPECT_TRUE(test, t->model.ier & UART_IER_MSI);
	/* Receive and THRE interrupts stay enabled through set_termios. */
	KUNIT_EXPECT_EQ(test, t->model.ier & ~UART_IER_MSI,
			UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI);
}

/*
 * TIOCSSERIAL by a privileged caller: serial_core makes uartclk of
 * baud_base * 16 (an int) and fifosize of xmit_fifo_size; the driver
 * refuses what its arithmetic or the UART cannot take.
 */
enum ntt_move {
	NTT_KEEP,
	NTT_MOVE_IRQ,
	NTT_MOVE_PORT,
	NTT_MOVE_PORT_HIGH,
	NTT_MOVE_IOMEM,
	NTT_MOVE_HUB6,
	NTT_MOVE_REGSHIFT,
	NTT_MOVE_IOTYPE,
	NTT_MOVE_TYPE,
};

struct ntt_verify_case {
	const char *desc;
	enum m16550_type type;
	int baud_base;		/* 0: unchanged */
	int xmit_fifo_size;
	int ret;
	enum ntt_move move;	/* a field that says where the port is */
};

static const struct ntt_verify_case ntt_verify_cases[] = {
	{ "unchanged", M16550_16550A, 0, 0, 0 },
	{ "xmit_fifo_size 16 on a 16550A", M16550_16550A, 0, 16, 0 },
	{ "xmit_fifo_size 1 on a 16550A", M16550_16550A, 0, 1, 0 },
	{ "xmit_fifo_size 17 on a 16550A", M16550_16550A, 0, 17, -EINVAL },
	{ "xmit_fifo_size -1", M16550_16550A, 0, -1, -EINVAL },
	{ "xmit_fifo_size 16 on a 16450", M16550_16450, 0, 16, -EINVAL },
	{ "xmit_fifo_size 1 on a 16450", M16550_16450, 0, 1, 0 },
	{ "baud_base 9600", M16550_16550A, 9600, 0, 0 },
	{ "baud_base 9599", M16550_16550A, 9599, 0, -EINVAL },
	{ "baud_base 0x7fffffff / 16", M16550_16550A, 0x7fffffff / 16, 0, 0 },
	{ "baud_base 0x8000000: uartclk wraps", M16550_16550A, 0x8000000, 0,
	  -EINVAL },
	{ "baud_base INT_MAX", M16550_16550A, INT_MAX, 0, -EINVAL },
	{ "irq changed", M16550_16550A, 0, 0, -EINVAL, NTT_MOVE_IRQ },
	{ "port changed", M16550_16550A, 0, 0, -EINVAL, NTT_MOVE_PORT },
	{ "port_high changed", M16550_16550A, 0, 0, -EINVAL,
	  NTT_MOVE_PORT_HIGH },
	{ "iomem_base changed", M16550_16550A, 0, 0, -EINVAL,
	  NTT_MOVE_IOMEM },
	{ "hub6 changed", M16550_16550A, 0, 0, -EINVAL, NTT_MOVE_HUB6 },
	{ "iomem_reg_shift changed", M16550_16550A, 0, 0, -EINVAL,
	  NTT_MOVE_REGSHIFT },
	{ "io_type changed", M16550_16550A, 0, 0, -EINVAL, NTT_MOVE_IOTYPE },
	{ "type changed", M16550_16550A, 0, 0, -EINVAL, NTT_MOVE_TYPE },
};

static void ntt_verify_desc(const struct ntt_verify_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_verify, ntt_verify_cases, ntt_verify_desc);

static void ntserial_termios_verify_port_checks_ranges(struct kunit *test)
{
	const struct ntt_verify_case *c = test->param_value;
	struct ntt *t = ntt_create(test, c->type, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct serial_struct ss = { };

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	port->iobase = 0x2f8;
	/* What TIOCGSERIAL (uart_get_info()) reports. */
	ss.type = port->type;
	ss.irq = port->irq;
	ss.port = port->iobase;
	ss.iomem_base = (void *)port->mapbase;
	ss.hub6 = port->hub6;
	ss.io_type = port->iotype;
	ss.iomem_reg_shift = port->regshift;
	ss.baud_base = c->baud_base ?: port->uartclk / 16;
	ss.xmit_fifo_size = c->xmit_fifo_size;
	switch (c->move) {
	case NTT_MOVE_IRQ:
		ss.irq++;
		break;
	case NTT_MOVE_PORT:
		ss.port = 0x3f8;
		break;
	case NTT_MOVE_PORT_HIGH:
		ss.port_high = 1;
		break;
	case NTT_MOVE_IOMEM:
		ss.iomem_base = (void *)0xfee00000UL;
		break;
	case NTT_MOVE_HUB6:
		ss.hub6 = 1;
		break;
	case NTT_MOVE_REGSHIFT:
		ss.iomem_reg_shift = 2;
		break;
	case NTT_MOVE_IOTYPE:
		ss.io_type = UPIO_MEM;
		break;
	case NTT_MOVE_TYPE:
		ss.type = PORT_16450;
		break;
	default:
		break;
	}
	KUNIT_EXPECT_EQ(test, port->ops->verify_port(port, &ss), c->ret);
}

/* uartclk= and clock-frequency: 9600 baud must fit, no int may wrap. */
struct ntt_clk_case {
	const char *desc;
	u32 clk;
	int ret;
};

static const struct ntt_clk_case ntt_clk_cases[] = {
	{ "0", 0, -EINVAL },
	{ "800 (50 baud only)", 800, -EINVAL },
	{ "153599", 153599, -EINVAL },
	{ "153600 (9600 baud)", 153600, 0 },
	{ "1843200", 1843200, 0 },
	{ "0x7fffffff", 0x7fffffff, 0 },
	{ "0x80000000", 0x80000000, -EINVAL },
	{ "0xffffffff", 0xffffffff, -EINVAL },
};

static void ntt_clk_desc(const struct ntt_clk_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_clk, ntt_clk_cases, ntt_clk_desc);

static void ntserial_termios_uartclk_range(struct kunit *test)
{
	const struct ntt_clk_case *c = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);

	KUNIT_EXPECT_EQ(test, ntser_check_uartclk(t->dev, "uartclk", c->clk),
			c->ret);
}

static struct kunit_case ntserial_termios_cases[] = {
	KUNIT_CASE_PARAM(ntserial_termios_lcr_from_cflag, ntt_lcr_gen_params),
	KUNIT_CASE_PARAM(ntserial_termios_set_termios_programs_lcr,
			 ntt_lcr_gen_params),
	KUNIT_CASE_PARAM(ntserial_termios_set_termios_programs_divisor,
			 ntt_baud_gen_params),
	KUNIT_CASE_PARAM(ntserial_termios_status_masks_then_rx,
			 ntt_mask_gen_params),
	KUNIT_CASE(ntserial_termios_modem_interrupts_follow_clocal),
	KUNIT_CASE_PARAM(ntserial_termios_verify_port_checks_ranges,
			 ntt_verify_gen_params),
	KUNIT_CASE_PARAM(ntserial_termios_uartclk_range, ntt_clk_gen_params),
	{}
};

static struct kunit_suite ntserial_termios_suite = {
	.name = "ntserial_termios",
	.exit = ntt_exit,
	.test_cases = ntserial_termios_cases,
};

/* ==== ntserial_fcr ====================================================== */

struct ntt_trig_case {
	unsigned int bytes;
	unsigned int level;
};

static const struct ntt_trig_case ntt_trig_cases[] = {
	{ 0, 1 }, { 1, 1 }, { 3, 1 }, { 4, 4 }, { 7, 4 }, { 8, 8 },
	{ 13, 8 }, { 14, 14 }, { 16, 14 }, { 1000, 14 },
};

static void ntt_trig_desc(const struct ntt_trig_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u bytes -> level %u",
		 c->bytes, c->level);
}

KUNIT_ARRAY_PARAM(ntt_trig, ntt_trig_cases, ntt_trig_desc);

static void ntserial_fcr_trigger_rounds_down(struct kunit *test)
{
	const struct ntt_trig_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ntser_fcr_trigger(c->bytes), c->level);
}

static const unsigned int ntt_levels[] = { 1, 4, 8, 14 };

static void ntt_level_desc(const unsigned int *l, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "rx_trig_bytes=%u", *l);
}

KUNIT_ARRAY_PARAM(ntt_level, ntt_levels, ntt_level_desc);

static void ntserial_fcr_rx_trig_sets_fast_path_size(struct kunit *test)
{
	unsigned int level = *(const unsigned int *)test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	static const u8 trig_bits[] = { [1] = 0, [4] = 1, [8] = 2, [14] = 3 };

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	t->up.rx_trig_bytes = level;
	t->up.rx_defer_ns = 0;		/* the ISR's fast path */
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.fcr >> 6, trig_bits[level]);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, level);

	m16550_reset_counts(&t->model);
	m16550_rx_inject(&t->model, ntt_text, level, 0);
	KUNIT_EXPECT_EQ(test, m16550_iir_peek(&t->model) & 0x0f, UART_IIR_RDI);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], level);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 1U);
	ntt_expect_rx(t, ntt_text, NULL, level);
}

/*
 * 11 bytes at trigger level 8.  The ISR reads the 8 it knows of and
 * leaves the rest to the character timeout; the DPC reads on while LSR
 * shows data, so it takes all 11 at once.
 */
static void ntserial_fcr_rda_above_trigger_isr_leaves_rest_dpc_reads_on(struct kunit *test)
{
	struct ntt *t = ntt_open_rx_param(test);
	bool dpc = t->up.isr.rx_defer;

	m16550_rx_inject(&t->model, ntt_text, 11, 0);
	KUNIT_EXPECT_EQ(test, ntt_isr_call(t), IRQ_HANDLED);
	ntt_flush(t);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_RX], dpc ? 11U : 8U);
	KUNIT_EXPECT_EQ(test, m16550_rx_level(&t->model), dpc ? 0U : 3U);
	/* LSR, 8 bytes, LSR, then RBR + LSR for each of the 3 others. */
	if (dpc)
		KUNIT_EXPECT_EQ(test, t->model.reads[UART_LSR], 5U);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 11);
}

struct ntt_defer_case {
	const char *desc;
	enum m16550_type type;
	unsigned int uartclk;
	speed_t baud;
	unsigned int trig;
	unsigned int defer_us;
	bool rx_in_dpc;
};

/* 8N1: a character takes 10 bit times; the FIFO's room is 16 - trig. */
static const struct ntt_defer_case ntt_defer_cases[] = {
	{ "9600, trigger 8: 8.3 ms of room, dpc", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 9600, 8, 250, true },
	{ "115200, trigger 8: 694 us, dpc", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 8, 250, true },
	{ "115200, trigger 14: 174 us, isr", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 14, 250, false },
	{ "115200, trigger 1: 1.3 ms, dpc", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 1, 250, true },
	{ "230400, trigger 8: 347 us, dpc", M16550_16550A,
	  8 * NTSER_DEFAULT_UARTCLK, 230400, 8, 250, true },
	{ "460800, trigger 8: 174 us, isr", M16550_16550A,
	  8 * NTSER_DEFAULT_UARTCLK, 460800, 8, 250, false },
	{ "115200, trigger 8, rx_defer_us=1000: isr", M16550_16550A,
	  NTSER_DEFAULT_UARTCLK, 115200, 8, 1000, false },
	{ "9600, rx_defer_us=0: isr", M16550_16550A, NTSER_DEFAULT_UARTCLK,
	  9600, 8, 0, false },
	{ "16450 (no FIFO) at 9600: isr", M16550_16450,
	  NTSER_DEFAULT_UARTCLK, 9600, 1, 250, false },
};

static void ntt_defer_desc(const struct ntt_defer_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_defer, ntt_defer_cases, ntt_defer_desc);

static void ntserial_fcr_rx_read_by_follows_rate_and_trigger(struct kunit *test)
{
	const struct ntt_defer_case *c = test->param_value;
	struct ntt *t = ntt_create(test, c->type, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	port->uartclk = c->uartclk;
	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	if (port->fifosize > 1)
		t->up.rx_trig_bytes = c->trig;
	t->up.rx_defer_ns = (u64)c->defer_us * NSEC_PER_USEC;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, c->baud);
	KUNIT_ASSERT_EQ(test, tty_termios_baud_rate(&k), c->baud);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_defer, c->rx_in_dpc);

	/* Either way the bytes arrive. */
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text, port->fifosize, 0);
	ntt_service(t);
	m16550_rx_timeout(&t->model);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, port->fifosize);
}

/*
 * TIOCSSERIAL may lower xmit_fifo_size below the receive trigger level:
 * the transmit load follows it, but the receive FIFO is still the UART's
 * 16 bytes, and the room above the trigger is still 8 bytes (at 460800
 * baud, 174 us: less than rx_defer_us, the ISR reads).
 */
static void ntserial_fcr_lowered_fifosize_limits_only_tx_load(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	port->uartclk = 8 * NTSER_DEFAULT_UARTCLK;
	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	port->fifosize = 4;
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_termios(t, &k, BOTHER | CS8 | CREAD | CLOCAL, 0, 460800);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->up.isr.rx_trig, 8);
	KUNIT_EXPECT_FALSE(test, t->up.isr.rx_defer);

	ntt_write(t, ntt_text, 10);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 4U);
	ntt_tx_pump(t, 10);
	KUNIT_EXPECT_EQ(test, t->model.tx_max_fill, 4U);
	ntt_expect_tx(t, 0, ntt_text, 10);
	m16550_rx_inject(&t->model, ntt_text, 16, 0);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 16);
}

/* A 16450 told it has a 16-byte FIFO still gets no FCR write. */
static void ntserial_fcr_16450_raised_fifosize_writes_no_fcr(struct kunit *test)
{
	struct ntt *t = ntt_create(test, M16550_16450, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;

	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), 0);
	port->fifosize = 16;
	m16550_reset_counts(&t->model);
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_set_iflag(t, CREAD | CLOCAL, 0);
	ntt_service(t);
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_FCR], 0U);
	ntt_write(t, ntt_text, 3);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 1U);
	ntt_tx_pump(t, 3);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
}

static struct kunit_case ntserial_fcr_cases[] = {
	KUNIT_CASE_PARAM(ntserial_fcr_trigger_rounds_down, ntt_trig_gen_params),
	KUNIT_CASE_PARAM(ntserial_fcr_rx_trig_sets_fast_path_size,
			 ntt_level_gen_params),
	KUNIT_CASE_PARAM(ntserial_fcr_rda_above_trigger_isr_leaves_rest_dpc_reads_on,
			 ntt_rx_gen_params),
	KUNIT_CASE_PARAM(ntserial_fcr_rx_read_by_follows_rate_and_trigger,
			 ntt_defer_gen_params),
	KUNIT_CASE(ntserial_fcr_lowered_fifosize_limits_only_tx_load),
	KUNIT_CASE(ntserial_fcr_16450_raised_fifosize_writes_no_fcr),
	{}
};

static struct kunit_suite ntserial_fcr_suite = {
	.name = "ntserial_fcr",
	.exit = ntt_exit,
	.test_cases = ntserial_fcr_cases,
};

/* ==== ntserial_probe ==================================================== */

struct ntt_probe_case {
	const char *desc;
	enum m16550_type type;
	int bus_value;
	bool broken_loopback;
	int ret;
	unsigned int port_type;
	unsigned int fifosize;
	const char *name;
};

static const struct ntt_probe_case ntt_probe_cases[] = {
	{ "16550A", M16550_16550A, -1, false, 0, PORT_16550A, 16, "16550A" },
	{ "16550 with broken FIFO", M16550_16550, -1, false, 0, PORT_16550,
	  1, "16550" },
	{ "no FIFO: 16450", M16550_16450, -1, false, 0, PORT_16450, 1,
	  "16450" },
	{ "no FIFO, no scratch: 8250", M16550_8250, -1, false, 0, PORT_8250,
	  1, "8250" },
	{ "all 0xff: no UART", M16550_16550A, 0xff, false, -ENODEV },
	{ "all 0x00: no UART", M16550_16550A, 0x00, false, -ENODEV },
	{ "broken loopback: no UART", M16550_16550A, -1, true, -ENODEV },
};

static void ntt_probe_desc(const struct ntt_probe_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_probe, ntt_probe_cases, ntt_probe_desc);

static void ntserial_probe_detects_type(struct kunit *test)
{
	const struct ntt_probe_case *c = test->param_value;
	struct ntt *t = ntt_create(test, c->type, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;

	t->model.bus_value = c->bus_value;
	t->model.broken_loopback = c->broken_loopback;
	KUNIT_ASSERT_EQ(test, ntser_detect(&t->up), c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, port->type, c->port_type);
	KUNIT_EXPECT_EQ(test, port->fifosize, c->fifosize);
	KUNIT_EXPECT_EQ(test, t->up.tx_loadsz, c->fifosize);
	/* 8250's and the NT serial sample's receive trigger (RxFIFO=8). */
	KUNIT_EXPECT_EQ(test, t->up.rx_trig_bytes, c->fifosize > 1 ? 8U : 1U);
	KUNIT_EXPECT_STREQ(test, port->ops->type(port), c->name);
	/* Probing leaves the UART quiet: no loopback, interrupts off. */
	KUNIT_EXPECT_FALSE(test, t->model.mcr & UART_MCR_LOOP);
	KUNIT_EXPECT_EQ(test, t->model.ier, 0);
	KUNIT_EXPECT_EQ(test, t->model.lcr & UART_LCR_DLAB, 0);
	KUNIT_EXPECT_EQ(test, t->model.tx_len, 0U);
}

static void ntserial_probe_16450_moves_one_byte_per_interrupt(struct kunit *test)
{
	struct ntt *t = ntt_open_type(test, M16550_16450, NTSER_MODEL_BOTH);

	KUNIT_ASSERT_EQ(test, t->up.port.type, PORT_16450);
	ntt_write(t, ntt_text, 5);
	KUNIT_EXPECT_EQ(test, t->model.tx_fill, 1U);
	ntt_tx_pump(t, 5);
	KUNIT_EXPECT_EQ(test, t->model.tx_max_fill, 1U);
	KUNIT_EXPECT_EQ(test, t->model.tx_overflows, 0U);
	ntt_expect_tx(t, 0, ntt_text, 5);

	m16550_rx_inject(&t->model, ntt_text, 1, 0);
	ntt_service(t);
	m16550_rx_inject(&t->model, ntt_text + 1, 1, 0);
	ntt_service(t);
	ntt_expect_rx(t, ntt_text, NULL, 2);
}

static void ntserial_probe_shutdown_leaves_uart_quiet(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;

	ntt_write(t, ntt_text, 30);
	m16550_rx_inject(&t->model, ntt_text, 3, 0);
	port->ops->shutdown(port);
	t->opened = false;
	nt_test_xmit_init(&t->state, t->xmit_buf);	/* as uart_shutdown() */
	KUNIT_EXPECT_EQ(test, t->model.ier, 0);
	KUNIT_EXPECT_FALSE(test, t->model.mcr & UART_MCR_OUT2);
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_FALSE(test, timer_pending(&t->up.tx_timer));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->up.pending), 0L);
	/* It opens again. */
	KUNIT_ASSERT_EQ(test, port->ops->startup(port), 0);
	t->opened = true;
	ntt_service(t);
	KUNIT_EXPECT_TRUE(test, t->up.tx_fifo_empty);
}

static struct kunit_case ntserial_probe_cases[] = {
	KUNIT_CASE_PARAM(ntserial_probe_detects_type, ntt_probe_gen_params),
	KUNIT_CASE(ntserial_probe_16450_moves_one_byte_per_interrupt),
	KUNIT_CASE(ntserial_probe_shutdown_leaves_uart_quiet),
	{}
};

static struct kunit_suite ntserial_probe_suite = {
	.name = "ntserial_probe",
	.exit = ntt_exit,
	.test_cases = ntserial_probe_cases,
};

kunit_test_suites(&ntserial_isr_suite, &ntserial_dpc_suite,
		  &ntserial_fault_suite, &ntserial_termios_suite,
		  &ntserial_fcr_suite, &ntserial_probe_suite);
