#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench_parse.py - the benchmark's logs to figures (no QEMU, no output).

Part of the benchmark (scripts/bench; run: bench_run.py, parse: this
file, report: bench_report.py).  From one boot's console log (the NTB
lines of scripts/guest/ntbench.c between the NTB-CFG markers of
scripts/guest/benchinit) and its QEMU trace log (register accesses
between the parallel-port window markers), parse() gives the raw
measurements of one configuration, pool() joins those of several boots
and summarize_cfg() turns them into the summary the report shows:
medians with min and max (spread()) per figure.

Only the Python 3 standard library is used.
"""

import os
import re
import statistics
import sys


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def cfg_name(cfg):
    """("8250", None, None) -> "8250", ("ntserial", "isr", "tasklet") ->
    "nt isr/tasklet"."""
    return "8250" if cfg[0] == "8250" else "nt %s/%s" % (cfg[1], cfg[2])


def cfg_key(cfg):
    """The configuration as the guest names it (ntb_cfgs, NTB-CFG): "8250"
    or "isr/tasklet"."""
    return cfg_name(cfg).replace("nt ", "")


def kv(line):
    return dict(m.groups() for m in re.finditer(r"(\w+)=(\S+)", line))


def count_regs(trace):
    """Register accesses per window, from the QEMU trace log."""
    win, counts = None, {}
    if not os.path.exists(trace):
        return counts
    pat = re.compile(r"parallel_ioport_write .*addr 0x00 val 0x([0-9a-f]+)")
    with open(trace, errors="replace") as f:
        for line in f:
            if "serial_" in line:
                if win is not None:
                    if "serial_read" in line:
                        counts[win][0] += 1
                    elif "serial_write" in line:
                        counts[win][1] += 1
                continue
            m = pat.search(line)
            if m:
                v = int(m.group(1), 16)
                if v % 2 == 1:
                    win = (v - 1) // 2
                    counts[win] = [0, 0]
                else:
                    win = None
    return counts


def split_cfgs(text):
    """The console text of each configuration, keyed by its name."""
    segs, cur = {}, None
    for line in text.splitlines():
        if line.startswith("NTB-CFG "):
            cur = line.split()[1]
            segs[cur] = []
        elif line.startswith(("NTB-INFO", "NTB-FAIL")) and cur is None:
            # before the first configuration: true of every one (an
            # NTB-FAIL there is benchinit's, e.g. ntirqsoff.ko not loading)
            segs.setdefault("_info", []).append(line)
        elif cur is not None:
            segs[cur].append(line)
    info = segs.pop("_info", [])
    return {k: "\n".join(info + v) for k, v in segs.items()}


# "NTB <word> key=value ..." lines kept as dicts in parse()'s r[<word>].
RECORDS = ("tput", "rtt", "irqtrace", "multistat", "multiirq", "multi", "irqsite",
           "irqsoff", "regwin")


def parse(text, counts):
    r = {k: [] for k in RECORDS}
    r.update({"errors": [], "corrupt": [], "stats": "", "dmesg": "", "info": {}})
    # the lines between NTB-STATS-BEGIN/END and NTB-DMESG-BEGIN/END
    blocks = {"NTB-STATS": [], "NTB-DMESG": []}
    block = None
    for line in text.splitlines():
        word = line.split(" ", 1)[0]
        if word.endswith(("-BEGIN", "-END")) and word.rsplit("-", 1)[0] in blocks:
            block = blocks[word.rsplit("-", 1)[0]] if word.endswith("-BEGIN") else None
            continue
        if block is not None:
            block.append(line)
            continue
        rec = line[4:].split(" ", 1)[0] if line.startswith("NTB ") else None
        if line.startswith("NTB-INFO") or line.startswith("NTB-BEGIN"):
            r["info"].update(kv(line))
        elif line.startswith("NTB-IRQ"):
            m = re.match(r"NTB-IRQ(-BEFORE)? +3:((?: +\d+)+)", line)
            if m:
                r["info"]["irqtot_" + ("before" if m.group(1) else "after")] = \
                    sum(int(x) for x in m.group(2).split())
        elif line.startswith("NTB-FAIL"):
            r["errors"].append(line)
        elif line.startswith("NTB ERROR"):
            r["errors"].append(line)
        elif line.startswith("NTB CORRUPT"):
            r["corrupt"].append(line)
        elif rec in RECORDS:
            r[rec].append(kv(line))
        elif line.startswith("NTB irqret"):
            d = kv(line)
            r["info"]["irqret_%s" % d["ret"]] = int(d["hits"])
        elif line.startswith("NTB done"):
            r["done"] = kv(line)
    r["stats"] = "\n".join(blocks["NTB-STATS"])
    r["dmesg"] = "\n".join(blocks["NTB-DMESG"])
    for w in r["regwin"]:
        k = int(w["k"])
        rd, wr = counts.get(k, [0, 0])
        w["reads"], w["writes"] = rd, wr
    return r


def pool(rs):
    """One parse() result from those of several boots of a configuration:
    the measurements of all of them, the statistics of the last."""
    r = {"info": {}}
    for k in ("tput", "rtt", "irqtrace", "irqsoff", "irqsite", "regwin", "errors", "corrupt"):
        r[k] = [x for one in rs for x in one[k]]
    for one in rs:
        r["info"].update(one["info"])
    r["stats"], r["dmesg"] = rs[-1]["stats"], "\n".join(one["dmesg"] for one in rs)
    return r


def spread(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return {"med": statistics.median(vals), "min": min(vals), "max": max(vals),
            "n": len(vals)}


def summarize(r):
    s = {}
    for d in ("tx", "rx"):
        rows = [t for t in r["tput"] if t["dir"] == d]
        s[d] = spread([int(t["bytes"]) / (int(t["ns"]) / 1e9) / 2**20
                       for t in rows if int(t["ns"]) > 0 and t["ok"] == "1"])
        s["irq_" + d] = spread([int(t["irqs"]) / (int(t["bytes"]) / 1024) for t in rows])
        s["bad_" + d] = sum(1 for t in rows if t["ok"] != "1")
        w = [x for x in r["regwin"] if x["dir"] == d]
        s["regs_" + d] = spread([(x["reads"] + x["writes"]) / (int(x["bytes"]) / 1024)
                                 for x in w if x["reads"] + x["writes"] > 0])
        s["regsr_" + d] = spread([x["reads"] / (int(x["bytes"]) / 1024) for x in w])
        s["regsw_" + d] = spread([x["writes"] / (int(x["bytes"]) / 1024) for x in w])
        it = [x for x in r["irqtrace"] if x["dir"] == d and int(x["n"]) > 0]
        s["hp50_" + d] = spread([int(x["p50"]) for x in it])
        s["hp99_" + d] = spread([int(x["p99"]) for x in it])
        s["hfrac_" + d] = spread([int(x["sum_ns"]) / int(x["xfer_ns"]) for x in it
                                  if int(x["xfer_ns"]) > 0])
        s["hsum_" + d] = spread([int(x["sum_ns"]) / 1000 / (int(x["bytes"]) / 1024)
                                 for x in it])
        s["hirqkib_" + d] = spread([int(x["n"]) / (int(x["bytes"]) / 1024) for x in it])
        # interrupts-off sections of the serial path (ntirqsoff.ko, trace
        # kernels): all of them per KiB, the hard IRQ's part, the longest
        io = [x for x in r["irqsoff"] if x["dir"] == d]
        kib = lambda x: int(x["bytes"]) / 1024
        s["offsum_" + d] = spread([(int(x["hard_ns"]) + int(x["sect_ns"])) / 1000 / kib(x)
                                   for x in io])
        s["offhard_" + d] = spread([int(x["hard_ns"]) / 1000 / kib(x) for x in io])
        s["offn_" + d] = spread([(int(x["hard_n"]) + int(x["sect_n"])) / kib(x) for x in io])
        s["offmax_" + d] = spread([int(x["max_ns"]) / 1000 for x in io])
        s["offwhere_" + d] = sorted({"%s..%s" % (x["max_from"], x["max_to"]) for x in io})
        s["offempty_" + d] = spread([int(x["empty_ns"]) for x in io if "empty_ns" in x])
        # the sites that opened the sections, summed over the repeats
        sites = {}
        for x in r["irqsite"]:
            if x["dir"] == d:
                a = sites.setdefault(x["site"], [0, 0, 0])
                a[0] += int(x["ns"])
                a[1] += int(x["n"])
                a[2] = max(a[2], int(x["max_ns"]))
        tot = sum(int(x["bytes"]) for x in io) / 1024
        s["offsites_" + d] = [(k, a[0] / 1000 / tot, a[1] / tot, a[2] / 1000)
                              for k, a in sorted(sites.items(), key=lambda i: -i[1][0])
                              ][:5] if tot else []
    for size in ("1", "64"):
        rows = [x for x in r["rtt"] if x["size"] == size]
        s["rtt%s_p50" % size] = spread([int(x["p50"]) / 1000 for x in rows])
        s["rtt%s_p99" % size] = spread([int(x["p99"]) / 1000 for x in rows])
    st = {}
    for line in r["stats"].splitlines():
        p = line.split("\t")
        if len(p) == 2 and p[1].isdigit():
            st.setdefault(p[0], int(p[1]))
    s["ntstats"] = st
    return s



def summarize_multi(r):
    """The multiport scenario's figures from one boot's parse(): per
    direction, the aggregate throughput (all ports' bytes over the span
    from the first start to the last end, MiB/s), the slowest port over
    the fastest, interrupts and hard-IRQ time per KiB of all ports."""
    s = {"errors": list(r["errors"]) + list(r["corrupt"])}
    for d in ("tx", "rx"):
        rows = [x for x in r["multi"] if x["dir"] == d]
        reps = sorted({x["rep"] for x in rows})
        agg, spr, kib = [], [], {}
        for rep in reps:
            xs = [x for x in rows if x["rep"] == rep]
            if any(x["ok"] != "1" for x in xs):
                s["errors"].append("multiport %s rep %s: a port's transfer failed its CRC" % (d, rep))
                continue
            t0 = min(int(x["t0"]) for x in xs)
            t1 = max(int(x["t0"]) + int(x["ns"]) for x in xs)
            total = sum(int(x["bytes"]) for x in xs)
            kib[rep] = total / 1024
            if t1 > t0:
                agg.append(total / ((t1 - t0) / 1e9) / 2**20)
            per = [int(x["bytes"]) / int(x["ns"]) for x in xs if int(x["ns"]) > 0]
            if len(per) > 1:
                spr.append(min(per) / max(per))
        s["m" + d] = spread(agg)
        s["mspread_" + d] = spread(spr)
        s["mports"] = max([len([x for x in rows if x["rep"] == rep]) for rep in reps] or [0])
        ii = [x for x in r["multiirq"] if x["dir"] == d and x["rep"] in kib]
        s["mirq_" + d] = spread([int(x["irqs"]) / kib[x["rep"]] for x in ii])
        s["merr_" + d] = sum(int(x["failed"]) for x in r["multiirq"] if x["dir"] == d)
        if s["merr_" + d]:
            s["errors"].append("multiport %s: %d port transfer(s) did not finish" % (d, s["merr_" + d]))
        it = [x for x in r["irqtrace"] if x["dir"] == "multi-" + d and int(x["n"]) > 0]
        s["mhsum_" + d] = spread([int(x["sum_ns"]) / 1000 / (int(x["bytes"]) / 1024) for x in it])
    s["mstats"] = r["multistat"]
    if "done" not in r and not r["multi"]:
        s["errors"].append("guest did not finish the multiport run")
    return s


def summarize_cfg(runs):
    """The summary of one configuration from its boots: runs is a list of
    (parse() result, seconds, QEMU status, log directory)."""
    r = pool([x[0] for x in runs])
    s = summarize(r)
    s["secs"] = sum(x[1] for x in runs)
    s["rc"] = max(x[2] for x in runs)
    s["errors"], s["corrupt"] = r["errors"], r["corrupt"]
    s["regwin"] = [(w["dir"], w["reads"], w["writes"]) for w in r["regwin"]]
    s["info"] = r["info"]
    s["dmesg_warn"] = [line for line in r["dmesg"].splitlines()
                       if re.search(r"WARN|BUG|Oops|ntserial|error|lost|stall",
                                    line, re.I)][:20]
    for one, secs, rc, gdir in runs:
        if "done" not in one:
            s["errors"].append("guest did not finish (qemu rc %s, %.0f s; see %s)"
                               % (rc, secs, gdir))
    return s
