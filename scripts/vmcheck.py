#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""vmcheck.py - judge one vmrun: the guest's NTTEST lines plus host-side checks.

    vmcheck.py OUTDIR NAME

reads OUTDIR/{tests.list,console.log,trace.log,qemu.rc} written by
scripts/vmrun and prints one line per test that did not pass, then
"vmtest NAME: P passed, F failed, S skipped".  Writes "P F S" to
OUTDIR/counts.  Exit status 1 if anything failed.

Host-side tests added to the guest's list:
  termios_trace  QEMU's serial_update_parameters trace shows every line
                 setting of the guest's termios test, in order (the guest
                 prints them as "NTEXPECT termios_trace 50:N:5:2 ...")
  kernel_log     the boot finished (no timeout, /init reached its end) and
                 the console/kernel log has no panic, Oops, WARNING, BUG,
                 lockdep or KASAN report
"""

import os
import re
import sys

BAD = re.compile(r"Kernel panic|Oops|WARNING:|BUG:|possible circular|"
                 r"inconsistent lock|possible recursive locking|KASAN|"
                 r"Call Trace|general protection fault|INFO: task .* blocked|"
                 r"segfault at|UBSAN|kernel BUG")
RESULT = re.compile(r"NTTEST (PASS|FAIL|SKIP) ([A-Za-z0-9_.-]+)(?::\s*(.*))?$")
TRACE = re.compile(r"serial_update_parameters baudrate=(\d+) parity='?(\w)'? "
                   r"data=(\d+) stop=(\d+)")


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().replace("\r", "")
    except FileNotFoundError:
        return ""


def main():
    out, name = sys.argv[1], sys.argv[2]
    names = []
    for line in read(os.path.join(out, "tests.list")).splitlines():
        if line[:1].isalpha():
            names.append(line.split("|")[0].strip())
    console = read(os.path.join(out, "console.log"))
    lines = console.splitlines()
    rc = read(os.path.join(out, "qemu.rc")).strip() or "?"

    results = {}
    dups = []
    for line in lines:
        m = RESULT.search(line)
        if not m:
            continue
        verdict, test, reason = m.group(1), m.group(2), m.group(3) or ""
        if test in results:
            dups.append(test)
        results[test] = (verdict, reason)

    final = []      # (name, verdict, reason)
    for t in names:
        if t in dups:
            final.append((t, "FAIL", "more than one result line"))
        elif t in results:
            final.append((t,) + results[t])
        else:
            final.append((t, "FAIL", "no result (guest died or timed out?)"))
    for t in results:
        if t not in names and not t.startswith("demo"):
            final.append((t, "FAIL", "result for a test not in the list"))

    # termios_trace: host-side half of the termios round trip.
    if "termios" in names:
        exp = [l for l in lines if l.startswith("NTEXPECT termios_trace")]
        tres = results.get("termios", ("FAIL", ""))[0]
        if tres != "PASS":
            final.append(("termios_trace", "SKIP", "termios test did not pass"))
        elif not exp:
            final.append(("termios_trace", "FAIL", "no NTEXPECT line from the guest"))
        else:
            want = [tuple(x.split(":")) for x in exp[-1].split()[2:]]
            seen = [m.groups() for m in TRACE.finditer(read(os.path.join(out, "trace.log")))]
            i = 0
            for s in seen:
                if i < len(want) and s == want[i]:
                    i += 1
            if not seen:
                final.append(("termios_trace", "FAIL", "no serial_update_parameters in trace.log"))
            elif i < len(want):
                final.append(("termios_trace", "FAIL",
                              "QEMU never saw %s (baud:parity:data:stop) after %s"
                              % (":".join(want[i]), ":".join(want[i - 1]) if i else "start")))
            else:
                final.append(("termios_trace", "PASS", ""))

    # kernel_log: clean boot and shutdown.
    problems = []
    if rc == "124":
        problems.append("hard timeout hit (guest hung?)")
    if "NTTEST-BEGIN" not in console and "=== ntserial demo" not in console:
        problems.append("/init never started the tests")
    if "NTTEST-WATCHDOG" in console:
        problems.append("guest watchdog fired (a test hung)")
    elif "NTDMESG-END" not in console:
        problems.append("/init did not finish (no NTDMESG-END)")
    for line in lines:
        if BAD.search(line) and not RESULT.search(line):
            problems.append("kernel log: " + line.strip()[:160])
            break
    final.append(("kernel_log", "FAIL" if problems else "PASS", "; ".join(problems)))

    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for t, v, r in final:
        counts[v] += 1
        if v != "PASS":
            print("  %s %s: %s" % (v, t, r))
    with open(os.path.join(out, "counts"), "w") as f:
        f.write("%d %d %d\n" % (counts["PASS"], counts["FAIL"], counts["SKIP"]))
    print("vmtest %s: %d passed, %d failed, %d skipped"
          % (name, counts["PASS"], counts["FAIL"], counts["SKIP"]))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
