/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntresult.h - how the guest test programs nttest.c and nthostile.c
 * report: exactly one line "NTTEST PASS|FAIL|SKIP <name>[: reason]" per
 * run, which scripts/guest/init and scripts/vmcheck.py read, and any
 * number of "  info: ..." lines before it.  The program sets test_name
 * from its command line first.
 */
#ifndef NT_GUEST_NTRESULT_H
#define NT_GUEST_NTRESULT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *test_name = "?";

static void __attribute__((noreturn)) finish(int code, const char *verdict,
					     const char *fmt, va_list ap)
{
	fflush(stdout);
	printf("NTTEST %s %s", verdict, test_name);
	if (fmt) {
		printf(": ");
		vprintf(fmt, ap);
	}
	printf("\n");
	fflush(stdout);
	exit(code);
}

static void __attribute__((noreturn, unused, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	finish(1, "FAIL", fmt, ap);
}

static void __attribute__((noreturn, unused, format(printf, 1, 2)))
skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	finish(77, "SKIP", fmt, ap);
}

static void __attribute__((noreturn, unused)) pass(void)
{
	va_list ap;

	memset(&ap, 0, sizeof(ap));
	finish(0, "PASS", NULL, ap);
}

static void __attribute__((unused, format(printf, 1, 2))) info(const char *fmt, ...)
{
	va_list ap;

	printf("  info: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#endif /* NT_GUEST_NTRESULT_H */
