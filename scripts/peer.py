#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""peer.py - the host end of the guest's COM2, for scripts/vmtest and demo.

QEMU exposes the guest's COM2 as a Unix socket (-chardev socket,server=on).
This program connects to it and serves the guest's test programs.  It is
commanded in-band: the guest sends, at 8 data bits, a line

    @@NT <COMMAND> [ARGS...]\\n

Anything before "@@NT " (noise, data left over from an aborted test) is
ignored while idle.  Commands:

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

A transfer that stalls for more than --stall seconds is abandoned and the
peer goes back to idle, so a failed test cannot wedge the next one.

The test pattern (same formula in scripts/guest/nttest.c):
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
import time
import zlib

MAGIC = b"@@NT "


def pattern(n, seed, mask):
    return bytes(((i * 7 + (i >> 8) * 13 + seed) & mask) for i in range(n))


class Stall(Exception):
    pass


class Peer:
    def __init__(self, sock, stall, log):
        self.sock = sock
        self.stall = stall
        self.log = log
        self.buf = bytearray()
        self.last = (0, 0)

    def say(self, msg):
        print("peer: " + msg, file=self.log, flush=True)

    def fill(self, timeout):
        """Read more bytes into self.buf; False on EOF."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            raise Stall()
        if not data:
            return False
        self.buf += data
        return True

    def command(self):
        """Wait (forever) for the next command line; None on EOF."""
        while True:
            i = self.buf.find(MAGIC)
            if i >= 0:
                del self.buf[:i]
                j = self.buf.find(b"\n")
                if j >= 0:
                    line = bytes(self.buf[len(MAGIC):j])
                    del self.buf[:j + 1]
                    return line.decode("ascii", "replace").split()
            elif len(self.buf) > len(MAGIC):
                del self.buf[:len(self.buf) - len(MAGIC)]
            try:
                if not self.fill(None):
                    return None
            except Stall:
                continue

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

    def serve(self):
        while True:
            cmd = self.command()
            if cmd is None:
                self.say("connection closed")
                return
            if not cmd:
                continue
            op, args = cmd[0], cmd[1:]
            try:
                if op == "PING" and args:
                    self.send(b"@@PONG " + args[0].encode() + b"\n")
                elif op == "SINK":
                    self.sink(int(args[0]))
                elif op == "GETCRC":
                    self.send(b"@@CRC %d %08x\n" % self.last)
                elif op == "SOURCE":
                    self.source(int(args[0]), int(args[1]), int(args[2]), int(args[3]))
                elif op == "ECHO":
                    self.echo(int(args[0]))
                elif op == "FLOOD":
                    self.flood(int(args[0]), int(args[1]),
                               int(args[2]) if len(args) > 2 else 0)
                elif op == "STOP":
                    self.say("STOP: no flood running")
                elif op == "QUIT":
                    self.say("quit")
                    return
                else:
                    self.say("unknown command %r" % (cmd,))
            except Stall:
                self.say("%s: stalled, back to idle" % op)
            except (ValueError, IndexError):
                self.say("bad command %r" % (cmd,))
            except EOFError:
                self.say("connection closed during %s" % op)
                return

    def sink(self, n):
        got, crc, t0 = 0, 0, time.monotonic()
        try:
            while got < n:
                chunk = self.take(n - got)
                crc = zlib.crc32(chunk, crc)
                got += len(chunk)
        finally:
            self.last = (got, crc)
            dt = time.monotonic() - t0
            self.say("SINK %d bytes: got %d, crc32 %08x, %.0f KiB/s"
                     % (n, got, crc, got / 1024 / max(dt, 1e-6)))

    def source(self, n, seed, mask, delay_ms):
        data = pattern(n, seed, mask)
        time.sleep(delay_ms / 1000)
        t0 = time.monotonic()
        self.send(data)
        self.say("SOURCE %d bytes seed %d mask 0x%x: crc32 %08x, queued in %.2f s"
                 % (n, seed, mask, zlib.crc32(data), time.monotonic() - t0))

    def echo(self, n):
        got = 0
        while got < n:
            chunk = self.take(n - got)
            self.send(chunk)
            got += len(chunk)
        self.say("ECHO %d bytes" % n)

    def flood(self, ms, seed, rate):
        """Send the pattern and swallow input for ms milliseconds, or until
        "@@NT STOP" comes in (what follows it is kept for the next command).
        Both ways at once: the socket is non-blocking for the duration.
        With a rate, no more than rate * elapsed seconds have been sent at
        any time, in chunks of up to 1/50 s of data."""
        stop = MAGIC + b"STOP"
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("socket", help="QEMU chardev Unix socket path")
    ap.add_argument("--wait", type=float, default=60,
                    help="seconds to wait for the socket to appear")
    ap.add_argument("--stall", type=float, default=1.5,
                    help="seconds of silence that abandon a transfer")
    ap.add_argument("--log", help="append the peer's messages here (default stderr)")
    a = ap.parse_args()
    log = open(a.log, "a") if a.log else sys.stderr

    deadline = time.monotonic() + a.wait
    while True:
        try:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(a.socket)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if time.monotonic() > deadline:
                print("peer: no socket %s after %.0f s" % (a.socket, a.wait), file=log)
                return 1
            time.sleep(0.05)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32768)
    print("peer: connected to %s (pid %d)" % (a.socket, os.getpid()), file=log, flush=True)
    Peer(sock, a.stall, log).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
