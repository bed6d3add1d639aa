#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench_run.py - ntserial vs 8250 benchmarks in QEMU (host side).

Run by scripts/bench (``make bench``, ``make bench QUICK=1``); the
benchmark is this file (configuration, build, boots), bench_parse.py (logs
to figures) and bench_report.py (tables, plot, documentation).  For each
kernel it builds ntserial.ko from the working tree, an initramfs with
scripts/mkinitramfs (/init = scripts/guest/benchinit, /bin/ntbench), and
boots QEMU (TCG) once per configuration -- the kernel's 8250 driver on
/dev/ttyS1, then ntserial on /dev/ttyNT0 for every dpc_model x
dpc_backend the kernel has -- with COM2 (0x2f8, IRQ 3) connected to a Unix
socket served by class BenchPeer of scripts/peer.py.  ntbench measures in
the guest: register-access windows (QEMU trace, switched on through the
HMP monitor only for those windows), TX/RX throughput, round trips, and
the hard-IRQ tracepoints.  Each kernel is then booted again as its
self-built trace twin (trace_kernel()) with ntirqsoff.ko, for the
interrupts-off columns, and twice more for the multiport scenario
(run_multi(): COM2 and COM4 on IRQ 3, 8250 then ntserial).  Then it
prints one table per kernel, a ratio
table against the targets, writes a plot and (full mode)
Documentation/benchmarks.rst.

Only the Python 3 standard library is used.  Paths and kernel versions come
from scripts/lib.sh.
"""

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import BenchPeer  # noqa: E402
from bench_parse import (cfg_key, cfg_name, count_regs, log, parse, summarize_multi,  # noqa: E402
                         split_cfgs, summarize_cfg)
from bench_report import fmt, write_outputs  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LIB = os.path.join(REPO, "scripts", "lib.sh")
MODELS = ["isr", "custom", "both"]
# Full mode on PREEMPT_RT: a subset, to stay within ~30 minutes.
RT_DEFAULT_CONFIGS = "8250 isr/tasklet isr/threaded isr/wq_bh both/tasklet both/threaded both/wq_bh"
# Transfer sizes (bytes, reps, rtt_n, regwin, irqtrace): the emulated UART
# moves only ~30-300 KiB/s under TCG here, so they are far below "MiB".
SIZES = {"quick": "32768,3,50,8192,16384", "full": "131072,5,200,32768,65536"}


def lib(*calls):
    """Evaluate scripts/lib.sh functions; one output line per call."""
    script = ". %s && nt_resolve_kernels && %s" % (
        LIB, " && ".join(calls))
    out = subprocess.run(["bash", "-c", script], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return out.splitlines()


# -------------------------------------------------------- configuration

def env(name):
    """An environment variable, None when unset or empty."""
    return os.environ.get(name) or None


def config(argv=None):
    """The one place the benchmark is configured: command-line options,
    each defaulting to the environment variable named in its help."""
    ap = argparse.ArgumentParser(
        prog="scripts/bench", description=__doc__.split("\n")[0],
        epilog="Every option defaults to the environment variable named in its "
        "help, so that `make bench QUICK=1` and `BENCH_KERNELS=6.12 scripts/bench` "
        "work; an option given wins.  Output: one table per kernel on stdout; "
        "report.txt, results.json, the plot and every boot's logs under "
        "~/.cache/ntserial/bench/{quick,full}/ (NT_CACHE moves ~/.cache/ntserial).  "
        "See Documentation/benchmarks.rst.")
    ap.add_argument("--quick", action=argparse.BooleanOptionalAction,
                    default=bool(env("QUICK")),
                    help="quick mode: kernel 6.1, smaller sizes, one pass, one boot per "
                    "driver, under 5 minutes; --no-quick: full mode "
                    "(env QUICK=1; default full)")
    ap.add_argument("--kernels", default=env("BENCH_KERNELS"), metavar="'K ...'",
                    help="kernels, names as in scripts/lib.sh (env BENCH_KERNELS; "
                    "default '6.1' quick, '6.1 6.12-rt' full)")
    ap.add_argument("--configs", default=env("BENCH_CONFIGS"), metavar="'C ...'",
                    help="only these configurations, e.g. '8250 isr/tasklet "
                    "isr/tasklet/rx-isr' (env BENCH_CONFIGS; default all)")
    ap.add_argument("--rt-configs", default=env("BENCH_RT_CONFIGS") or RT_DEFAULT_CONFIGS,
                    metavar="'C ...'",
                    help="full mode without --configs: the configurations on a "
                    "PREEMPT_RT kernel (env BENCH_RT_CONFIGS; default '%s')"
                    % RT_DEFAULT_CONFIGS)
    ap.add_argument("--sizes", default=env("BENCH_SIZES"),
                    metavar="BYTES,REPS,RTT_N,REGWIN,IRQTRACE",
                    help="bytes per transfer, repeats, round trips per repeat, "
                    "register window bytes, hard-IRQ trace bytes (env BENCH_SIZES; "
                    "default %s quick, %s full)" % (SIZES["quick"], SIZES["full"]))
    ap.add_argument("--passes", type=int, default=env("BENCH_PASSES"),
                    help="passes over all configurations, every second one in "
                    "reverse order (env BENCH_PASSES; default 1 quick, 2 full)")
    ap.add_argument("--one-boot", choices=("0", "1"), default=env("BENCH_ONE_BOOT"),
                    help="1: one boot per driver (8250, all ntserial configurations), "
                    "0: one boot per configuration (env BENCH_ONE_BOOT; "
                    "default 1 quick, 0 full)")
    ap.add_argument("--rxtrig", type=int, default=env("BENCH_RXTRIG"), metavar="BYTES",
                    help="RX FIFO trigger level (rx_trig_bytes) for both drivers "
                    "(env BENCH_RXTRIG; default the drivers' own)")
    ap.add_argument("--irqsoff", action=argparse.BooleanOptionalAction,
                    default=not env("BENCH_NO_IRQSOFF"),
                    help="the interrupts-off columns: boot each kernel's self-built "
                    "trace twin (scripts/kunit, KUNIT_FLAVOUR=trace or trace-rt; "
                    "built or brought up to date first, about 5 minutes from "
                    "scratch) with ntirqsoff.ko (env BENCH_NO_IRQSOFF=1 turns it "
                    "off; default on)")
    ap.add_argument("--multi", action=argparse.BooleanOptionalAction,
                    default=not env("BENCH_NO_MULTI"),
                    help="the multiport scenario: COM2 and COM4 on IRQ 3 busy at once, "
                    "8250 and ntserial (env BENCH_NO_MULTI=1 turns it off; default on)")
    ap.add_argument("--doc", action=argparse.BooleanOptionalAction,
                    default=True if env("BENCH_WRITE_DOC") else None,
                    help="write Documentation/benchmarks.rst and its plot "
                    "(env BENCH_WRITE_DOC=1; default yes in full mode, no in quick)")
    ap.add_argument("--out", metavar="DIR",
                    help="results and logs (default ~/.cache/ntserial/bench/quick or full)")
    ap.add_argument("--reparse", action="store_true",
                    help="no build, no boot: analyse the logs of the last run in --out again")
    a = ap.parse_args(argv)

    mode = "quick" if a.quick else "full"
    a.kernels = (a.kernels or ("6.1" if a.quick else "6.1 6.12-rt")).split()
    try:
        a.sizes = [int(x) for x in (a.sizes or SIZES[mode]).split(",")]
    except ValueError:
        ap.error("--sizes: five integers")
    if len(a.sizes) != 5:
        ap.error("--sizes: five integers")
    a.passes = int(a.passes or (1 if a.quick else 2))
    a.one_boot = a.quick if a.one_boot is None else a.one_boot == "1"
    a.doc = not a.quick if a.doc is None else a.doc
    a.configs = a.configs.split() if a.configs else None
    a.rt_configs = a.rt_configs.split()
    return a


# ------------------------------------------------------------ the guest

def build_module(kname, cache):
    """ntserial.ko, built from the working tree into a private directory
    (~/.cache/ntserial/bench/build/<kver>/), the way scripts/matrix does it
    but without W=1, so that a concurrent `make matrix` on the shared build
    dir cannot race with the benchmark."""
    kver, headers = lib("nt_kver %s" % kname, "nt_headers_dir %s" % kname)
    d = os.path.join(cache, "bench", "build", kver)
    lib("nt_sync_sources %s" % shlex.quote(d))
    with open(d + ".log", "w") as f:
        r = subprocess.run(["make", "-C", headers, "M=" + d, "CONFIG_NTSERIAL=m",
                            "-j%d" % os.cpu_count(), "modules"],
                           stdout=f, stderr=subprocess.STDOUT)
    if r.returncode:
        with open(d + ".log") as f:
            sys.stderr.writelines(f.readlines()[-20:])
        log("ERROR: %s: ntserial.ko does not build (log %s.log)" % (kname, d))
        sys.exit(1)
    return os.path.join(d, "ntserial.ko")


def trace_kernel(kname, cache):
    """The self-built twin of kernel kname that the interrupts-off columns
    are measured on: scripts/kunit builds it (incrementally) from
    kunit/trace.kunitconfig, or trace-rt.kunitconfig for a PREEMPT_RT
    kname, from the same source series.  Then ntserial.ko and
    ntirqsoff.ko against it.  Returns a kinfo, or None (logged) when the
    kernel or a module does not build."""
    flavour = "trace-rt" if kname.endswith("-rt") else "trace"
    series = lib("nt_series %s" % kname)[0]
    build = os.path.join(cache, flavour, series)
    kconf = os.path.join(REPO, "kunit", flavour + ".kunitconfig")
    # The kernel only changes with its kunitconfig: the ntserial.ko it
    # runs is built below, its own copy stays inert.
    ok = lambda: (os.path.exists(build + ".ok") and
                  os.path.getmtime(build + ".ok") > os.path.getmtime(kconf))
    if not ok():
        log("%s: building the trace kernel %s (log %s.out)" % (kname, build, build))
        env2 = dict(os.environ, KUNIT_FLAVOUR=flavour, KERNELS=series)
        with open(os.path.join(cache, "bench", "trace-%s.log" % kname), "w") as f:
            subprocess.run([os.path.join(REPO, "scripts", "kunit")], env=env2,
                           stdout=f, stderr=subprocess.STDOUT)
    if not ok():
        log("%s: no trace kernel in %s (see %s.out): interrupts-off columns skipped"
            % (kname, build, build))
        return None
    with open(os.path.join(build, "include", "config", "kernel.release")) as f:
        kver = f.read().strip()
    d = os.path.join(cache, "bench", "build", "trace-" + kname)
    lib("nt_sync_sources %s" % shlex.quote(d))
    irqd = os.path.join(d, "irqsoff")
    os.makedirs(irqd, exist_ok=True)
    for n in ("ntirqsoff.c", "Kbuild"):
        shutil.copy(os.path.join(REPO, "scripts", "guest", "irqsoff", n), irqd)
    with open(d + ".log", "w") as f:
        for m, extra in ((d, ["CONFIG_NTSERIAL=m", "CONFIG_NTSERIAL_KUNIT_TEST="]),
                         (irqd, [])):
            r = subprocess.run(["make", "-C", build, "M=" + m, "-j%d" % os.cpu_count()]
                               + extra + ["modules"], stdout=f, stderr=subprocess.STDOUT)
            if r.returncode:
                log("%s: a module does not build against %s (log %s.log): "
                    "interrupts-off columns skipped" % (kname, build, d))
                return None
    # The kernel's own copy of ntserial (the KUnit build) stays inert, as
    # in scripts/debugvm.
    inert = lib("echo \"$NT_INERT_BUILTIN\"")[0]
    return {"kver": kver, "vmlinuz": os.path.join(build, "arch", "x86", "boot", "bzImage"),
            "ko": os.path.join(d, "ntserial.ko"), "moddir": "",
            "extra_ko": os.path.join(irqd, "ntirqsoff.ko"),
            "append": inert}


def build_initramfs(kinfo, outdir):
    """One initramfs per kernel (scripts/mkinitramfs); the configuration
    comes on the kernel command line."""
    cpio = os.path.join(outdir, "initramfs.cpio")
    cmd = [os.path.join(REPO, "scripts", "mkinitramfs"),
           "--init", os.path.join(REPO, "scripts", "guest", "benchinit"),
           "--prog", "ntbench", "--ko", kinfo["ko"]]
    if kinfo["moddir"]:
        cmd += ["--moddir", kinfo["moddir"]]
    if kinfo.get("extra_ko"):
        cmd += ["--file", kinfo["extra_ko"] + ":lib/ntserial/ntirqsoff.ko"]
    subprocess.run(cmd + [cpio], check=True)
    return cpio


def boot(kinfo, cpio, cfgs, args, rxtrig, outdir, timeout, multi=None):
    """Boot once and run the configurations cfgs one after the other, or
    with multi=(driver, margs) the multiport scenario (COM4 on IRQ 3 too,
    with a peer of its own); returns (console text, trace log path, secs,
    QEMU status)."""
    os.makedirs(outdir, exist_ok=True)
    sock = os.path.join(outdir, "com2.sock")
    sock4 = os.path.join(outdir, "com4.sock")
    if os.path.exists(sock4):
        os.unlink(sock4)
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
              % (",".join(cfg_key(c) for c in cfgs), ",".join(map(str, args))))
    if multi:
        append += " ntb_multi=%s ntb_margs=%s" % (multi[0], ",".join(map(str, multi[1])))
    if (cfgs and cfgs[0][0] == "ntserial") or (multi and multi[0] == "nt"):
        append += " 8250.nr_uarts=1"
    if kinfo.get("append"):
        append += " " + kinfo["append"]
    if rxtrig:   # RX FIFO trigger level for both drivers
        append += " ntb_rxtrig=%d" % rxtrig
    cmd = ["timeout", "-k", "5", str(timeout), "qemu-system-x86_64", "-accel", "tcg",
           "-m", "512", "-smp", "1", "-display", "none", "-no-reboot", "-nic", "none",
           "-monitor", "unix:%s,server=on,wait=off" % mon,
           "-serial", "file:%s" % console, "-parallel", "null",
           "-kernel", kinfo["vmlinuz"], "-initrd", cpio, "-append", append,
           "-chardev", "socket,id=c2,path=%s,server=on,wait=off" % sock,
           "-device", "isa-serial,chardev=c2,iobase=0x2f8,irq=3,index=1"]
    if multi:
        cmd += ["-chardev", "socket,id=c4,path=%s,server=on,wait=off" % sock4,
                "-device", "isa-serial,chardev=c4,iobase=0x2e8,irq=3,index=3"]
    cmd += ["-D", trace, "-trace", "parallel_ioport_write"]
    with open(os.path.join(outdir, "qemu.cmd"), "w") as f:
        f.write(" ".join(cmd) + "\n")
    t0 = time.monotonic()
    with open(os.path.join(outdir, "qemu.log"), "w") as qlog, \
            open(os.path.join(outdir, "peer.log"), "a") as plog:
        q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=qlog,
                             stderr=subprocess.STDOUT)
        peers = [BenchPeer(mon, log=plog)]
        peers[0].start(sock)
        if multi:
            peers.append(BenchPeer(mon, log=plog))
            peers[1].start(sock4)
        try:
            rc = q.wait(timeout + 15)
        except subprocess.TimeoutExpired:
            q.kill()
            rc = q.wait()
        for peer in peers:
            peer.stop()
    secs = time.monotonic() - t0
    with open(console, "rb") as f:
        text = f.read().decode("utf-8", "replace").replace("\r", "")
    return text, trace, secs, rc


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


def kernel_cfgs(kname, a):
    """The configurations to run on kernel kname: 8250, every MODEL/BACKEND,
    and the default one with the receive FIFO read in the ISR."""
    backends = ["tasklet", "threaded"] + (["wq_bh"] if kname.startswith("6.12") else [])
    cfgs = [("8250", None, None)] + [("ntserial", m, b) for m in MODELS for b in backends]
    # The default configuration with the receive FIFO read in the ISR
    # (rx_defer_us=0): what deferring the reads to the DPC changes.
    cfgs.append(("ntserial", "isr", "tasklet/rx-isr"))
    want = a.configs
    if not want and not a.quick and kname.endswith("-rt"):
        want = a.rt_configs
    if want:
        cfgs = [c for c in cfgs if cfg_key(c) in want]
    return cfgs


def read_console(gdir):
    """--reparse: the console log of an earlier boot, or None (logged)."""
    try:
        with open(os.path.join(gdir, "console.log"), "rb") as f:
            return f.read().decode("utf-8", "replace").replace("\r", "")
    except OSError as e:
        log("reparse: %s: %s" % (gdir, e))
        return None


def run_kernel(kname, kinfo, a, args, timeout, kout, passes=None):
    """Boot kernel kname for every configuration (a.passes times) and
    return [(cfg, summary)]."""
    cfgs = kernel_cfgs(kname, a)
    passes = passes or a.passes
    cpio = os.path.join(kout, "initramfs.cpio")
    if not a.reparse:
        cpio = build_initramfs(kinfo, kout)
    if a.one_boot:   # 8250 in one boot, all ntserial configs in another
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
            gname = "all-ntserial" if len(g) > 1 else cfg_key(g[0]).replace("/", "-")
            gdir = os.path.join(kout, gname if passes == 1 else
                                "%s.pass%d" % (gname, p + 1))
            if a.reparse:
                text = read_console(gdir) or ""
                trace, secs, rc = os.path.join(gdir, "trace.log"), 0, 0
            else:
                text, trace, secs, rc = boot(kinfo, cpio, g, args, a.rxtrig, gdir,
                                             timeout * len(g))
            counts = count_regs(trace)
            segs = split_cfgs(text)
            for cfg in g:
                seg = segs.get(cfg_key(cfg), "")
                runs.setdefault(cfg, []).append(
                    (parse(seg, counts), secs / len(g), rc, gdir))
    res = []
    for cfg in cfgs:
        s = summarize_cfg(runs[cfg])
        with open(os.path.join(runs[cfg][-1][3], "summary-%s.json"
                               % cfg_key(cfg).replace("/", "-")), "w") as f:
            json.dump({"cfg": cfg, "summary": s}, f, indent=1, default=str)
        log("%s %-20s %5.1fs  tx %s  rx %s  rtt1 %s us  regs tx/rx %s/%s%s" % (
            kname, cfg_name(cfg), s["secs"], fmt(s["tx"]), fmt(s["rx"]),
            fmt(s["rtt1_p50"]), fmt(s["regs_tx"]), fmt(s["regs_rx"]),
            ("  ERRORS: " + "; ".join(s["errors"] + s["corrupt"])[:300])
            if s["errors"] or s["corrupt"] else ""))
        res.append((cfg, s))
    return res


def run_multi(kname, kinfo, a, cpio, timeout, kout):
    """The multiport scenario on kernel kname: COM2 and COM4 on IRQ 3,
    both busy at once, first with 8250 (ttyS1, ttyS3, a chain on the
    shared line), then with ntserial (io=0x2f8,0x2e8 irq=3,3, its default
    dpc_model and dpc_backend).  Returns [(driver, summary)]."""
    size, reps = a.sizes[0], a.sizes[1]
    margs = [size, reps, 1]
    res = []
    for drv in ("8250", "nt"):
        gdir = os.path.join(kout, "multi-" + drv)
        if a.reparse:
            text = read_console(gdir)
            if text is None:
                continue
            secs, rc = 0, 0
        else:
            text, _, secs, rc = boot(kinfo, cpio, [], [0], None, gdir,
                                     timeout * 2, multi=(drv, margs))
        s = summarize_multi(parse(text, {}))
        s["secs"], s["rc"] = secs, rc
        log("%s multiport %-5s %5.1fs  tx %s rx %s MiB/s (aggregate)  hIRQ us/KiB tx %s rx %s%s"
            % (kname, drv, secs, fmt(s.get("mtx")), fmt(s.get("mrx")),
               fmt(s.get("mhsum_tx")), fmt(s.get("mhsum_rx")),
               ("  ERRORS: " + "; ".join(s["errors"])[:300]) if s["errors"] else ""))
        res.append((drv, s))
    return res


def merge_irqsoff(res, tres):
    """The interrupts-off figures (off*) of the trace twin's boots into
    the summaries of the same configurations; its errors too."""
    tmap = {tuple(c): s for c, s in tres}
    for cfg, s in res:
        t = tmap.get(tuple(cfg))
        if not t:
            continue
        s.update({k: v for k, v in t.items() if k.startswith("off")})
        s["errors"] += ["trace kernel: " + e for e in t["errors"] + t["corrupt"]]
        if not t.get("offsum_tx") and not t.get("offsum_rx"):
            s["errors"].append("trace kernel: no interrupts-off figures (see the "
                               "console.log under trace-<kernel>/)")


def main():
    a = config()
    size, reps, rtt_n, regwin, tbytes = a.sizes
    if os.geteuid() == 0:
        try:
            os.nice(-10)   # QEMU and the peer: less disturbed by a busy host
        except OSError:
            pass
    t_start = time.monotonic()

    cache = lib("echo $NT_CACHE")[0]
    out = a.out or os.path.join(cache, "bench", "quick" if a.quick else "full")
    os.makedirs(out, exist_ok=True)
    meta = machine_meta(a.quick)
    meta["passes"] = a.passes
    args = [size, reps, rtt_n, regwin, tbytes, 3]
    # budget per boot: boot+poweroff plus the workload at >= 15 KiB/s
    # and 30 ms per round trip
    timeout = int(60 + (2 * reps * size + 4 * regwin + 2 * reps * tbytes) / (15 * 1024)
                  + reps * rtt_n * 2 * 0.03)
    allres, kmeta, multires, tbuild = {}, {}, {}, 0.0
    for kname in a.kernels:
        kver, vmlinuz, idir = lib("nt_kver %s" % kname, "nt_vmlinuz %s" % kname,
                                  "nt_image_dir %s" % kname)
        kmeta[kname] = kver
        if not os.path.exists(vmlinuz):
            log("%s: missing %s (run scripts/setup)" % (kname, vmlinuz))
            continue
        t0 = time.monotonic()
        ko = None if a.reparse else build_module(kname, cache)
        tbuild += time.monotonic() - t0   # not part of the bench wall time
        kinfo = {"kver": kver, "vmlinuz": vmlinuz, "ko": ko,
                 "moddir": os.path.join(idir, "lib", "modules", kver)}
        kout = os.path.join(out, kver)
        os.makedirs(kout, exist_ok=True)
        allres[kname] = run_kernel(kname, kinfo, a, args, timeout, kout)
        if a.multi:
            cpio = os.path.join(kout, "initramfs.cpio")
            multires[kname] = run_multi(kname, kinfo, a, cpio, timeout, kout)
        if a.irqsoff:
            t0 = time.monotonic()
            tinfo = None if a.reparse else trace_kernel(kname, cache)
            tbuild += time.monotonic() - t0
            tout = os.path.join(out, "trace-" + kname)
            if tinfo or (a.reparse and os.path.isdir(tout)):
                # only the hard-IRQ trace and the interrupts-off phases,
                # one pass: the sections are counted, not timed against
                # a busy host
                tres = run_kernel(kname, tinfo, a, [0, args[1], 0, 0] + args[4:],
                                  timeout, tout, passes=1)
                tver = tinfo["kver"] if tinfo else next(
                    (s["info"].get("kernel") for _, s in tres if s["info"].get("kernel")), "?")
                kmeta[kname] += ", interrupts-off columns on %s" % tver
                merge_irqsoff(allres[kname], tres)

    elapsed = time.monotonic() - t_start - tbuild
    prev = os.path.join(out, "results.json")
    if a.reparse and os.path.exists(prev):   # keep the timings of the real run
        with open(prev) as f:
            old = json.load(f)
        elapsed, meta = old["elapsed"], old["meta"]
        for kname, res in allres.items():
            secs = {json.dumps(c): s.get("secs") for c, s in old["results"].get(kname, [])}
            for cfg, s in res:
                s["secs"] = secs.get(json.dumps(list(cfg)), s["secs"]) or s["secs"]
    rc = write_outputs(allres, kmeta, meta, args, elapsed, out, a.doc, multires)
    secs = int(time.monotonic() - t_start)
    log("done in %dm%02ds (status %d)" % (secs // 60, secs % 60, rc))
    return rc


if __name__ == "__main__":
    sys.exit(main())
