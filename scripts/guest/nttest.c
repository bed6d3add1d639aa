// SPDX-License-Identifier: GPL-2.0
/*
 * nttest - in-guest tests for a 16550 tty driver, through the standard tty
 * API only, so that they run the same against ntserial (/dev/ttyNT0) and
 * against the kernel's own 8250 driver (/dev/ttyS1).
 *
 *   nttest NAME CASE DEV [ARGS...]
 *
 * runs one test case and prints exactly one result line,
 * "NTTEST PASS NAME", "NTTEST FAIL NAME: reason" or "NTTEST SKIP NAME:
 * reason", after any number of "  info: ..." lines.  Exit status 0 pass,
 * 1 fail, 77 skip.
 *
 * The far end of the port is scripts/peer.py on the host.  It is driven
 * in-band by lines "@@NT <command> [args]\n" sent at 8 data bits (see the
 * protocol description in peer.py, class Peer); bytes before "@@NT " are
 * ignored.
 *
 * Built static (gcc -static -O2) by scripts/mkinitramfs, for scripts/vmrun.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/serial.h>

#include "ttyio.h"
#include "ntresult.h"

#ifndef TIOCM_LOOP
#define TIOCM_LOOP	0x8000	/* <asm/termios.h>, which clashes with glibc's */
#endif

#define STALL_MS	5000	/* longest silence tolerated mid-transfer */

static char devpath[128];

/* ----------------------------------------------------------------- helpers */

static speed_t speed_const(unsigned int baud)
{
	switch (baud) {
	case 50: return B50;
	case 300: return B300;
	case 1200: return B1200;
	case 2400: return B2400;
	case 4800: return B4800;
	case 9600: return B9600;
	case 19200: return B19200;
	case 38400: return B38400;
	case 57600: return B57600;
	case 115200: return B115200;
	case 230400: return B230400;
	case 460800: return B460800;
	case 921600: return B921600;
	case 4000000: return B4000000;
	}
	fail("unsupported baud %u in test", baud);
}

static unsigned int speed_num(speed_t s)
{
	static const unsigned int bauds[] = {
		50, 300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
		230400, 460800, 921600, 4000000,
	};
	size_t i;

	for (i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (speed_const(bauds[i]) == s)
			return bauds[i];
	return 0;
}

static tcflag_t csize_flag(int bits)
{
	switch (bits) {
	case 5: return CS5;
	case 6: return CS6;
	case 7: return CS7;
	case 8: return CS8;
	}
	fail("bad character size %d", bits);
}

/* Program speed and framing; raw mode, no flow control, CLOCAL. */
static void set_line(int fd, unsigned int baud, int bits, tcflag_t parity, tcflag_t stop, int when)
{
	struct termios t;

	if (tcgetattr(fd, &t))
		fail("tcgetattr: %s", strerror(errno));
	cfmakeraw(&t);
	t.c_cflag &= ~(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS | HUPCL);
	t.c_cflag |= csize_flag(bits) | parity | stop | CLOCAL | CREAD;
	t.c_iflag &= ~(IXON | IXOFF | IXANY | INPCK | ISTRIP);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	cfsetispeed(&t, speed_const(baud));
	cfsetospeed(&t, speed_const(baud));
	if (tcsetattr(fd, when, &t))
		fail("tcsetattr(%u %d): %s", baud, bits, strerror(errno));
}

static int open_port(void)
{
	int fd = open(devpath, O_RDWR | O_NOCTTY);

	if (fd < 0)
		fail("open %s: %s", devpath, strerror(errno));
	set_line(fd, 115200, 8, 0, 0, TCSANOW);
	return fd;
}

static void write_all(int fd, const void *buf, size_t n)
{
	int r = tio_write_all(fd, buf, n);

	if (r)
		fail("write: %s", strerror(-r));
}

/* Read exactly n bytes unless the line stays silent for stall_ms. */
static size_t read_exact(int fd, void *buf, size_t n, int stall_ms)
{
	ssize_t r = tio_read_exact(fd, buf, n, stall_ms);

	if (r < 0)
		fail("read: %s", strerror((int)-r));
	return (size_t)r;
}

static void __attribute__((format(printf, 2, 3))) peer_cmd(int fd, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "@@NT ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	n += snprintf(line + n, sizeof(line) - n, "\n");
	write_all(fd, line, (size_t)n);
	if (tcdrain(fd))
		fail("tcdrain: %s", strerror(errno));
}

/* Resynchronise with the peer: flush, PING, wait for the matching PONG. */
static void peer_sync(int fd)
{
	char want[64], line[128];
	int try;

	for (try = 0; try < 6; try++) {
		unsigned int nonce = (unsigned int)(tio_now_ms() & 0xffffff) ^ (unsigned int)getpid();

		tcflush(fd, TCIFLUSH);
		peer_cmd(fd, "PING %u", nonce);
		snprintf(want, sizeof(want), "@@PONG %u", nonce);
		if (tio_read_line(fd, want, line, sizeof(line), 2500) == 0)
			return;
	}
	fail("no answer from the host peer (PING)");
}

/* Ask the peer to echo n bytes; send them, read them back, compare. */
static void echo_check(int fd, size_t n, unsigned int seed)
{
	unsigned char *out = malloc(n), *in = malloc(n);
	size_t got;

	if (!out || !in)
		fail("out of memory");
	tio_pattern(out, n, seed, 0xff);
	peer_sync(fd);
	peer_cmd(fd, "ECHO %zu", n);
	write_all(fd, out, n);
	got = read_exact(fd, in, n, STALL_MS);
	if (got != n)
		fail("echo: got %zu of %zu bytes back", got, n);
	if (memcmp(in, out, n))
		fail("echo: data differs");
	free(out);
	free(in);
}

/* ------------------------------------------------------------------- cases */

/* data BAUD BITS NBYTES: n bytes each way, CRC32 checked on both ends. */
static void t_data(int argc, char **argv)
{
	unsigned int baud, mask, seed = 0x5a;
	unsigned int peer_n, peer_crc;
	unsigned char *buf, *exp;
	char line[128];
	uint64_t t0, t1;
	size_t n, got;
	uint32_t crc;
	int bits, fd;

	if (argc < 3)
		fail("usage: data BAUD BITS NBYTES");
	baud = (unsigned int)strtoul(argv[0], NULL, 0);
	bits = atoi(argv[1]);
	n = strtoul(argv[2], NULL, 0);
	mask = (1u << bits) - 1;
	buf = malloc(n);
	exp = malloc(n);
	if (!buf || !exp)
		fail("out of memory");

	fd = open_port();
	peer_sync(fd);

	/* guest -> host */
	tio_pattern(buf, n, seed, mask);
	crc = tio_crc32(0, buf, n);
	peer_cmd(fd, "SINK %zu", n);
	set_line(fd, baud, bits, 0, 0, TCSADRAIN);
	t0 = tio_now_ms();
	write_all(fd, buf, n);
	if (tcdrain(fd))
		fail("tcdrain: %s", strerror(errno));
	t1 = tio_now_ms();
	set_line(fd, 115200, 8, 0, 0, TCSADRAIN);
	peer_cmd(fd, "GETCRC");
	if (tio_read_line(fd, "@@CRC ", line, sizeof(line), 10000))
		fail("tx: no CRC from the host peer");
	if (sscanf(line, "@@CRC %u %x", &peer_n, &peer_crc) != 2)
		fail("tx: bad CRC reply '%s'", line);
	info("tx %zu bytes at %u CS%d: crc %08x, peer got %u bytes crc %08x, %llu KiB/s",
	     n, baud, bits, crc, peer_n, peer_crc,
	     (unsigned long long)(n * 1000 / 1024 / (t1 - t0 + 1)));
	if (peer_n != n || peer_crc != crc)
		fail("tx: host received %u bytes crc %08x, sent %zu crc %08x",
		     peer_n, peer_crc, n, crc);

	/* host -> guest */
	seed = 0xa7;
	tio_pattern(exp, n, seed, mask);
	crc = tio_crc32(0, exp, n);
	peer_sync(fd);
	peer_cmd(fd, "SOURCE %zu %u %u 200", n, seed, mask);
	set_line(fd, baud, bits, 0, 0, TCSANOW);
	t0 = tio_now_ms();
	got = read_exact(fd, buf, n, STALL_MS);
	t1 = tio_now_ms();
	info("rx %zu bytes at %u CS%d: crc %08x expected %08x, %llu KiB/s", got, baud, bits,
	     tio_crc32(0, buf, got), crc, (unsigned long long)(got * 1000 / 1024 / (t1 - t0 + 1)));
	if (got != n)
		fail("rx: got %zu of %zu bytes", got, n);
	if (memcmp(buf, exp, n)) {
		size_t i;

		for (i = 0; i < n && buf[i] == exp[i]; i++)
			;
		fail("rx: data differs at byte %zu (0x%02x, expected 0x%02x)", i, buf[i], exp[i]);
	}
	set_line(fd, 115200, 8, 0, 0, TCSANOW);
	close(fd);
	pass();
}

/* Internal loopback (MCR LOOP through TIOCM_LOOP). */
static void t_loopback(int argc, char **argv)
{
	unsigned char out[64], in[64];
	int fd = open_port(), bits = TIOCM_LOOP, m, i;
	size_t got;

	(void)argc; (void)argv;
	if (ioctl(fd, TIOCMBIS, &bits))
		fail("TIOCMBIS TIOCM_LOOP: %s", strerror(errno));
	if (ioctl(fd, TIOCMGET, &m))
		fail("TIOCMGET: %s", strerror(errno));
	if (!(m & TIOCM_LOOP))
		fail("TIOCMGET does not show TIOCM_LOOP after setting it (0x%x)", m);
	tcflush(fd, TCIOFLUSH);
	for (i = 0; i < 32; i++) {	/* 2 KiB, one FIFO-sized chunk at a time */
		tio_pattern(out, sizeof(out), (unsigned int)i, 0xff);
		write_all(fd, out, sizeof(out));
		got = read_exact(fd, in, sizeof(out), 2000);
		if (got != sizeof(out))
			fail("loopback: chunk %d: read %zu of %zu bytes", i, got, sizeof(out));
		if (memcmp(in, out, sizeof(out)))
			fail("loopback: chunk %d: data differs", i);
	}
	if (ioctl(fd, TIOCMBIC, &bits))
		fail("TIOCMBIC TIOCM_LOOP: %s", strerror(errno));
	if (ioctl(fd, TIOCMGET, &m))
		fail("TIOCMGET: %s", strerror(errno));
	if (m & TIOCM_LOOP)
		fail("TIOCM_LOOP still set after clearing it (0x%x)", m);
	/* out of loopback: the line to the host works again */
	echo_check(fd, 256, 3);
	close(fd);
	pass();
}

struct line_setting {
	unsigned int baud;
	int bits;
	tcflag_t parity;
	tcflag_t stop;
};

static char parity_char(tcflag_t p)
{
	return !(p & PARENB) ? 'N' : (p & PARODD) ? 'O' : 'E';
}

/*
 * termios round trip: each setting read back equal with tcgetattr.  The
 * guest also prints "NTEXPECT termios_trace" with the settings in order,
 * after a marker setting (50 baud, 5N2); the host checks that QEMU's
 * serial_update_parameters trace shows them in that order.
 */
static void t_termios(int argc, char **argv)
{
	static const struct line_setting set[] = {
		{ 50, 5, 0, CSTOPB },			/* marker */
		{ 115200, 8, 0, 0 },
		{ 9600, 7, PARENB, CSTOPB },
		{ 57600, 6, PARENB | PARODD, 0 },
		{ 19200, 5, 0, CSTOPB },
		{ 38400, 8, PARENB | PARODD, CSTOPB },
		{ 2400, 8, PARENB, 0 },
		{ 115200, 8, 0, 0 },
	};
	char expect[512];
	size_t i, len = 0;
	int fd = open_port();

	(void)argc; (void)argv;
	len += snprintf(expect + len, sizeof(expect) - len, "NTEXPECT termios_trace");
	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		const struct line_setting *s = &set[i];
		struct termios t;
		tcflag_t want = csize_flag(s->bits) | s->parity | s->stop;
		tcflag_t mask = CSIZE | PARENB | PARODD | CSTOPB;

		set_line(fd, s->baud, s->bits, s->parity, s->stop, TCSADRAIN);
		if (tcgetattr(fd, &t))
			fail("tcgetattr: %s", strerror(errno));
		if (speed_num(cfgetospeed(&t)) != s->baud || speed_num(cfgetispeed(&t)) != s->baud)
			fail("setting %zu: speed %u/%u read back, %u set", i,
			     speed_num(cfgetispeed(&t)), speed_num(cfgetospeed(&t)), s->baud);
		if ((t.c_cflag & mask) != want)
			fail("setting %zu: cflag 0x%x read back, 0x%x set", i,
			     (unsigned int)(t.c_cflag & mask), (unsigned int)want);
		len += snprintf(expect + len, sizeof(expect) - len, " %u:%c:%d:%d",
				s->baud, parity_char(s->parity), s->bits, s->stop ? 2 : 1);
	}
	close(fd);
	printf("%s\n", expect);
	pass();
}

/* tcflush() in every direction and tcdrain() return 0; the port still works. */
static void t_flush(int argc, char **argv)
{
	static const int how[] = { TCIFLUSH, TCOFLUSH, TCIOFLUSH };
	static const char *const names[] = { "TCIFLUSH", "TCOFLUSH", "TCIOFLUSH" };
	char junk[512];
	size_t i;
	int fd = open_port();

	(void)argc; (void)argv;
	memset(junk, 'x', sizeof(junk));	/* the peer ignores it while idle */
	write_all(fd, junk, sizeof(junk));
	if (tcdrain(fd))
		fail("tcdrain: %s", strerror(errno));
	for (i = 0; i < 3; i++) {
		write_all(fd, junk, sizeof(junk));
		if (tcflush(fd, how[i]))
			fail("tcflush(%s): %s", names[i], strerror(errno));
	}
	if (tcdrain(fd))
		fail("tcdrain after flush: %s", strerror(errno));
	echo_check(fd, 1024, 9);
	close(fd);
	pass();
}

/* TIOCGICOUNT rx/tx go up by exactly the bytes moved. */
static void t_icount(int argc, char **argv)
{
	struct serial_icounter_struct a, b;
	const size_t n = 4096;
	unsigned char *out = malloc(n), *in = malloc(n);
	int fd = open_port();

	(void)argc; (void)argv;
	if (!out || !in)
		fail("out of memory");
	tio_pattern(out, n, 77, 0xff);
	peer_sync(fd);
	peer_cmd(fd, "ECHO %zu", n);
	if (ioctl(fd, TIOCGICOUNT, &a))
		fail("TIOCGICOUNT: %s", strerror(errno));
	write_all(fd, out, n);
	if (read_exact(fd, in, n, STALL_MS) != n || memcmp(in, out, n))
		fail("echo of %zu bytes failed", n);
	if (tcdrain(fd))
		fail("tcdrain: %s", strerror(errno));
	if (ioctl(fd, TIOCGICOUNT, &b))
		fail("TIOCGICOUNT: %s", strerror(errno));
	info("icount delta: tx %d rx %d (moved %zu each way)", b.tx - a.tx, b.rx - a.rx, n);
	if ((size_t)(b.tx - a.tx) != n || (size_t)(b.rx - a.rx) != n)
		fail("icount tx +%d rx +%d, expected +%zu each", b.tx - a.tx, b.rx - a.rx, n);
	close(fd);
	pass();
}

/* Two processes hold the port open at once; data from both goes through. */
static void t_twoproc(int argc, char **argv)
{
	const size_t k = 1024;
	unsigned char *out = malloc(2 * k), *in = malloc(2 * k);
	int fd, p2c[2], c2p[2], st;
	pid_t pid;
	char c;

	(void)argc; (void)argv;
	if (!out || !in || pipe(p2c) || pipe(c2p))
		fail("setup: %s", strerror(errno));
	tio_pattern(out, k, 1, 0xff);
	tio_pattern(out + k, k, 2, 0xff);
	fd = open_port();
	peer_sync(fd);
	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd2 = open(devpath, O_RDWR | O_NOCTTY);

		c = fd2 >= 0 ? 'o' : 'e';
		if (write(c2p[1], &c, 1) != 1 || c != 'o')
			_exit(1);
		if (read(p2c[0], &c, 1) != 1)	/* go */
			_exit(1);
		write_all(fd2, out, k);
		tcdrain(fd2);
		c = 'd';
		if (write(c2p[1], &c, 1) != 1)
			_exit(1);
		if (read(p2c[0], &c, 1) != 1)	/* parent done */
			_exit(1);
		close(fd2);
		_exit(0);
	}
	if (read(c2p[0], &c, 1) != 1 || c != 'o')
		fail("second process could not open %s", devpath);
	peer_cmd(fd, "ECHO %zu", 2 * k);
	c = 'g';
	if (write(p2c[1], &c, 1) != 1 || read(c2p[0], &c, 1) != 1 || c != 'd')
		fail("second process failed to write");
	write_all(fd, out + k, k);
	if (read_exact(fd, in, 2 * k, STALL_MS) != 2 * k)
		fail("did not get both processes' data back");
	if (memcmp(in, out, 2 * k))
		fail("data from the two processes differs");
	c = 'x';
	if (write(p2c[1], &c, 1) != 1)
		fail("pipe");
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		fail("second process failed (status 0x%x)", st);
	close(fd);
	pass();
}

/* open/close N times, then data. */
static void t_reopen(int argc, char **argv)
{
	int n = argc > 0 ? atoi(argv[0]) : 20, i, fd;

	for (i = 0; i < n; i++) {
		fd = open(devpath, O_RDWR | O_NOCTTY);
		if (fd < 0)
			fail("open #%d: %s", i, strerror(errno));
		if (close(fd))
			fail("close #%d: %s", i, strerror(errno));
	}
	fd = open_port();
	echo_check(fd, 4096, 11);
	close(fd);
	info("%d open/close cycles", n);
	pass();
}

/* echo N: a plain data check through the peer (used after bind etc.). */
static void t_echo(int argc, char **argv)
{
	size_t n = argc > 0 ? strtoul(argv[0], NULL, 0) : 4096;
	int fd = open_port();

	echo_check(fd, n, 5);
	close(fd);
	pass();
}

/* An unknown ioctl fails with ENOTTY or EINVAL and nothing breaks. */
static void t_badioctl(int argc, char **argv)
{
	int fd = open_port(), arg = 0;
	long r;

	(void)argc; (void)argv;
	r = ioctl(fd, _IO('T', 0xee), &arg);
	if (r != -1 || (errno != ENOTTY && errno != EINVAL))
		fail("unknown ioctl returned %ld (%s)", r, r ? strerror(errno) : "success");
	info("unknown ioctl: %s", strerror(errno));
	echo_check(fd, 256, 13);
	close(fd);
	pass();
}

/* TIOCGICOUNT to a bad user pointer gives EFAULT. */
static void t_badptr(int argc, char **argv)
{
	int fd = open_port();
	long r;

	(void)argc; (void)argv;
	r = ioctl(fd, TIOCGICOUNT, (void *)1);
	if (r != -1 || errno != EFAULT)
		fail("TIOCGICOUNT((void *)1) returned %ld (%s), expected EFAULT",
		     r, r ? strerror(errno) : "success");
	echo_check(fd, 256, 15);
	close(fd);
	pass();
}

/*
 * A speed above uartclk/16 (115200 for a 1.8432 MHz UART): tcsetattr
 * succeeds, and tcgetattr reports the rate really programmed, as 8250 does.
 */
static void t_badspeed(int argc, char **argv)
{
	struct termios t;
	int fd = open_port();
	unsigned int got;

	(void)argc; (void)argv;
	if (tcgetattr(fd, &t))
		fail("tcgetattr: %s", strerror(errno));
	cfsetispeed(&t, B4000000);
	cfsetospeed(&t, B4000000);
	if (tcsetattr(fd, TCSANOW, &t))
		fail("tcsetattr(B4000000) failed: %s", strerror(errno));
	if (tcgetattr(fd, &t))
		fail("tcgetattr: %s", strerror(errno));
	got = speed_num(cfgetospeed(&t));
	info("B4000000 requested, tcgetattr reports %u", got);
	if (got == 4000000)
		fail("tcgetattr still reports 4000000 baud, which a 16550 at 1.8432 MHz cannot do");
	if (got == 0 || got > 115200)
		fail("tcgetattr reports an odd speed (%u)", got);
	set_line(fd, 115200, 8, 0, 0, TCSANOW);
	echo_check(fd, 256, 17);
	close(fd);
	pass();
}

/*
 * release: hand the port over from the 8250 driver, as
 * "setserial /dev/ttyS1 uart none" does: TIOCSSERIAL with PORT_UNKNOWN
 * makes serial_core release the I/O region (the IRQ is only held while
 * the port is open).
 */
static void t_release(int argc, char **argv)
{
	struct serial_struct ss;
	int fd = open(devpath, O_RDWR | O_NOCTTY | O_NONBLOCK);

	(void)argc; (void)argv;
	if (fd < 0)
		fail("open %s: %s", devpath, strerror(errno));
	if (ioctl(fd, TIOCGSERIAL, &ss))
		fail("TIOCGSERIAL: %s", strerror(errno));
	info("%s: type %d port 0x%x irq %d -> uart none", devpath, ss.type, ss.port, ss.irq);
	ss.type = PORT_UNKNOWN;
	if (ioctl(fd, TIOCSSERIAL, &ss))
		fail("TIOCSSERIAL(PORT_UNKNOWN): %s", strerror(errno));
	close(fd);
	pass();
}

/*
 * hold SECONDS [hangup]: keep the port open (for the rmmod-while-open
 * tests).  With "hangup" the descriptor is hung up first (TIOCVHANGUP):
 * the port is shut down but the tty, which points into serial_core's
 * port array, lives until the descriptor is closed.
 */
static void t_hold(int argc, char **argv)
{
	int secs = argc > 0 ? atoi(argv[0]) : 30;
	int hangup = argc > 1 && !strcmp(argv[1], "hangup");
	int fd = open_port();

	if (hangup && ioctl(fd, TIOCVHANGUP, 0))
		fail("TIOCVHANGUP: %s", strerror(errno));
	info("holding %s open%s for %d s (fd %d)", devpath,
	     hangup ? ", hung up," : "", secs, fd);
	sleep((unsigned int)secs);
	close(fd);
	pass();
}

/* A counter from an ntserial debugfs stats file; -1 if not there. */
static long stats_value(const char *path, const char *key)
{
	char line[128], k[64];
	long v, found = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", k, &v) == 2 && !strcmp(k, key)) {
			found = v;
			break;
		}
	fclose(f);
	return found;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * chat N [STATS]: N one-byte round trips through the peer, 5 ms apart, as
 * an interactive protocol makes them; p50 and p99 reported.  With STATS
 * (ntserial's debugfs stats file): the adaptive trigger must not raise
 * the level on lone bytes, and must be at 1 at the end.
 */
static void t_chat(int argc, char **argv)
{
	unsigned int n = argc > 0 ? strtoul(argv[0], NULL, 0) : 50, i;
	const char *stats = argc > 1 ? argv[1] : NULL;
	long raises0 = 0, raises1, trig;
	uint64_t *rtt, t0;
	struct timespec ts;
	unsigned char c, r;
	int fd = open_port();

	rtt = calloc(n ? n : 1, sizeof(*rtt));
	if (!rtt)
		fail("out of memory");
	peer_sync(fd);
	peer_cmd(fd, "ECHO %u", n);
	usleep(100000);		/* the PONG burst is over, the line idle */
	if (stats)
		raises0 = stats_value(stats, "rx_trig_raises");
	for (i = 0; i < n; i++) {
		c = (unsigned char)(0x41 + i % 26);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t0 = (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
		write_all(fd, &c, 1);
		if (read_exact(fd, &r, 1, STALL_MS) != 1)
			fail("chat: no echo of byte %u", i);
		if (r != c)
			fail("chat: byte %u came back as 0x%02x, sent 0x%02x", i, r, c);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		rtt[i] = (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 - t0;
		usleep(5000);
	}
	qsort(rtt, n, sizeof(*rtt), cmp_u64);
	info("%u one-byte round trips: p50 %llu us, p99 %llu us", n,
	     (unsigned long long)rtt[n / 2], (unsigned long long)rtt[n * 99 / 100]);
	if (stats) {
		raises1 = stats_value(stats, "rx_trig_raises");
		trig = stats_value(stats, "rx_trig");
		info("adaptive trigger: %ld raises during the round trips, level %ld after", raises1 - raises0, trig);
		if (raises0 < 0 || raises1 < 0 || trig < 0)
			fail("no rx_trig_raises or rx_trig in %s", stats);
		if (raises1 != raises0 || trig != 1)
			fail("lone bytes moved the trigger: %ld raises, level %ld", raises1 - raises0, trig);
	}
	free(rtt);
	close(fd);
	pass();
}

/* ping: the peer answers. */
static void t_ping(int argc, char **argv)
{
	int fd = open_port();

	(void)argc; (void)argv;
	peer_sync(fd);
	close(fd);
	pass();
}

/* ------------------------------------------------ teardown-test helpers */

static volatile sig_atomic_t stop_req;

static void on_term(int sig)
{
	(void)sig;
	stop_req = 1;
}

static unsigned int rand_state = 1;

static unsigned int rand_below(unsigned int n)
{
	rand_state = rand_state * 1103515245u + 12345u;
	return n ? (rand_state >> 8) % n : 0;
}

struct errcount {
	int err;
	unsigned long n;
};

static void count_err(struct errcount *ec, size_t max, int err)
{
	size_t i;

	for (i = 0; i < max; i++) {
		if (ec[i].n && ec[i].err != err)
			continue;
		ec[i].err = err;
		ec[i].n++;
		return;
	}
}

static void print_errs(const char *what, const struct errcount *ec, size_t max)
{
	char line[256];
	size_t i, len = 0;

	for (i = 0; i < max && ec[i].n; i++)
		len += snprintf(line + len, sizeof(line) - len, " %s x%lu", strerrorname_np(ec[i].err)
				? strerrorname_np(ec[i].err) : "?", ec[i].n);
	if (len)
		info("%s:%s", what, line);
}

/* Open the port for traffic, non-blocking; raw 115200 8N1 (errors ignored). */
static int open_raw_nb(void)
{
	struct termios t;
	int fd = open(devpath, O_RDWR | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		t.c_cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS | HUPCL);
		t.c_cflag |= CS8 | CLOCAL | CREAD;
		t.c_iflag &= ~(IXON | IXOFF | IXANY);
		cfsetispeed(&t, B115200);
		cfsetospeed(&t, B115200);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

/*
 * traffic SECONDS HOLD_MS [RATE]: until SIGTERM or SECONDS, open the port,
 * write (at RATE bytes a second, if given) and read as fast as it goes,
 * close.  HOLD_MS 0: keep it open until the
 * kernel takes it away (hangup, unbind, ...), then open it again; else
 * hold it a random 0..HOLD_MS and stay away 0..HOLD_MS/2.  Failed opens
 * (the port gone while unbound or unloaded) are retried.  Prints what it
 * saw; passes if it moved data both ways.
 */
static void t_traffic(int argc, char **argv)
{
	int secs = argc > 0 ? atoi(argv[0]) : 60, hold = argc > 1 ? atoi(argv[1]) : 0;
	unsigned long long rate = argc > 2 ? (unsigned long long)atoi(argv[2]) : 0;
	unsigned long opens = 0, hangups = 0, seed = 0;
	unsigned long long wbytes = 0, rbytes = 0;
	struct errcount oerr[8], ioerr[8];
	uint64_t t0 = tio_now_ms(), end = t0 + (uint64_t)secs * 1000;
	unsigned char buf[2048];

	memset(oerr, 0, sizeof(oerr));
	memset(ioerr, 0, sizeof(ioerr));
	rand_state = (unsigned int)getpid();
	signal(SIGTERM, on_term);
	signal(SIGHUP, SIG_IGN);
	while (!stop_req && tio_now_ms() < end) {
		uint64_t hold_end;
		int fd = open_raw_nb();

		if (fd < 0) {
			count_err(oerr, 8, errno);
			usleep(2000 + rand_below(8000));
			continue;
		}
		opens++;
		hold_end = hold ? tio_now_ms() + rand_below((unsigned int)hold + 1) : end;
		while (!stop_req && tio_now_ms() < hold_end) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };
			ssize_t r = 0;

			/* ahead of RATE: only read until the clock catches up */
			if (tio_ahead(wbytes, t0, rate))
				pfd.events = POLLIN;
			if (poll(&pfd, 1, 20) < 0)
				continue;
			if (pfd.revents & POLLIN) {
				r = read(fd, buf, sizeof(buf));
				if (r > 0)
					rbytes += (unsigned long long)r;
				else if (r == 0 || (errno != EAGAIN && errno != EINTR))
					break;
			}
			if (pfd.revents & POLLOUT) {
				tio_pattern(buf, sizeof(buf), (unsigned int)seed++, 0xff);
				r = write(fd, buf, 1 + rand_below(sizeof(buf)));
				if (r > 0)
					wbytes += (unsigned long long)r;
				else if (r < 0 && errno != EAGAIN && errno != EINTR)
					break;
			}
			if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL) && !(pfd.revents & POLLIN))
				break;
		}
		if (!stop_req && tio_now_ms() < hold_end) {
			hangups++;
			count_err(ioerr, 8, errno);
		}
		close(fd);
		if (hold)
			usleep(1000 * rand_below((unsigned int)hold / 2 + 1));
	}
	info("traffic: %lu opens, %lu taken away; wrote %llu bytes, read %llu bytes",
	     opens, hangups, wbytes, rbytes);
	print_errs("traffic: failed opens", oerr, 8);
	print_errs("traffic: I/O ended by", ioerr, 8);
	if (!wbytes || !rbytes)
		fail("no traffic both ways (wrote %llu, read %llu bytes)", wbytes, rbytes);
	pass();
}

/*
 * vhangup N: N times open the port, TIOCVHANGUP it (every open file of
 * the tty is hung up, the traffic process's too), close, pause 0..5 ms.
 */
static void t_vhangup(int argc, char **argv)
{
	int n = argc > 0 ? atoi(argv[0]) : 100, i, tries;

	rand_state = (unsigned int)getpid();
	signal(SIGHUP, SIG_IGN);
	for (i = 0; i < n; i++) {
		int fd = -1;

		for (tries = 0; tries < 500 && fd < 0; tries++) {
			fd = open(devpath, O_RDWR | O_NOCTTY | O_NONBLOCK);
			if (fd < 0)
				usleep(10000);
		}
		if (fd < 0)
			fail("open #%d: %s", i, strerror(errno));
		if (ioctl(fd, TIOCVHANGUP, 0))
			fail("TIOCVHANGUP #%d: %s", i, strerror(errno));
		close(fd);
		usleep(1000 * rand_below(6));
	}
	info("%d TIOCVHANGUP cycles", n);
	pass();
}

/*
 * closecycle N: N times open the port, queue up to 2 KiB of output, read
 * what came in, pause 0..5 ms, close with output still queued and input
 * still arriving.
 */
static void t_closecycle(int argc, char **argv)
{
	int n = argc > 0 ? atoi(argv[0]) : 100, i, tries;
	unsigned long long rbytes = 0, wbytes = 0;
	unsigned char buf[2048];

	rand_state = (unsigned int)getpid();
	signal(SIGHUP, SIG_IGN);
	for (i = 0; i < n; i++) {
		int fd = -1;
		ssize_t r;

		for (tries = 0; tries < 500 && fd < 0; tries++) {
			fd = open_raw_nb();
			if (fd < 0)
				usleep(10000);
		}
		if (fd < 0)
			fail("open #%d: %s", i, strerror(errno));
		tio_pattern(buf, sizeof(buf), (unsigned int)i, 0xff);
		r = write(fd, buf, 1 + rand_below(sizeof(buf)));
		if (r > 0)
			wbytes += (unsigned long long)r;
		usleep(1000 * rand_below(6));
		r = read(fd, buf, sizeof(buf));
		if (r > 0)
			rbytes += (unsigned long long)r;
		if (close(fd))
			fail("close #%d: %s", i, strerror(errno));
	}
	info("%d open/write/read/close cycles: wrote %llu, read %llu bytes", n, wbytes, rbytes);
	pass();
}

/* Process @pid has the port open. */
static int open_by(pid_t pid)
{
	char dir[64], path[384], target[128];
	struct dirent *d;
	int found = 0;
	DIR *dp;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	dp = opendir(dir);
	if (!dp)
		return 0;
	while (!found && (d = readdir(dp))) {
		ssize_t n;

		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			found = strcmp(target, devpath) == 0;
		}
	}
	closedir(dp);
	return found;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Wait up to @ms for the device node to exist (@want) or be gone. */
static int wait_node(int want, int ms)
{
	uint64_t end = tio_now_ms() + (uint64_t)ms;
	struct stat st;

	while (tio_now_ms() < end) {
		if ((stat(devpath, &st) == 0) == want)
			return 0;
		usleep(2000);
	}
	return -1;
}

/*
 * cycle KIND N PID ARGS: N teardown cycles while process PID (the traffic
 * helper) moves data through the port.  Each cycle first waits (up to
 * 1 s) until PID has the port open, lets data flow for 0..20 ms, then:
 *   cycle unbind N PID DEVICE        sysfs unbind + bind of platform DEVICE
 *   cycle rmmod N PID KO [PARAM...]  delete_module(), retried while the
 *                                    port is in use (up to 20 s), then
 *                                    finit_module() and the node back
 */
static void t_cycle(int argc, char **argv)
{
	static const char drv[] = "/sys/bus/platform/drivers/ntserial";
	unsigned long refused = 0;
	int n, i, opened = 0, held = 0, rc;
	char path[160], params[256] = "";
	const char *kind;
	pid_t pid;

	if (argc < 4)
		fail("usage: cycle unbind|rmmod N PID DEVICE|KO [PARAM...]");
	kind = argv[0];
	n = atoi(argv[1]);
	pid = (pid_t)atoi(argv[2]);
	for (i = 4; i < argc; i++)
		snprintf(params + strlen(params), sizeof(params) - strlen(params), "%s%s",
			 i > 4 ? " " : "", argv[i]);
	rand_state = (unsigned int)getpid();
	for (i = 0; i < n; i++) {
		uint64_t end = tio_now_ms() + 1000;

		while (!open_by(pid) && tio_now_ms() < end)
			usleep(1000);
		opened += open_by(pid);
		usleep(1000 * rand_below(21));
		held += open_by(pid);
		if (strcmp(kind, "unbind") == 0) {
			snprintf(path, sizeof(path), "%s/unbind", drv);
			rc = write_str(path, argv[3]);
			if (rc)
				fail("unbind #%d (%s): %s", i, argv[3], strerror(-rc));
			snprintf(path, sizeof(path), "%s/bind", drv);
			rc = write_str(path, argv[3]);
			if (rc)
				fail("bind #%d (%s): %s", i, argv[3], strerror(-rc));
		} else if (strcmp(kind, "rmmod") == 0) {
			uint64_t give_up = tio_now_ms() + 20000;
			int fd;

			while (syscall(SYS_delete_module, "ntserial", O_NONBLOCK)) {
				if (errno != EWOULDBLOCK && errno != EBUSY)
					fail("rmmod #%d: %s", i, strerror(errno));
				refused++;
				if (tio_now_ms() > give_up)
					fail("rmmod #%d: still in use after 20 s (%lu refusals so far)",
					     i, refused);
				usleep(500 + 1000 * rand_below(3));
			}
			fd = open(argv[3], O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				fail("open %s: %s", argv[3], strerror(errno));
			if (syscall(SYS_finit_module, fd, params, 0))
				fail("insmod #%d %s: %s", i, params, strerror(errno));
			close(fd);
		} else {
			fail("unknown cycle kind '%s'", kind);
		}
		if (wait_node(1, 5000))
			fail("%s #%d: %s did not come back", kind, i, devpath);
	}
	info("%d %s cycles: the traffic process had the port open before %d, still at the start of %d",
	     n, kind, opened, held);
	if (!strcmp(kind, "rmmod"))
		info("rmmod refused %lu times while the port was in use", refused);
	pass();
}

/* flood MS: the host peer floods the line and swallows our output for MS. */
static void t_flood(int argc, char **argv)
{
	int ms = argc > 0 ? atoi(argv[0]) : 10000;
	int rate = argc > 1 ? atoi(argv[1]) : 0;
	int fd = open_port();

	peer_sync(fd);
	peer_cmd(fd, "FLOOD %d %d %d", ms, 0x42, rate);
	close(fd);
	if (rate)
		info("host peer floods the line for up to %d ms at %d bytes/s", ms, rate);
	else
		info("host peer floods the line for up to %d ms", ms);
	pass();
}

/* floodstop: end the peer's flood, wait for the line to go quiet, resync. */
static void t_floodstop(int argc, char **argv)
{
	unsigned char buf[4096];
	size_t drained = 0;
	uint64_t end = tio_now_ms() + 20000;
	int fd = open_port();

	(void)argc; (void)argv;
	peer_cmd(fd, "STOP");
	while (tio_now_ms() < end) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&pfd, 1, 500) <= 0)
			break;
		r = read(fd, buf, sizeof(buf));
		if (r > 0)
			drained += (size_t)r;
	}
	peer_sync(fd);
	close(fd);
	info("flood stopped; %zu bytes drained", drained);
	pass();
}

static const struct {
	const char *name;
	void (*fn)(int argc, char **argv);
} cases[] = {
	{ "data", t_data },
	{ "loopback", t_loopback },
	{ "termios", t_termios },
	{ "flush", t_flush },
	{ "icount", t_icount },
	{ "twoproc", t_twoproc },
	{ "reopen", t_reopen },
	{ "chat", t_chat },
	{ "echo", t_echo },
	{ "badioctl", t_badioctl },
	{ "badptr", t_badptr },
	{ "badspeed", t_badspeed },
	{ "ping", t_ping },
	{ "release", t_release },
	{ "hold", t_hold },
	{ "traffic", t_traffic },
	{ "vhangup", t_vhangup },
	{ "closecycle", t_closecycle },
	{ "cycle", t_cycle },
	{ "flood", t_flood },
	{ "floodstop", t_floodstop },
};

static void on_alarm(int sig)
{
	static const char msg[] = ": timed out (alarm)\n";
	char line[200];

	(void)sig;
	snprintf(line, sizeof(line) - sizeof(msg), "NTTEST FAIL %s", test_name);
	strcat(line, msg);
	if (write(STDOUT_FILENO, line, strlen(line)) < 0)
		_exit(3);
	_exit(1);
}

int main(int argc, char **argv)
{
	const char *limit = getenv("NTTEST_TIMEOUT");
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 4) {
		fprintf(stderr, "usage: nttest NAME CASE DEV [ARGS...]\n");
		return 2;
	}
	test_name = argv[1];
	snprintf(devpath, sizeof(devpath), "%s%s", argv[3][0] == '/' ? "" : "/dev/", argv[3]);
	/* Never hang the boot: a test that blocks fails on its own first. */
	signal(SIGALRM, on_alarm);
	alarm(limit ? (unsigned int)atoi(limit) : 240);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(cases[i].name, argv[2]) == 0)
			cases[i].fn(argc - 4, argv + 4);
	fail("unknown test case '%s'", argv[2]);
}
