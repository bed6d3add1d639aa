#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""vmcheck_selftest.py - show that scripts/vmcheck.py fails on every report
the debug kernels can produce, and passes a clean run.

    vmcheck_selftest.py [-v]

Builds fake vmrun output directories (a test list, a console log with a
PASS line per test, a kmemleak scan and a dmesg dump with the debug
checkers' boot banners), runs vmcheck.py on each with and without one
injected report, and compares the verdict of the host-side tests with the
expected one.  The injected reports are shaped like the kernel's own
(6.1 and 6.12).  Prints one line per case; exit status 1 if any case
disagrees.  make check runs it as a gate.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VMCHECK = os.path.join(HERE, "vmcheck.py")
TESTS = ["load_unload", "ping", "data_115200_cs8", "twoproc"]
DEBUG = "kasan,lockdep,odebug,kmemleak"

BANNERS = """Linux version 6.12.118 (root@vm) #1 SMP PREEMPT_DYNAMIC
kasan: KernelAddressSanitizer initialized
Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
kcsan: enabled early
kmemleak: Kernel memory leak detector initialized (mem pool available: 14446)
kunit: disabled
"""

KASAN = """==================================================================
BUG: KASAN: slab-out-of-bounds in ntser_dpc_rx+0x1a2/0x400 [ntserial]
Read of size 1 at addr ffff888004d1c010 by task kworker/0:1/23
Call Trace:
 <TASK>
 dump_stack_lvl+0x5b/0x77
==================================================================
"""

LOCKDEP = """======================================================
WARNING: possible circular locking dependency detected
6.1.192 #1 Not tainted
------------------------------------------------------
insmod/80 is trying to acquire lock:
"""

LOCKDEP_IRQ = """================================
WARNING: inconsistent lock state
--------------------------------
inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.
"""

ATOMIC_SLEEP = """BUG: sleeping function called from invalid context at kernel/time/timer.c:2036
in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 80, name: insmod
"""

ODEBUG = """------------[ cut here ]------------
ODEBUG: free active (active state 0) object: ffff888004d1c2a0 object type: timer_list hint: ntser_timeout+0x0/0x80 [ntserial]
WARNING: CPU: 0 PID: 80 at lib/debugobjects.c:509 debug_print_object+0xc4/0x110
"""

ODEBUG_OFF = "ODEBUG: Out of memory. ODEBUG disabled\n"

NOT_ANNOTATED = "ODEBUG: object 00000000a1b2c3d4 is on stack 00000000e5f6a7b8, but NOT annotated.\n"

LOCKDEP_NONSTATIC = "INFO: trying to register non-static key.\n"

KMEMLEAK_AUTO = "kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n"

KMEMLEAK_DISABLED = "kmemleak: Kernel memory leak detector disabled\n"

# 6.12 prints frames without addresses, 6.1 with "[<...>]".
LEAK_612 = """unreferenced object 0xffff888004d1c000 (size 100):
  comm "insmod", pid 80, jiffies 4294937600
  hex dump (first 32 bytes):
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
  backtrace (crc 0):
    kmemleak_alloc+0x4a/0x80
    __kmalloc_cache_noprof+0x1a5/0x3b0
    ntser_probe+0x2b1/0x900 [ntserial]
    platform_probe+0x8b/0x110
"""

LEAK_61 = """unreferenced object 0xffff888001089640 (size 216):
  comm "swapper/0", pid 0, jiffies 4294892296
  backtrace:
    [<(____ptrval____)>] kmem_cache_create_usercopy+0x122/0x310
    [<(____ptrval____)>] acpi_os_create_cache+0x14/0x40
"""

KCSAN_OURS = """==================================================================
BUG: KCSAN: data-race in ntser_isr [ntserial] / ntser_dpc_tx [ntserial]

write to 0xffff888004d1c2a8 of 4 bytes by interrupt on cpu 1:
 ntser_isr+0x9c/0x400 [ntserial]
 __handle_irq_event_percpu+0x6b/0x290

read to 0xffff888004d1c2a8 of 4 bytes by task 23 on cpu 0:
 ntser_dpc_tx+0x41/0x300 [ntserial]
 nt_dpc_run+0x1d3/0x4a0 [ntserial]

Reported by Kernel Concurrency Sanitizer on:
CPU: 0 PID: 23 Comm: kworker/0:1 Not tainted 6.12.118 #1
==================================================================
"""

# Ours only through a frame further down one stack.
KCSAN_OURS_DEEP = """==================================================================
BUG: KCSAN: data-race in tty_port_tty_get / uart_write_room

read to 0xffff888004d1c2b0 of 8 bytes by task 80 on cpu 0:
 uart_write_room+0x31/0x90
 tty_write_room+0x2a/0x40

write to 0xffff888004d1c2b0 of 8 bytes by task 23 on cpu 1:
 tty_port_tty_get+0x12/0x60
 nt_dpc_run+0x1d3/0x4a0 [ntserial]

Reported by Kernel Concurrency Sanitizer on:
==================================================================
"""

# Core code racing with itself, ntserial only far down both stacks
# (free_irq() from shutdown against the IRQ flow handler).
KCSAN_CORE_UNDER_OURS = """==================================================================
BUG: KCSAN: data-race in __synchronize_hardirq / handle_irq_event

write to 0xffff8e68010ca000 of 4 bytes by interrupt on cpu 1:
 handle_irq_event+0xbc/0xe0
 handle_edge_irq+0x119/0x3f0
 __common_interrupt+0x3b/0xd0
 common_interrupt+0x79/0xa0
 asm_common_interrupt+0x26/0x40
 _raw_spin_unlock_irqrestore+0x24/0x40
 nt_synchronize_execution+0x30/0x40 [ntserial]

read to 0xffff8e68010ca000 of 4 bytes by task 629 on cpu 0:
 __synchronize_hardirq+0x5e/0x110
 __synchronize_irq+0x2c/0x120
 free_irq+0x1c2/0x440
 nt_interrupt_disconnect+0x47/0x90 [ntserial]

value changed: 0x1d070200 -> 0x1d030200

Reported by Kernel Concurrency Sanitizer on:
==================================================================
"""

KCSAN_OTHER = """==================================================================
BUG: KCSAN: data-race in rcu_gp_fqs_loop / rcu_report_qs_rdp

write to 0xffffffff8b7e2f40 of 1 bytes by task 15 on cpu 1:
 rcu_gp_fqs_loop+0x2b1/0x6c0
 rcu_gp_kthread+0x36/0x1a0

read to 0xffffffff8b7e2f40 of 1 bytes by task 0 on cpu 0:
 rcu_report_qs_rdp+0x1a/0x1c0

value changed: 0x00 -> 0x01

Reported by Kernel Concurrency Sanitizer on:
CPU: 0 PID: 0 Comm: swapper/0 Not tainted 6.12.118 #1
==================================================================
"""


def console(dmesg_extra="", leaks="", banners=BANNERS, scan=True, finished=True):
    """A console log: NTTEST lines, the kmemleak scan, the dmesg dump."""
    out = ["NTTEST-BEGIN kernel=6.12.118 driver=ntserial dev=ttyNT0 tests=%d" % len(TESTS)]
    out += ["NTTEST PASS %s" % t for t in TESTS]
    out.append("NTTEST-END")
    if scan:
        out.append("NTKMEMLEAK-BEGIN")
        out += leaks.splitlines()
        out.append("NTKMEMLEAK-END")
    out.append("NTDMESG-BEGIN")
    out += banners.splitlines()
    # printk timestamps, as with CONFIG_PRINTK_TIME
    out += ["[   41.%06d] %s" % (i, l) for i, l in enumerate(dmesg_extra.splitlines())]
    if finished:
        out.append("NTDMESG-END")
    return "\n".join(out) + "\n"


def run(d, text, checks):
    with open(os.path.join(d, "console.log"), "w") as f:
        f.write(text)
    args = [sys.executable, VMCHECK, d, "selftest"]
    if checks:
        args.append("--checks=" + checks)
    p = subprocess.run(args, stdout=subprocess.PIPE, universal_newlines=True)
    verdicts = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("PASS", "FAIL", "SKIP"):
            verdicts[parts[1].rstrip(":")] = parts[0]
    return p.returncode, verdicts, p.stdout


# (name, console text, --checks, expected exit status, {test: verdict})
# Tests not named must PASS (vmcheck prints only the others).
CASES = [
    ("clean debug run", console(), DEBUG, 0, {}),
    ("clean kcsan run", console(), "kcsan", 0, {}),
    ("clean Debian run (no --checks)", console(scan=False), "", 0, {}),
    ("KASAN report", console(KASAN), DEBUG, 1, {"kernel_log": "FAIL"}),
    ("KASAN report, Debian kernel", console(KASAN, scan=False), "", 1, {"kernel_log": "FAIL"}),
    ("lockdep circular dependency", console(LOCKDEP), DEBUG, 1, {"kernel_log": "FAIL"}),
    ("lockdep inconsistent lock state", console(LOCKDEP_IRQ), DEBUG, 1, {"kernel_log": "FAIL"}),
    ("lockdep non-static key", console(LOCKDEP_NONSTATIC), DEBUG, 1, {"kernel_log": "FAIL"}),
    ("sleeping in atomic context", console(ATOMIC_SLEEP), DEBUG, 1, {"kernel_log": "FAIL"}),
    ("DEBUG_OBJECTS: timer freed while active", console(ODEBUG), DEBUG, 1, {"kernel_log": "FAIL"}),
    ("DEBUG_OBJECTS: on-stack object not annotated", console(NOT_ANNOTATED), DEBUG, 1,
     {"kernel_log": "FAIL"}),
    ("DEBUG_OBJECTS switched itself off", console(ODEBUG_OFF), DEBUG, 1,
     {"kernel_log": "FAIL", "debug_checks": "FAIL"}),
    ("kmemleak: leak in ntserial (6.12 format)", console(leaks=LEAK_612), DEBUG, 1,
     {"kmemleak": "FAIL"}),
    ("kmemleak: leak elsewhere (6.1 format)", console(leaks=LEAK_61), DEBUG, 1,
     {"kmemleak": "FAIL"}),
    ("kmemleak: periodic scan found leaks", console(KMEMLEAK_AUTO), DEBUG, 1,
     {"kmemleak": "FAIL"}),
    ("kmemleak: no final scan, periodic one clean", console(scan=False), DEBUG, 0,
     {"kmemleak": "SKIP"}),
    ("kmemleak switched itself off", console(KMEMLEAK_DISABLED), DEBUG, 1,
     {"debug_checks": "FAIL"}),
    ("KASAN not in the kernel", console(banners=BANNERS.replace("kasan: KernelAddress", "x")),
     DEBUG, 1, {"debug_checks": "FAIL"}),
    ("no dmesg dump (guest died)", console(finished=False), DEBUG, 1, {"kernel_log": "FAIL"}),
    ("KCSAN report in ntserial", console(KCSAN_OURS), "kcsan", 1, {"kcsan": "FAIL"}),
    ("KCSAN report, ntserial deeper in a stack", console(KCSAN_OURS_DEEP), "kcsan", 1,
     {"kcsan": "FAIL"}),
    ("KCSAN report in core code only (listed)", console(KCSAN_OTHER), "kcsan", 0, {}),
    ("KCSAN report in core code called by ntserial (listed)",
     console(KCSAN_CORE_UNDER_OURS), "kcsan", 0, {}),
    ("KCSAN core report plus one in ntserial", console(KCSAN_OTHER + KCSAN_OURS), "kcsan", 1,
     {"kcsan": "FAIL"}),
    ("KCSAN report without the kcsan check", console(KCSAN_OTHER), DEBUG, 1,
     {"kernel_log": "FAIL"}),
    ("KCSAN not in the kernel", console(banners=BANNERS.replace("kcsan: enabled", "x")),
     "kcsan", 1, {"debug_checks": "FAIL"}),
]


# --kcsan-log (the KUnit log of the KCSAN kernel): (name, log, exit status)
KCSAN_LOG_CASES = [
    ("KUnit log: no KCSAN report", "ok 1 ntdpc\n", 0),
    ("KUnit log: KCSAN report in core code only", KCSAN_OTHER, 0),
    ("KUnit log: KCSAN report in ntserial", KCSAN_OTHER + KCSAN_OURS, 1),
]


def main():
    verbose = "-v" in sys.argv[1:]
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        for name, text, want_rc in KCSAN_LOG_CASES:
            log = os.path.join(d, "test.log")
            with open(log, "w") as f:
                f.write(text)
            p = subprocess.run([sys.executable, VMCHECK, "--kcsan-log=" + log],
                               stdout=subprocess.PIPE, universal_newlines=True)
            ok = p.returncode == want_rc
            bad += not ok
            print("%s %s" % ("ok  " if ok else "FAIL", name))
            if not ok or verbose:
                print("     exit %d (want %d)" % (p.returncode, want_rc))
                print("".join("     | " + l + "\n" for l in p.stdout.splitlines()), end="")
        with open(os.path.join(d, "tests.list"), "w") as f:
            f.writelines("%s | any | c | x\n" % t for t in TESTS)
        with open(os.path.join(d, "qemu.rc"), "w") as f:
            f.write("0\n")
        for name, text, checks, want_rc, want in CASES:
            rc, got, out = run(d, text, checks)
            wrong = [t for t, v in want.items() if got.get(t, "PASS") != v]
            wrong += [t for t, v in got.items() if t not in want and v != "PASS"]
            ok = rc == want_rc and not wrong
            bad += not ok
            print("%s %s" % ("ok  " if ok else "FAIL", name))
            if not ok or verbose:
                print("     exit %d (want %d); verdicts %s (want %s)" % (rc, want_rc, got, want))
                print("".join("     | " + l + "\n" for l in out.splitlines()), end="")
    n = len(CASES) + len(KCSAN_LOG_CASES)
    print("vmcheck self-test: %d of %d cases as expected" % (n - bad, n))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
