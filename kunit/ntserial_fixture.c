// SPDX-License-Identifier: GPL-2.0
/*
 * The fixture of the ntserial KUnit suites (ntserial_fixture.h): a port of
 * the driver on a software 16550A (kunit/uart16550_model.c).
 *
 * A case builds a port as the platform driver would (ntser_port_init(),
 * ntser_detect()) whose serial_in/serial_out hooks reach the model, gives
 * it a bare struct uart_state with no tty, and opens it with the driver's
 * own uart_ops.  Its interrupt object is connected to a software Linux IRQ
 * (dummy_irq_chip, handle_simple_irq); an "interrupt" is delivered with
 * generic_handle_irq() from an irq_work, i.e. in hard IRQ context, whenever
 * the model asserts its interrupt line.  Some cases call the interrupt
 * handler nt_interrupt_handler() directly, also from hard IRQ context, to
 * see its return value.  Received data is read back from the tty_port's
 * flip buffers, where it stays because no line discipline takes it.
 * Every wait is bounded.
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/irq.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tty_buffer.h>
#include <linux/workqueue.h>

#include "ntserial_fixture.h"

/* The text most cases send and receive; every suite uses it, so not static. */
const u8 ntt_text[] =
	"The quick brown fox jumps over the lazy dog";

static struct ntt *ntt_of(struct uart_port *port)
{
	return container_of(port, struct ntt, up.port);
}

static unsigned int ntt_serial_in(struct uart_port *port, int offset)
{
	struct ntt *t = ntt_of(port);

	if (t->in_hook)
		t->in_hook(t, offset);
	return m16550_read(&t->model, offset);
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

/**
 * ntt_run_hardirq() - run @fn on @t in hard IRQ context and wait for it.
 * @t: the fixture.
 * @fn: what to run (an irq_work of this CPU runs it).
 *
 * Context: process; not reentrant for one @t.
 */
void ntt_run_hardirq(struct ntt *t, void (*fn)(struct ntt *t))
{
	t->hardirq_fn = fn;
	irq_work_queue(&t->fire_work);
	irq_work_sync(&t->fire_work);
}

static void ntt_linux_irq_fn(struct ntt *t)
{
	generic_handle_irq(t->irq);
}

/**
 * ntt_fire() - deliver an interrupt through the Linux IRQ, in hard IRQ
 *	context, as the interrupt controller would.
 * @t: the fixture.
 */
void ntt_fire(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_linux_irq_fn);
}

static void ntt_isr_call_fn(struct ntt *t)
{
	t->ret = nt_interrupt_handler(t->irq, t->up.intr);
}

/**
 * ntt_isr_call() - call the interrupt handler in hard IRQ context.
 * @t: the fixture.
 *
 * Return: what nt_interrupt_handler() returned.
 */
irqreturn_t ntt_isr_call(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_isr_call_fn);
	return t->ret;
}

/*
 * Deliver the interrupt, then take the DPCs the ISR queued off their queue
 * before they can run (KeRemoveQueueDpc), as if they were late.
 */
static void ntt_held_fn(struct ntt *t)
{
	unsigned int r;

	nt_interrupt_handler(t->irq, t->up.intr);
	nt_dpc_remove(&t->up.dpc_for_isr.dpc);
	for (r = 0; r < NTSER_NR_ROLES; r++)
		nt_dpc_remove(&t->up.custom[r].dpc);
}

/**
 * ntt_isr_call_held() - call the interrupt handler in hard IRQ context and
 *	hold back the DPCs it queues.
 * @t: the fixture.
 *
 * The role bits the ISR set stay pending until ntt_release() requests
 * them again.
 */
void ntt_isr_call_held(struct ntt *t)
{
	ntt_run_hardirq(t, ntt_held_fn);
}

/**
 * ntt_flush() - run every DPC queued, and those they queue.
 * @t: the fixture.
 *
 * The receive DPC requests itself again when it stops with entries left
 * in the capture.  A DPC that keeps requeueing itself fails the case.
 */
void ntt_flush(struct ntt *t)
{
	struct nt_dpc_queue *q = &t->up.intr->dpcs;
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

/**
 * ntt_release() - let the DPCs ntt_isr_call_held() held back run now.
 * @t: the fixture.
 */
void ntt_release(struct ntt *t)
{
	unsigned long pending = atomic_long_read(&t->up.pending);
	unsigned int r;

	for (r = 0; r < NTSER_NR_ROLES; r++)
		if (pending & BIT(r))
			ntser_request_role(&t->up, r);
	ntt_flush(t);
}

/**
 * ntt_service() - deliver interrupts through the Linux IRQ while the model
 *	asserts its line, running the DPCs after each.
 * @t: the fixture.
 *
 * A line still asserted after NTT_MAX_ROUNDS interrupts fails the case.
 *
 * Return: interrupts delivered.
 */
unsigned int ntt_service(struct ntt *t)
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

/**
 * ntt_init() - suite .init: a struct ntt in test->priv, with the parent
 *	device and a software Linux IRQ, and no port yet.
 * @test: the case.
 *
 * Return: 0, or an error that fails the case.
 */
int ntt_init(struct kunit *test)
{
	struct ntt *t;
	int irq;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	test->priv = t;
	t->test = test;
	t->fire_work = IRQ_WORK_INIT_HARD(ntt_fire_fn);

	t->dev = root_device_register("ntserial-kunit");
	if (IS_ERR(t->dev))
		return PTR_ERR(t->dev);

	irq = irq_alloc_desc(NUMA_NO_NODE);
	if (irq <= 0)
		return irq ?: -ENOSPC;
	t->irq = irq;
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_simple_irq);
	irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOAUTOEN, 0);
	return 0;
}

/**
 * ntt_destroy() - tear down a port ntt_create() or ntt_add() set up, as
 *	the platform driver's remove does; the port must be closed.
 * @t: the fixture.
 */
void ntt_destroy(struct ntt *t)
{
	if (!t->port_inited)
		return;
	ntser_port_destroy(&t->up);
	remove_wait_queue(&t->state.port.delta_msr_wait, &t->msr_wait);
	tty_port_destroy(&t->state.port);
	t->port_inited = false;
}

/**
 * ntt_exit() - suite .exit: close and destroy what the case set up.
 * @test: the case.
 *
 * Every port is closed before any is destroyed, the added ones (ntt_add())
 * first, so that the ports on the test's IRQ leave their line as they
 * would on rmmod.
 */
void ntt_exit(struct kunit *test)
{
	struct ntt *t = test->priv, *p;

	if (!t)
		return;
	for (p = t->next; p; p = p->next)
		if (p->opened)
			ntt_close(p);
	if (t->opened)
		t->up.port.ops->shutdown(&t->up.port);
	for (p = t->next; p; p = p->next)
		ntt_destroy(p);
	ntt_destroy(t);
	if (t->irq > 0)
		irq_free_desc(t->irq);
	if (!IS_ERR_OR_NULL(t->dev))
		root_device_unregister(t->dev);
}

/* Set up the port of @t, which has its test, device and IRQ. */
static struct ntt *ntt_create_on(struct kunit *test, struct ntt *t,
				 enum m16550_type type,
				 enum ntser_dpc_model model)
{
	struct uart_port *port = &t->up.port;

	m16550_init(&t->model, type);
	spin_lock_init(&port->lock);
	port->dev = t->dev;
	port->ops = &ntser_uart_ops;
	port->serial_in = ntt_serial_in;
	port->serial_out = ntt_serial_out;
	port->uartclk = NTSER_DEFAULT_UARTCLK;
	port->irq = t->irq;
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

/**
 * ntt_create() - a port on the test's fixture, initialised, not probed.
 * @test: the case; ntt_init() ran.
 * @type: the UART the model is.
 * @model: the dpc_model of the port.
 *
 * Return: test->priv.
 */
struct ntt *ntt_create(struct kunit *test, enum m16550_type type,
		       enum ntser_dpc_model model)
{
	return ntt_create_on(test, test->priv, type, model);
}

/* A struct ntt for another port on the IRQ of test->priv's. */
static struct ntt *ntt_alloc_another(struct kunit *test)
{
	struct ntt *first = test->priv, *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->fire_work = IRQ_WORK_INIT_HARD(ntt_fire_fn);
	t->dev = first->dev;
	t->irq = first->irq;
	t->next = first->next;
	first->next = t;
	return t;
}

/**
 * ntt_add() - another port on the IRQ of test->priv's, as ntt_create()
 *	makes it: a second UART on the same interrupt line.
 * @test: the case; ntt_init() ran.
 * @type: the UART its model is.
 * @model: the dpc_model of the port.
 * @backend: its dpc_backend.
 *
 * ntt_exit() closes and destroys it.  With a @backend other than the
 * tasklet backend of every fixture port, only ntser_port_init() is tried,
 * for its result: the port is torn down again at once if it succeeds.
 *
 * Return: the new fixture; ->init_err holds ntser_port_init()'s result.
 */
struct ntt *ntt_add(struct kunit *test, enum m16550_type type,
		    enum ntser_dpc_model model, enum nt_dpc_backend backend)
{
	struct ntt *t = ntt_alloc_another(test);

	if (backend != NT_DPC_BACKEND_TASKLET) {
		t->up.port.dev = t->dev;
		t->up.port.irq = t->irq;
		t->init_err = ntser_port_init(&t->up, model, backend);
		if (!t->init_err)
			ntser_port_destroy(&t->up);
		return t;
	}
	return ntt_create_on(test, t, type, model);
}

/**
 * ntt_detect() - probe the model with ntser_detect() and pin the receive
 *	trigger level at the one detected (8 on a 16550A).
 * @t: the fixture.
 *
 * The cases count register accesses at a known level; the adaptive
 * trigger, which a probed port starts with, has its own cases in
 * ntserial_fifo_test.c, which call ntser_detect() themselves.
 */
void ntt_detect(struct ntt *t)
{
	KUNIT_ASSERT_EQ(t->test, ntser_detect(&t->up), 0);
	t->up.rx_trig_auto = false;
}

/**
 * ntt_termios() - set_termios with @cflag, @iflag and @speed.
 * @t: the fixture.
 * @k: the termios to fill in and pass (the driver writes back the rate).
 * @cflag: c_cflag.
 * @iflag: c_iflag.
 * @speed: c_ispeed and c_ospeed.
 */
void ntt_termios(struct ntt *t, struct ktermios *k, tcflag_t cflag,
		 tcflag_t iflag, speed_t speed)
{
	memset(k, 0, sizeof(*k));
	k->c_cflag = cflag;
	k->c_iflag = iflag;
	k->c_ispeed = speed;
	k->c_ospeed = speed;
	t->up.port.ops->set_termios(&t->up.port, k, NULL);
}

/**
 * ntt_set_iflag() - set_termios at 9600 baud, CS8, with @cflag and @iflag.
 * @t: the fixture.
 * @cflag: c_cflag bits besides B9600 and CS8.
 * @iflag: c_iflag.
 */
void ntt_set_iflag(struct ntt *t, tcflag_t cflag, tcflag_t iflag)
{
	struct ktermios k;

	ntt_termios(t, &k, B9600 | CS8 | cflag, iflag, 9600);
}

static const char * const ntt_rx_names[] = {
	[NTT_RX_IN_DPC] = "rx read by dpc",
	[NTT_RX_IN_ISR] = "rx read by isr",
};

/* Probe the port of @t, open it and make it quiet (ntt_open_rx()). */
static struct ntt *ntt_open_on(struct kunit *test, struct ntt *t,
			       enum ntt_rx rx)
{
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	ntt_detect(t);
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

/**
 * ntt_open_rx() - a port on @type, probed and open.
 * @test: the case; ntt_init() ran.
 * @type: the UART the model is.
 * @model: the dpc_model.
 * @rx: who reads the receive FIFO.
 *
 * Probe, start up with 9600 8N1, INPCK and BRKINT, raise DTR and RTS,
 * take the first THRE interrupt and zero the model's access counters.
 *
 * Return: test->priv.
 */
struct ntt *ntt_open_rx(struct kunit *test, enum m16550_type type,
			enum ntser_dpc_model model, enum ntt_rx rx)
{
	return ntt_open_on(test, ntt_create(test, type, model), rx);
}

/**
 * ntt_open_another() - ntt_open_rx() of another port on the IRQ of
 *	test->priv's (ntt_add()).
 * @test: the case; ntt_init() ran.
 * @model: the dpc_model.
 * @rx: who reads the receive FIFO.
 *
 * Return: the new fixture.
 */
struct ntt *ntt_open_another(struct kunit *test, enum ntser_dpc_model model,
			     enum ntt_rx rx)
{
	struct ntt *t = ntt_add(test, M16550_16550A, model,
				NT_DPC_BACKEND_TASKLET);

	return ntt_open_on(test, t, rx);
}

/**
 * ntt_open_type() - ntt_open_rx() with the receive FIFO read by the DPC.
 * @test: the case; ntt_init() ran.
 * @type: the UART the model is.
 * @model: the dpc_model.
 *
 * Return: test->priv.
 */
struct ntt *ntt_open_type(struct kunit *test, enum m16550_type type,
			  enum ntser_dpc_model model)
{
	return ntt_open_rx(test, type, model, NTT_RX_IN_DPC);
}

/**
 * ntt_open() - ntt_open_type() on a 16550A.
 * @test: the case; ntt_init() ran.
 * @model: the dpc_model.
 *
 * Return: test->priv.
 */
struct ntt *ntt_open(struct kunit *test, enum ntser_dpc_model model)
{
	return ntt_open_type(test, M16550_16550A, model);
}

static const enum ntt_rx ntt_rx_modes[] = { NTT_RX_IN_DPC, NTT_RX_IN_ISR };

static void ntt_rx_desc(const enum ntt_rx *rx, char *desc)
{
	strscpy(desc, ntt_rx_names[*rx], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntt_rx_array, ntt_rx_modes, ntt_rx_desc);

/**
 * ntt_rx_gen_params() - KUnit parameters: each enum ntt_rx.
 * @prev: the previous parameter, or NULL for the first.
 * @desc: its description, KUNIT_PARAM_DESC_SIZE bytes.
 *
 * Return: the next parameter, or NULL after the last.
 */
const void *ntt_rx_gen_params(const void *prev, char *desc)
{
	return ntt_rx_array_gen_params(prev, desc);
}

/**
 * ntt_open_rx_param() - ntt_open_rx() on a 16550A, dpc_model=both, with
 *	the case's enum ntt_rx (ntt_rx_gen_params()).
 * @test: the case; ntt_init() ran.
 *
 * Return: test->priv.
 */
struct ntt *ntt_open_rx_param(struct kunit *test)
{
	return ntt_open_rx(test, M16550_16550A, NTSER_MODEL_BOTH,
			   *(const enum ntt_rx *)test->param_value);
}

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

KUNIT_ARRAY_PARAM(ntt_dpc_array, ntt_dpc_params, ntt_dpc_desc);

/**
 * ntt_dpc_gen_params() - KUnit parameters: every dpc_model, with the
 *	receive FIFO read by the DPC or by the ISR (struct ntt_dpc_param).
 * @prev: the previous parameter, or NULL for the first.
 * @desc: its description, KUNIT_PARAM_DESC_SIZE bytes.
 *
 * Return: the next parameter, or NULL after the last.
 */
const void *ntt_dpc_gen_params(const void *prev, char *desc)
{
	return ntt_dpc_array_gen_params(prev, desc);
}

/**
 * ntt_open_param() - ntt_open_rx() on a 16550A with the case's struct
 *	ntt_dpc_param (ntt_dpc_gen_params()).
 * @test: the case; ntt_init() ran.
 *
 * Return: test->priv.
 */
struct ntt *ntt_open_param(struct kunit *test)
{
	const struct ntt_dpc_param *p = test->param_value;

	return ntt_open_rx(test, M16550_16550A, p->model, p->rx);
}

/**
 * ntt_rx_read() - read every byte and flag waiting in the flip buffers
 *	into @t->rx_ch and @t->rx_fl, after running the DPCs.
 * @t: the fixture.
 *
 * Return: the number read, at most NTT_RX_MAX.
 */
unsigned int ntt_rx_read(struct ntt *t)
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

/**
 * ntt_expect_rx() - the flip buffers must hold exactly @n bytes, @ch.
 * @t: the fixture.
 * @ch: the bytes.
 * @fl: their flags, or NULL for all TTY_NORMAL.
 * @n: how many.
 */
void ntt_expect_rx(struct ntt *t, const u8 *ch, const u8 *fl, unsigned int n)
{
	unsigned int got = ntt_rx_read(t), i;

	KUNIT_ASSERT_EQ(t->test, got, n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(t->test, t->rx_ch[i], ch[i], "byte %u", i);
		KUNIT_EXPECT_EQ_MSG(t->test, t->rx_fl[i],
				    fl ? fl[i] : TTY_NORMAL, "flag %u", i);
	}
}

/**
 * ntt_write() - queue @n bytes and call start_tx as uart_write() does,
 *	then run the DPCs.
 * @t: the fixture.
 * @s: the bytes.
 * @n: how many; all must fit.
 */
void ntt_write(struct ntt *t, const u8 *s, unsigned int n)
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

/**
 * ntt_expect_tx() - the model's transmit log from byte @from on must be @s.
 * @t: the fixture.
 * @from: index in the log.
 * @s: the bytes.
 * @n: how many.
 */
void ntt_expect_tx(struct ntt *t, unsigned int from, const u8 *s,
		   unsigned int n)
{
	unsigned int i;

	KUNIT_ASSERT_GE(t->test, t->model.tx_len, from + n);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(t->test, t->model.tx_log[from + i], s[i],
				    "transmitted byte %u", from + i);
}

/**
 * ntt_tx_pump() - let the transmitter send and take THRE interrupts until
 *	@total bytes are sent.
 * @t: the fixture.
 * @total: bytes the transmit log must hold in the end.
 */
void ntt_tx_pump(struct ntt *t, unsigned int total)
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

/**
 * ntt_check_dpcs() - the DPC objects used must be those the dpc_model
 *	names.
 * @t: the fixture.
 *
 * Under "isr" only the DpcForIsr, under "custom" only CustomDpcs, under
 * "both" the DpcForIsr for receive and transmit and CustomDpcs for the
 * rest (ntser_dpc_for_isr_roles()).  Every insertion ran (one insertion
 * may still be in flight from the watchdog).
 */
void ntt_check_dpcs(struct ntt *t)
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

/**
 * ntt_dpc_inserts() - insertions so far of every DPC object of the port.
 * @t: the fixture.
 *
 * Return: their sum.
 */
u64 ntt_dpc_inserts(struct ntt *t)
{
	u64 n = READ_ONCE(t->up.dpc_for_isr.dpc.stats.inserted);
	unsigned int r;

	for (r = 0; r < NTSER_NR_ROLES; r++)
		n += READ_ONCE(t->up.custom[r].dpc.stats.inserted);
	return n;
}
