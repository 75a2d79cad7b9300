"""selftest/harness.py: boots Ferrite headless in QEMU (through tools/qemu) and talks to its
serial console the way a person at a terminal would: read what it prints, wait for a pattern,
type a line. Every wait has a timeout; the whole run has a hard one. The serial log is kept.

Used by selftest/qemu-run (the kernel's self-tests) and by later interactive tests:

    with Machine(["--append", "selftest", loader, kernel], log="x.serial") as m:
        m.wait_for(r"login:", timeout=10)
        m.send_line("ps")
        m.wait_for(r"\\$ ", timeout=5)
"""
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PANIC = re.compile(r"^PANIC:", re.M)
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed", re.M)


class Timeout(Exception):
    pass


class Panic(Exception):
    pass


class Machine:
    def __init__(self, qemu_args, log=None, hard_timeout=300):
        """qemu_args: what tools/qemu takes after --mode test (see tools/qemu --help)."""
        self.output = ""
        self.start = time.monotonic()
        self.deadline = self.start + hard_timeout
        self.log = open(log, "w", encoding="utf-8", errors="replace") if log else None
        cmd = [os.path.join(TOP, "tools", "qemu"), "--mode", "test"] + list(qemu_args)
        # QEMU's monitor on a socket (the caller's FERRITE_MONITOR, else one of our own): a wait that times out first asks the kernel
        # for its scheduler state (an NMI: sched_debug_dump), so a hang leaves it in the log
        self.mondir = tempfile.mkdtemp(prefix="ferrite-mon-")
        self.monitor_path = os.environ.get("FERRITE_MONITOR") or os.path.join(self.mondir, "monitor")
        env = dict(os.environ, FERRITE_MONITOR=self.monitor_path)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True, env=env)
        self.dumped = False
        self.first_byte_at = None
        self.exit_status = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def elapsed(self):
        return time.monotonic() - self.start

    def _read(self, until):
        """Reads what QEMU printed until the monotonic time `until`; False once QEMU exits."""
        fd = self.proc.stdout.fileno()
        while True:
            left = min(until, self.deadline) - time.monotonic()
            if left <= 0:
                return True
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return True
            data = os.read(fd, 65536)
            if not data:
                self.exit_status = self.proc.wait()
                return False
            if self.first_byte_at is None:
                self.first_byte_at = self.elapsed()
            text = data.decode("utf-8", "replace").replace("\r\n", "\n")
            self.output += text
            if self.log:
                self.log.write(text)
                self.log.flush()
            return True

    def wait_for(self, pattern, timeout=30, since=0):
        """Waits until pattern (a regex) appears in the output after offset `since`; returns the
        match. Raises Panic on a kernel panic, Timeout when time runs out or QEMU exits."""
        rx = re.compile(pattern, re.M)
        until = time.monotonic() + timeout
        while True:
            m = rx.search(self.output, since)
            if m:
                return m
            p = PANIC.search(self.output, since)
            if p:
                self._read(time.monotonic() + 0.5)  # the rest of the report
                raise Panic(self.output[p.start():])
            if time.monotonic() >= min(until, self.deadline):
                self.dump_state()
                raise Timeout("no %r after %.1fs" % (pattern, timeout))
            if not self._read(until):
                m = rx.search(self.output, since)
                if m:
                    return m
                raise Timeout("QEMU exited (status %s) before %r appeared"
                              % (self.exit_status, pattern))

    def monitor(self, commands, wait=2.0):
        """Sends QEMU monitor commands; returns the monitor's answers. The serial output that
        comes meanwhile (wait seconds after each) is read into self.output and the log."""
        out = []
        self.deadline = max(self.deadline, time.monotonic() + wait * len(commands) + 1)
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(self.monitor_path)
            s.settimeout(1)
            for c in commands:
                s.sendall((c + "\n").encode())
                end = time.monotonic() + wait
                while time.monotonic() < end and self._read(end):
                    pass
                try:
                    out.append(s.recv(1 << 20).decode("utf-8", "replace"))
                except socket.timeout:
                    pass
            s.close()
        except OSError as e:
            out.append("monitor: %s\n" % e)
        return "".join(out)

    def dump_state(self):
        """Once per machine: an NMI, which the kernel answers with every CPU's run queue and
        timer and every thread's wait (sched_debug_dump): what a hang looked like."""
        if self.dumped or self.proc.poll() is not None:
            return
        self.dumped = True
        self.monitor(["nmi"], wait=3.0)

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def send_line(self, line):
        self.send(line + "\r")

    def wait_exit(self, timeout=10):
        """Reads until QEMU exits; returns its exit status (None if it did not)."""
        until = time.monotonic() + timeout
        while self.exit_status is None and time.monotonic() < until:
            if not self._read(until):
                break
        return self.exit_status

    def close(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        shutil.rmtree(self.mondir, ignore_errors=True)
        if self.log:
            self.log.close()
            self.log = None
