// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_port: the uart_ops of src/ntserial_port.c that open,
 * close and configure the port.  startup and shutdown, a startup that fails;
 * set_termios: the LCR, the divisor latch and the status masks; verify_port
 * (TIOCSSERIAL) and the uartclk range (src/ntserial_param.c).
 */

#include <linux/serial.h>
#include <linux/string.h>
#include <linux/timer.h>

#include "ntserial_fixture.h"

static void ntserial_port_no_interrupt_left_after_startup(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);

	/* ntt_open() took the startup THRE; the UART is quiet now. */
	KUNIT_EXPECT_FALSE(test, m16550_irq_pending(&t->model));
	KUNIT_EXPECT_TRUE(test, t->model.mcr & UART_MCR_OUT2);
	KUNIT_EXPECT_EQ(test, t->model.ier,
			UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI);
	KUNIT_EXPECT_TRUE(test, t->up.tx_fifo_empty);
}

static void ntserial_port_shutdown_leaves_uart_quiet(struct kunit *test)
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

static irqreturn_t ntt_other_driver(int irq, void *dev_id)
{
	return IRQ_NONE;
}

/*
 * startup fails after the reset (the IRQ cannot be connected: another
 * driver holds it without sharing, as 8250 would without UPF_SHARE_IRQ).
 * serial_core keeps the port open for CAP_SYS_ADMIN anyway and never
 * calls shutdown, and tcflow(TCION) still reaches start_tx: nothing may
 * be loaded and no watchdog armed, which would otherwise re-arm itself
 * for good and fire after the port is freed.
 */
static void ntserial_port_failed_startup_leaves_port_closed(struct kunit *test)
{
	const struct ntt_dpc_param *p = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, p->model);
	struct uart_port *port = &t->up.port;
	unsigned long flags;

	ntt_detect(t);
	KUNIT_ASSERT_EQ(test, request_irq(t->irq, ntt_other_driver, 0,
					  "not-shared", t), 0);
	KUNIT_EXPECT_EQ(test, port->ops->startup(port), -EBUSY);
	free_irq(t->irq, t);
	KUNIT_ASSERT_EQ(test, nt_test_xmit_put(&t->state, ntt_text, 20), 20U);
	m16550_reset_counts(&t->model);
	uart_port_lock_irqsave(port, &flags);
	port->ops->start_tx(port);
	uart_port_unlock_irqrestore(port, flags);
	KUNIT_EXPECT_FALSE(test, timer_pending(&t->up.tx_timer));
	KUNIT_EXPECT_EQ(test, t->model.writes[UART_TX], 0U);
	nt_test_xmit_init(&t->state, t->xmit_buf);
}

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

static void ntserial_port_lcr_from_cflag(struct kunit *test)
{
	const struct ntt_lcr_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ntser_lcr_from_termios(c->cflag), c->lcr);
}

static void ntserial_port_set_termios_programs_lcr(struct kunit *test)
{
	const struct ntt_lcr_case *c = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct ktermios k;

	ntt_detect(t);
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

static void ntserial_port_set_termios_programs_divisor(struct kunit *test)
{
	const struct ntt_baud_case *c = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct ktermios k;

	ntt_detect(t);
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

static void ntserial_port_status_masks_then_rx(struct kunit *test)
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

static void ntserial_port_verify_port_checks_ranges(struct kunit *test)
{
	const struct ntt_verify_case *c = test->param_value;
	struct ntt *t = ntt_create(test, c->type, NTSER_MODEL_BOTH);
	struct uart_port *port = &t->up.port;
	struct serial_struct ss = { };

	ntt_detect(t);
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

static void ntserial_port_uartclk_range(struct kunit *test)
{
	const struct ntt_clk_case *c = test->param_value;
	struct ntt *t = test->priv;	/* t->dev, from ntt_init() */

	KUNIT_EXPECT_EQ(test, ntser_check_uartclk(t->dev, "uartclk", c->clk),
			c->ret);
}

static struct kunit_case ntserial_port_cases[] = {
	KUNIT_CASE(ntserial_port_no_interrupt_left_after_startup),
	KUNIT_CASE(ntserial_port_shutdown_leaves_uart_quiet),
	KUNIT_CASE_PARAM(ntserial_port_failed_startup_leaves_port_closed,
			 ntt_dpc_gen_params),
	KUNIT_CASE_PARAM(ntserial_port_lcr_from_cflag, ntt_lcr_gen_params),
	KUNIT_CASE_PARAM(ntserial_port_set_termios_programs_lcr,
			 ntt_lcr_gen_params),
	KUNIT_CASE_PARAM(ntserial_port_set_termios_programs_divisor,
			 ntt_baud_gen_params),
	KUNIT_CASE_PARAM(ntserial_port_status_masks_then_rx,
			 ntt_mask_gen_params),
	KUNIT_CASE_PARAM(ntserial_port_verify_port_checks_ranges,
			 ntt_verify_gen_params),
	KUNIT_CASE_PARAM(ntserial_port_uartclk_range, ntt_clk_gen_params),
	{}
};

static struct kunit_suite ntserial_port_suite = {
	.name = "ntserial_port",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_port_cases,
};

kunit_test_suite(ntserial_port_suite);
