/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntdpc_compat.h - the kernel version differences of the NT DPC layer.
 *
 * Supported: 6.1 (with Debian's backports), 6.12 and 6.12 PREEMPT_RT.  Like
 * the driver's compat header, this is a file that may test
 * LINUX_VERSION_CODE (the checkpatch gate allows it here); the layer needs
 * nothing else from its host driver.
 */
#ifndef _NTDPC_COMPAT_H
#define _NTDPC_COMPAT_H

#include <linux/version.h>

/* WQ_BH workqueues (system_bh_wq) arrived in 6.9. */
#if KERNEL_VERSION(6, 9, 0) <= LINUX_VERSION_CODE
#define NT_HAVE_WQ_BH 1
#else
#define NT_HAVE_WQ_BH 0
#endif

#endif /* _NTDPC_COMPAT_H */
