#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench.py - ntserial vs 8250 benchmarks in QEMU (host side).

Run by scripts/bench (``make bench``, ``make bench QUICK=1``).  For each
kernel it boots QEMU (TCG) once per configuration -- the kernel's 8250
driver on /dev/ttyS1, then ntserial on /dev/ttyNT0 for every dpc_model x
dpc_backend the kernel has -- with COM2 (0x2f8, IRQ 3) connected to a Unix
socket served by class BenchPeer of scripts/peer.py, and runs scripts/guest/ntbench in the
guest: register-access windows (QEMU trace, switched on through the HMP
monitor only for those windows), TX/RX throughput, round trips, and the
hard-IRQ tracepoints.  Then it prints one table, a ratio table against the
targets, writes a plot and (full mode) Documentation/benchmarks.rst.

Only the Python 3 standard library is used.  Paths and kernel versions come
from scripts/lib.sh.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import BenchPeer  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LIB = os.path.join(REPO, "scripts", "lib.sh")
MODELS = ["isr", "custom", "both"]
# Full mode on PREEMPT_RT: a subset, to stay within ~30 minutes.
RT_DEFAULT_CONFIGS = "8250 isr/tasklet isr/threaded isr/wq_bh both/tasklet both/threaded both/wq_bh"

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
    ("rtt1_p50", "1-byte round trip p50", "<=", 1.1),
]
RT_TARGETS = [
    ("rx", "RX throughput (PREEMPT_RT)", ">=", 1.0),
    ("tx", "TX throughput (PREEMPT_RT)", ">=", 1.0),
]


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def lib(*calls):
    """Evaluate scripts/lib.sh functions; one output line per call."""
    script = ". %s && nt_resolve_kernels && %s" % (
        LIB, " && ".join(calls))
    out = subprocess.run(["bash", "-c", script], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return out.splitlines()


# ------------------------------------------------------------ the guest

def build_initramfs(kinfo, outdir):
    """One initramfs per kernel (scripts/mkinitramfs); the configuration
    comes on the kernel command line."""
    cpio = os.path.join(outdir, "initramfs.cpio")
    subprocess.run([os.path.join(REPO, "scripts", "mkinitramfs"),
                    "--init", os.path.join(REPO, "scripts", "guest", "benchinit"),
                    "--prog", "ntbench", "--ko", kinfo["ko"], "--moddir", kinfo["moddir"],
                    cpio], check=True)
    return cpio


def boot(kinfo, cpio, cfgs, args, outdir, timeout):
    """Boot once and run the configurations cfgs one after the other;
    returns (console text, trace log path, secs, QEMU status)."""
    os.makedirs(outdir, exist_ok=True)
    sock = os.path.join(outdir, "com2.sock")
    mon = os.path.join(outdir, "mon.sock")
    console = os.path.join(outdir, "console.log")
    trace = os.path.join(outdir, "trace.log")
    for p in (sock, mon, console, trace, os.path.join(outdir, "peer.log")):
        if os.path.exists(p):
            os.unlink(p)
    # noirqdebug: on PREEMPT_RT, 8250's force-threaded handler on QEMU's
    # edge-triggered COM2 finds nothing pending for most interrupts, and
    # the spurious-IRQ detector then disables IRQ 3 in the middle of a
    # transfer ("Disabling IRQ #3", seen in a full run).  Off for every
    # driver and kernel alike.
    append = ("console=ttyS0 panic=-1 oops=panic quiet loglevel=1 pnpacpi=off "
              "noirqdebug ntb_cfgs=%s ntb_args=%s"
              % (",".join(cfg_name(c).replace("nt ", "") for c in cfgs),
                 ",".join(map(str, args))))
    if cfgs[0][0] == "ntserial":
        append += " 8250.nr_uarts=1"
    if os.environ.get("BENCH_RXTRIG"):   # RX FIFO trigger level for both drivers
        append += " ntb_rxtrig=%d" % int(os.environ["BENCH_RXTRIG"])
    cmd = ["timeout", "-k", "5", str(timeout), "qemu-system-x86_64", "-accel", "tcg",
           "-m", "512", "-smp", "1", "-display", "none", "-no-reboot", "-nic", "none",
           "-monitor", "unix:%s,server=on,wait=off" % mon,
           "-serial", "file:%s" % console, "-parallel", "null",
           "-kernel", kinfo["vmlinuz"], "-initrd", cpio, "-append", append,
           "-chardev", "socket,id=c2,path=%s,server=on,wait=off" % sock,
           "-device", "isa-serial,chardev=c2,iobase=0x2f8,irq=3,index=1",
           "-D", trace, "-trace", "parallel_ioport_write"]
    with open(os.path.join(outdir, "qemu.cmd"), "w") as f:
        f.write(" ".join(cmd) + "\n")
    t0 = time.monotonic()
    q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=open(os.path.join(outdir, "qemu.log"), "w"),
                         stderr=subprocess.STDOUT)
    peer_log = open(os.path.join(outdir, "peer.log"), "a")
    peer = BenchPeer(mon, log=peer_log)
    peer.start(sock)
    try:
        rc = q.wait(timeout + 15)
    except subprocess.TimeoutExpired:
        q.kill()
        rc = q.wait()
    peer.stop()
    peer_log.close()
    secs = time.monotonic() - t0
    with open(console, "rb") as f:
        text = f.read().decode("utf-8", "replace").replace("\r", "")
    return text, trace, secs, rc


# ------------------------------------------------------------- parsing

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
        elif line.startswith("NTB-INFO") and cur is None:
            segs.setdefault("_info", []).append(line)
        elif cur is not None:
            segs[cur].append(line)
    info = segs.pop("_info", [])
    return {k: "\n".join(info + v) for k, v in segs.items()}


def parse(text, counts):
    r = {"tput": [], "rtt": [], "irqtrace": [], "regwin": [], "errors": [],
         "corrupt": [], "stats": "", "dmesg": "", "info": {}}
    stats, dm = [], []
    mode = None
    for line in text.splitlines():
        if line.startswith("NTB-STATS-BEGIN"):
            mode = "stats"
            continue
        if line.startswith("NTB-STATS-END"):
            mode = None
            continue
        if line.startswith("NTB-DMESG-BEGIN"):
            mode = "dmesg"
            continue
        if line.startswith("NTB-DMESG-END"):
            mode = None
            continue
        if mode == "stats":
            stats.append(line)
            continue
        if mode == "dmesg":
            dm.append(line)
            continue
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
        elif line.startswith("NTB tput"):
            r["tput"].append(kv(line))
        elif line.startswith("NTB rtt"):
            r["rtt"].append(kv(line))
        elif line.startswith("NTB irqtrace"):
            r["irqtrace"].append(kv(line))
        elif line.startswith("NTB regwin"):
            r["regwin"].append(kv(line))
        elif line.startswith("NTB irqret"):
            d = kv(line)
            r["info"]["irqret_%s" % d["ret"]] = int(d["hits"])
        elif line.startswith("NTB done"):
            r["done"] = kv(line)
    r["stats"] = "\n".join(stats)
    r["dmesg"] = "\n".join(dm)
    for w in r["regwin"]:
        k = int(w["k"])
        rd, wr = counts.get(k, [0, 0])
        w["reads"], w["writes"] = rd, wr
    return r


def pool(rs):
    """One parse() result from those of several boots of a configuration:
    the measurements of all of them, the statistics of the last."""
    r = {"info": {}}
    for k in ("tput", "rtt", "irqtrace", "regwin", "errors", "corrupt"):
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


# ------------------------------------------------------------- output

def cfg_name(cfg):
    return "8250" if cfg[0] == "8250" else "nt %s/%s" % (cfg[1], cfg[2])


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
    head = ["config"] + ["%s %s%s" % (k, op, v) for k, _, op, v in targets]
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


# ---------------------------------------------------------------- main

def machine_meta(quick):
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    qv = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                        text=True).stdout.splitlines()[0]
    return {"cpu": cpu, "nproc": os.cpu_count(), "qemu": qv, "accel": "tcg",
            "guest": "-smp 1 -m 512", "mode": "quick" if quick else "full",
            "host": platform.release(), "load": os.getloadavg()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", default=bool(os.environ.get("QUICK")))
    ap.add_argument("--kernels", default=os.environ.get("BENCH_KERNELS"))
    ap.add_argument("--configs", default=os.environ.get("BENCH_CONFIGS"),
                    help="e.g. '8250 isr/tasklet' (default: all)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--doc", action="store_true", default=bool(os.environ.get("BENCH_WRITE_DOC")))
    ap.add_argument("--reparse", action="store_true", help="only re-analyse the last run's logs")
    a = ap.parse_args()

    quick = a.quick
    # Sizes: the emulated UART moves only ~30-300 KiB/s under TCG here, so
    # they are far below "MiB"; BENCH_SIZES="bytes,reps,rtt_n,regwin,irqtrace"
    # overrides them.
    if quick:
        sizes = [32 * 1024, 3, 50, 8 * 1024, 16 * 1024]
        kernels = (a.kernels or "6.1").split()
    else:
        sizes = [128 * 1024, 5, 200, 32 * 1024, 64 * 1024]
        kernels = (a.kernels or "6.1 6.12-rt").split()
    if os.environ.get("BENCH_SIZES"):
        sizes = [int(x) for x in os.environ["BENCH_SIZES"].split(",")]
    size, reps, rtt_n, regwin, tbytes = sizes
    if os.geteuid() == 0:
        try:
            os.nice(-10)   # QEMU and the peer: less disturbed by a busy host
        except OSError:
            pass
    write_doc = a.doc or not quick
    passes = int(os.environ.get("BENCH_PASSES") or (1 if quick else 2))
    ob = os.environ.get("BENCH_ONE_BOOT")
    one_boot = quick if ob is None else ob == "1"
    t_start = time.monotonic()

    cache = lib("echo $NT_CACHE")[0]
    out = a.out or os.path.join(cache, "bench", "quick" if quick else "full")
    os.makedirs(out, exist_ok=True)
    meta = machine_meta(quick)
    meta["passes"] = passes
    args = [size, reps, rtt_n, regwin, tbytes, 3]
    # budget per boot: boot+poweroff plus the workload at >= 15 KiB/s
    # and 30 ms per round trip
    timeout = int(60 + (2 * reps * size + 4 * regwin + 2 * reps * tbytes) / (15 * 1024)
                  + reps * rtt_n * 2 * 0.03)
    allres, kmeta = {}, {}
    for kname in kernels:
        kver, vmlinuz, bdir, idir = lib("nt_kver %s" % kname, "nt_vmlinuz %s" % kname,
                                        "nt_build_dir %s" % kname, "nt_image_dir %s" % kname)
        ko = os.path.join(cache, "bench", "build", kver, "ntserial.ko")
        if not os.path.exists(ko):   # not run through scripts/bench
            ko = os.path.join(bdir, "ntserial.ko")
        kinfo = {"kver": kver, "vmlinuz": vmlinuz, "ko": ko,
                 "moddir": os.path.join(idir, "lib", "modules", kver)}
        kmeta[kname] = kver
        if not os.path.exists(kinfo["ko"]) or not os.path.exists(vmlinuz):
            log("%s: missing %s or %s (run scripts/setup and scripts/matrix)"
                % (kname, kinfo["ko"], vmlinuz))
            continue
        backends = ["tasklet", "threaded"] + (["wq_bh"] if kname.startswith("6.12") else [])
        cfgs = [("8250", None, None)] + [("ntserial", m, b) for m in MODELS for b in backends]
        # The default configuration with the receive FIFO read in the ISR
        # (rx_defer_us=0): what deferring the reads to the DPC changes.
        cfgs.append(("ntserial", "isr", "tasklet/rx-isr"))
        want = a.configs
        if not want and not quick and kname.endswith("-rt"):
            want = os.environ.get("BENCH_RT_CONFIGS", RT_DEFAULT_CONFIGS)
        if want:
            want = want.split()
            cfgs = [c for c in cfgs if cfg_name(c).replace("nt ", "") in want]
        kout = os.path.join(out, kver)
        os.makedirs(kout, exist_ok=True)
        cpio = os.path.join(kout, "initramfs.cpio")
        if not a.reparse:
            cpio = build_initramfs(kinfo, kout)
        if one_boot:   # 8250 in one boot, all ntserial configs in another
            groups = [[c for c in cfgs if c[0] == "8250"], [c for c in cfgs if c[0] != "8250"]]
            groups = [g for g in groups if g]
        else:
            groups = [[c] for c in cfgs]
        # Each pass boots every group; the second runs them in reverse
        # order, so that a slow spell of the (shared) host falls on
        # different configurations in each pass.  The repeats of all passes
        # are pooled.
        runs = {}
        for p in range(passes):
            for g in (groups if p % 2 == 0 else groups[::-1]):
                gname = "all-ntserial" if len(g) > 1 else \
                    cfg_name(g[0]).replace("nt ", "").replace("/", "-")
                gdir = os.path.join(kout, gname if passes == 1 else
                                    "%s.pass%d" % (gname, p + 1))
                if a.reparse:
                    with open(os.path.join(gdir, "console.log"), "rb") as f:
                        text = f.read().decode("utf-8", "replace").replace("\r", "")
                    trace, secs, rc = os.path.join(gdir, "trace.log"), 0, 0
                else:
                    text, trace, secs, rc = boot(kinfo, cpio, g, args, gdir,
                                                 timeout * len(g))
                counts = count_regs(trace)
                segs = split_cfgs(text)
                for cfg in g:
                    seg = segs.get(cfg_name(cfg).replace("nt ", ""), "")
                    runs.setdefault(cfg, []).append(
                        (parse(seg, counts), secs / len(g), rc, gdir))
        res = []
        for cfg in cfgs:
            r = pool([x[0] for x in runs[cfg]])
            s = summarize(r)
            s["secs"] = sum(x[1] for x in runs[cfg])
            s["rc"] = max(x[2] for x in runs[cfg])
            s["errors"], s["corrupt"] = r["errors"], r["corrupt"]
            s["regwin"] = [(w["dir"], w["reads"], w["writes"]) for w in r["regwin"]]
            s["info"] = r["info"]
            s["dmesg_warn"] = [l for l in r["dmesg"].splitlines()
                               if re.search(r"WARN|BUG|Oops|ntserial|error|lost|stall",
                                            l, re.I)][:20]
            for one, secs, rc, gdir in runs[cfg]:
                if "done" not in one:
                    s["errors"].append("guest did not finish (qemu rc %s, %.0f s; see %s)"
                                       % (rc, secs, gdir))
            with open(os.path.join(runs[cfg][-1][3], "summary-%s.json"
                                   % cfg_name(cfg).replace("nt ", "").replace("/", "-")),
                      "w") as f:
                json.dump({"cfg": cfg, "summary": s}, f, indent=1, default=str)
            log("%s %-20s %5.1fs  tx %s  rx %s  rtt1 %s us  regs tx/rx %s/%s%s" % (
                kname, cfg_name(cfg), s["secs"], fmt(s["tx"]), fmt(s["rx"]),
                fmt(s["rtt1_p50"]), fmt(s["regs_tx"]), fmt(s["regs_rx"]),
                ("  ERRORS: " + "; ".join(s["errors"] + s["corrupt"])[:300])
                if s["errors"] or s["corrupt"] else ""))
            res.append((cfg, s))
        allres[kname] = res

    elapsed = time.monotonic() - t_start
    prev = os.path.join(out, "results.json")
    if a.reparse and os.path.exists(prev):   # keep the timings of the real run
        with open(prev) as f:
            old = json.load(f)
        elapsed, meta = old["elapsed"], old["meta"]
        for kname, res in allres.items():
            secs = {json.dumps(c): s.get("secs") for c, s in old["results"].get(kname, [])}
            for cfg, s in res:
                s["secs"] = secs.get(json.dumps(list(cfg)), s["secs"]) or s["secs"]
    report = render(allres, kmeta, meta, quick, args, elapsed)
    print(report)
    with open(os.path.join(out, "report.txt"), "w") as f:
        f.write(report + "\n")
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"meta": meta, "kernels": kmeta, "args": args, "elapsed": elapsed,
                   "results": {k: [(c, s) for c, s in v] for k, v in allres.items()}},
                  f, indent=1, default=str)
    suffix = "quick" if quick else "full"
    png = os.path.join(REPO, "Documentation", "benchmarks-%s.png" % suffix) if write_doc \
        else os.path.join(out, "benchmarks-%s.png" % suffix)
    title = "ntserial vs 8250, QEMU %s TCG, %s mode" % (meta["qemu"].split()[3], meta["mode"])
    if allres and plot(allres, png, title, os.path.join(out, "plot")):
        log("plot: %s" % png)
    if write_doc and allres:
        write_rst(allres, kmeta, meta, quick, args, elapsed, os.path.basename(png))
    bad = any(s["errors"] or s["corrupt"] for res in allres.values() for _, s in res)
    return 1 if bad or not allres else 0


def render(allres, kmeta, meta, quick, args, elapsed, rst=False):
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
            if st:
                extra.append("isr_calls %d isr_none %d tx_timeouts %d rx_fallbacks %d "
                             "isr_io %d dpc_io %d"
                             % (st.get("isr_calls", 0), st.get("isr_none", 0),
                                st.get("tx_timeouts", 0), st.get("rx_fallbacks", 0),
                                st.get("isr_reg_accesses", 0),
                                st.get("dpc_reg_accesses", 0)))
            regs = ", ".join("%s r%d/w%d" % w for w in s.get("regwin", []))
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
    return "\n".join(out)


def write_rst(allres, kmeta, meta, quick, args, elapsed, png):
    path = os.path.join(REPO, "Documentation", "benchmarks.rst")
    begin, end = ".. BEGIN GENERATED RESULTS", ".. END GENERATED RESULTS"
    body = [begin, "",
            ".. Generated by scripts/bench.py on %s; do not edit by hand." % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
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
            render(allres, kmeta, meta, quick, args, elapsed, rst=True), "",
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


if __name__ == "__main__":
    sys.exit(main())
