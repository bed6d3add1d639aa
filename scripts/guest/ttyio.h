/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ttyio.h - serial-line helpers shared by the guest programs nttest.c
 * (tests) and ntbench.c (benchmark): CRC32, the data pattern, and
 * whole-buffer write and read with a stall limit.  Errors come back as
 * -errno so that each program reports them its own way.
 */
#ifndef NT_GUEST_TTYIO_H
#define NT_GUEST_TTYIO_H

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <unistd.h>

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
 * The data pattern; the host peers (scripts/peer.py, scripts/bench.py)
 * use the same formula.  @mask keeps a character size's bits.
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

#endif /* NT_GUEST_TTYIO_H */
