#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench_report.py - the benchmark's tables, plot and documentation.

Part of the benchmark (scripts/bench; run: bench_run.py, parse:
bench_parse.py, report: this file).  From the summaries of every kernel
and configuration it prints one table per kernel (median [min-max] of
every figure) and the ratios ntserial / 8250 against the targets, writes
report.txt and results.json into the output directory, a plot (gnuplot,
when installed) and, when asked, the generated part of
Documentation/benchmarks.rst (between ".. BEGIN GENERATED RESULTS" and
".. END GENERATED RESULTS") with the plot next to it.

    scripts/bench_report.py [--doc] DIR

renders DIR/results.json of an earlier run again, without booting
(--doc: into the documentation too).

Only the Python 3 standard library is used.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_parse import cfg_name, log  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# Targets: ratio ntserial/8250 and whether smaller is better.
TARGETS = [
    ("regs_rx", "register accesses per RX KiB", "<=", 0.6),
    ("regs_tx", "register accesses per TX KiB", "<=", 1.0),
    ("hsum_tx", "total hard-IRQ time of a TX transfer (per KiB)", "<=", 0.1),
    ("hsum_rx", "total hard-IRQ time of an RX transfer (per KiB)", "<=", 0.1),
    ("hp99_tx", "hard-IRQ time per interrupt p99, TX", "<=", 0.2),
    ("hp99_rx", "hard-IRQ time per interrupt p99, RX", "<=", 0.2),
    ("rx", "RX throughput", ">=", 1.5),
    ("tx", "TX throughput", ">=", 1.0),
    ("rtt1_p50", "1-byte round trip p50", "<=", 0.5),
    ("rtt64_p50", "64-byte round trip p50", "<=", 0.8),
    ("offsum_tx", "interrupts-off time per TX KiB, all sections", "<=", 0.3),
    ("offsum_rx", "interrupts-off time per RX KiB, all sections", "<=", 0.3),
    ("offmax_tx", "longest interrupts-off section, TX", "<=", 0.2),
    ("offmax_rx", "longest interrupts-off section, RX", "<=", 0.2),
]
RT_TARGETS = [
    ("regs_rx", "register accesses per RX KiB (PREEMPT_RT)", "<=", 0.7),
    ("rx", "RX throughput (PREEMPT_RT)", ">=", 1.0),
    ("tx", "TX throughput (PREEMPT_RT)", ">=", 1.0),
    ("rtt1_p50", "1-byte round trip p50 (PREEMPT_RT)", "<=", 1.0),
    ("rtt64_p50", "64-byte round trip p50 (PREEMPT_RT)", "<=", 1.0),
    ("offsum_tx", "interrupts-off time per TX KiB (PREEMPT_RT)", "report", None),
    ("offsum_rx", "interrupts-off time per RX KiB (PREEMPT_RT)", "report", None),
    ("offmax_tx", "longest interrupts-off section, TX (PREEMPT_RT)", "report", None),
    ("offmax_rx", "longest interrupts-off section, RX (PREEMPT_RT)", "report", None),
]


def fmt(x, prec=None):
    if x is None:
        return "-"
    m = x["med"]
    if prec is None:
        prec = 0 if m >= 100 else 1 if m >= 10 else 2 if m >= 1 else 3
    f = "%%.%df" % prec
    if x["n"] > 1 and x["max"] != x["min"]:
        return (f + " [" + f + "-" + f + "]") % (m, x["min"], x["max"])
    return f % m


COLS = [
    ("TX MiB/s", "tx", None), ("RX MiB/s", "rx", None),
    ("RTT1 p50 us", "rtt1_p50", None), ("RTT1 p99 us", "rtt1_p99", None),
    ("RTT64 p50 us", "rtt64_p50", None), ("RTT64 p99 us", "rtt64_p99", None),
    ("regs/KiB TX", "regs_tx", None), ("regs/KiB RX", "regs_rx", None),
    ("irq/KiB TX", "irq_tx", None), ("irq/KiB RX", "irq_rx", None),
    ("hIRQ p50 ns TX", "hp50_tx", None), ("hIRQ p99 ns TX", "hp99_tx", None),
    ("hIRQ p50 ns RX", "hp50_rx", None), ("hIRQ p99 ns RX", "hp99_rx", None),
    ("hIRQ us/KiB TX", "hsum_tx", None), ("hIRQ us/KiB RX", "hsum_rx", None),
    ("hIRQ % TX", "hfrac_tx", "pct"), ("hIRQ % RX", "hfrac_rx", "pct"),
    ("IRQ-off us/KiB TX", "offsum_tx", None), ("IRQ-off max us TX", "offmax_tx", None),
    ("IRQ-off us/KiB RX", "offsum_rx", None), ("IRQ-off max us RX", "offmax_rx", None),
]


def cell(s, key, how):
    x = s.get(key)
    if how == "pct" and x:
        x = {k: (v * 100 if k != "n" else v) for k, v in x.items()}
        return fmt(x, 2)
    return fmt(x)


def table_rows(results):
    head = ["config"] + [c[0] for c in COLS]
    rows = []
    for cfg, s in results:
        rows.append([cfg_name(cfg)] + [cell(s, k, h) for _, k, h in COLS])
    return head, rows


def ratio_rows(results, rt):
    base = [s for cfg, s in results if cfg[0] == "8250"]
    if not base:
        return None, []
    b = base[0]
    targets = RT_TARGETS if rt else TARGETS
    head = ["config"] + ["%s %s%s" % (k, op, v) if v is not None else "%s (%s)" % (k, op)
                         for k, _, op, v in targets]
    rows = []
    for cfg, s in results:
        if cfg[0] == "8250":
            continue
        row = [cfg_name(cfg)]
        for k, _, op, v in targets:
            a, c = s.get(k), b.get(k)
            if not a or not c or not c["med"]:
                row.append("n/a")
                continue
            q = a["med"] / c["med"]
            if v is None:
                row.append("%.2f" % q)
                continue
            ok = q <= v if op == "<=" else q >= v
            row.append("%.2f %s" % (q, "PASS" if ok else "MISS"))
        rows.append(row)
    return head, rows


def text_table(head, rows):
    w = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    out = ["  ".join(str(h).ljust(w[i]) for i, h in enumerate(head))]
    out.append("  ".join("-" * x for x in w))
    for r in rows:
        out.append("  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)))
    return "\n".join(out)


def rst_table(head, rows):
    w = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    sep = "+" + "+".join("-" * (x + 2) for x in w) + "+"
    hsep = sep.replace("-", "=")
    line = lambda r: "| " + " | ".join(str(c).ljust(w[i]) for i, c in enumerate(r)) + " |"
    out = [sep, line(head), hsep]
    for r in rows:
        out += [line(r), sep]
    return "\n".join(out)


def plot(allres, path, meta, tmp):
    """Grouped bars per kernel: TX/RX MiB/s, regs/KiB, hard-IRQ %, RTT1."""
    gp = shutil.which("gnuplot")
    if not gp:
        log("no gnuplot: plot skipped")
        return False
    os.makedirs(tmp, exist_ok=True)
    panels = [("Throughput (MiB/s, higher is better)", [("TX", "tx"), ("RX", "rx")], 1),
              ("Register accesses per KiB (lower is better)", [("TX", "regs_tx"), ("RX", "regs_rx")], 1),
              ("Hard-IRQ time, % of transfer (lower is better)", [("TX", "hfrac_tx"), ("RX", "hfrac_rx")], 100),
              ("Round trip p50 (us, lower is better)", [("1 B", "rtt1_p50"), ("64 B", "rtt64_p50")], 1)]
    kernels = list(allres)
    script = ["set terminal pngcairo noenhanced size 1500,%d font 'DejaVu Sans,9'" % (420 * len(kernels)),
              "set output '%s'" % path,
              "set multiplot layout %d,4 title '%s'" % (len(kernels), meta.replace("'", "")),
              "set style data histogram", "set style histogram errorbars gap 1 lw 1",
              "set style fill solid 0.8 border -1", "set boxwidth 0.9",
              "set xtics rotate by -35 scale 0", "set grid ytics", "set key top left",
              "set yrange [0:*]", "set bars 0.5", "set offsets 0,0,graph 0.2,0"]
    for kname in kernels:
        res = allres[kname]
        for pi, (title, series, mul) in enumerate(panels):
            dat = os.path.join(tmp, "%s-%d.dat" % (kname, pi))
            with open(dat, "w") as f:
                for cfg, s in res:
                    vals = []
                    for _, key in series:
                        x = s.get(key) or {"med": 0, "min": 0, "max": 0}
                        vals += ["%g %g %g" % (x["med"] * mul, x["min"] * mul, x["max"] * mul)]
                    f.write('"%s" %s\n' % (cfg_name(cfg).replace("nt ", ""), " ".join(vals)))
            script.append("set title '%s: %s' noenhanced" % (kname, title))
            plots = []
            for i, (lab, _) in enumerate(series):
                c = 2 + 3 * i
                plots.append("'%s' using %d:%d:%d:xtic(1) title '%s'" % (dat, c, c + 1, c + 2, lab))
            script.append("plot " + ", ".join(plots))
    script.append("unset multiplot")
    sp = os.path.join(tmp, "plot.gp")
    with open(sp, "w") as f:
        f.write("\n".join(script) + "\n")
    r = subprocess.run([gp, sp], capture_output=True, text=True, timeout=60)
    if r.returncode:
        log("gnuplot failed: " + r.stderr[-500:])
        return False
    return True



MULTI_COLS = [("TX MiB/s (all)", "mtx"), ("RX MiB/s (all)", "mrx"),
              ("TX slowest/fastest", "mspread_tx"), ("RX slowest/fastest", "mspread_rx"),
              ("irq/KiB TX", "mirq_tx"), ("irq/KiB RX", "mirq_rx"),
              ("hIRQ us/KiB TX", "mhsum_tx"), ("hIRQ us/KiB RX", "mhsum_rx")]
# ratio ntserial/8250 (or, for the spread, ntserial's own figure)
MULTI_TARGETS = [("mtx", ">=", 1.5, True), ("mrx", ">=", 1.5, True),
                 ("mhsum_tx", "<=", 0.1, True), ("mhsum_rx", "<=", 0.1, True),
                 ("mspread_tx", ">=", 0.8, False), ("mspread_rx", ">=", 0.8, False)]


def multi_rows(res, rt=False):
    """The multiport table (one row per driver) and its targets row; on
    PREEMPT_RT no hard-IRQ target (8250's handler is threaded there)."""
    head = ["driver"] + [c[0] for c in MULTI_COLS]
    rows = [["8250" if d == "8250" else "ntserial"] + [fmt(s.get(k)) for _, k in MULTI_COLS]
            for d, s in res]
    base = dict(res).get("8250", {})
    nt = dict(res).get("nt", {})
    th = ["ntserial vs target"] + ["%s %s%s%s" % (k, op, v, "" if ratio else " (own)")
                                   for k, op, v, ratio in MULTI_TARGETS]
    tr = ["ntserial"]
    for k, op, v, ratio in MULTI_TARGETS:
        a, b = nt.get(k), base.get(k)
        if rt and k.startswith("mhsum"):
            tr.append("%.2f (RT: n/a)" % (a["med"] / b["med"]) if a and b and b["med"] else "n/a")
            continue
        if not a or (ratio and (not b or not b["med"])):
            tr.append("n/a")
            continue
        q = a["med"] / b["med"] if ratio else a["med"]
        ok = q <= v if op == "<=" else q >= v
        tr.append("%.2f %s" % (q, "PASS" if ok else "MISS"))
    return head, rows, th, [tr]


def render(allres, kmeta, meta, args, elapsed, rst=False, multires=None):
    out = []
    hdr = ("host: %s, nproc %s, %s, accel %s, guest %s, host load at start %.2f; mode %s "
           "(%d bytes x %d reps per direction, %d round trips x %d reps, register windows "
           "2 x %d bytes, irq trace %d x %d bytes); wall time %s"
           % (meta["cpu"], meta["nproc"], meta["qemu"], meta["accel"], meta["guest"],
              meta["load"][0], meta["mode"], args[0], args[1], args[2], args[1], args[3],
              args[1], args[4], "%dm%02ds" % divmod(int(elapsed), 60)))
    if not rst:
        out.append(hdr)
    for kname, res in allres.items():
        title = "kernel %s (%s)" % (kname, kmeta[kname])
        head, rows = table_rows(res)
        rh, rr = ratio_rows(res, kname.endswith("rt"))
        if rst:
            out += [title, "-" * len(title), "", rst_table(head, rows), ""]
            if rh:
                out += ["Ratios ntserial / 8250 against the targets:", "", rst_table(rh, rr), ""]
        else:
            out += ["", "== " + title, text_table(head, rows)]
            if rh:
                out += ["", "ratios ntserial/8250 vs targets:", text_table(rh, rr)]
        notes = []
        for cfg, s in res:
            st = s.get("ntstats", {})
            extra = []
            inf = s.get("info", {})
            if "irqret_0" in inf or "irqret_1" in inf:
                n0, tot = inf.get("irqret_0", 0), sum(v for k, v in inf.items()
                                                      if k.startswith("irqret_"))
                extra.append("IRQ_NONE in the hard-IRQ trace: %d of %d (%.1f%%)"
                             % (n0, tot, 100.0 * n0 / max(tot, 1)))
            if s.get("offsum_rx") or s.get("offsum_tx"):
                for d in ("tx", "rx"):
                    sites = ", ".join("%s %.0f us/KiB in %.1f (max %.0f us)" % tuple(x)
                                      for x in s.get("offsites_" + d, []))
                    extra.append("interrupts-off %s (trace kernel): %s us/KiB in %s "
                                 "sections/KiB, hard IRQ %s us/KiB, an empty section "
                                 "measures %s ns; by opener: %s"
                                 % (d.upper(), fmt(s.get("offsum_" + d)),
                                    fmt(s.get("offn_" + d)), fmt(s.get("offhard_" + d)),
                                    fmt(s.get("offempty_" + d)), sites or "-"))
            if st:
                extra.append("isr_calls %d isr_none %d tx_timeouts %d rx_fallbacks %d "
                             "isr_io %d dpc_io %d"
                             % (st.get("isr_calls", 0), st.get("isr_none", 0),
                                st.get("tx_timeouts", 0), st.get("rx_fallbacks", 0),
                                st.get("isr_reg_accesses", 0),
                                st.get("dpc_reg_accesses", 0)))
            regs = ", ".join("%s r%d/w%d" % tuple(w) for w in s.get("regwin", []))
            if regs:
                extra.append("register windows " + regs)
            if s["errors"] or s["corrupt"]:
                extra.append("ERRORS: " + "; ".join(s["errors"] + s["corrupt"]))
            if s.get("dmesg_warn"):
                extra.append("dmesg: " + " | ".join(s["dmesg_warn"][:5]))
            notes.append("%s (%.0f s): %s" % (cfg_name(cfg), s["secs"], "; ".join(extra)))
        if rst:
            out += ["Per-boot details:", ""] + ["- " + n.replace("*", "\\*") for n in notes] + [""]
        else:
            out += [""] + notes
        mres = (multires or {}).get(kname)
        if mres:
            head, rows, th, tr = multi_rows(mres, kname.endswith("rt"))
            title = ("Multiport: COM2 and COM4 on IRQ 3, both busy at once "
                     "(8250: ttyS1+ttyS3; ntserial: io=0x2f8,0x2e8 irq=3,3, defaults)")
            errs = ["%s: %s" % (d, "; ".join(s["errors"])) for d, s in mres if s["errors"]]
            stats = ["ntserial port statistics after the run: " + "; ".join(
                " ".join("%s=%s" % kv for kv in sorted(x.items())) for x in s.get("mstats", []))
                for d, s in mres if s.get("mstats")]
            if rst:
                out += [title + ":", "", rst_table(head, rows), "", rst_table(th, tr), ""]
                out += ["- " + x for x in stats] + ["- ERRORS " + e for e in errs]
                out += [""] if errs or stats else []
            else:
                out += ["", "-- " + title, text_table(head, rows), "", text_table(th, tr)]
                out += stats + ["ERRORS " + e for e in errs]
    return "\n".join(out)


def write_rst(allres, kmeta, meta, args, elapsed, png, multires=None):
    path = os.path.join(REPO, "Documentation", "benchmarks.rst")
    begin, end = ".. BEGIN GENERATED RESULTS", ".. END GENERATED RESULTS"
    body = [begin, "",
            ".. Generated by scripts/bench on %s; do not edit by hand." % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "",
            "Measured on: %s, nproc %s; %s, accel %s; guest %s; host load average "
            "%.2f at the start; **%s mode** (%d bytes x %d repeats per direction, "
            "%d round trips x %d repeats per size, register windows 2 x %d bytes, "
            "hard-IRQ trace %d x %d bytes per direction; %d pass(es) over all "
            "configurations, the second in reverse order); bench wall time %s."
            % (meta["cpu"], meta["nproc"], meta["qemu"], meta["accel"], meta["guest"],
               meta["load"][0], meta["mode"], args[0], args[1], args[2], args[1], args[3],
               args[1], args[4], meta.get("passes", 1),
               "%dm%02ds" % divmod(int(elapsed), 60)),
            "", "Cells: median [min-max] over the repeats of all passes.", "",
            render(allres, kmeta, meta, args, elapsed, rst=True, multires=multires), "",
            ".. image:: %s" % png, "   :alt: ntserial vs 8250 bar charts", "", end]
    text = ""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
    if begin in text and end in text:
        pre = text[:text.index(begin)]
        post = text[text.index(end) + len(end):]
        text = pre + "\n".join(body) + post
    else:
        text = (".. SPDX-License-Identifier: GPL-2.0\n\n==========\nBenchmarks\n==========\n\n"
                + "\n".join(body) + "\n")
    with open(path, "w") as f:
        f.write(text)
    log("wrote %s" % path)


def write_outputs(allres, kmeta, meta, args, elapsed, out, write_doc, multires=None):
    """Print the report and write report.txt, results.json and the plot
    into out; with write_doc the plot goes to Documentation/ and the
    tables into benchmarks.rst.  Returns the exit status: 1 when a
    configuration had errors or nothing ran."""
    quick = meta["mode"] == "quick"
    report = render(allres, kmeta, meta, args, elapsed, multires=multires)
    print(report)
    with open(os.path.join(out, "report.txt"), "w") as f:
        f.write(report + "\n")
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"meta": meta, "kernels": kmeta, "args": args, "elapsed": elapsed,
                   "results": {k: [(c, s) for c, s in v] for k, v in allres.items()},
                   "multi": multires or {}},
                  f, indent=1, default=str)
    suffix = "quick" if quick else "full"
    png = os.path.join(REPO, "Documentation", "benchmarks-%s.png" % suffix) if write_doc \
        else os.path.join(out, "benchmarks-%s.png" % suffix)
    title = "ntserial vs 8250, QEMU %s TCG, %s mode" % (meta["qemu"].split()[3], meta["mode"])
    if allres and plot(allres, png, title, os.path.join(out, "plot")):
        log("plot: %s" % png)
    if write_doc and allres:
        write_rst(allres, kmeta, meta, args, elapsed, os.path.basename(png), multires)
    bad = any(s["errors"] or s["corrupt"] for res in allres.values() for _, s in res)
    bad = bad or any(s["errors"] for res in (multires or {}).values() for _, s in res)
    return 1 if bad or not allres else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="a bench output directory (with results.json)")
    ap.add_argument("--doc", action="store_true",
                    help="also write Documentation/benchmarks.rst and its plot")
    a = ap.parse_args()
    with open(os.path.join(a.dir, "results.json")) as f:
        old = json.load(f)
    allres = {k: [(tuple(c), s) for c, s in v] for k, v in old["results"].items()}
    return write_outputs(allres, old["kernels"], old["meta"], old["args"], old["elapsed"],
                         a.dir, a.doc, old.get("multi"))


if __name__ == "__main__":
    sys.exit(main())
