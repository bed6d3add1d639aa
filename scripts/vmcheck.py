#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""vmcheck.py - judge one vmrun: the guest's NTTEST lines plus host-side checks.

    vmcheck.py OUTDIR NAME [--checks=kasan,lockdep,odebug,kmemleak,kcsan]
    vmcheck.py --kcsan-log=FILE

reads OUTDIR/{tests.list,console.log,trace.log,qemu.rc} written by
scripts/vmrun and prints one line per test that did not pass, then
"vmtest NAME: P passed, F failed, S skipped".  Writes "P F S" to
OUTDIR/counts.  Exit status 1 if anything failed.

The second form applies the kcsan rule below to any kernel log (the KUnit
run in the KCSAN kernel, scripts/kunit): exit status 1 if a KCSAN report
has ntserial's code in it.

Host-side tests added to the guest's list:
  termios_trace  QEMU's serial_update_parameters trace shows every line
                 setting of the guest's termios test, in order (the guest
                 prints them as "NTEXPECT termios_trace 50:N:5:2 ...")
  kernel_log     the boot finished (no timeout, /init reached its end) and
                 the console/kernel log has no panic, Oops, WARNING, BUG,
                 lockdep, KASAN, KCSAN, DEBUG_OBJECTS (ODEBUG), UBSAN or
                 RCU stall report (KCSAN reports are judged by "kcsan" instead when
                 that check is on)

With --checks (scripts/debugvm, on the self-built debug kernels), a
comma-separated subset of kasan, lockdep, odebug, kmemleak, kcsan adds:
  debug_checks   every checker asked for was active: KASAN, lockdep,
                 kmemleak and KCSAN announced themselves at boot, and none
                 of them (nor DEBUG_OBJECTS) switched itself off
  kmemleak       (kmemleak) no leaked object, of any origin: the kernel's
                 periodic scan logged no "new suspected memory leaks" and
                 the guest's final scan (/sys/kernel/debug/kmemleak printed
                 between NTKMEMLEAK-BEGIN and NTKMEMLEAK-END) lists nothing;
                 SKIP when the guest printed no final scan and the periodic
                 one found nothing
  kcsan          (kcsan) no KCSAN report with ntserial's code in it (a frame
                 of the module, "[ntserial]", or an ntser_/nt_dpc_/...
                 function in its header or in the top 3 frames of either
                 access); other reports are printed as "info" lines and do
                 not fail
"""

import os
import re
import sys

BAD = re.compile(r"Kernel panic|Oops|WARNING:|BUG:|possible circular|"
                 r"inconsistent lock|possible recursive locking|KASAN|"
                 r"Call Trace|general protection fault|INFO: task .* blocked|"
                 r"segfault at|UBSAN|kernel BUG|KCSAN:|ODEBUG:|"
                 r"DEBUG_LOCKS_WARN_ON|INFO: lockdep is turned off|"
                 r"INFO: trying to register non-static key|rcu: INFO:")
RESULT = re.compile(r"NTTEST (PASS|FAIL|SKIP) ([A-Za-z0-9_.-]+)(?::\s*(.*))?$")
TRACE = re.compile(r"serial_update_parameters baudrate=(\d+) parity='?(\w)'? "
                   r"data=(\d+) stop=(\d+)")
STAMP = re.compile(r"^\[\s*\d+\.\d+\]\s?(?:\[\s*[CT]\d+\]\s?)?")
CHECKS = ("kasan", "lockdep", "odebug", "kmemleak", "kcsan")
# What each checker prints once it is active (KERN_INFO: found in the
# dmesg dump at the end of the run), and what it prints when it gives up.
ANNOUNCE = {
    "kasan": "KernelAddressSanitizer initialized",
    "lockdep": "Lock dependency validator",
    "kmemleak": "Kernel memory leak detector initialized",
    "kcsan": "kcsan: enabled",
}
GAVE_UP = re.compile(r"Kernel memory leak detector disabled|ODEBUG: Out of memory|"
                     r"ODEBUG: out of memory|kcsan: .*disabled|KASAN.*disabled")
# ntserial's code: a frame in the module, or one of its functions (the
# prefixes of every function in src/).
OURS = re.compile(r"\[ntserial\]|\b(?:ntser|nt_dpc|nt_interrupt|nt_io|"
                  r"nt_synchronize|nt_uart)_\w+")
# A KCSAN access line ("read to 0x... of 4 bytes by task 629 on cpu 0:"),
# and how many frames below it count as the access's own.
ACCESS = re.compile(r"^(?:read|write)\b.* by (?:task|interrupt)\b.*:$")
OWN_FRAMES = 3
KMEMLEAK_AUTO = re.compile(r"kmemleak: \d+ new suspected memory leaks?")
# Allocator frames skipped when naming who allocated a leaked object.
ALLOC_FRAME = re.compile(r"kmemleak|kmalloc|kmem_cache|slab|__alloc|kasan|kzalloc|"
                         r"kcalloc|krealloc|kstrdup|kmemdup|alloc_pages|vmalloc|"
                         r"__kvmalloc|kvmalloc|__do_kmalloc|trace_kmalloc")


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().replace("\r", "")
    except FileNotFoundError:
        return ""


def strip(line):
    """A console line without its printk timestamp and caller id."""
    return STAMP.sub("", line.strip())


def kcsan_reports(lines):
    """KCSAN reports in the log: ({header: ntserial's?}, indices of their lines).

    A report runs from its "BUG: KCSAN:" line to the next line of "="s.  The
    console has each report twice (as printed, and in the dmesg dump), so
    they are keyed by the header; a header is ntserial's when either copy
    has ntserial's code in it: in the header (the two functions that
    raced) or in the first OWN_FRAMES frames of either access's stack (a
    kernel function ntserial called, racing on what ntserial passed it).
    Deeper down, ntserial is only the caller of core code that races with
    itself (free_irq()'s __synchronize_hardirq() against the IRQ flow
    handler, say), which is the kernel's to answer for.
    """
    reports = {}
    inside = set()
    i = 0
    while i < len(lines):
        text = strip(lines[i])
        if "BUG: KCSAN:" not in text:
            i += 1
            continue
        head = text[text.index("BUG: KCSAN:"):]
        j = i
        ours = bool(OURS.search(head))
        frame = OWN_FRAMES	# past the frames that count
        while j < len(lines) and j - i < 100:
            t = strip(lines[j])
            inside.add(j)
            if ACCESS.match(t):
                frame = 0
            elif frame < OWN_FRAMES and t:
                ours = ours or bool(OURS.search(t))
                frame += 1
            if j > i and re.match(r"^={10,}$", t):
                break
            j += 1
        reports[head] = reports.get(head, False) or ours
        i = j + 1
    return reports, inside


def kmemleak_objects(lines):
    """Leaked objects listed by the guest's final scan, or None if no scan.

    Each is summarised as "size N by COMM: frame < frame < frame" (the first
    frames that are not the allocator's)."""
    try:
        begin = next(i for i, l in enumerate(lines) if strip(l) == "NTKMEMLEAK-BEGIN")
        end = next(i for i in range(begin, len(lines)) if strip(lines[i]) == "NTKMEMLEAK-END")
    except StopIteration:
        return None
    objs = []
    cur = None
    for l in lines[begin + 1:end]:
        t = strip(l)
        m = re.match(r"unreferenced object (0x[0-9a-f]+) \(size (\d+)\)", t)
        if m:
            cur = {"size": m.group(2), "comm": "?", "frames": []}
            objs.append(cur)
            continue
        if cur is None:
            continue
        m = re.match(r'comm "([^"]*)"', t)
        if m:
            cur["comm"] = m.group(1)
            continue
        # a frame: "func+0x1/0x2 [module]", or a bare address (a module
        # unloaded since), after "[<address>] " on 6.1
        m = re.match(r"(?:\[<[^>]*>\] )?([A-Za-z_][\w.]*\+0x[0-9a-f]+/0x[0-9a-f]+"
                     r"(?: \[\w+\])?|0x[0-9a-f]+$)", t)
        if m and not ALLOC_FRAME.search(m.group(1).split("+")[0]):
            cur["frames"].append(m.group(1))
    return ["size %s by %s: %s" % (o["size"], o["comm"], " < ".join(o["frames"][:4]) or "?")
            for o in objs]


def debug_results(lines, checks, info):
    """The --checks tests: debug_checks, kmemleak, kcsan."""
    text = [strip(l) for l in lines]
    final = []

    missing = [c for c in checks if c in ANNOUNCE and not any(ANNOUNCE[c] in t for t in text)]
    gave_up = sorted({t for t in text if GAVE_UP.search(t)})
    why = []
    if missing:
        why.append("not active (no boot banner): " + ", ".join(missing))
    if gave_up:
        why.append("switched off: " + "; ".join(gave_up)[:200])
    final.append(("debug_checks", "FAIL" if why else "PASS", "; ".join(why)))

    if "kmemleak" in checks:
        auto = sorted({t[t.index("kmemleak:"):] for t in text if KMEMLEAK_AUTO.search(t)})
        objs = kmemleak_objects(lines)
        why = []
        if objs:
            why.append("%d leaked object(s) in the final scan, first: %s" % (len(objs), objs[0]))
            for o in objs[1:6]:
                info.append("kmemleak: " + o)
        if auto:
            why.append("periodic scan: " + "; ".join(auto))
        if why:
            final.append(("kmemleak", "FAIL", "; ".join(why)))
        elif objs is None:
            final.append(("kmemleak", "SKIP", "the guest printed no final kmemleak scan "
                          "(NTKMEMLEAK-BEGIN/END); the periodic scan found nothing"))
        else:
            final.append(("kmemleak", "PASS", ""))

    if "kcsan" in checks:
        reports, _ = kcsan_reports(lines)
        ours = [h for h, o in reports.items() if o]
        for h, o in reports.items():
            if not o:
                info.append("kcsan (not ntserial's code): " + h)
        if ours:
            final.append(("kcsan", "FAIL", "%d report(s) in ntserial's code: %s"
                          % (len(ours), " | ".join(ours[:3]))))
        else:
            final.append(("kcsan", "PASS", ""))
    return final


def kcsan_log(path):
    """--kcsan-log: the kcsan rule on one kernel log."""
    reports, _ = kcsan_reports(read(path).splitlines())
    ours = 0
    for head, o in reports.items():
        print("  %s %s" % ("FAIL kcsan (ntserial's code):" if o else
                           "info kcsan (not ntserial's code):", head))
        ours += o
    print("kcsan %s: %d report(s), %d in ntserial's code" % (path, len(reports), ours))
    return 1 if ours else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1].startswith("--kcsan-log="):
        return kcsan_log(sys.argv[1].split("=", 1)[1])
    args = [a for a in sys.argv[1:] if not a.startswith("--checks=")]
    checks = [c for a in sys.argv[1:] if a.startswith("--checks=")
              for c in a.split("=", 1)[1].split(",") if c]
    bad = [c for c in checks if c not in CHECKS]
    if len(args) != 2 or bad:
        sys.exit("usage: vmcheck.py OUTDIR NAME [--checks=%s]" % ",".join(CHECKS))
    out, name = args
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
    # With the kcsan check on, KCSAN reports are judged there, not here.
    skip = kcsan_reports(lines)[1] if "kcsan" in checks else set()
    seen = []
    for i, line in enumerate(lines):
        if i in skip or not BAD.search(line) or RESULT.search(line):
            continue
        t = strip(line)[:160]
        if t not in seen:
            seen.append(t)
    if seen:
        problems.append("kernel log: " + seen[0] +
                        (" (and %d more such lines)" % (len(seen) - 1) if len(seen) > 1 else ""))
    final.append(("kernel_log", "FAIL" if problems else "PASS", "; ".join(problems)))

    info = []
    if checks:
        final.extend(debug_results(lines, checks, info))

    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for t, v, r in final:
        counts[v] += 1
        if v != "PASS":
            print("  %s %s: %s" % (v, t, r))
    for i in info:
        print("  info " + i)
    with open(os.path.join(out, "counts"), "w") as f:
        f.write("%d %d %d\n" % (counts["PASS"], counts["FAIL"], counts["SKIP"]))
    print("vmtest %s: %d passed, %d failed, %d skipped"
          % (name, counts["PASS"], counts["FAIL"], counts["SKIP"]))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
