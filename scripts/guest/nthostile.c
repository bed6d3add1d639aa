// SPDX-License-Identifier: GPL-2.0
/*
 * nthostile - hostile input from an unprivileged user against a tty port
 * (issue 9: no input an unprivileged user can send crashes the kernel).
 *
 *   nthostile NAME PHASE DUT [REF] [options]
 *
 * PHASE
 *   values   every value class of the termios, TIOCSSERIAL, modem-control,
 *            break, flush, flow, TIOCMIWAIT and pointer-taking ioctls, run
 *            call by call on REF (the kernel's 8250 driver, e.g. ttyS2) and
 *            on DUT (e.g. ttyNT0), results compared: where 8250 fails with
 *            errno E the DUT must fail with E (or a documented stricter
 *            errno, see allowed[]); where 8250 succeeds the DUT may succeed
 *            or fail with EINVAL.  After each call both ports are restored
 *            and must pass a loopback check (TIOCM_LOOP, 16 bytes); at the
 *            end the DUT moves data through the host peer.
 *   random   a seeded random sequence of the same calls on DUT for
 *            --seconds (default 60), while a child writes and a child
 *            reads continuously and the host peer floods the line (FLOOD);
 *            then a sane line, a resync (PING) and a CRC-checked transfer
 *            each way (SINK/GETCRC and SOURCE).  Loopback (TIOCM_LOOP)
 *            and ECHO/ECHONL are never on together here: with both, the
 *            tty core echoes its own echo forever, on 8250 too (see
 *            in_loopback()).
 *
 * Options
 *   --seed N         random phase seed (default: from the clock; printed)
 *   --seconds N      random phase length (default 60)
 *   --flood-rate N   the random phase's flood and writer, bytes a second
 *                    each (default 11520, what 115200 baud 8N1 carries;
 *                    0: as fast as the guest moves them)
 *   --skip WORD      skip every value-class case (and random-phase value)
 *                    whose name has this word, e.g. --skip div=0
 *                    (repeatable; also read from $NTHOSTILE_SKIP)
 *   --verbose        print every case / random call before making it
 *   --fake-ref W=E   self-test: pretend 8250 failed with errno E (name or
 *                    number, 0 = success) in every case with the word W;
 *                    the comparison must then report violations
 *   --tamper-crc     self-test: the final transfer expects a wrong CRC
 *   --stay-root      self-test: keep root's privileges and skip the uid and
 *                    CapEff checks; the TIOCSSERIAL baud_base check must
 *                    then fail
 *
 * Started as root, it makes DUT and REF world read/write, then drops to
 * uid/gid 65534 with no supplementary groups and checks that it has no
 * capabilities left: CapEff is 0 and a TIOCSSERIAL that changes baud_base
 * gives EPERM.
 *
 * Prints "  info: ..." lines and exactly one "NTTEST PASS|FAIL|SKIP NAME"
 * line; exit status 0 pass, 1 fail, 77 skip.  The host peer protocol is
 * described in scripts/peer.py.  Built static by scripts/mkinitramfs.
 *
 * Everything here goes through raw ioctls on <asm/termbits.h> structures:
 * glibc's <termios.h> has a different struct termios and no termios2, so
 * it is not included.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <asm/termbits.h>
#include <linux/serial.h>

#include "ttyio.h"
#include "ntresult.h"

/* <asm/termios.h> has these, but it clashes with <sys/ioctl.h>. */
#ifndef TIOCM_OUT1
#define TIOCM_OUT1	0x2000
#define TIOCM_OUT2	0x4000
#define TIOCM_LOOP	0x8000
#endif
#ifndef N_TTY
#define N_TTY		0
#endif

#define NOBODY		65534
#define MAX_STEPS	4
/*
 * Timers bounding each call in the values phase.  Only a call that really
 * blocks waits them out, so they are generous: a drain or a 250 ms break
 * slowed down by a busy host must not look blocked on one port only.
 */
#define CALL_MS		1000	/* a call that should not block */
#define BREAK_MS	1000	/* a break of up to 250 ms */
#define WAIT_MS		250	/* a call expected to block (TIOCMIWAIT) */
#define STUCK_MS	3000	/* past its timer by this much, blocked, not waiting
				   for a CPU (run_delay_ms()): not interruptible */
#define XFER_BYTES	131072	/* final transfer, each way */
/*
 * The random phase's flood, and its writer's rate, bytes a second: what
 * a 115200 baud 8N1 line carries.  QEMU's 16550 paces neither reception
 * nor transmission by the baud rate, so unpaced (--flood-rate 0) both are
 * as fast as the guest moves bytes, a line of several Mbaud: on
 * PREEMPT_RT the receive work (in SCHED_FIFO IRQ threads, 8250's as ours)
 * then takes the CPU up to the RT throttling limit, and this process,
 * SCHED_OTHER, waits seconds for its share.  At twice the line rate the
 * guest CPU was still 90-95% busy in some runs, for 8250 as for ntserial
 * (see Documentation/testing.rst).
 */
#define FLOOD_RATE	11520

static int verbose;
static char first_violation[160];	/* for the FAIL line: CI shows little more */

/* An info line "VIOLATION: ...", the first one kept for the verdict. */
static void __attribute__((format(printf, 1, 2))) violation(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	info("VIOLATION: %s", msg);
	if (!first_violation[0])
		snprintf(first_violation, sizeof(first_violation), "%.150s", msg);
}
static int tamper_crc;
static int flood_rate = FLOOD_RATE;
static int stay_root;
static const char *skip_words[32];
static int nr_skip;
static const char *fake_word;
static int fake_errno = -1;

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* errno names: the comparison prints them. */
static const struct {
	int e;
	const char *name;
} errnames[] = {
	{ 0, "ok" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
	{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
	{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" }, { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" },
	{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EOVERFLOW, "EOVERFLOW" }, { ETIMEDOUT, "ETIMEDOUT" },
};

static const char *errname(int e)
{
	static char buf[8][16];
	static int slot;
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].e == e)
			return errnames[i].name;
	slot = (slot + 1) % 8;
	snprintf(buf[slot], sizeof(buf[slot]), "errno%d", e);
	return buf[slot];
}

static int errnum(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (strcmp(errnames[i].name, s) == 0)
			return errnames[i].e;
	return atoi(s);
}

/* Does the space-separated @name contain the word @w? */
static int has_word(const char *name, const char *w)
{
	size_t n = strlen(w);
	const char *p = name;

	while ((p = strstr(p, w))) {
		if ((p == name || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

static int skipped(const char *name)
{
	int i;

	for (i = 0; i < nr_skip; i++)
		if (has_word(name, skip_words[i]))
			return 1;
	return 0;
}

/* ------------------------------------------------ bounded calls, outcomes */

enum { RES_OK, RES_ERR, RES_BLOCKED };

struct res {
	int kind;
	int err;
};

struct outcome {
	int n;
	struct res r[MAX_STEPS];
	char step[MAX_STEPS][24];
	int stuck;		/* a call outlived its timer by STUCK_MS */
	char stuck_what[64];
	long stuck_ms;
	uint64_t stuck_end;	/* when it came back, tio_now_ms() */
	int starved;		/* as late, but waiting for a CPU, not blocked */
	char starved_what[64];
	long starved_ms, starved_wait_ms;
	int broken;		/* port failed the check after the case */
	char why[160];
};

static volatile sig_atomic_t timer_fired;
static struct outcome *cur;	/* where steps are recorded, or NULL */
static uint64_t run_delay0;	/* run_delay_ms() when the call started */

/*
 * How long this thread has been runnable without a CPU, in ms: the second
 * field of /proc/thread-self/schedstat (ns); 0 when unknown.  A call that
 * comes back late only because higher-priority threads kept the CPU (the
 * SCHED_FIFO IRQ threads of PREEMPT_RT under a flood, on a slow host) has
 * spent its lateness here; one blocked in the kernel has not.
 */
static uint64_t run_delay_ms(void)
{
	static pid_t pid;	/* the process the open file is of */
	static int fd = -1;
	unsigned long long run, wait;
	char buf[128];
	ssize_t n;

	/* Opened once per process: this runs around every call. */
	if (fd < 0 || pid != getpid()) {
		if (fd >= 0)
			close(fd);
		fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
		pid = getpid();
		if (fd < 0)
			return 0;
	}
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return sscanf(buf, "%llu %llu", &run, &wait) == 2 ? wait / 1000000 : 0;
}

static void on_timer(int sig)
{
	(void)sig;
	timer_fired = 1;
}

/*
 * A periodic timer, so that a signal that lands just before the call
 * enters the kernel is followed by another one while it sleeps.
 */
static void arm(int ms)
{
	struct itimerval it = {
		.it_interval = { ms / 1000, (ms % 1000) * 1000 },
		.it_value = { ms / 1000, (ms % 1000) * 1000 },
	};

	timer_fired = 0;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
}

static struct res record(const char *what, long rc, int e, int fired, uint64_t t0, int ms)
{
	long dt = (long)(tio_now_ms() - t0);
	struct res r = { RES_OK, 0 };

	if (rc < 0 && e == EINTR && fired)
		r.kind = RES_BLOCKED;
	else if (rc < 0)
		r = (struct res){ RES_ERR, e };
	if (cur && dt > ms + STUCK_MS) {
		long waited = (long)(run_delay_ms() - run_delay0);

		if (dt - waited > ms + STUCK_MS && !cur->stuck) {
			cur->stuck = 1;
			cur->stuck_ms = dt;
			cur->stuck_end = tio_now_ms();
			snprintf(cur->stuck_what, sizeof(cur->stuck_what), "%s", what);
		} else if (dt - waited <= ms + STUCK_MS && !cur->starved) {
			cur->starved = 1;
			cur->starved_ms = dt;
			cur->starved_wait_ms = waited;
			snprintf(cur->starved_what, sizeof(cur->starved_what), "%s", what);
		}
	}
	if (cur) {
		if (cur->n < MAX_STEPS) {
			snprintf(cur->step[cur->n], sizeof(cur->step[0]), "%s", what);
			cur->r[cur->n++] = r;
		}
	}
	return r;
}

/* ioctl() under a timer; the outcome is recorded as a step of the case. */
static struct res xioctl(int fd, const char *what, unsigned long req, unsigned long arg, int ms)
{
	uint64_t t0 = tio_now_ms();
	int rc, e, fired;

	run_delay0 = run_delay_ms();
	arm(ms);
	rc = ioctl(fd, req, arg);
	e = errno;
	fired = timer_fired;
	disarm();
	return record(what, rc, e, fired, t0, ms);
}

/* The same for a pointer argument. */
static struct res pioctl(int fd, const char *what, unsigned long req, const void *arg, int ms)
{
	return xioctl(fd, what, req, (unsigned long)arg, ms);
}

static const char *res_str(struct res r)
{
	if (r.kind == RES_BLOCKED)
		return "blocked";
	if (r.kind == RES_OK)
		return "ok";
	return errname(r.err);
}

static int res_eq(struct res a, struct res b)
{
	return a.kind == b.kind && (a.kind != RES_ERR || a.err == b.err);
}

/* ------------------------------------------------------------------- ports */

struct port {
	const char *label;	/* "8250" or "dut" */
	char path[64];
	char name[32];
	int fd;
	struct serial_struct ss0;	/* as found at the start */
	struct winsize ws0;
	int softcar0;
};

static void sane_termios(struct termios2 *t)
{
	memset(t, 0, sizeof(*t));
	t->c_cflag = B115200 | CS8 | CREAD | CLOCAL;
	t->c_cc[VMIN] = 1;
	t->c_ispeed = 115200;
	t->c_ospeed = 115200;
}

static int open_port(struct port *p)
{
	p->fd = open(p->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	return p->fd < 0 ? -errno : 0;
}

/*
 * Undo whatever a case did: the line back to 115200 8N1 raw, flow on,
 * no break, no loopback, DTR and RTS up, queues flushed, the serial
 * settings an unprivileged user can change (flags, custom_divisor) as
 * found.  Return: 0, or -1 with @why set.
 */
static int restore(struct port *p, char *why, size_t whysz)
{
	struct outcome *saved = cur;
	struct termios2 t;
	int loop = TIOCM_LOOP, up = TIOCM_DTR | TIOCM_RTS, ld = N_TTY, cur_ld = -1;
	struct serial_struct ss;
	struct res r;
	const char *bad = NULL;
	int err = 0;

	cur = NULL;
	sane_termios(&t);
#define TRY(what, call) do { r = (call); if (r.kind != RES_OK && !bad) { bad = what; err = r.kind == RES_ERR ? r.err : EINTR; } } while (0)
	TRY("TCXONC TCOON", xioctl(p->fd, "", TCXONC, TCOON, CALL_MS));
	TRY("TIOCCBRK", xioctl(p->fd, "", TIOCCBRK, 0, CALL_MS));
	TRY("TCFLSH", xioctl(p->fd, "", TCFLSH, TCIOFLUSH, CALL_MS));
	TRY("TCSETS2", pioctl(p->fd, "", TCSETS2, &t, CALL_MS));
	if (pioctl(p->fd, "", TIOCGSERIAL, &ss, CALL_MS).kind == RES_OK &&
	    (ss.flags != p->ss0.flags || ss.custom_divisor != p->ss0.custom_divisor))
		TRY("TIOCSSERIAL", pioctl(p->fd, "", TIOCSSERIAL, &p->ss0, CALL_MS));
	TRY("TIOCMBIC", pioctl(p->fd, "", TIOCMBIC, &loop, CALL_MS));
	TRY("TIOCMBIS", pioctl(p->fd, "", TIOCMBIS, &up, CALL_MS));
	TRY("TIOCNXCL", xioctl(p->fd, "", TIOCNXCL, 0, CALL_MS));
	TRY("TIOCSWINSZ", pioctl(p->fd, "", TIOCSWINSZ, &p->ws0, CALL_MS));
	TRY("TIOCSSOFTCAR", pioctl(p->fd, "", TIOCSSOFTCAR, &p->softcar0, CALL_MS));
	if (pioctl(p->fd, "", TIOCGETD, &cur_ld, CALL_MS).kind == RES_OK && cur_ld != N_TTY)
		TRY("TIOCSETD", pioctl(p->fd, "", TIOCSETD, &ld, CALL_MS));
	TRY("TCFLSH", xioctl(p->fd, "", TCFLSH, TCIOFLUSH, CALL_MS));
#undef TRY
	cur = saved;
	if (bad) {
		snprintf(why, whysz, "cannot restore the port: %s: %s", bad, errname(err));
		return -1;
	}
	return 0;
}

/*
 * The port still works: in loopback (TIOCM_LOOP) 16 bytes sent come
 * back.  Loopback keeps the host peer out of it, so any port can be
 * checked, connected or not.
 */
static int loop_check(struct port *p, unsigned int seed, char *why, size_t whysz)
{
	struct outcome *saved = cur;
	unsigned char out[16], in[16];
	int loop = TIOCM_LOOP, rc;
	ssize_t got;

	cur = NULL;
	tio_pattern(out, sizeof(out), seed, 0xff);
	if (pioctl(p->fd, "", TIOCMBIS, &loop, CALL_MS).kind != RES_OK) {
		cur = saved;
		snprintf(why, whysz, "TIOCMBIS TIOCM_LOOP: %s", strerror(errno));
		return -1;
	}
	xioctl(p->fd, "", TCFLSH, TCIOFLUSH, CALL_MS);
	rc = tio_write_by(p->fd, out, sizeof(out), tio_now_ms() + 2000);
	got = rc ? 0 : tio_read_exact(p->fd, in, sizeof(in), 2000);
	pioctl(p->fd, "", TIOCMBIC, &loop, CALL_MS);
	xioctl(p->fd, "", TCFLSH, TCIOFLUSH, CALL_MS);
	cur = saved;
	if (rc) {
		snprintf(why, whysz, "loopback write: %s", strerror(-rc));
		return -1;
	}
	if (got != (ssize_t)sizeof(in) || memcmp(in, out, sizeof(in))) {
		snprintf(why, whysz, "loopback: %zd of %zu bytes came back%s", got, sizeof(in),
			 got == (ssize_t)sizeof(in) ? ", wrong" : "");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------ host peer (COM2) */

static void __attribute__((format(printf, 2, 3))) peer_cmd(int fd, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n, rc;

	n = snprintf(line, sizeof(line), "@@NT ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	n += snprintf(line + n, sizeof(line) - (size_t)n, "\n");
	rc = tio_write_by(fd, (unsigned char *)line, (size_t)n, tio_now_ms() + 5000);
	if (rc)
		fail("sending '%.*s' to the peer: %s", n - 1, line, strerror(-rc));
	if (ioctl(fd, TCSBRK, 1))	/* tcdrain() */
		fail("tcdrain: %s", strerror(errno));
}

static void peer_sync(int fd)
{
	char want[64], line[128];
	int try;

	for (try = 0; try < 6; try++) {
		unsigned int nonce = (unsigned int)(tio_now_ms() & 0xffffff) ^ (unsigned int)getpid();

		ioctl(fd, TCFLSH, TCIFLUSH);
		peer_cmd(fd, "PING %u", nonce);
		snprintf(want, sizeof(want), "@@PONG %u", nonce);
		if (tio_read_line(fd, want, line, sizeof(line), 2500) == 0)
			return;
	}
	fail("no answer from the host peer (PING)");
}

/* Read until the line has been silent for @quiet_ms (at most @max_ms). */
static size_t drain_input(int fd, int quiet_ms, int max_ms)
{
	uint64_t end = tio_now_ms() + (uint64_t)max_ms;
	unsigned char buf[4096];
	size_t total = 0;

	while (tio_now_ms() < end) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&pfd, 1, quiet_ms) <= 0)
			break;
		r = read(fd, buf, sizeof(buf));
		if (r <= 0 && errno != EAGAIN && errno != EINTR)
			break;
		if (r > 0)
			total += (size_t)r;
	}
	return total;
}

/* @n bytes echoed by the peer come back equal. */
static int echo_check(int fd, size_t n, unsigned int seed, char *why, size_t whysz)
{
	unsigned char *out = malloc(n), *in = malloc(n);
	ssize_t got;
	int rc;

	if (!out || !in)
		fail("out of memory");
	tio_pattern(out, n, seed, 0xff);
	peer_sync(fd);
	peer_cmd(fd, "ECHO %zu", n);
	rc = tio_write_by(fd, out, n, tio_now_ms() + 20000);
	got = rc ? 0 : tio_read_exact(fd, in, n, 5000);
	rc = rc ? rc : got != (ssize_t)n ? -EIO : memcmp(in, out, n) ? -EILSEQ : 0;
	if (rc)
		snprintf(why, whysz, "echo of %zu bytes: %s (%zd back)", n,
			 rc == -EILSEQ ? "data differs" : strerror(-rc), got);
	free(out);
	free(in);
	return rc;
}

/* ------------------------------------------------------ hostile pointers */

enum { PK_NULL, PK_ONE, PK_UNALIGNED, PK_PROTNONE, PK_STRADDLE, PK_MAX, PK_WRAP,
       PK_KERNEL, PK_NR };
static const char *const pk_name[PK_NR] = {
	"NULL", "(void*)1", "unaligned", "PROT_NONE", "end-of-mapping", "~0", "wrap",
	"kernel-address",
};

static unsigned char *guard;	/* one RW page, then one PROT_NONE page */
static long pagesz;
static unsigned char ubuf[1024] __attribute__((aligned(16)));

/*
 * A pointer of class @kind to an object of @size bytes; whatever of it
 * is accessible holds @tmpl (the port's current value, for set ioctls).
 */
static void *hostile_ptr(int kind, size_t size, const void *tmpl)
{
	unsigned char *p;

	switch (kind) {
	case PK_NULL:
		return NULL;
	case PK_ONE:
		return (void *)1;
	case PK_UNALIGNED:
		memcpy(ubuf + 1, tmpl, size);
		return ubuf + 1;
	case PK_PROTNONE:
		return guard + pagesz;
	case PK_STRADDLE:	/* the last byte is in the PROT_NONE page */
		p = guard + pagesz - size + 1;
		memcpy(p, tmpl, size - 1);
		return p;
	case PK_MAX:
		return (void *)~0UL;
	case PK_WRAP:		/* the object wraps around the address space */
		return (void *)(~0UL - size / 2);
	default:
		return (void *)0xffff888000000000UL;
	}
}

/* ------------------------------------------------------------------ cases */

struct kase;
typedef void (*case_fn)(struct port *p, const struct kase *k);

struct kase {
	char name[112];
	case_fn fn;
	unsigned long req;
	struct termios2 t;
	long v[3];
	int ms;
	const char *group;
};

static struct kase *cases;
static size_t nr_cases, cap_cases;
static const char *cur_group = "";

static struct kase *add_case(case_fn fn, unsigned long req, long v0, long v1, long v2,
			     int ms, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static struct kase *add_case(case_fn fn, unsigned long req, long v0, long v1, long v2,
			     int ms, const char *fmt, ...)
{
	struct kase *k;
	va_list ap;

	if (nr_cases == cap_cases) {
		cap_cases = cap_cases ? 2 * cap_cases : 256;
		cases = realloc(cases, cap_cases * sizeof(*cases));
		if (!cases)
			fail("out of memory");
	}
	k = &cases[nr_cases++];
	memset(k, 0, sizeof(*k));
	va_start(ap, fmt);
	vsnprintf(k->name, sizeof(k->name), fmt, ap);
	va_end(ap);
	k->fn = fn;
	k->req = req;
	k->v[0] = v0;
	k->v[1] = v1;
	k->v[2] = v2;
	k->ms = ms;
	k->group = cur_group;
	sane_termios(&k->t);
	return k;
}

/* --- termios */

static void set_termios_req(struct port *p, const char *what, unsigned long req,
			    const struct termios2 *t, int ms)
{
	struct termios k1;
	struct termio o;

	if (req == TCSETS2 || req == TCSETSW2 || req == TCSETSF2) {
		pioctl(p->fd, what, req, t, ms);
	} else if (req == TCSETA || req == TCSETAW || req == TCSETAF) {
		memset(&o, 0, sizeof(o));
		o.c_iflag = (unsigned short)t->c_iflag;
		o.c_oflag = (unsigned short)t->c_oflag;
		o.c_cflag = (unsigned short)t->c_cflag;
		o.c_lflag = (unsigned short)t->c_lflag;
		o.c_line = t->c_line;
		memcpy(o.c_cc, t->c_cc, sizeof(o.c_cc));
		pioctl(p->fd, what, req, &o, ms);
	} else {
		memcpy(&k1, t, sizeof(k1));	/* the 36-byte struct termios */
		pioctl(p->fd, what, req, &k1, ms);
	}
}

/* v[0] = 1: the output speed is the port's baud_base + 1 (uartclk/16 + 1). */
static void k_termios(struct port *p, const struct kase *k)
{
	struct termios2 t = k->t, back;

	if (k->v[0] == 1)
		t.c_ospeed = t.c_ispeed = (speed_t)p->ss0.baud_base + 1;
	set_termios_req(p, "set", k->req, &t, k->ms);
	pioctl(p->fd, "TCGETS2", TCGETS2, &back, CALL_MS);
}

static const char *req_name(unsigned long req)
{
	switch (req) {
	case TCSETS: return "TCSETS";
	case TCSETSW: return "TCSETSW";
	case TCSETSF: return "TCSETSF";
	case TCSETS2: return "TCSETS2";
	case TCSETSW2: return "TCSETSW2";
	case TCSETSF2: return "TCSETSF2";
	case TCSETA: return "TCSETA";
	case TCSETAW: return "TCSETAW";
	case TCSETAF: return "TCSETAF";
	}
	return "?";
}

static const struct {
	speed_t code;
	const char *name;
} bauds[] = {
	{ B0, "B0" }, { B50, "B50" }, { B75, "B75" }, { B110, "B110" }, { B134, "B134" },
	{ B150, "B150" }, { B200, "B200" }, { B300, "B300" }, { B600, "B600" },
	{ B1200, "B1200" }, { B1800, "B1800" }, { B2400, "B2400" }, { B4800, "B4800" },
	{ B9600, "B9600" }, { B19200, "B19200" }, { B38400, "B38400" },
	{ BOTHER, "BOTHER" }, { B57600, "B57600" }, { B115200, "B115200" },
	{ B230400, "B230400" }, { B460800, "B460800" }, { B500000, "B500000" },
	{ B576000, "B576000" }, { B921600, "B921600" }, { B1000000, "B1000000" },
	{ B1152000, "B1152000" }, { B1500000, "B1500000" }, { B2000000, "B2000000" },
	{ B2500000, "B2500000" }, { B3000000, "B3000000" }, { B3500000, "B3500000" },
	{ B4000000, "B4000000" },
};

/* BOTHER speeds; -1 stands for the port's uartclk/16 + 1. */
static const struct {
	long v;
	const char *name;
} other_speeds[] = {
	{ 0, "0" }, { 1, "1" }, { 49, "49" }, { 50, "50" }, { 9600, "9600" },
	{ 115200, "115200" }, { 115201, "115201" }, { -1, "uartclk/16+1" },
	{ 4000000, "4000000" }, { 0x7fffffff, "0x7fffffff" }, { 0xffffffffL, "0xffffffff" },
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static unsigned int rnd_below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static void add_termios_cases(void)
{
	static const struct {
		tcflag_t bits;
		const char *name;
	} par[] = {
		{ 0, "none" }, { PARENB, "PARENB" }, { PARENB | PARODD, "PARENB|PARODD" },
		{ PARENB | CMSPAR, "PARENB|CMSPAR" },
		{ PARENB | PARODD | CMSPAR, "PARENB|PARODD|CMSPAR" },
		{ PARODD | CMSPAR, "PARODD|CMSPAR(no-PARENB)" },
	};
	static const tcflag_t csz[] = { CS5, CS6, CS7, CS8 };
	static const struct {
		tcflag_t set, clr;
		const char *name;
	} tog[] = {
		{ CRTSCTS, 0, "CRTSCTS" }, { 0, CLOCAL, "-CLOCAL" }, { 0, CREAD, "-CREAD" },
		{ HUPCL, 0, "HUPCL" }, { CRTSCTS | HUPCL, CLOCAL | CREAD, "CRTSCTS+HUPCL-CLOCAL-CREAD" },
	};
	struct kase *k;
	size_t i, j, s;

	cur_group = "termios-cflag";
	for (i = 0; i < 4; i++)
		for (s = 0; s < 2; s++)
			for (j = 0; j < sizeof(par) / sizeof(par[0]); j++) {
				k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS,
					     "TCSETS cflag CS%zu %s parity=%s", i + 5,
					     s ? "CSTOPB" : "1stop", par[j].name);
				k->t.c_cflag = (k->t.c_cflag & ~(CSIZE | CSTOPB | PARENB | PARODD | CMSPAR)) |
					       csz[i] | (s ? CSTOPB : 0) | par[j].bits;
			}
	for (i = 0; i < sizeof(tog) / sizeof(tog[0]); i++) {
		k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS cflag %s", tog[i].name);
		k->t.c_cflag = (k->t.c_cflag | tog[i].set) & ~tog[i].clr;
	}
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS cflag=0");
	k->t.c_cflag = 0;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS cflag=~0");
	k->t.c_cflag = ~0u;
	k = add_case(k_termios, TCSETS2, 0, 0, 0, CALL_MS, "TCSETS2 cflag=~0 speeds=0xffffffff");
	k->t.c_cflag = ~0u;
	k->t.c_ispeed = k->t.c_ospeed = 0xffffffffu;

	cur_group = "termios-speed";
	for (i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++) {
		k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS speed %s", bauds[i].name);
		k->t.c_cflag = (k->t.c_cflag & ~CBAUD) | bauds[i].code;
	}
	/* input speed apart from the output speed (CIBAUD) */
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS CIBAUD=B9600 out=B115200");
	k->t.c_cflag |= B9600 << IBSHIFT;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS CIBAUD=B4000000 out=B50");
	k->t.c_cflag = (k->t.c_cflag & ~CBAUD) | B50 | (B4000000 << IBSHIFT);
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS CIBAUD=all-bits");
	k->t.c_cflag |= CIBAUD;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS out=B0 CIBAUD=B38400");
	k->t.c_cflag = (k->t.c_cflag & ~CBAUD) | B0 | (B38400 << IBSHIFT);

	cur_group = "termios-BOTHER";
	for (i = 0; i < sizeof(other_speeds) / sizeof(other_speeds[0]); i++) {
		k = add_case(k_termios, TCSETS2, other_speeds[i].v == -1, 0, 0, CALL_MS,
			     "TCSETS2 BOTHER speed=%s", other_speeds[i].name);
		k->t.c_cflag = (k->t.c_cflag & ~CBAUD) | BOTHER;
		k->t.c_ispeed = k->t.c_ospeed = (speed_t)other_speeds[i].v;
		k = add_case(k_termios, TCSETS2, 0, 0, 0, CALL_MS,
			     "TCSETS2 BOTHER out=9600 in=BOTHER:%s", other_speeds[i].name);
		k->t.c_cflag = (k->t.c_cflag & ~(CBAUD | CIBAUD)) | BOTHER | (BOTHER << IBSHIFT);
		k->t.c_ospeed = 9600;
		k->t.c_ispeed = (speed_t)(other_speeds[i].v == -1 ? 115201 : other_speeds[i].v);
	}
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS BOTHER (old struct, stale speeds)");
	k->t.c_cflag = (k->t.c_cflag & ~CBAUD) | BOTHER;
	k = add_case(k_termios, TCSETSW2, 0, 0, 0, CALL_MS, "TCSETSW2 BOTHER speed=49");
	k->t.c_cflag = (k->t.c_cflag & ~CBAUD) | BOTHER;
	k->t.c_ispeed = k->t.c_ospeed = 49;
	k = add_case(k_termios, TCSETSF2, 0, 0, 0, CALL_MS, "TCSETSF2 BOTHER speed=0xffffffff");
	k->t.c_cflag = (k->t.c_cflag & ~CBAUD) | BOTHER;
	k->t.c_ispeed = k->t.c_ospeed = 0xffffffffu;

	cur_group = "termios-garbage";
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS iflag=~0");
	k->t.c_iflag = ~0u;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS iflag=IXON|IXOFF|IXANY");
	k->t.c_iflag = IXON | IXOFF | IXANY;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS iflag=INPCK|PARMRK|ISTRIP|IGNPAR|BRKINT|IGNBRK");
	k->t.c_iflag = INPCK | PARMRK | ISTRIP | IGNPAR | BRKINT | IGNBRK;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS oflag=~0");
	k->t.c_oflag = ~0u;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS lflag=~0");
	k->t.c_lflag = ~0u;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS lflag=ICANON|ECHO|ECHOCTL|EXTPROC|FLUSHO|PENDIN");
	k->t.c_lflag = ICANON | ECHO | ECHOCTL | EXTPROC | FLUSHO | PENDIN;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS c_cc=0xff");
	memset(k->t.c_cc, 0xff, sizeof(k->t.c_cc));
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS c_cc=0 VMIN=0 VTIME=0");
	memset(k->t.c_cc, 0, sizeof(k->t.c_cc));
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS c_line=0xff");
	k->t.c_line = 0xff;
	k = add_case(k_termios, TCSETS, 0, 0, 0, CALL_MS, "TCSETS all-fields=~0");
	memset(&k->t, 0xff, sizeof(k->t));
	k = add_case(k_termios, TCSETSW, 0, 0, 0, CALL_MS, "TCSETSW B9600 CS7 PARENB");
	k->t.c_cflag = (k->t.c_cflag & ~(CBAUD | CSIZE)) | B9600 | CS7 | PARENB;
	k = add_case(k_termios, TCSETSF, 0, 0, 0, CALL_MS, "TCSETSF B50 CS5 CSTOPB");
	k->t.c_cflag = (k->t.c_cflag & ~(CBAUD | CSIZE)) | B50 | CS5 | CSTOPB;
	k = add_case(k_termios, TCSETA, 0, 0, 0, CALL_MS, "TCSETA all-fields=~0");
	memset(&k->t, 0xff, sizeof(k->t));
	k = add_case(k_termios, TCSETAW, 0, 0, 0, CALL_MS, "TCSETAW B38400 CS6");
	k->t.c_cflag = (k->t.c_cflag & ~(CBAUD | CSIZE)) | B38400 | CS6;
	k = add_case(k_termios, TCSETAF, 0, 0, 0, CALL_MS, "TCSETAF cflag=0");
	k->t.c_cflag = 0;
	/* fixed seeds: the same structures every run */
	rng_state = 0x5eed5eedULL;
	for (i = 0; i < 12; i++) {
		static const unsigned long reqs[] = { TCSETS, TCSETSW, TCSETSF, TCSETS2 };
		unsigned char *b;

		k = add_case(k_termios, reqs[i % 4], 0, 0, 0, CALL_MS, "%s random-struct#%zu",
			     req_name(reqs[i % 4]), i);
		b = (unsigned char *)&k->t;
		for (j = 0; j < sizeof(k->t); j++)
			b[j] = (unsigned char)rnd();
	}
}

/* --- TIOCSSERIAL */

enum { F_XMIT, F_BAUDBASE, F_BAUDBASE_PLUS1, F_IRQ, F_IRQ_OTHER, F_PORT, F_PORT_PLUS8,
       F_TYPE, F_FLAGS, F_FLAGS_XOR, F_CLOSE_DELAY, F_CLOSING_WAIT, F_IOTYPE, F_HUB6,
       F_IOMEM, F_REGSHIFT, F_LINE, F_CUSTOM_DIV, F_PORT_HIGH };

static void serial_field(struct serial_struct *s, long field, long v)
{
	switch (field) {
	case F_XMIT: s->xmit_fifo_size = (int)v; break;
	case F_BAUDBASE: s->baud_base = (int)v; break;
	case F_BAUDBASE_PLUS1: s->baud_base += 1; break;
	case F_IRQ: s->irq = (int)v; break;
	case F_IRQ_OTHER: s->irq = s->irq == 3 ? 4 : 3; break;
	case F_PORT: s->port = (unsigned int)v; break;
	case F_PORT_PLUS8: s->port += 8; break;
	case F_TYPE: s->type = (int)v; break;
	case F_FLAGS: s->flags = (int)v; break;
	case F_FLAGS_XOR: s->flags ^= (int)v; break;
	case F_CLOSE_DELAY: s->close_delay = (unsigned short)v; break;
	case F_CLOSING_WAIT: s->closing_wait = (unsigned short)v; break;
	case F_IOTYPE: s->io_type = (char)v; break;
	case F_HUB6: s->hub6 = (char)v; break;
	case F_IOMEM: s->iomem_base = (unsigned char *)v; break;
	case F_REGSHIFT: s->iomem_reg_shift = (unsigned short)v; break;
	case F_LINE: s->line = (int)v; break;
	case F_CUSTOM_DIV: s->custom_divisor = (int)v; break;
	case F_PORT_HIGH: s->port_high = (unsigned int)v; break;
	}
}

/* v[0] field, v[1] value: TIOCGSERIAL, change one field, TIOCSSERIAL. */
static void k_serial(struct port *p, const struct kase *k)
{
	struct serial_struct s;

	if (pioctl(p->fd, "TIOCGSERIAL", TIOCGSERIAL, &s, CALL_MS).kind != RES_OK)
		return;
	serial_field(&s, k->v[0], k->v[1]);
	pioctl(p->fd, "TIOCSSERIAL", TIOCSSERIAL, &s, k->ms);
}

/*
 * The old custom-speed interface: v[0] ASYNC_SPD_* flag, v[1]
 * custom_divisor, v[2] order: 0 = TIOCSSERIAL then B38400, 1 = B38400
 * then TIOCSSERIAL, 2 = TIOCSSERIAL then BOTHER 38400 (termios2).
 */
static void k_spd(struct port *p, const struct kase *k)
{
	struct serial_struct s;
	struct termios2 t;

	sane_termios(&t);
	t.c_cflag = (t.c_cflag & ~CBAUD) | B38400;
	if (k->v[2] == 1)
		pioctl(p->fd, "TCSETS2 B38400", TCSETS2, &t, CALL_MS);
	if (pioctl(p->fd, "TIOCGSERIAL", TIOCGSERIAL, &s, CALL_MS).kind != RES_OK)
		return;
	s.flags = (s.flags & ~ASYNC_SPD_MASK) | (int)k->v[0];
	s.custom_divisor = (int)k->v[1];
	pioctl(p->fd, "TIOCSSERIAL", TIOCSSERIAL, &s, CALL_MS);
	if (k->v[2] == 0) {
		pioctl(p->fd, "TCSETS2 B38400", TCSETS2, &t, CALL_MS);
	} else if (k->v[2] == 2) {
		t.c_cflag = (t.c_cflag & ~CBAUD) | BOTHER;
		t.c_ispeed = t.c_ospeed = 38400;
		pioctl(p->fd, "TCSETS2 BOTHER:38400", TCSETS2, &t, CALL_MS);
	}
	/* a second termios change at the same speed recomputes it again */
	pioctl(p->fd, "TCSETSW2 same", TCSETSW2, &t, CALL_MS);
}

static const struct {
	int flag;
	const char *name;
} spds[] = {
	{ ASYNC_SPD_CUST, "SPD_CUST" }, { ASYNC_SPD_HI, "SPD_HI" }, { ASYNC_SPD_VHI, "SPD_VHI" },
	{ ASYNC_SPD_SHI, "SPD_SHI" }, { ASYNC_SPD_WARP, "SPD_WARP" },
};

static const struct {
	long v;
	const char *name;
} divisors[] = {
	{ 0, "div=0" }, { 1, "div=1" }, { 0xffff, "div=0xffff" }, { 0x10000, "div=0x10000" },
	{ 1L << 28, "div=1<<28" }, { INT_MAX, "div=INT_MAX" }, { -1, "div=-1" },
};

static void add_serial_cases(void)
{
	static const struct {
		long field, v;
		const char *name;
	} ch[] = {
		{ F_XMIT, 0, "xmit_fifo_size=0" }, { F_XMIT, 1, "xmit_fifo_size=1" },
		{ F_XMIT, 16, "xmit_fifo_size=16" }, { F_XMIT, -1, "xmit_fifo_size=-1" },
		{ F_XMIT, INT_MAX, "xmit_fifo_size=INT_MAX" },
		{ F_BAUDBASE, 0, "baud_base=0" }, { F_BAUDBASE, 1, "baud_base=1" },
		{ F_BAUDBASE, 9600, "baud_base=9600" }, { F_BAUDBASE_PLUS1, 0, "baud_base+1" },
		{ F_BAUDBASE, -1, "baud_base=-1" }, { F_BAUDBASE, 0x10000000, "baud_base=0x10000000(x16-wraps-to-0)" },
		{ F_IRQ, 0, "irq=0" }, { F_IRQ, 1, "irq=1" }, { F_IRQ, -1, "irq=-1" },
		{ F_IRQ, INT_MAX, "irq=INT_MAX" }, { F_IRQ_OTHER, 0, "irq=other-COM-irq" },
		{ F_PORT, 0, "port=0" }, { F_PORT, 1, "port=1" }, { F_PORT, 0x3f8, "port=0x3f8" },
		{ F_PORT, 0xffffffffL, "port=0xffffffff" }, { F_PORT_PLUS8, 0, "port+8" },
		{ F_PORT_HIGH, 1, "port_high=1" },
		{ F_TYPE, 0, "type=PORT_UNKNOWN" }, { F_TYPE, 2, "type=PORT_16450" },
		{ F_TYPE, 255, "type=255" }, { F_TYPE, -1, "type=-1" },
		{ F_FLAGS, -1, "flags=~0" }, { F_FLAGS, 0, "flags=0" },
		{ F_FLAGS_XOR, ASYNC_USR_MASK, "flags^=ASYNC_USR_MASK" },
		{ F_FLAGS_XOR, ASYNC_LOW_LATENCY, "flags^=LOW_LATENCY" },
		{ F_FLAGS_XOR, ASYNC_SKIP_TEST, "flags^=SKIP_TEST" },
		{ F_FLAGS_XOR, ASYNC_AUTOPROBE, "flags^=AUTOPROBE" },
		{ F_FLAGS_XOR, ASYNC_SPLIT_TERMIOS, "flags^=SPLIT_TERMIOS" },
		{ F_FLAGS_XOR, INT_MIN, "flags^=1<<31" },
		{ F_CLOSE_DELAY, 0xffff, "close_delay=0xffff" },
		{ F_CLOSING_WAIT, 0, "closing_wait=0" },
		{ F_CLOSING_WAIT, ASYNC_CLOSING_WAIT_NONE, "closing_wait=NONE" },
		{ F_IOTYPE, 2, "io_type=UPIO_MEM" }, { F_IOTYPE, 127, "io_type=127" },
		{ F_HUB6, 1, "hub6=1" }, { F_IOMEM, 1, "iomem_base=1" },
		{ F_IOMEM, 0xfee00000L, "iomem_base=0xfee00000" },
		{ F_REGSHIFT, 9, "iomem_reg_shift=9" }, { F_LINE, 77, "line=77" },
		{ F_CUSTOM_DIV, 0, "custom_divisor=0(no-SPD_CUST)" },
		{ F_CUSTOM_DIV, -1, "custom_divisor=-1(no-SPD_CUST)" },
	};
	size_t i, j;

	cur_group = "TIOCSSERIAL-fields";
	for (i = 0; i < sizeof(ch) / sizeof(ch[0]); i++)
		add_case(k_serial, 0, ch[i].field, ch[i].v, 0, CALL_MS, "TIOCSSERIAL %s", ch[i].name);

	cur_group = "TIOCSSERIAL-custom-speed";
	for (i = 0; i < sizeof(spds) / sizeof(spds[0]); i++)
		for (j = 0; j < sizeof(divisors) / sizeof(divisors[0]); j++)
			add_case(k_spd, 0, spds[i].flag, divisors[j].v, 0, CALL_MS,
				 "TIOCSSERIAL %s %s then B38400", spds[i].name, divisors[j].name);
	for (j = 0; j < sizeof(divisors) / sizeof(divisors[0]); j++)
		add_case(k_spd, 0, ASYNC_SPD_CUST, divisors[j].v, 1, CALL_MS,
			 "B38400 then TIOCSSERIAL SPD_CUST %s", divisors[j].name);
	for (j = 0; j < sizeof(divisors) / sizeof(divisors[0]); j++)
		add_case(k_spd, 0, ASYNC_SPD_CUST, divisors[j].v, 2, CALL_MS,
			 "TIOCSSERIAL SPD_CUST %s then BOTHER:38400", divisors[j].name);
}

/* --- modem control, break, flush, flow, TIOCMIWAIT, argument ioctls */

static void k_mctrl(struct port *p, const struct kase *k)
{
	int v = (int)k->v[0], m;

	pioctl(p->fd, "set", k->req, &v, CALL_MS);
	pioctl(p->fd, "TIOCMGET", TIOCMGET, &m, CALL_MS);
}

/* v[0] argument value; v[1] number of calls. */
static void k_arg(struct port *p, const struct kase *k)
{
	long i;

	for (i = 0; i < (k->v[1] ? k->v[1] : 1); i++)
		xioctl(p->fd, "call", k->req, (unsigned long)k->v[0], k->ms);
}

/* A sequence of break calls: v[0] encodes up to 4 requests, 2 bits each. */
static void k_breakseq(struct port *p, const struct kase *k)
{
	static const unsigned long reqs[] = { 0, TIOCSBRK, TIOCCBRK, TCSBRK };
	long code = k->v[0];

	while (code) {
		unsigned long req = reqs[code & 3];

		xioctl(p->fd, req == TIOCSBRK ? "TIOCSBRK" : req == TIOCCBRK ? "TIOCCBRK" : "TCSBRK",
		       req, req == TCSBRK ? 1 : 0, CALL_MS);
		code >>= 2;
	}
}

static void add_misc_cases(void)
{
	static const struct {
		long v;
		const char *name;
	} mv[] = {
		{ 0, "0" }, { 1, "1" }, { TIOCM_DTR | TIOCM_RTS, "DTR|RTS" },
		{ TIOCM_LOOP, "TIOCM_LOOP" }, { TIOCM_OUT1 | TIOCM_OUT2, "OUT1|OUT2" },
		{ 0xffff, "0xffff" }, { -1, "~0" }, { INT_MIN, "INT_MIN" },
	};
	static const struct {
		unsigned long req;
		const char *name;
	} mreq[] = { { TIOCMSET, "TIOCMSET" }, { TIOCMBIS, "TIOCMBIS" }, { TIOCMBIC, "TIOCMBIC" } };
	static const struct {
		long v;
		const char *name;
	} brk[] = {
		{ 0, "0" }, { 1, "1" }, { -1, "-1" }, { INT_MAX, "INT_MAX" },
		{ INT_MIN, "INT_MIN" }, { 42949673, "42949673(x100-wraps-to-4ms)" },
		{ 42949672, "42949672(x100=4294967200ms)" }, { 0x80000000L, "0x80000000(x100-wraps-to-0)" },
	};
	static const struct {
		long v;
		const char *name;
	} fl[] = {
		{ 0, "TCIFLUSH" }, { 1, "TCOFLUSH" }, { 2, "TCIOFLUSH" }, { 3, "3" }, { -1, "-1" },
		{ 99, "99" }, { INT_MIN, "INT_MIN" },
	}, fw[] = {
		{ 0, "TCOOFF" }, { 1, "TCOON" }, { 2, "TCIOFF" }, { 3, "TCION" }, { 4, "4" },
		{ -1, "-1" }, { 99, "99" },
	}, mw[] = {
		{ 0, "0" }, { TIOCM_RNG | TIOCM_DSR | TIOCM_CD | TIOCM_CTS, "RNG|DSR|CD|CTS" },
		{ -1, "~0" }, { 0x12345678, "0x12345678" }, { TIOCM_LOOP, "TIOCM_LOOP" },
		{ INT_MIN, "INT_MIN" },
	}, sd[] = {
		{ -1, "-1" }, { INT_MAX, "INT_MAX" }, { 30, "NR_LDISCS" }, { N_TTY, "N_TTY" },
	};
	static const struct {
		unsigned long req;
		const char *name;
	} noarg[] = {
		{ TIOCSERCONFIG, "TIOCSERCONFIG" }, { TIOCEXCL, "TIOCEXCL" }, { TIOCNXCL, "TIOCNXCL" },
		{ TIOCVHANGUP, "TIOCVHANGUP" }, { TIOCCONS, "TIOCCONS" }, { TIOCNOTTY, "TIOCNOTTY" },
		{ _IO('T', 0xee), "unknown:_IO('T',0xee)" }, { 0x54ff, "unknown:0x54ff" },
		{ _IOR('T', 0x7f, int), "unknown:_IOR('T',0x7f,int)" },
		{ 0xdeadbeef, "unknown:0xdeadbeef" }, { _IOW('U', 1, int), "unknown:_IOW('U',1,int)" },
	};
	size_t i, j;

	cur_group = "modem-control";
	for (i = 0; i < 3; i++)
		for (j = 0; j < sizeof(mv) / sizeof(mv[0]); j++)
			add_case(k_mctrl, mreq[i].req, mv[j].v, 0, 0, CALL_MS, "%s %s",
				 mreq[i].name, mv[j].name);

	cur_group = "break";
	add_case(k_breakseq, 0, 1, 0, 0, CALL_MS, "TIOCSBRK");
	add_case(k_breakseq, 0, 2, 0, 0, CALL_MS, "TIOCCBRK");
	add_case(k_breakseq, 0, 1 | 1 << 2 | 2 << 4, 0, 0, CALL_MS, "TIOCSBRK TIOCSBRK TIOCCBRK");
	add_case(k_breakseq, 0, 1 | 3 << 2 | 2 << 4, 0, 0, CALL_MS, "TIOCSBRK tcdrain TIOCCBRK");
	add_case(k_breakseq, 0, 2 | 2 << 2, 0, 0, CALL_MS, "TIOCCBRK TIOCCBRK");
	add_case(k_arg, TIOCSBRK, 0x12345678, 0, 0, CALL_MS, "TIOCSBRK arg=garbage");
	for (i = 0; i < sizeof(brk) / sizeof(brk[0]); i++) {
		add_case(k_arg, TCSBRK, brk[i].v, 0, 0, BREAK_MS, "TCSBRK %s", brk[i].name);
		add_case(k_arg, TCSBRKP, brk[i].v, 0, 0, BREAK_MS, "TCSBRKP %s", brk[i].name);
	}

	cur_group = "flush-flow";
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++)
		add_case(k_arg, TCFLSH, fl[i].v, 0, 0, CALL_MS, "TCFLSH %s", fl[i].name);
	for (i = 0; i < sizeof(fw) / sizeof(fw[0]); i++)
		add_case(k_arg, TCXONC, fw[i].v, 0, 0, CALL_MS, "TCXONC %s", fw[i].name);
	add_case(k_arg, TCXONC, 0, 2, 0, CALL_MS, "TCXONC TCOOFF twice");
	add_case(k_arg, TCXONC, 2, 2, 0, CALL_MS, "TCXONC TCIOFF twice");

	cur_group = "TIOCMIWAIT";
	for (i = 0; i < sizeof(mw) / sizeof(mw[0]); i++)
		add_case(k_arg, TIOCMIWAIT, mw[i].v, 0, 0, WAIT_MS, "TIOCMIWAIT %s", mw[i].name);

	cur_group = "no-argument";
	for (i = 0; i < sizeof(noarg) / sizeof(noarg[0]); i++)
		add_case(k_arg, noarg[i].req, 0, 0, 0, CALL_MS, "%s", noarg[i].name);
	for (i = 0; i < sizeof(sd) / sizeof(sd[0]); i++)
		add_case(k_mctrl, TIOCSETD, sd[i].v, 0, 0, CALL_MS, "TIOCSETD %s", sd[i].name);
	add_case(k_mctrl, TIOCSSOFTCAR, 1, 0, 0, CALL_MS, "TIOCSSOFTCAR 1");
	add_case(k_mctrl, TIOCSSOFTCAR, -1, 0, 0, CALL_MS, "TIOCSSOFTCAR ~0");
}

/* --- every pointer-taking ioctl with every pointer class */

static const struct pioc {
	const char *name;
	unsigned long req;
	size_t size;
	unsigned long tmpl_req;	/* get ioctl giving valid contents, or 0 */
	int tmpl_int;		/* ... else this int */
} piocs[] = {
	{ "TCGETS", TCGETS, sizeof(struct termios), 0, 0 },
	{ "TCSETS", TCSETS, sizeof(struct termios), TCGETS, 0 },
	{ "TCSETSW", TCSETSW, sizeof(struct termios), TCGETS, 0 },
	{ "TCSETSF", TCSETSF, sizeof(struct termios), TCGETS, 0 },
	{ "TCGETS2", TCGETS2, sizeof(struct termios2), 0, 0 },
	{ "TCSETS2", TCSETS2, sizeof(struct termios2), TCGETS2, 0 },
	{ "TCSETSW2", TCSETSW2, sizeof(struct termios2), TCGETS2, 0 },
	{ "TCSETSF2", TCSETSF2, sizeof(struct termios2), TCGETS2, 0 },
	{ "TCGETA", TCGETA, sizeof(struct termio), 0, 0 },
	{ "TCSETA", TCSETA, sizeof(struct termio), TCGETA, 0 },
	{ "TCSETAW", TCSETAW, sizeof(struct termio), TCGETA, 0 },
	{ "TCSETAF", TCSETAF, sizeof(struct termio), TCGETA, 0 },
	{ "TIOCGLCKTRMIOS", TIOCGLCKTRMIOS, sizeof(struct termios), 0, 0 },
	{ "TIOCSLCKTRMIOS", TIOCSLCKTRMIOS, sizeof(struct termios), TIOCGLCKTRMIOS, 0 },
	{ "TIOCGSERIAL", TIOCGSERIAL, sizeof(struct serial_struct), 0, 0 },
	{ "TIOCSSERIAL", TIOCSSERIAL, sizeof(struct serial_struct), TIOCGSERIAL, 0 },
	{ "TIOCMGET", TIOCMGET, sizeof(int), 0, 0 },
	{ "TIOCMSET", TIOCMSET, sizeof(int), TIOCMGET, 0 },
	{ "TIOCMBIS", TIOCMBIS, sizeof(int), 0, TIOCM_RTS },
	{ "TIOCMBIC", TIOCMBIC, sizeof(int), 0, TIOCM_RTS },
	{ "TIOCGICOUNT", TIOCGICOUNT, sizeof(struct serial_icounter_struct), 0, 0 },
	{ "TIOCSERGETLSR", TIOCSERGETLSR, sizeof(unsigned int), 0, 0 },
	{ "TIOCGRS485", TIOCGRS485, sizeof(struct serial_rs485), 0, 0 },
	{ "TIOCSRS485", TIOCSRS485, sizeof(struct serial_rs485), TIOCGRS485, 0 },
	{ "TIOCGISO7816", TIOCGISO7816, sizeof(struct serial_iso7816), 0, 0 },
	{ "TIOCSISO7816", TIOCSISO7816, sizeof(struct serial_iso7816), TIOCGISO7816, 0 },
	{ "FIONREAD", FIONREAD, sizeof(int), 0, 0 },
	{ "TIOCOUTQ", TIOCOUTQ, sizeof(int), 0, 0 },
	{ "TIOCGSOFTCAR", TIOCGSOFTCAR, sizeof(int), 0, 0 },
	{ "TIOCSSOFTCAR", TIOCSSOFTCAR, sizeof(int), TIOCGSOFTCAR, 0 },
	{ "TIOCGWINSZ", TIOCGWINSZ, sizeof(struct winsize), 0, 0 },
	{ "TIOCSWINSZ", TIOCSWINSZ, sizeof(struct winsize), TIOCGWINSZ, 0 },
	{ "TIOCGETD", TIOCGETD, sizeof(int), 0, 0 },
	{ "TIOCSETD", TIOCSETD, sizeof(int), 0, N_TTY },
	{ "TIOCGEXCL", TIOCGEXCL, sizeof(int), 0, 0 },
	{ "TIOCGDEV", TIOCGDEV, sizeof(unsigned int), 0, 0 },
	{ "TIOCGPGRP", TIOCGPGRP, sizeof(pid_t), 0, 0 },
	{ "TIOCGSID", TIOCGSID, sizeof(pid_t), 0, 0 },
	{ "TIOCSTI", TIOCSTI, 1, 0, 'x' },
};

/* v[0] index into piocs[], v[1] pointer class. */
static void k_ptr(struct port *p, const struct kase *k)
{
	const struct pioc *pi = &piocs[k->v[0]];
	unsigned char tmpl[256];
	struct outcome *saved = cur;

	memset(tmpl, 0, sizeof(tmpl));
	if (pi->tmpl_req) {
		cur = NULL;	/* fetching the template is not part of the case */
		pioctl(p->fd, "", pi->tmpl_req, tmpl, CALL_MS);
		cur = saved;
	} else if (pi->size == 1) {
		tmpl[0] = (unsigned char)pi->tmpl_int;
	} else {
		memcpy(tmpl, &pi->tmpl_int, sizeof(int));
	}
	pioctl(p->fd, pi->name, pi->req, hostile_ptr((int)k->v[1], pi->size, tmpl), CALL_MS);
}

static void add_ptr_cases(void)
{
	size_t i;
	int kind;

	cur_group = "pointers";
	for (i = 0; i < sizeof(piocs) / sizeof(piocs[0]); i++)
		for (kind = 0; kind < PK_NR; kind++)
			add_case(k_ptr, 0, (long)i, kind, 0, CALL_MS, "%s ptr=%s",
				 piocs[i].name, pk_name[kind]);
}

/* ---------------------------------------------------------- comparison */

/*
 * Documented differences: the DUT fails where 8250 fails, with another
 * errno, for a reason that is not the driver's own code.  (The one entry
 * matters only for a driver that sets UPF_FIXED_PORT; ntserial dropped
 * it, and then every case gives what 8250 gives.)
 */
static const struct {
	const char *word;
	int ref_err, dut_err;
	const char *why;
} allowed[] = {
	{ "TIOCSSERIAL", EINVAL, EPERM,
	  "serial_core rejects baud_base*16 == 0 with EINVAL before its capability check only for ports without UPF_FIXED_PORT; on a fixed port an unprivileged caller gets EPERM" },
};

struct tally {
	unsigned int cases, same, stricter, documented, violations, broken;
};

static const char *allowed_why(const char *name, struct res ref, struct res dut)
{
	size_t i;

	if (ref.kind != RES_ERR || dut.kind != RES_ERR)
		return NULL;
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (has_word(name, allowed[i].word) && allowed[i].ref_err == ref.err &&
		    allowed[i].dut_err == dut.err)
			return allowed[i].why;
	return NULL;
}

static void compare(const struct kase *k, struct outcome *ref, struct outcome *dut,
		    struct port *rp, struct port *dp, struct tally *t)
{
	int i, n = ref->n > dut->n ? ref->n : dut->n, differs = 0, bad = 0;
	char line[512];
	size_t len = 0;

	t->cases++;
	if (fake_word && fake_errno >= 0 && has_word(k->name, fake_word))
		for (i = 0; i < ref->n; i++)
			ref->r[i] = fake_errno ? (struct res){ RES_ERR, fake_errno } : (struct res){ RES_OK, 0 };
	for (i = 0; i < n; i++) {
		struct res a = i < ref->n ? ref->r[i] : (struct res){ RES_ERR, -1 };
		struct res b = i < dut->n ? dut->r[i] : (struct res){ RES_ERR, -1 };
		const char *verdict = NULL, *why;

		if (res_eq(a, b))
			continue;
		differs = 1;
		if (i >= ref->n || i >= dut->n) {
			verdict = "VIOLATION (a step missing)";
			bad = 1;
		} else if (a.kind == RES_OK && b.kind == RES_ERR && b.err == EINVAL) {
			verdict = "stricter (EINVAL where 8250 succeeds)";
			t->stricter++;
		} else if ((why = allowed_why(k->name, a, b))) {
			verdict = "documented";
			t->documented++;
			info("  (%s)", why);
		} else {
			verdict = "VIOLATION";
			bad = 1;
		}
		len += (size_t)snprintf(line + len, sizeof(line) - len, "step %d %s: %s %s, %s %s: %s; ",
					i + 1, i < dut->n ? dut->step[i] : ref->step[i],
					rp->name, res_str(a), dp->name, res_str(b), verdict);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
	}
	if (differs)
		info("diff [%s]: %s", k->name, line);
	if (bad && !first_violation[0])
		snprintf(first_violation, sizeof(first_violation), "[%.40s]: %.100s", k->name, line);
	if (dut->stuck) {
		violation("[%s]: %s on %s did not return until %ld ms (timer %d ms)",
			  k->name, dut->stuck_what, dp->name, dut->stuck_ms, k->ms);
		bad = 1;
	}
	if (ref->stuck)
		info("note [%s]: %s on %s (8250) took %ld ms", k->name, ref->stuck_what,
		     rp->name, ref->stuck_ms);
	if (dut->broken) {
		violation("[%s]: %s no longer works: %s", k->name, dp->name, dut->why);
		bad = 1;
		t->broken++;
	}
	if (ref->broken)
		info("note [%s]: %s (8250) no longer works after it: %s", k->name, rp->name, ref->why);
	if (bad)
		t->violations++;
	else if (!differs)
		t->same++;
}

static void run_case(struct port *p, const struct kase *k, struct outcome *o, unsigned int seed)
{
	memset(o, 0, sizeof(*o));
	cur = o;
	k->fn(p, k);
	cur = NULL;
	if (restore(p, o->why, sizeof(o->why)) || loop_check(p, seed, o->why, sizeof(o->why)))
		o->broken = 1;
	if (o->broken) {
		/* give the next case a fresh start: reopen and restore */
		close(p->fd);
		if (open_port(p) == 0) {
			char tmp[160];

			restore(p, tmp, sizeof(tmp));
		}
	}
}

/* ------------------------------------------------------ privileges, setup */

static unsigned long long cap_eff(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long v = ~0ULL;
	char line[256];

	if (!f)
		return v;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			break;
	fclose(f);
	return v;
}

static void drop_privileges(struct port **ports, int n)
{
	gid_t g = NOBODY;
	int i;

	if (stay_root)
		return;
	if (geteuid() == 0) {
		for (i = 0; i < n; i++)
			if (chmod(ports[i]->path, 0666))
				fail("chmod 0666 %s: %s", ports[i]->path, strerror(errno));
		if (setgroups(1, &g) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			fail("dropping privileges: %s", strerror(errno));
	}
	if (getuid() == 0 || geteuid() == 0 || getgid() == 0 || getegid() == 0)
		fail("still uid/gid 0 after dropping privileges");
	if (cap_eff() != 0)
		fail("CapEff is %llx, not 0, after dropping privileges", cap_eff());
}

/* An unprivileged TIOCSSERIAL changing baud_base must give EPERM. */
static void check_unprivileged(struct port *p)
{
	struct serial_struct s;

	if (ioctl(p->fd, TIOCGSERIAL, &s))
		fail("%s: TIOCGSERIAL: %s", p->name, strerror(errno));
	s.baud_base += 1;
	if (ioctl(p->fd, TIOCSSERIAL, &s) == 0) {
		s.baud_base -= 1;
		ioctl(p->fd, TIOCSSERIAL, &s);
		fail("%s: TIOCSSERIAL changing baud_base succeeded: still privileged (CAP_SYS_ADMIN)",
		     p->name);
	}
	if (errno != EPERM)
		fail("%s: TIOCSSERIAL changing baud_base gave %s, expected EPERM", p->name,
		     errname(errno));
}

static void port_init(struct port *p, const char *dev, const char *label)
{
	snprintf(p->path, sizeof(p->path), "%s%s", dev[0] == '/' ? "" : "/dev/", dev);
	snprintf(p->name, sizeof(p->name), "%s", strrchr(p->path, '/') + 1);
	p->label = label;
	p->fd = -1;
}

static void port_open_save(struct port *p)
{
	char why[160];
	int rc = open_port(p);

	if (rc)
		fail("open %s as uid %d: %s", p->path, (int)getuid(), strerror(-rc));
	if (ioctl(p->fd, TIOCGSERIAL, &p->ss0))
		fail("%s: TIOCGSERIAL: %s", p->name, strerror(errno));
	if (ioctl(p->fd, TIOCGWINSZ, &p->ws0))
		memset(&p->ws0, 0, sizeof(p->ws0));
	if (ioctl(p->fd, TIOCGSOFTCAR, &p->softcar0))
		p->softcar0 = 0;
	if (p->ss0.flags & ASYNC_SPD_MASK || p->ss0.custom_divisor)
		info("%s: found with spd flags 0x%x custom_divisor %d; clearing them",
		     p->name, p->ss0.flags & ASYNC_SPD_MASK, p->ss0.custom_divisor);
	p->ss0.flags &= ~ASYNC_SPD_MASK;
	p->ss0.custom_divisor = 0;
	if (restore(p, why, sizeof(why)))
		fail("%s: %s", p->name, why);
	if (loop_check(p, 1, why, sizeof(why)))
		fail("%s does not work before any hostile input: %s", p->name, why);
}

static void setup_guard(void)
{
	struct sigaction sa;

	pagesz = sysconf(_SC_PAGESIZE);
	guard = mmap(NULL, (size_t)pagesz * 2, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard == MAP_FAILED || mprotect(guard + pagesz, (size_t)pagesz, PROT_NONE))
		fail("guard page: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_timer;	/* no SA_RESTART: blocked calls return EINTR */
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
}

/* ------------------------------------------------------------ values */

static int phase_values(struct port *ref, struct port *dut)
{
	struct outcome ro, dout;
	struct tally t;
	const char *group = NULL;
	char why[200];
	uint64_t t0 = tio_now_ms();
	size_t i, skipped_n = 0;

	memset(&t, 0, sizeof(t));
	add_termios_cases();
	add_serial_cases();
	add_misc_cases();
	add_ptr_cases();
	info("values: %zu cases, each on %s (8250, reference) then on %s", nr_cases, ref->name,
	     dut->name);
	for (i = 0; i < nr_cases; i++) {
		const struct kase *k = &cases[i];

		if (skipped(k->name)) {
			skipped_n++;
			continue;
		}
		if (group != k->group) {
			group = k->group;
			info("values: group %s", group);
		}
		if (verbose)
			info("case %zu: %s", i, k->name);
		run_case(ref, k, &ro, (unsigned int)i);
		run_case(dut, k, &dout, (unsigned int)i);
		compare(k, &ro, &dout, ref, dut, &t);
	}
	if (skipped_n)
		info("values: %zu cases skipped (--skip)", skipped_n);
	info("values: %u cases in %llu s: %u the same, %u stricter (EINVAL), %u documented, %u violations (%u left %s not working)",
	     t.cases, (unsigned long long)(tio_now_ms() - t0) / 1000, t.same, t.stricter,
	     t.documented, t.violations, t.broken, dut->name);

	/* the end: both ports still work; the DUT through the host peer */
	if (loop_check(ref, 7, why, sizeof(why)))
		info("note: %s (8250) does not work at the end: %s", ref->name, why);
	if (loop_check(dut, 7, why, sizeof(why))) {
		violation("%s does not work at the end: %s", dut->name, why);
		t.violations++;
	}
	if (echo_check(dut->fd, 4096, 21, why, sizeof(why))) {
		violation("%s to the host peer at the end: %s", dut->name, why);
		t.violations++;
	} else {
		info("values: %s echoes 4 KiB through the host peer at the end", dut->name);
	}
	return (int)t.violations;
}

/* ------------------------------------------------------------ random */

struct traffic {
	volatile long wbytes, rbytes, wopens, ropens, werrs, rerrs;
};

/*
 * The writer keeps to flood_rate, as the peer does: QEMU's 16550 sends as
 * fast as it is loaded, so an unpaced writer is a line of several Mbaud
 * too (see FLOOD_RATE).
 */
static void __attribute__((noreturn)) traffic_child(const char *path, int writer,
						    struct traffic *st)
{
	uint64_t t0 = tio_now_ms();
	unsigned char buf[4096];
	unsigned int seed = 0;
	int fd = -1;

	signal(SIGALRM, SIG_DFL);
	for (;;) {
		struct pollfd pfd;
		ssize_t r;

		if (fd < 0) {
			fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
			if (fd < 0) {
				sleep_ms(10);
				continue;
			}
			if (writer)
				st->wopens++;
			else
				st->ropens++;
		}
		pfd.fd = fd;
		pfd.events = writer ? POLLOUT : POLLIN;
		if (poll(&pfd, 1, 100) < 0)
			continue;
		if (writer && tio_ahead((uint64_t)st->wbytes, t0, (uint64_t)flood_rate)) {
			sleep_ms(20);
			continue;
		}
		if (writer) {
			size_t n = 1 + (seed * 2654435761u) % sizeof(buf);

			tio_pattern(buf, n, seed++ & 0xff, 0xff);
			r = write(fd, buf, n);
			if (r > 0)
				st->wbytes += r;
		} else {
			r = read(fd, buf, sizeof(buf));
			if (r > 0)
				st->rbytes += r;
		}
		if ((r < 0 && errno != EAGAIN && errno != EINTR) || (r == 0 && !writer)) {
			/* hung up (DCD loss, ...): open again */
			if (writer)
				st->werrs++;
			else
				st->rerrs++;
			close(fd);
			fd = -1;
		}
	}
}

/*
 * Loopback and echo never at the same time in the random phase: with
 * TIOCM_LOOP set and ECHO (or ECHONL) on, every byte received is echoed,
 * the echo loops straight back into the receiver, and flush_to_ldisc()
 * never runs out of input: the flip-buffer worker runs forever and every
 * reader waits for it in flush_work() (D state).  That is the tty core's
 * doing and happens the same on 8250 (the reference), so it is kept out.
 */
#define ECHOES	(ECHO | ECHONL)

static int in_loopback(int fd)
{
	int m = 0;

	return ioctl(fd, TIOCMGET, &m) == 0 && (m & TIOCM_LOOP);
}

static int echoing(int fd)
{
	struct termios2 t;

	return ioctl(fd, TCGETS2, &t) == 0 && (t.c_lflag & ECHOES);
}

/* One random call on @fd.  Return: a short name for the statistics. */
static const char *random_call(int fd, struct port *p, char *name, size_t namesz)
{
	unsigned int pick = rnd_below(100);
	struct termios2 t;
	struct serial_struct s;
	int v;

	if (pick < 20) {			/* termios: a value class, or mutated */
		const struct kase *k;

		do
			k = &cases[rnd_below((unsigned int)nr_cases)];
		while (k->fn != k_termios || skipped(k->name));
		t = k->t;
		if (k->v[0] == 1)
			t.c_ispeed = t.c_ospeed = (speed_t)p->ss0.baud_base + 1;
		if (rnd_below(3) == 0) {
			((unsigned int *)&t)[rnd_below(4)] ^= 1u << rnd_below(32);
			t.c_cflag = (t.c_cflag & ~CBAUD) | bauds[rnd_below(sizeof(bauds) / sizeof(bauds[0]))].code;
		}
		if (in_loopback(fd))
			t.c_lflag &= ~ECHOES;
		snprintf(name, namesz, "%s", k->name);
		set_termios_req(p, "set", k->req, &t, 100);
		return "termios";
	}
	if (pick < 32) {			/* TIOCSSERIAL */
		const struct kase *k;

		do
			k = &cases[rnd_below((unsigned int)nr_cases)];
		while ((k->fn != k_serial && k->fn != k_spd) || skipped(k->name));
		snprintf(name, namesz, "%s", k->name);
		if (k->fn == k_serial) {
			k_serial(p, k);
		} else {
			if (ioctl(fd, TIOCGSERIAL, &s) == 0) {
				s.flags = (s.flags & ~ASYNC_SPD_MASK) | (int)k->v[0];
				s.custom_divisor = (int)k->v[1];
				pioctl(fd, "TIOCSSERIAL", TIOCSSERIAL, &s, 100);
			}
		}
		return "TIOCSSERIAL";
	}
	if (pick < 44) {			/* modem control */
		static const unsigned long r[] = { TIOCMSET, TIOCMBIS, TIOCMBIC };
		static const int vals[] = { 0, TIOCM_DTR | TIOCM_RTS, TIOCM_LOOP, -1, 0xffff,
					    TIOCM_OUT2, TIOCM_RTS, TIOCM_DTR };

		unsigned long req = r[rnd_below(3)];

		v = vals[rnd_below(8)];
		if (req != TIOCMBIC && (v & TIOCM_LOOP) && echoing(fd))
			v &= ~TIOCM_LOOP;
		snprintf(name, namesz, "TIOCM* 0x%x", v);
		pioctl(fd, "mctrl", req, &v, 100);
		return "TIOCM*";
	}
	if (pick < 52) {			/* break */
		static const unsigned long r[] = { TIOCSBRK, TIOCCBRK, TCSBRK, TCSBRKP };
		static const long a[] = { 0, 1, -1, 42949673, INT_MAX };
		unsigned long req = r[rnd_below(4)];
		long arg = a[rnd_below(5)];

		snprintf(name, namesz, "break req 0x%lx arg %ld", req, arg);
		xioctl(fd, "break", req, (unsigned long)arg, 100);
		return "break";
	}
	if (pick < 60) {			/* flush */
		static const long a[] = { 0, 1, 2, 3, -1, 99 };
		long arg = a[rnd_below(6)];

		snprintf(name, namesz, "TCFLSH %ld", arg);
		xioctl(fd, "TCFLSH", TCFLSH, (unsigned long)arg, 100);
		return "TCFLSH";
	}
	if (pick < 68) {			/* flow */
		static const long a[] = { 0, 1, 2, 3, 4, -1, 1, 1 };
		long arg = a[rnd_below(8)];

		snprintf(name, namesz, "TCXONC %ld", arg);
		xioctl(fd, "TCXONC", TCXONC, (unsigned long)arg, 100);
		return "TCXONC";
	}
	if (pick < 72) {			/* TIOCMIWAIT */
		static const long a[] = { 0, TIOCM_CTS | TIOCM_DSR | TIOCM_CD | TIOCM_RNG, -1 };
		long arg = a[rnd_below(3)];

		snprintf(name, namesz, "TIOCMIWAIT %ld", arg);
		xioctl(fd, "TIOCMIWAIT", TIOCMIWAIT, (unsigned long)arg, 50);
		return "TIOCMIWAIT";
	}
	if (pick < 86) {			/* a pointer-taking ioctl, any pointer */
		const struct pioc *pi = &piocs[rnd_below(sizeof(piocs) / sizeof(piocs[0]))];
		unsigned char tmpl[256];
		int kind = (int)rnd_below(PK_NR);

		memset(tmpl, 0, sizeof(tmpl));
		if (pi->tmpl_req)
			ioctl(fd, pi->tmpl_req, tmpl);
		else
			memcpy(tmpl, &pi->tmpl_int, sizeof(int));
		snprintf(name, namesz, "%s ptr=%s", pi->name, pk_name[kind]);
		pioctl(fd, pi->name, pi->req, hostile_ptr(kind, pi->size, tmpl), 100);
		return "pointer";
	}
	if (pick < 92) {			/* getters and drain */
		struct serial_icounter_struct ic;
		unsigned int lsr;
		int n;

		snprintf(name, namesz, "getters");
		pioctl(fd, "TIOCGICOUNT", TIOCGICOUNT, &ic, 100);
		pioctl(fd, "TIOCSERGETLSR", TIOCSERGETLSR, &lsr, 100);
		pioctl(fd, "FIONREAD", FIONREAD, &n, 100);
		pioctl(fd, "TIOCOUTQ", TIOCOUTQ, &n, 100);
		pioctl(fd, "TIOCMGET", TIOCMGET, &n, 100);
		xioctl(fd, "tcdrain", TCSBRK, 1, 100);
		return "getters";
	}
	if (pick < 95) {			/* our own traffic, a little */
		unsigned char buf[256];
		ssize_t r;

		snprintf(name, namesz, "read/write");
		tio_pattern(buf, sizeof(buf), pick, 0xff);
		r = write(fd, buf, rnd_below(sizeof(buf)));
		r = read(fd, buf, sizeof(buf));
		(void)r;
		return "read/write";
	}
	snprintf(name, namesz, "pause");
	sleep_ms(rnd_below(5));
	return "pause";
}

static int wait_child(pid_t pid, int ms, const char *what)
{
	uint64_t end = tio_now_ms() + (uint64_t)ms;
	int st;

	while (tio_now_ms() < end) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			return 0;
		sleep_ms(20);
	}
	{
		char path[64], pstat[256] = "", wchan[64] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		f = fopen(path, "r");
		if (f) {
			if (!fgets(pstat, sizeof(pstat), f))
				pstat[0] = '\0';
			fclose(f);
		}
		snprintf(path, sizeof(path), "/proc/%d/wchan", (int)pid);
		f = fopen(path, "r");
		if (f) {
			if (!fgets(wchan, sizeof(wchan), f))
				wchan[0] = '\0';
			fclose(f);
		}
		violation("%s (pid %d) still there %d ms after SIGKILL: stat '%.80s' wchan '%s'",
			  what, (int)pid, ms, pstat, wchan);
	}
	return -1;
}

/* user nice system idle iowait irq softirq steal, from /proc/stat */
#define CPU_FIELDS	8

static void cpu_times(unsigned long long *t)
{
	FILE *f = fopen("/proc/stat", "r");
	int n = 0;

	memset(t, 0, CPU_FIELDS * sizeof(*t));
	if (f) {
		n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &t[0], &t[1], &t[2],
			   &t[3], &t[4], &t[5], &t[6], &t[7]);
		fclose(f);
	}
	if (n != CPU_FIELDS)
		memset(t, 0, CPU_FIELDS * sizeof(*t));
}

/*
 * Where the guest's CPU time went during the random phase: a call that
 * comes back late under a flood that kept the CPU busy in the kernel
 * (system, irq, softirq; IRQ threads count as system) was waiting for the
 * CPU, one that comes back late with the CPU idle was waiting for
 * something else.
 */
static void cpu_report(const unsigned long long *a, const unsigned long long *b)
{
	static const char *const names[CPU_FIELDS] = {
		"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal" };
	unsigned long long d[CPU_FIELDS], sum = 0;
	char line[200];
	int i, len = 0;

	for (i = 0; i < CPU_FIELDS; i++) {
		d[i] = b[i] - a[i];
		sum += d[i];
	}
	if (!sum)
		return;
	for (i = 0; i < CPU_FIELDS; i++)
		len += snprintf(line + len, sizeof(line) - len, " %s %llu%%", names[i],
				d[i] * 100 / sum);
	info("random: guest CPU during the phase:%s", line);
}

static int phase_random(struct port *dut, uint64_t seed, int seconds)
{
	struct traffic *st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	static const char *const kinds[] = { "termios", "TIOCSSERIAL", "TIOCM*", "break",
					     "TCFLSH", "TCXONC", "TIOCMIWAIT", "pointer",
					     "getters", "read/write", "pause", "reopen" };
	unsigned long counts[12] = { 0 }, ops = 0, blocked = 0, errs = 0, reopens = 0;
	unsigned long starved = 0;
	unsigned int peer_n, peer_crc;
	unsigned char *buf, *exp;
	char name[128], last[128] = "", why[200], line[128];
	uint64_t t0, end, flood_end, next_report;
	int violations = 0, flood_ms = seconds * 1000 + 3000;
	unsigned long long cpu0[CPU_FIELDS], cpu1[CPU_FIELDS];
	struct outcome o;
	pid_t wpid, rpid;
	uint32_t crc;
	ssize_t got;
	size_t i;

	if (st == MAP_FAILED)
		fail("mmap: %s", strerror(errno));
	memset((void *)st, 0, sizeof(*st));
	if (!nr_cases) {
		add_termios_cases();
		add_serial_cases();
		add_misc_cases();
		add_ptr_cases();
	}
	rng_state = seed ? seed : 1;
	info("random: seed %llu (replay: --seed %llu), %d s on %s", (unsigned long long)seed,
	     (unsigned long long)seed, seconds, dut->name);

	peer_sync(dut->fd);
	peer_cmd(dut->fd, "FLOOD %d %u %d", flood_ms, (unsigned int)(seed & 0xff), flood_rate);
	cpu_times(cpu0);
	flood_end = tio_now_ms() + (uint64_t)flood_ms;

	wpid = fork();
	if (wpid == 0)
		traffic_child(dut->path, 1, st);
	rpid = fork();
	if (rpid == 0)
		traffic_child(dut->path, 0, st);
	if (wpid < 0 || rpid < 0)
		fail("fork: %s", strerror(errno));

	t0 = tio_now_ms();
	end = t0 + (uint64_t)seconds * 1000;
	next_report = t0 + 15000;
	while (tio_now_ms() < end) {
		const char *kind;
		int k;

		memset(&o, 0, sizeof(o));
		cur = &o;
		if (rnd_below(200) == 0) {	/* close and open again */
			close(dut->fd);
			snprintf(name, sizeof(name), "reopen");
			kind = "reopen";
			reopens++;
			if (open_port(dut))
				sleep_ms(10);
		} else if (dut->fd < 0) {
			open_port(dut);
			kind = "reopen";
		} else {
			kind = random_call(dut->fd, dut, name, sizeof(name));
		}
		cur = NULL;
		if (verbose)
			info("random #%lu: %s", ops, name);
		for (k = 0; k < 12; k++)
			if (strcmp(kinds[k], kind) == 0)
				counts[k]++;
		for (k = 0; k < o.n; k++) {
			if (o.r[k].kind == RES_BLOCKED)
				blocked++;
			else if (o.r[k].kind == RES_ERR)
				errs++;
			if (o.r[k].kind == RES_ERR && o.r[k].err == EIO && dut->fd >= 0) {
				/* hung up (e.g. DCD dropped without CLOCAL): open again */
				close(dut->fd);
				open_port(dut);
				reopens++;
				break;
			}
		}
		if (o.starved) {
			info("note: random #%lu [%s]: %s came back %ld ms after it began, %ld ms of it runnable without a CPU (starved, not blocked)",
			     ops, name, o.starved_what, o.starved_ms, o.starved_wait_ms);
			starved++;
		}
		if (o.stuck) {
			/* the window for scripts/guest/init's task samples */
			violation("random #%lu [%s]: %s did not return for %ld ms (clock %.2f-%.2f s)",
				  ops, name, o.stuck_what, o.stuck_ms,
				  (double)(o.stuck_end - (uint64_t)o.stuck_ms) / 1000,
				  (double)o.stuck_end / 1000);
			violations++;
		}
		snprintf(last, sizeof(last), "%s", name);
		ops++;
		if (tio_now_ms() >= next_report) {
			info("random: %lu calls so far; traffic: wrote %ld, read %ld bytes",
			     ops, st->wbytes, st->rbytes);
			next_report += 15000;
		}
	}
	cpu_times(cpu1);
	cpu_report(cpu0, cpu1);
	info("random: %lu calls in %llu s (%lu blocked until the timer, %lu errors, %lu reopens, %lu late only for want of a CPU), last: %s",
	     ops, (unsigned long long)(tio_now_ms() - t0) / 1000, blocked, errs, reopens,
	     starved, last);
	for (i = 0; i < 12; i++)
		if (counts[i])
			info("random:   %-12s %lu", kinds[i], counts[i]);
	info("random: traffic: wrote %ld bytes (%ld opens, %ld hangups), read %ld bytes (%ld opens, %ld hangups)",
	     st->wbytes, st->wopens, st->werrs, st->rbytes, st->ropens, st->rerrs);

	kill(wpid, SIGKILL);
	kill(rpid, SIGKILL);
	if (wait_child(wpid, 5000, "writer") || wait_child(rpid, 5000, "reader"))
		violations++;

	/* a sane line again, on a fresh open */
	if (dut->fd >= 0)
		close(dut->fd);
	if (open_port(dut))
		fail("open %s after the random phase: %s", dut->path, strerror(errno));
	if (restore(dut, why, sizeof(why))) {
		violation("after the random phase: %s", why);
		return violations + 1;
	}
	peer_cmd(dut->fd, "STOP");
	while (tio_now_ms() < flood_end + 500 && drain_input(dut->fd, 500, 1000) > 0)
		;
	info("random: line quiet again %lld ms after the phase ended",
	     (long long)(tio_now_ms() - end));

	/* CRC-checked transfer each way */
	buf = malloc(XFER_BYTES);
	exp = malloc(XFER_BYTES);
	if (!buf || !exp)
		fail("out of memory");
	peer_sync(dut->fd);
	tio_pattern(buf, XFER_BYTES, 0x3c, 0xff);
	crc = tio_crc32(0, buf, XFER_BYTES);
	if (tamper_crc)
		crc ^= 1;
	peer_cmd(dut->fd, "SINK %d", XFER_BYTES);
	if (tio_write_by(dut->fd, buf, XFER_BYTES, tio_now_ms() + 60000) || ioctl(dut->fd, TCSBRK, 1))
		fail("final transfer: write: %s", strerror(errno));
	peer_cmd(dut->fd, "GETCRC");
	if (tio_read_line(dut->fd, "@@CRC ", line, sizeof(line), 10000) ||
	    sscanf(line, "@@CRC %u %x", &peer_n, &peer_crc) != 2) {
		violation("final transfer: no CRC from the peer");
		return violations + 1;
	}
	info("random: final tx %d bytes: crc %08x, peer got %u bytes crc %08x", XFER_BYTES, crc,
	     peer_n, peer_crc);
	if (peer_n != XFER_BYTES || peer_crc != crc) {
		violation("final transfer guest->host differs");
		violations++;
	}
	tio_pattern(exp, XFER_BYTES, 0xc3, 0xff);
	crc = tio_crc32(0, exp, XFER_BYTES);
	if (tamper_crc)
		crc ^= 1;
	peer_sync(dut->fd);
	peer_cmd(dut->fd, "SOURCE %d %u %u 200", XFER_BYTES, 0xc3, 0xff);
	got = tio_read_exact(dut->fd, buf, XFER_BYTES, 5000);
	info("random: final rx %zd bytes: crc %08x, expected %d bytes crc %08x", got,
	     tio_crc32(0, buf, got > 0 ? (size_t)got : 0), XFER_BYTES, crc);
	if (got != XFER_BYTES || tio_crc32(0, buf, XFER_BYTES) != crc) {
		violation("final transfer host->guest differs");
		violations++;
	}
	free(buf);
	free(exp);
	return violations;
}

/* ------------------------------------------------------------------ main */

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: nthostile NAME values|random|all DUT [REF] [--seed N] [--seconds N]\n"
			"       [--flood-rate N]"
			"       [--skip WORD]... [--verbose] [--fake-ref WORD=ERRNO] [--tamper-crc]\n"
			"       [--stay-root]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct port ref, dut, *ports[2];
	const char *phase, *env, *devs[2] = { NULL, NULL };
	uint64_t seed = 0;
	int seconds = 60, nports = 0, i, v = 0;
	char *envcopy;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 4)
		usage();
	test_name = argv[1];
	phase = argv[2];
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 0);
		} else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			seconds = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--flood-rate") == 0 && i + 1 < argc) {
			flood_rate = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--skip") == 0 && i + 1 < argc) {
			if (nr_skip < 32)
				skip_words[nr_skip++] = argv[++i];
		} else if (strcmp(argv[i], "--verbose") == 0) {
			verbose = 1;
		} else if (strcmp(argv[i], "--tamper-crc") == 0) {
			tamper_crc = 1;
		} else if (strcmp(argv[i], "--stay-root") == 0) {
			stay_root = 1;
		} else if (strcmp(argv[i], "--fake-ref") == 0 && i + 1 < argc) {
			char *eq = strchr(argv[++i], '=');

			if (!eq)
				usage();
			*eq = '\0';
			fake_word = argv[i];
			fake_errno = errnum(eq + 1);
		} else if (argv[i][0] == '-') {
			usage();
		} else if (nports < 2) {
			devs[nports++] = argv[i];
		} else {
			usage();
		}
	}
	env = getenv("NTHOSTILE_SKIP");
	if (env && *env) {
		char *w, *save = NULL;

		envcopy = strdup(env);
		for (w = strtok_r(envcopy, " ", &save); w && nr_skip < 32; w = strtok_r(NULL, " ", &save))
			skip_words[nr_skip++] = w;
	}
	for (i = 0; i < nr_skip; i++)
		info("skipping value class '%s' (--skip / NTHOSTILE_SKIP)", skip_words[i]);
	if (!seed)
		seed = (tio_now_ms() * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)getpid();
	if (nports < 1)
		usage();

	setup_guard();
	port_init(&dut, devs[0], "dut");
	ports[0] = &dut;
	if (nports > 1) {
		port_init(&ref, devs[1], "8250");
		ports[1] = &ref;
	}
	if (strcmp(phase, "values") && strcmp(phase, "random") && strcmp(phase, "all"))
		usage();
	if (strcmp(phase, "random") && nports < 2)
		fail("the values phase needs a reference port (8250)");
	for (i = 0; i < nports; i++)
		if (access(ports[i]->path, F_OK))
			skip("no %s", ports[i]->path);

	drop_privileges(ports, nports);
	info("running as uid %d gid %d, CapEff %llx", (int)getuid(), (int)getgid(), cap_eff());
	for (i = 0; i < nports; i++) {
		port_open_save(ports[i]);
		check_unprivileged(ports[i]);
	}
	info("unprivileged: TIOCSSERIAL changing baud_base gives EPERM on %s%s%s", dut.name,
	     nports > 1 ? " and " : "", nports > 1 ? ref.name : "");

	if (strcmp(phase, "random"))
		v += phase_values(&ref, &dut);
	if (strcmp(phase, "values"))
		v += phase_random(&dut, seed, seconds);
	if (v)
		fail("%d violation%s, the first: %s (see the info lines)", v, v == 1 ? "" : "s",
		     first_violation[0] ? first_violation : "?");
	pass();
}
