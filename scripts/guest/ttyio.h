/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ttyio.h - serial-line helpers shared by the guest programs nttest.c
 * (tests), nthostile.c (hostile input) and ntbench.c (benchmark): CRC32,
 * the data pattern, whole-buffer write and read with a stall limit or a
 * deadline, and reading the host peer's reply lines.  Errors come back
 * as -errno so that each program reports them its own way.
 */
#ifndef NT_GUEST_TTYIO_H
#define NT_GUEST_TTYIO_H

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Milliseconds on the monotonic clock. */
static inline uint64_t tio_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * A writer that keeps to @rate bytes a second since @t0 (tio_now_ms()
 * time) is ahead after @sent bytes: it should wait.  @rate 0: never.
 * QEMU's 16550 sends as fast as it is loaded, so a writer that wants a
 * real line's pace has to keep it itself.
 */
static inline int tio_ahead(uint64_t sent, uint64_t t0, uint64_t rate)
{
	return rate && sent * 1000 > (tio_now_ms() - t0) * rate;
}

/* CRC-32 (IEEE, as Python's zlib.crc32), continued from @crc. */
static inline uint32_t tio_crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	size_t i;
	int k;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			uint32_t c = (uint32_t)i;

			for (k = 0; k < 8; k++)
				c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc = ~crc;
	for (i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/*
 * The data pattern; the host peer (scripts/peer.py, both dialects) uses
 * the same formula.  @mask keeps a character size's bits.
 */
static inline void tio_pattern(unsigned char *buf, size_t n, unsigned int seed,
			       unsigned int mask)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)((i * 7 + (i >> 8) * 13 + seed) & mask);
}

/* Write all @n bytes.  Return: 0, or -errno. */
static inline int tio_write_all(int fd, const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n) {
		ssize_t r = write(fd, p, n);

		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Read @n bytes unless the line stays silent for @stall_ms.
 * Return: the bytes read (fewer than @n after a stall), or -errno.
 */
static inline ssize_t tio_read_exact(int fd, void *buf, size_t n, int stall_ms)
{
	unsigned char *p = buf;
	size_t got = 0;

	while (got < n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t r;
		int pr = poll(&pfd, 1, stall_ms);

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			break;
		r = read(fd, p + got, n - got);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/*
 * Write all @n bytes by @deadline (tio_now_ms() time), waiting in poll():
 * for a non-blocking fd, or one whose output may stop for good.
 * Return: 0, -ETIMEDOUT, or -errno.
 */
static inline int tio_write_by(int fd, const void *buf, size_t n, uint64_t deadline)
{
	const unsigned char *p = buf;

	while (n) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int64_t left = (int64_t)(deadline - tio_now_ms());
		ssize_t w;

		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Wait up to @timeout_ms for a line starting with @prefix (a host peer
 * reply such as "@@PONG 123"); copy it, without the newline, to @out.
 * Anything before an '@' that starts a reply is dropped.
 * Return: 0, or -1 if no such line came in time.
 */
static inline int tio_read_line(int fd, const char *prefix, char *out, size_t outsz,
				int timeout_ms)
{
	uint64_t end = tio_now_ms() + (uint64_t)timeout_ms;
	size_t len = 0;
	char c;

	while (tio_now_ms() < end) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = (int64_t)(end - tio_now_ms());

		if (poll(&pfd, 1, left > 0 ? (int)left : 0) <= 0)
			continue;
		if (read(fd, &c, 1) != 1)
			continue;
		if (c == '\n') {
			out[len] = '\0';
			if (strncmp(out, prefix, strlen(prefix)) == 0)
				return 0;
			len = 0;
			continue;
		}
		if (c == '@' && len && out[len - 1] != '@')
			len = 0;	/* junk before a reply: restart */
		if (len + 1 < outsz)
			out[len++] = c;
	}
	return -1;
}

#endif /* NT_GUEST_TTYIO_H */
