// SPDX-License-Identifier: GPL-2.0
/*
 * ntbench - in-guest benchmark for a 16550 tty driver (ntserial on
 * /dev/ttyNT0 or the kernel's 8250 on /dev/ttyS1), run by
 * scripts/bench_run.py through scripts/guest/benchinit in an initramfs
 * from scripts/mkinitramfs.  Only the standard tty API is used on the
 * port, so both drivers run exactly the same workload.
 *
 *   ntbench DEV BYTES REPS RTT_N REGWIN_BYTES IRQTRACE_BYTES IRQ [WIN0]
 *
 * The far end of COM2 is scripts/peer.py (class BenchPeer).  It is driven
 * in-band by lines "@@B <command> [args]\n"; the replies start with "@@".
 *
 * Phases, in this order:
 *   regs    register accesses: the host switches QEMU's serial_read/write
 *           tracing on, and each measurement window is delimited by a
 *           byte written to the parallel port data register (0x378), which
 *           QEMU logs too (parallel_ioport_write).  Window k (numbered
 *           from WIN0, default 0) starts with marker 2k+1, ends with 2k+2.  Nothing else touches a UART
 *           inside a window (our output is buffered until the end).
 *   tput    REPS x (TX BYTES then RX BYTES), timed with CLOCK_MONOTONIC,
 *           CRC32-checked on both ends, IRQ line counted in
 *           /proc/interrupts before and after.
 *   rtt     REPS x RTT_N round trips of 1 byte, then of 64 bytes.
 *   irqtrace REPS x (TX then RX of IRQTRACE_BYTES) with the tracepoints
 *           irq:irq_handler_entry/exit (filter irq==IRQ) recorded in the
 *           ftrace ring buffer; entry/exit pairs give hard-IRQ durations
 *           in ns (raw trace output has ns timestamps).
 *   irqsoff REPS x (TX then RX of IRQTRACE_BYTES) with the interrupts-off
 *           sections of the serial path summed by scripts/guest/irqsoff
 *           (ntirqsoff.ko, only on the self-built trace kernels): total
 *           and longest, hard IRQ and the rest apart.
 * BYTES 0 skips tput, RTT_N 0 skips rtt (the trace kernels' boots run
 * only the last two phases).
 *
 * Every result is one line starting "NTB ", printed after each phase
 * (never inside a register window, so COM1 stays silent there).
 * Built static (gcc -static -O2) by scripts/mkinitramfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ttyio.h"

#define LPT_DATA	0x378
#define STALL_MS	8000
#define TRACEFS		"/sys/kernel/tracing"

static char *out;		/* results, printed at exit */
static size_t out_len, out_cap;
static int fd = -1;
static int irq_no = 3;
static int have_lpt;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (out_cap - out_len < 512) {
		out_cap = out_cap ? out_cap * 2 : 65536;
		out = realloc(out, out_cap);
		if (!out)
			exit(3);
	}
	va_start(ap, fmt);
	n = vsnprintf(out + out_len, out_cap - out_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		out_len += (size_t)n < out_cap - out_len ? (size_t)n : out_cap - out_len - 1;
}

static void flush_out(void)
{
	if (out_len)
		fwrite(out, 1, out_len, stdout);
	out_len = 0;
	fflush(stdout);
}

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit("NTB ERROR %s\n", msg);
	flush_out();
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void marker(int v)
{
	if (have_lpt)
		outb((unsigned char)v, LPT_DATA);
}

/* ------------------------------------------------------------------- port */

static void open_port(const char *dev)
{
	struct termios t;

	fd = open(dev, O_RDWR | O_NOCTTY);
	if (fd < 0)
		die("open %s: %s", dev, strerror(errno));
	if (tcgetattr(fd, &t))
		die("tcgetattr: %s", strerror(errno));
	cfmakeraw(&t);
	t.c_cflag &= ~(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS | HUPCL);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	t.c_iflag &= ~(IXON | IXOFF | IXANY | INPCK | ISTRIP);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	cfsetispeed(&t, B115200);
	cfsetospeed(&t, B115200);
	if (tcsetattr(fd, TCSANOW, &t))
		die("tcsetattr: %s", strerror(errno));
	tcflush(fd, TCIOFLUSH);
}

static void write_all(const void *buf, size_t n)
{
	int r = tio_write_all(fd, buf, n);

	if (r)
		die("write: %s", strerror(-r));
}

static void drain(void)
{
	if (tcdrain(fd))
		die("tcdrain: %s", strerror(errno));
}

/* Read exactly n bytes unless the line stays silent for STALL_MS. */
static size_t read_exact(void *buf, size_t n)
{
	ssize_t r = tio_read_exact(fd, buf, n, STALL_MS);

	if (r < 0)
		die("read: %s", strerror((int)-r));
	return (size_t)r;
}

static void cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void cmd(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "@@B ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	write_all(line, (size_t)n);
}

/* Read one reply line starting with prefix (bytes before it are skipped). */
static void reply(const char *prefix, char *line, size_t size)
{
	size_t plen = strlen(prefix), len = 0;
	uint64_t t0 = now_ns();

	for (;;) {
		char c;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int pr = poll(&pfd, 1, 1000);

		if (now_ns() - t0 > (uint64_t)STALL_MS * 1000000)
			die("no '%s' reply from the host", prefix);
		if (pr <= 0)
			continue;
		if (read(fd, &c, 1) != 1)
			continue;
		if (len < plen && c != prefix[len]) {
			len = c == prefix[0];
			if (len)
				line[0] = c;
			continue;
		}
		if (c == '\n') {
			line[len] = 0;
			return;
		}
		if (len < size - 1)
			line[len++] = c;
	}
}

static void sync_peer(void)
{
	static unsigned int nonce = 1000;
	char want[64], line[128];

	tcflush(fd, TCIFLUSH);
	nonce++;
	cmd("SYNC %u", nonce);
	snprintf(want, sizeof(want), "@@OK %u", nonce);
	for (;;) {
		reply("@@OK ", line, sizeof(line));
		if (!strcmp(line, want))
			return;
	}
}

/*
 * The interrupts of line irq_no so far, from /sys/kernel/irq/N/per_cpu_count:
 * unlike /proc/interrupts, which on 6.12 leaves out a line without a
 * handler, it counts on while no port is open.  Both drivers free the IRQ
 * at their last close, and the multiport mode reads before its ports open
 * and after they close: through /proc/interrupts 6.12 read 0 each time.
 */
static unsigned long irq_count(void)
{
	char path[64], line[512], *p, *e;
	unsigned long total = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/irq/%d/per_cpu_count", irq_no);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(line, sizeof(line), f)) {
		for (p = line;; p = e + (*e == ',')) {
			unsigned long v = strtoul(p, &e, 10);

			if (e == p)
				break;
			total += v;
		}
	}
	fclose(f);
	return total;
}

/* ----------------------------------------------------------- transfers */

struct xfer {
	uint64_t t0;		/* when the transfer started (CLOCK_MONOTONIC) */
	uint64_t ns;		/* transfer time */
	unsigned long irqs;
	int ok;
};

/* Guest -> host: n bytes, tcdrain, CRC checked by the host. */
static struct xfer do_tx(unsigned char *buf, size_t n, unsigned int seed, int mark)
{
	struct xfer x = { 0 };
	unsigned int pn, pcrc;
	char line[128];
	unsigned long i0;
	uint64_t t0;
	uint32_t crc;

	tio_pattern(buf, n, seed, 0xff);
	crc = tio_crc32(0, buf, n);
	sync_peer();
	cmd("SINK %zu", n);
	drain();
	if (mark)
		marker(mark);
	i0 = irq_count();
	t0 = now_ns();
	write_all(buf, n);
	drain();
	x.t0 = t0;
	x.ns = now_ns() - t0;
	x.irqs = irq_count() - i0;
	if (mark)
		marker(mark + 1);
	cmd("GETCRC");
	reply("@@CRC ", line, sizeof(line));
	if (sscanf(line, "@@CRC %u %x", &pn, &pcrc) != 2)
		die("bad CRC reply '%s'", line);
	x.ok = pn == n && pcrc == crc;
	if (!x.ok)
		emit("NTB CORRUPT tx bytes=%zu crc=%08x host_bytes=%u host_crc=%08x\n",
		     n, crc, pn, pcrc);
	return x;
}

/*
 * Host -> guest: the host sends n bytes, then "@@CRC".  The time runs from
 * just before the SOURCE command to the last byte read: a driver that
 * takes the bytes off the UART faster than the reader is scheduled would
 * otherwise look faster than the line, were the clock started at the
 * first read.  The command itself (a few bytes out) costs both drivers
 * the same.  A register window (mark) asks the host to wait first, so
 * that the marker is written before the data flows.
 */
static struct xfer do_rx(unsigned char *buf, size_t n, unsigned int seed, int mark)
{
	struct xfer x = { 0 };
	unsigned int pn, pcrc;
	uint64_t t0, t1;
	unsigned long i0;
	char line[128];
	uint32_t crc;
	size_t got;

	sync_peer();
	i0 = irq_count();
	t0 = now_ns();
	cmd("SOURCE %zu %u %u", n, seed, mark ? 300 : 0);
	drain();
	if (mark)
		marker(mark);
	got = read_exact(buf, n);
	t1 = now_ns();
	x.irqs = irq_count() - i0;
	if (mark)
		marker(mark + 1);
	x.t0 = t0;
	x.ns = t1 - t0;
	crc = tio_crc32(0, buf, got);
	cmd("GETCRC");
	reply("@@CRC ", line, sizeof(line));
	if (sscanf(line, "@@CRC %u %x", &pn, &pcrc) != 2)
		die("bad CRC reply '%s'", line);
	x.ok = got == n && pn == n && pcrc == crc;
	if (!x.ok)
		emit("NTB CORRUPT rx bytes=%zu got=%zu crc=%08x host_bytes=%u host_crc=%08x\n",
		     n, got, crc, pn, pcrc);
	return x;
}

/* -------------------------------------------------------------- rtt */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t pct(uint64_t *v, size_t n, double p)
{
	size_t i;

	if (!n)
		return 0;
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static void do_rtt(int rep, size_t size, int n)
{
	unsigned char msg[64], back[64];
	uint64_t *v = calloc((size_t)n, sizeof(*v));
	int i, warm = 5, bad = 0;

	if (!v)
		die("out of memory");
	sync_peer();
	cmd("ECHO %zu", size * (size_t)(n + warm));
	for (i = -warm; i < n; i++) {
		uint64_t t0;
		size_t got;

		memset(msg, 0x30 + ((i + warm) & 63), size);
		t0 = now_ns();
		write_all(msg, size);
		got = read_exact(back, size);
		if (got != size)
			die("rtt: %zu of %zu bytes came back", got, size);
		if (memcmp(msg, back, size))
			bad++;
		if (i >= 0)
			v[i] = now_ns() - t0;
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	emit("NTB rtt rep=%d size=%zu n=%d p50=%llu p99=%llu min=%llu max=%llu bad=%d\n",
	     rep, size, n, (unsigned long long)pct(v, (size_t)n, 0.5),
	     (unsigned long long)pct(v, (size_t)n, 0.99), (unsigned long long)v[0],
	     (unsigned long long)v[n - 1], bad);
	free(v);
}

/* -------------------------------------------------------- irq tracing */

static int write_file(const char *path, const char *s)
{
	int f = open(path, O_WRONLY | O_TRUNC);
	ssize_t r;

	if (f < 0)
		return -1;
	r = write(f, s, strlen(s));
	close(f);
	return r < 0 ? -1 : 0;
}

static int read_int(const char *path)
{
	char b[32] = "";
	int f = open(path, O_RDONLY);

	if (f < 0)
		return -1;
	if (read(f, b, sizeof(b) - 1) < 0)
		b[0] = 0;
	close(f);
	return atoi(b);
}

static int id_entry = -1, id_exit = -1;

static int irqtrace_setup(size_t bytes)
{
	char filt[32], kb[32];

	id_entry = read_int(TRACEFS "/events/irq/irq_handler_entry/id");
	id_exit = read_int(TRACEFS "/events/irq/irq_handler_exit/id");
	if (id_entry <= 0 || id_exit <= 0)
		return -1;
	snprintf(filt, sizeof(filt), "irq==%d", irq_no);
	/* ~2 events of <= 48 bytes per interrupt, at most one per byte */
	snprintf(kb, sizeof(kb), "%zu", bytes * 2 * 48 / 1024 / 8 + 4096);
	write_file(TRACEFS "/tracing_on", "0");
	write_file(TRACEFS "/buffer_size_kb", kb);
	write_file(TRACEFS "/options/raw", "1");
	write_file(TRACEFS "/trace_clock", "local");
	/* IRQ_NONE vs IRQ_HANDLED counts, same method for both drivers */
	snprintf(kb, sizeof(kb), "hist:keys=ret if irq==%d", irq_no);
	write_file(TRACEFS "/events/irq/irq_handler_exit/trigger", kb);
	if (write_file(TRACEFS "/events/irq/irq_handler_entry/filter", filt) ||
	    write_file(TRACEFS "/events/irq/irq_handler_exit/filter", filt) ||
	    write_file(TRACEFS "/events/irq/irq_handler_entry/enable", "1") ||
	    write_file(TRACEFS "/events/irq/irq_handler_exit/enable", "1"))
		return -1;
	return 0;
}

/*
 * Raw trace lines: "PID CPU TS_NS type: ID".  Pair each entry with the
 * next exit on the same CPU.
 */
static void irqtrace_parse(const char *dir, int rep, uint64_t xfer_ns, size_t bytes)
{
	uint64_t open_ts[64] = { 0 }, sum = 0;
	size_t n = 0, cap = 65536, unpaired = 0, lost = 0;
	uint64_t *d = malloc(cap * sizeof(*d));
	char line[256];
	FILE *f;

	if (!d)
		die("out of memory");
	write_file(TRACEFS "/tracing_on", "0");
	f = fopen(TRACEFS "/trace", "r");
	if (!f)
		die("open trace: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		int pid, cpu, type;
		unsigned long long ts;

		if (line[0] == '#') {
			if (strstr(line, "LOST"))
				lost++;
			continue;
		}
		if (sscanf(line, "%d %d %llu type: %d", &pid, &cpu, &ts, &type) != 4)
			continue;
		if (cpu < 0 || cpu >= 64)
			continue;
		if (type == id_entry) {
			if (open_ts[cpu])
				unpaired++;
			open_ts[cpu] = ts;
		} else if (type == id_exit) {
			if (!open_ts[cpu]) {
				unpaired++;
				continue;
			}
			if (n == cap) {
				cap *= 2;
				d = realloc(d, cap * sizeof(*d));
				if (!d)
					die("out of memory");
			}
			d[n] = ts - open_ts[cpu];
			sum += d[n++];
			open_ts[cpu] = 0;
		}
	}
	fclose(f);
	qsort(d, n, sizeof(*d), cmp_u64);
	emit("NTB irqtrace dir=%s rep=%d bytes=%zu xfer_ns=%llu n=%zu sum_ns=%llu p50=%llu p99=%llu max=%llu unpaired=%zu lost=%zu\n",
	     dir, rep, bytes, (unsigned long long)xfer_ns, n, (unsigned long long)sum,
	     (unsigned long long)pct(d, n, 0.5), (unsigned long long)pct(d, n, 0.99),
	     (unsigned long long)(n ? d[n - 1] : 0), unpaired, lost);
	free(d);
}

/* The hist trigger's counts per handler return value (0 = IRQ_NONE). */
static void irqret_report(void)
{
	char line[256];
	FILE *f = fopen(TRACEFS "/events/irq/irq_handler_exit/hist", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		int ret;
		unsigned long long hits;

		if (sscanf(line, "{ ret: %d } hitcount: %llu", &ret, &hits) == 2)
			emit("NTB irqret ret=%d hits=%llu\n", ret, hits);
	}
	fclose(f);
}

#define IRQSOFF		"/sys/kernel/debug/ntirqsoff"

/* ntirqsoff's totals for one transfer, as one line */
static void irqsoff_report(const char *dir, int rep, uint64_t xfer_ns, size_t bytes)
{
	char line[512];
	FILE *f = fopen(IRQSOFF "/stats", "r");

	if (!f || !fgets(line, sizeof(line), f))
		die("read " IRQSOFF "/stats: %s", strerror(errno));
	fclose(f);
	line[strcspn(line, "\n")] = 0;
	emit("NTB irqsoff dir=%s rep=%d bytes=%zu xfer_ns=%llu %s\n", dir, rep, bytes,
	     (unsigned long long)xfer_ns, line);
	f = fopen(IRQSOFF "/sites", "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		emit("NTB irqsite dir=%s rep=%d %s\n", dir, rep, line);
	}
	if (f)
		fclose(f);
}

static void irqtrace_start(void)
{
	write_file(TRACEFS "/tracing_on", "0");
	write_file(TRACEFS "/trace", "");
	write_file(TRACEFS "/tracing_on", "1");
}

/* ------------------------------------------------------------ multiport */

/*
 * ntbench DEV1,DEV2[,...] BYTES REPS IRQTRACE IRQ: every port at once,
 * one process each, REPS x (TX of BYTES on all of them, then RX of
 * BYTES), each port served by its own host peer.  A line per port and
 * transfer ("NTB multi": start and length on the shared CLOCK_MONOTONIC,
 * CRC verdict); per direction and repeat the interrupts of line IRQ
 * ("NTB multiirq") and, when IRQTRACE is not 0, its hard-IRQ time
 * ("NTB irqtrace dir=multi-tx|multi-rx").
 */
static int multi(char *devs, size_t bytes, int reps, int trace)
{
	char *dev[8], *save = NULL, *d;
	unsigned char *buf = malloc(bytes);
	int n = 0, r, k, dir;

	if (!buf)
		die("out of memory");
	for (d = strtok_r(devs, ",", &save); d && n < 8; d = strtok_r(NULL, ",", &save))
		dev[n++] = d;
	emit("NTB start multi ports=%d bytes=%zu reps=%d irq=%d\n", n, bytes, reps, irq_no);
	if (trace && irqtrace_setup(bytes * (size_t)n)) {
		emit("NTB ERROR irqtrace: no tracefs irq events\n");
		trace = 0;
	}
	flush_out();
	for (r = 0; r < reps; r++) {
		for (dir = 0; dir < 2; dir++) {
			unsigned long i0 = irq_count();
			uint64_t t0 = now_ns();
			pid_t pid[8];
			int bad = 0;

			if (trace)
				irqtrace_start();
			for (k = 0; k < n; k++) {
				pid[k] = fork();
				if (pid[k] < 0)
					die("fork: %s", strerror(errno));
				if (pid[k] == 0) {
					struct xfer x;

					open_port(dev[k]);
					x = dir ? do_rx(buf, bytes, 0x91 + k, 0) :
						  do_tx(buf, bytes, 0xa1 + k, 0);
					emit("NTB multi dir=%s rep=%d port=%d dev=%s bytes=%zu t0=%llu ns=%llu ok=%d\n",
					     dir ? "rx" : "tx", r, k, dev[k], bytes,
					     (unsigned long long)x.t0, (unsigned long long)x.ns, x.ok);
					close(fd);
					flush_out();
					_exit(0);
				}
			}
			for (k = 0; k < n; k++) {
				int st;

				if (waitpid(pid[k], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
					bad++;
			}
			emit("NTB multiirq dir=%s rep=%d irqs=%lu wall_ns=%llu failed=%d\n",
			     dir ? "rx" : "tx", r, irq_count() - i0,
			     (unsigned long long)(now_ns() - t0), bad);
			if (trace)
				irqtrace_parse(dir ? "multi-rx" : "multi-tx", r, now_ns() - t0,
					       bytes * (size_t)n);
			flush_out();
		}
	}
	emit("NTB done multi\n");
	flush_out();
	free(buf);
	return 0;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	size_t bytes, regwin, tbytes, maxb;
	int reps, rtt_n, r;
	char trig[64];
	unsigned char *buf;
	struct xfer x;
	uint64_t t_all = now_ns();

	if (argc == 6 && strchr(argv[1], ',')) {
		irq_no = atoi(argv[5]);
		return multi(argv[1], strtoul(argv[2], NULL, 0), atoi(argv[3]), atoi(argv[4]));
	}
	if (argc < 8) {
		fprintf(stderr, "usage: ntbench DEV BYTES REPS RTT_N REGWIN_BYTES IRQTRACE_BYTES IRQ\n"
				"       ntbench DEV1,DEV2[,...] BYTES REPS IRQTRACE IRQ\n");
		return 2;
	}
	bytes = strtoul(argv[2], NULL, 0);
	reps = atoi(argv[3]);
	rtt_n = atoi(argv[4]);
	regwin = strtoul(argv[5], NULL, 0);
	tbytes = strtoul(argv[6], NULL, 0);
	irq_no = atoi(argv[7]);
	maxb = bytes > regwin ? bytes : regwin;
	maxb = maxb > tbytes ? maxb : tbytes;
	buf = malloc(maxb);
	if (!buf)
		die("out of memory");
	have_lpt = ioperm(LPT_DATA, 3, 1) == 0;
	open_port(argv[1]);
	emit("NTB start dev=%s bytes=%zu reps=%d rtt_n=%d regwin=%zu irqtrace=%zu irq=%d lpt=%d\n",
	     argv[1], bytes, reps, rtt_n, regwin, tbytes, irq_no, have_lpt);

	/* 1. register accesses per KiB, two windows per direction */
	if (regwin && have_lpt) {
		char line[64];
		int w = argc > 8 ? atoi(argv[8]) : 0;

		sync_peer();
		cmd("TRACE on");
		reply("@@TRACE ", line, sizeof(line));
		for (r = 0; r < 2; r++) {
			x = do_tx(buf, regwin, 0x11 + r, 2 * w + 1);
			emit("NTB regwin k=%d dir=tx bytes=%zu ok=%d\n", w, regwin, x.ok);
			w++;
			x = do_rx(buf, regwin, 0x21 + r, 2 * w + 1);
			emit("NTB regwin k=%d dir=rx bytes=%zu ok=%d\n", w, regwin, x.ok);
			w++;
		}
		sync_peer();
		cmd("TRACE off");
		reply("@@TRACE ", line, sizeof(line));
	}
	flush_out();

	/* 2. throughput */
	for (r = 0; bytes && r < reps; r++) {
		x = do_tx(buf, bytes, 0x31 + r, 0);
		emit("NTB tput dir=tx rep=%d bytes=%zu ns=%llu irqs=%lu ok=%d\n",
		     r, bytes, (unsigned long long)x.ns, x.irqs, x.ok);
		x = do_rx(buf, bytes, 0x41 + r, 0);
		emit("NTB tput dir=rx rep=%d bytes=%zu ns=%llu irqs=%lu ok=%d\n",
		     r, bytes, (unsigned long long)x.ns, x.irqs, x.ok);
		flush_out();
	}

	/* 3. round trips */
	for (r = 0; rtt_n && r < reps; r++) {
		do_rtt(r, 1, rtt_n);
		do_rtt(r, 64, rtt_n);
		flush_out();
	}

	/* 4. hard-IRQ time from the irq_handler_entry/exit tracepoints */
	if (tbytes) {
		if (irqtrace_setup(tbytes)) {
			emit("NTB ERROR irqtrace: no tracefs irq events\n");
		} else {
			for (r = 0; r < reps; r++) {
				irqtrace_start();
				x = do_tx(buf, tbytes, 0x51 + r, 0);
				irqtrace_parse("tx", r, x.ns, tbytes);
				irqtrace_start();
				x = do_rx(buf, tbytes, 0x61 + r, 0);
				irqtrace_parse("rx", r, x.ns, tbytes);
				flush_out();
			}
			irqret_report();
			write_file(TRACEFS "/events/irq/irq_handler_entry/enable", "0");
			write_file(TRACEFS "/events/irq/irq_handler_exit/enable", "0");
			/* the trigger would go on filtering every IRQ in phase 5 */
			snprintf(trig, sizeof(trig), "!hist:keys=ret if irq==%d", irq_no);
			write_file(TRACEFS "/events/irq/irq_handler_exit/trigger", trig);
		}
	}

	/* 5. interrupts-off sections, where ntirqsoff.ko is loaded */
	if (tbytes && access(IRQSOFF "/stats", R_OK) == 0) {
		for (r = 0; r < reps; r++) {
			write_file(IRQSOFF "/reset", "1");
			x = do_tx(buf, tbytes, 0x71 + r, 0);
			irqsoff_report("tx", r, x.ns, tbytes);
			write_file(IRQSOFF "/reset", "1");
			x = do_rx(buf, tbytes, 0x81 + r, 0);
			irqsoff_report("rx", r, x.ns, tbytes);
			flush_out();
		}
	}

	sync_peer();
	cmd("QUIT");
	drain();
	emit("NTB done secs=%.1f\n", (double)(now_ns() - t_all) / 1e9);
	close(fd);
	flush_out();
	return 0;
}
