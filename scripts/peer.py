#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""peer.py - the host end of the guest's COM2, for vmtest, demo and bench.

QEMU exposes the guest's COM2 as a Unix socket (-chardev socket,server=on).
A peer connects to it and serves the guest's programs.  It is commanded
in-band: the guest sends, at 8 data bits, a line

    <MAGIC><COMMAND> [ARGS...]\\n

Anything before MAGIC (noise, data left over from an aborted test) is
ignored while idle.  There are two dialects on the wire, one per guest
program family:

class Peer, MAGIC "@@NT " (scripts/guest/nttest.c, nthostile.c; run by
scripts/vmrun as "peer.py SOCKET"):

    PING <nonce>                  answer "@@PONG <nonce>\\n"
    SINK <n>                      read n bytes, remember their count and CRC32
    GETCRC                        answer "@@CRC <count> <crc32 hex>\\n" (last SINK)
    SOURCE <n> <seed> <mask> <ms> wait ms milliseconds, then send n bytes of
                                  the test pattern (seed), each ANDed with mask
    ECHO <n>                      send back each of the next n bytes
    FLOOD <ms> <seed> [<rate>]    for ms milliseconds send the test pattern
                                  (seed, 8 bits), at most rate bytes a second
                                  (absent or 0: as fast as the guest takes
                                  it), and discard everything the guest
                                  sends, except a line "@@NT STOP", which
                                  ends the flood early; then back to idle
    STOP                          (idle) nothing: the flood is over already
    QUIT                          close the connection and exit

class BenchPeer, MAGIC "@@B " (scripts/guest/ntbench.c; run by
scripts/bench_run.py as a thread, or "peer.py --bench --monitor MON SOCKET"):

    SYNC <nonce>                  answer "@@OK <nonce>\\n"
    SINK <n>, GETCRC, ECHO <n>    as above
    SOURCE <n> <seed> <ms>        wait ms milliseconds, send n bytes of the
                                  pattern (8 bits); GETCRC then answers their
                                  count and CRC32
    TRACE on|off                  switch QEMU's serial_read/serial_write trace
                                  events on or off through the HMP monitor
                                  socket, then answer "@@TRACE on|off\\n"
    QUIT                          end of one configuration: log it and stay
                                  (more may follow in the same boot)

A transfer that stalls for more than the stall limit (--stall) is
abandoned and the peer goes back to idle, so a failed test cannot wedge
the next one.

The test pattern (same formula in scripts/guest/ttyio.h, tio_pattern()):
    byte[i] = (i * 7 + (i >> 8) * 13 + seed) & mask
The pattern never has two equal bytes in a row, so neither the flood nor
the guest's own pattern data can contain "@@NT ".
Only the Python standard library is used.
"""

import argparse
import os
import select
import socket
import sys
import threading
import time
import zlib

_ROWS = []


def pattern(n, seed, mask=0xff):
    """The test pattern: n bytes.  Row k of the table below is the block of
    256 bytes whose (i >> 8) * 13 + seed is k (mod 256)."""
    if not _ROWS:
        _ROWS.extend(bytes((7 * j + k) & 255 for j in range(256)) for k in range(256))
    data = b"".join(_ROWS[(13 * b + seed) & 255] for b in range((n + 255) // 256))[:n]
    if mask & 0xff != 0xff:
        data = data.translate(bytes(i & mask for i in range(256)))
    return data


class Stall(Exception):
    pass


class Peer:
    """The "@@NT " dialect.  serve() runs the command loop on a connected
    socket; start()/stop() run connect() and serve() in a thread."""

    MAGIC = b"@@NT "
    COMMANDS = ("PING", "SINK", "GETCRC", "SOURCE", "ECHO", "FLOOD", "STOP", "QUIT")
    RECV = 65536

    def __init__(self, sock=None, stall=1.5, log=sys.stderr, stamp=False):
        self.sock = sock
        self.stall = stall
        self.log = log
        self.stamp = stamp
        self.buf = bytearray()
        self.last = (0, 0)
        self.stopping = False
        self.thread = None

    def say(self, msg):
        if self.stamp:
            msg = "%.3f %s" % (time.monotonic(), msg)
        print("peer: " + msg, file=self.log, flush=True)

    # ---- connection --------------------------------------------------

    def connect(self, path, wait, sndbuf=None):
        """Connect to the Unix socket path, waiting up to wait seconds for
        QEMU to create it (less if stop() is called).  True on success."""
        deadline = time.monotonic() + wait
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if time.monotonic() > deadline or self.stopping:
                    self.say("no socket %s after %.0f s" % (path, wait))
                    return False
                time.sleep(0.05)
        if sndbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
        self.sock = sock
        self.say("connected to %s (pid %d)" % (path, os.getpid()))
        return True

    def run(self, path, wait, sndbuf=None):
        """connect() and serve() until the guest quits or the socket closes."""
        if not self.connect(path, wait, sndbuf):
            return False
        try:
            self.serve()
        except OSError as e:
            self.say("connection lost (%s)" % e)
        finally:
            self.sock.close()
        return True

    def start(self, path, wait=60):
        """run() in a daemon thread."""
        self.thread = threading.Thread(target=self.run, args=(path, wait), daemon=True)
        self.thread.start()

    def stop(self, timeout=5):
        """Make the thread's idle loop (or its wait for the socket) end."""
        self.stopping = True
        if self.thread:
            self.thread.join(timeout)

    # ---- bytes ---------------------------------------------------------

    def fill(self, timeout):
        """Read more bytes into self.buf; False on EOF, Stall on timeout."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(self.RECV)
        except socket.timeout:
            raise Stall()
        if not data:
            return False
        self.buf += data
        return True

    def command(self):
        """Wait for the next command line (split in words); None on EOF or
        once stop() was called."""
        while True:
            i = self.buf.find(self.MAGIC)
            if i >= 0:
                del self.buf[:i]
                j = self.buf.find(b"\n")
                if j >= 0:
                    line = bytes(self.buf[len(self.MAGIC):j])
                    del self.buf[:j + 1]
                    return line.decode("ascii", "replace").split()
            elif len(self.buf) > len(self.MAGIC):
                del self.buf[:len(self.buf) - len(self.MAGIC)]
            try:
                if not self.fill(1.0):
                    return None
            except Stall:
                if self.stopping:
                    return None

    def take(self, n):
        """Up to n bytes, waiting at most self.stall seconds for the first."""
        if not self.buf and not self.fill(self.stall):
            raise EOFError()
        chunk = bytes(self.buf[:n])
        del self.buf[:len(chunk)]
        return chunk

    def send(self, data):
        # sendall()'s timeout bounds the whole call, and a slow guest takes
        # minutes for a MiB: send in pieces, each with its own stall limit.
        # (A Unix socket becomes writable again only once most of its
        # buffer has drained, so allow more than the read stall.)
        self.sock.settimeout(max(self.stall, 10))
        view = memoryview(data)
        try:
            while view:
                n = self.sock.send(view[:4096])
                view = view[n:]
        except socket.timeout:
            raise Stall()

    # ---- commands ------------------------------------------------------

    def serve(self):
        """The command loop; each command of the dialect (COMMANDS) is the
        method op_<COMMAND>(args), which returns True to end the loop."""
        while True:
            cmd = self.command()
            if cmd is None:
                self.say("connection closed")
                return
            if not cmd:
                continue
            op, args = cmd[0], cmd[1:]
            if op not in self.COMMANDS:
                self.say("unknown command %r" % (cmd,))
                continue
            try:
                if getattr(self, "op_" + op)(args):
                    return
            except Stall:
                self.say("%s: stalled, back to idle" % op)
            except (ValueError, IndexError):
                self.say("bad command %r" % (cmd,))
            except EOFError:
                self.say("connection closed during %s" % op)
                return

    def op_PING(self, args):
        self.send(b"@@PONG " + args[0].encode() + b"\n")

    def op_GETCRC(self, args):
        self.send(b"@@CRC %d %08x\n" % self.last)

    def op_SINK(self, args):
        n = int(args[0])
        got, crc, t0 = 0, 0, time.monotonic()
        try:
            while got < n:
                chunk = self.take(n - got)
                crc = zlib.crc32(chunk, crc)
                got += len(chunk)
        finally:
            self.last = (got, crc)
            dt = time.monotonic() - t0
            self.say("SINK %d bytes: got %d, crc32 %08x, %.0f KiB/s in %.3f s"
                     % (n, got, crc, got / 1024 / max(dt, 1e-6), dt))

    def source(self, n, seed, mask, delay_ms):
        data = pattern(n, seed, mask)
        time.sleep(delay_ms / 1000)
        t0 = time.monotonic()
        self.send(data)
        self.say("SOURCE %d bytes seed %d mask 0x%x: crc32 %08x, queued in %.2f s"
                 % (n, seed, mask, zlib.crc32(data), time.monotonic() - t0))
        return data

    def op_SOURCE(self, args):
        self.source(int(args[0]), int(args[1]), int(args[2]), int(args[3]))

    def op_ECHO(self, args):
        n, got = int(args[0]), 0
        while got < n:
            chunk = self.take(n - got)
            self.send(chunk)
            got += len(chunk)
        self.say("ECHO %d bytes" % n)

    def op_STOP(self, args):
        self.say("STOP: no flood running")

    def op_QUIT(self, args):
        self.say("quit")
        return True

    def op_FLOOD(self, args):
        """Send the pattern and swallow input for ms milliseconds, or until
        "@@NT STOP" comes in (what follows it is kept for the next command).
        Both ways at once: the socket is non-blocking for the duration.
        With a rate, no more than rate * elapsed seconds have been sent at
        any time, in chunks of up to 1/50 s of data."""
        ms, seed = int(args[0]), int(args[1])
        rate = int(args[2]) if len(args) > 2 else 0
        stop = self.MAGIC + b"STOP"
        data = pattern(65536, seed, 0xff)
        pos = sent = got = 0
        # input already buffered counts as flood input
        tail = bytes(self.buf)
        self.buf.clear()
        how = "time up"
        t0 = time.monotonic()
        end = t0 + ms / 1000
        self.sock.setblocking(False)
        try:
            while True:
                i = tail.find(stop)
                if i >= 0:
                    # what follows STOP is the next command
                    self.buf += tail[i + len(stop):]
                    how = "STOP"
                    break
                tail = tail[-(len(stop) - 1):]
                left = end - time.monotonic()
                if left <= 0:
                    break
                room, wait = 4096, min(left, 0.5)
                if rate:
                    room = min(room, int(rate * (time.monotonic() - t0)) - sent)
                    if room <= 0:
                        wait = min(wait, 0.02)
                wset = [self.sock] if room > 0 else []
                r, w, _ = select.select([self.sock], wset, [], wait)
                if r:
                    try:
                        chunk = self.sock.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        chunk = None
                    if chunk == b"":
                        raise EOFError()
                    if chunk:
                        got += len(chunk)
                        tail += chunk
                if w:
                    try:
                        n = self.sock.send(data[pos:pos + room])
                    except (BlockingIOError, InterruptedError):
                        n = 0
                    sent += n
                    pos = (pos + n) % (len(data) - 4096)
        finally:
            self.sock.setblocking(True)
            self.say("FLOOD %d ms seed %d rate %s: ended by %s after %.1f s; sent %d bytes, "
                     "discarded %d bytes" % (ms, seed, rate or "unpaced", how,
                                             time.monotonic() - t0, sent, got))


class BenchPeer(Peer):
    """The "@@B " dialect of scripts/guest/ntbench.c: no PONG but OK, a
    SOURCE without mask whose CRC GETCRC reports, the QEMU trace switched
    through the HMP monitor socket, and a QUIT that does not end the boot."""

    MAGIC = b"@@B "
    COMMANDS = ("SYNC", "SINK", "GETCRC", "SOURCE", "ECHO", "TRACE", "QUIT")
    RECV = 262144

    def __init__(self, monitor, stall=10.0, log=sys.stderr, stamp=True):
        super().__init__(None, stall, log, stamp)
        self.monitor = monitor

    def hmp(self, line):
        """Run one HMP command on the QEMU monitor socket."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.connect(self.monitor)
            for send in (b"", line.encode() + b"\n"):
                s.sendall(send)
                got = b""
                while b"(qemu)" not in got:
                    data = s.recv(4096)
                    if not data:
                        raise OSError("monitor closed")
                    got += data
        finally:
            s.close()

    def op_SYNC(self, args):
        self.send(b"@@OK " + args[0].encode() + b"\n")

    def op_SOURCE(self, args):
        data = self.source(int(args[0]), int(args[1]), 0xff, int(args[2]))
        self.last = (len(data), zlib.crc32(data))

    def op_TRACE(self, args):
        on = "on" if args[0] == "on" else "off"
        try:
            for ev in ("serial_read", "serial_write"):
                self.hmp("trace-event %s %s" % (ev, on))
            self.say("TRACE %s" % args[0])
        except OSError as e:
            # answered all the same: the windows then count no register
            # accesses, which the report shows as "-"
            self.say("TRACE %s: no QEMU monitor %s (%s)" % (args[0], self.monitor, e))
        self.send(b"@@TRACE " + args[0].encode() + b"\n")

    def op_QUIT(self, args):
        self.say("quit (end of one configuration)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("socket", help="QEMU chardev Unix socket path")
    ap.add_argument("--wait", type=float, default=60,
                    help="seconds to wait for the socket to appear")
    ap.add_argument("--stall", type=float,
                    help="seconds of silence that abandon a transfer "
                    "(default 1.5, with --bench 10)")
    ap.add_argument("--log", help="append the peer's messages here (default stderr)")
    ap.add_argument("--bench", action="store_true",
                    help="the @@B dialect of ntbench (class BenchPeer)")
    ap.add_argument("--monitor", help="--bench: QEMU's HMP monitor socket (for TRACE)")
    a = ap.parse_args()
    log = open(a.log, "a") if a.log else sys.stderr

    if a.bench:
        peer = BenchPeer(a.monitor, a.stall or 10.0, log)
    else:
        peer = Peer(None, a.stall or 1.5, log)
    # A small send buffer keeps SOURCE/FLOOD close to what the guest reads.
    return 0 if peer.run(a.socket, a.wait, sndbuf=None if a.bench else 32768) else 1


if __name__ == "__main__":
    sys.exit(main())
