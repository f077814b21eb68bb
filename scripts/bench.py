#!/usr/bin/env python3
"""Benchmarks bosun + bosund against Python supervisorctl + supervisord 4.3.0 in the same run.

Each workload runs against both stacks, alternating, and the table shows medians and the ratio
(supervisor / bosun: above 1 means bosun is better). Where a target sits near what the machine
itself costs, the row also shows that floor, measured in the same run, and the best ratio any
implementation could reach against it. Called by scripts/bench; --quick is short,
--only scale runs workload 9 (start, status, memory and CPU at 100 to 10,000 programs) alone,
--only wait runs workload 8 (`wait until`: reaction time and calls while waiting) alone, and
--only web runs workload 10 (the web UI's status page: load time, size, a change reaching it),
--only fleet runs workload 11 (status of ten daemons at once), and --only metrics runs
workload 12 (a /metrics scrape).
"""
import argparse
import ctypes
import http.client
import os
import resource
import socket
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from multiprocessing import Pool

from supervisor.xmlrpc import SupervisorTransport

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build-static", "release")
STACKS = {
    "supervisor": {"daemon": shutil.which("supervisord"), "client": shutil.which("supervisorctl")},
    "bosun": {"daemon": os.path.join(BIN, "bosund"), "client": os.path.join(BIN, "bosun")},
}
CLK_TCK = os.sysconf("SC_CLK_TCK")
# With --before, both columns are bosun builds, and each runs bosun's own way of waiting.
COMPARING_BUILDS = False


def config(directory, programs, extra="", settings=""):
    text = f"""
[unix_http_server]
file={directory}/s.sock
[supervisord]
logfile={directory}/supervisord.log
pidfile={directory}/supervisord.pid
childlogdir={directory}
{settings}
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://{directory}/s.sock
{programs}
{extra}
"""
    path = os.path.join(directory, "supervisord.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def sleepers(count, autostart=True):
    return f"""
[program:p]
command=sleep 100000
process_name=%(program_name)s_%(process_num)03d
numprocs={count}
startsecs=0
autostart={'true' if autostart else 'false'}
stdout_logfile=NONE
stderr_logfile=NONE
"""


def cpu_seconds(pid):
    """utime+stime of process `pid` from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def status_field_kb(pid, field):
    """A `NAME:  N kB` line of /proc/PID/status, in KB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Daemon:
    """One daemon of a stack on a config of its own, in the foreground."""

    def __init__(self, stack, programs, extra=""):
        self.stack = stack
        self.dir = tempfile.mkdtemp(prefix="bosun-bench-")
        self.conf = config(self.dir, programs, extra)
        self.proc = subprocess.Popen(
            [STACKS[stack]["daemon"], "-n", "-c", self.conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 60
        while True:
            try:
                self.proxy = self.connect()
                self.proxy.supervisor.getState()
                break
            except Exception:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("%s did not start on %s" % (stack, self.conf))
                time.sleep(0.05)

    def connect(self):
        return xmlrpc.client.ServerProxy(
            "http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://" + self.dir + "/s.sock")
        )

    def wait_all(self, count=None, timeout=120):
        """Polls until every process of group p is RUNNING (or `count` of them are)."""
        expected = count if count is not None else len(self.proxy.supervisor.getAllProcessInfo())
        connection = RawConnection(self.dir + "/s.sock")
        deadline = time.time() + timeout
        while time.time() < deadline:
            # Counting in the raw response keeps the client's XML parsing out of the measure.
            if connection.call("supervisor.getAllProcessInfo").count(b"<string>RUNNING</string>") >= expected:
                return
            time.sleep(0.002)
        raise RuntimeError("not all RUNNING")

    def cpu_seconds(self):
        return cpu_seconds(self.proc.pid)

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def anonymous_mb(self):
        """Memory that is the daemon's alone (heap, stacks): RSS without the file-backed pages
        of its binary and libraries, which are clean, shared and reclaimable."""
        with open(f"/proc/{self.proc.pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Anonymous:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        try:
            self.proxy.supervisor.shutdown()
        except Exception:
            pass
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def both(run, repeat):
    """Runs `run(stack)` `repeat` times per stack, alternating; returns the samples by stack."""
    samples = {"supervisor": [], "bosun": []}
    for _ in range(repeat):
        for stack in ("supervisor", "bosun"):
            samples[stack].append(run(stack))
    return samples


def one_shot_status(quick):
    results = {}
    for stack in ("supervisor", "bosun"):
        results[stack] = Daemon(stack, sleepers(10))
    for d in results.values():
        d.wait_all(10)
    try:
        def run(stack):
            d = results[stack]
            start = time.perf_counter()
            subprocess.run([STACKS[stack]["client"], "-c", d.conf, "status"], stdout=subprocess.DEVNULL)
            return (time.perf_counter() - start) * 1000
        return both(run, 10 if quick else 40)
    finally:
        for d in results.values():
            d.stop()


def idle(count, seconds):
    def run(stack):
        d = Daemon(stack, sleepers(count))
        try:
            d.wait_all(count)
            time.sleep(1)
            before = d.cpu_seconds()
            time.sleep(seconds)
            return (d.rss_mb(), (d.cpu_seconds() - before) / seconds * 100, d.anonymous_mb())
        finally:
            d.stop()
    return both(run, 1)


def start_all(count, repeat):
    def run(stack):
        d = Daemon(stack, sleepers(count, autostart=False))
        try:
            start = time.perf_counter()
            d.proxy.supervisor.startAllProcesses(False)
            d.wait_all(count)
            return (time.perf_counter() - start) * 1000
        finally:
            d.stop()
    return both(run, repeat)


def spawn_sleeper():
    """The benchmarks' program, `sleep 100000`, started with posix_spawn (glibc's vfork-style
    clone, as bosund spawns; it returns once the child has exec'd). Returns the pid."""
    return os.posix_spawn(shutil.which("sleep"), ["sleep", "100000"], os.environ)


def kill_sleeper(pid):
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def spawn_floor(count, repeat):
    """The physical floor under workload 3: the same command spawned `count` times from one
    thread, with no pipes, logs or daemon."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        pids = [spawn_sleeper() for _ in range(count)]
        samples.append((time.perf_counter() - start) * 1000)
        for pid in pids:
            kill_sleeper(pid)
    return statistics.median(samples)


def copy_floor(megabytes, repeat):
    """The physical floor under workload 5's CPU: the same bytes moved from a pipe into an
    O_APPEND file by a bare read/write loop of 64 KiB (this process's own CPU seconds)."""
    samples = []
    for _ in range(repeat):
        directory = tempfile.mkdtemp(prefix="bosun-bench-copy-")
        read_end, write_end = os.pipe()
        producer = subprocess.Popen(["sh", "-c", CHATTY_OUTPUT % megabytes], stdout=write_end)
        os.close(write_end)
        out = os.open(os.path.join(directory, "copy.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        before = resource.getrusage(resource.RUSAGE_SELF)
        while chunk := os.read(read_end, 65536):
            os.write(out, chunk)
        after = resource.getrusage(resource.RUSAGE_SELF)
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        producer.wait()
        os.close(read_end)
        os.close(out)
        shutil.rmtree(directory, ignore_errors=True)
    return statistics.median(samples)


WAKER = r"""
import sys, time
for line in sys.stdin:
    sys.stdout.write("%.6f\n" % time.monotonic()); sys.stdout.flush()
"""


def event_floor(repeat):
    """The physical floor under workloads 6 and 7 (listener): one spawn of the same command,
    then one line through a pipe to a Python process blocked on reading it, until that
    process has read the clock."""
    waker = subprocess.Popen([sys.executable, "-c", WAKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    samples = []
    try:
        for _ in range(repeat):
            time.sleep(0.05)
            start = time.monotonic()
            pid = spawn_sleeper()
            waker.stdin.write("event\n")
            waker.stdin.flush()
            samples.append((float(waker.stdout.readline()) - start) * 1000)
            kill_sleeper(pid)
    finally:
        waker.stdin.close()
        waker.wait()
    return statistics.median(samples)


class RawConnection:
    """A keep-alive HTTP/1.1 connection over the unix socket that sends an XML-RPC call and
    reads the whole response without parsing it, so the daemon is what is measured."""

    def __init__(self, path, timeout=None):
        self.connection = http.client.HTTPConnection("localhost")
        self.connection.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.connection.sock.settimeout(timeout)
        self.connection.sock.connect(path)

    def call(self, method):
        body = ("<?xml version='1.0'?><methodCall><methodName>%s</methodName><params></params></methodCall>" % method).encode()
        self.connection.request("POST", "/RPC2", body, {"Content-Type": "text/xml"})
        return self.connection.getresponse().read()

    def get(self, path):
        self.connection.request("GET", path)
        return self.connection.getresponse().read()


def _calls(args):
    sock, seconds = args
    connection = RawConnection(sock)
    count = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        connection.call("supervisor.getAllProcessInfo")
        count += 1
    return count


def rpc_rate(clients, seconds):
    def run(stack):
        d = Daemon(stack, sleepers(200))
        try:
            d.wait_all(200)
            with Pool(clients) as pool:
                counts = pool.map(_calls, [(d.dir + "/s.sock", seconds)] * clients)
            return sum(counts) / seconds
        finally:
            d.stop()
    return both(run, 1)


CHATTY_OUTPUT = "yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwx | head -c %dM"


def log_capture(megabytes, repeat):
    program = f"""
[program:chatty]
command=sh -c '{CHATTY_OUTPUT % megabytes}; sleep 100000'
stdout_logfile=%(here)s/chatty.log
stdout_logfile_maxbytes={megabytes // 4}MB
stdout_logfile_backups=3
startsecs=0
autostart=false
"""

    def run(stack):
        d = Daemon(stack, program)
        try:
            before = d.cpu_seconds()
            start = time.perf_counter()
            d.proxy.supervisor.startProcess("chatty", False)
            total = megabytes * 1024 * 1024
            kept = 0
            while time.perf_counter() - start < 600:
                kept = sum(os.path.getsize(os.path.join(d.dir, f)) for f in os.listdir(d.dir) if f.startswith("chatty.log"))
                if kept >= total:
                    break
                time.sleep(0.05)
            wall = time.perf_counter() - start
            return (wall, d.cpu_seconds() - before, kept / total * 100)
        finally:
            d.stop()
    return both(run, repeat)


LISTENER = r"""
import sys, time
out = open(sys.argv[1], "a")
sys.stdout.write("READY\n"); sys.stdout.flush()
while True:
    header = sys.stdin.readline()
    length = int(header.rsplit("len:", 1)[1])
    payload = sys.stdin.read(length)
    fields = dict(field.split(":", 1) for field in payload.split())
    if fields.get("processname") == "x":
        out.write("%s %.6f\n" % (fields["pid"], time.monotonic())); out.flush()
    sys.stdout.write("RESULT 2\nOKREADY\n"); sys.stdout.flush()
"""


class ListenedDaemon(Daemon):
    """A daemon with program x and a Python event listener that writes the pid and the time
    (CLOCK_MONOTONIC, shared by every process) of each PROCESS_STATE_RUNNING of x. A listener
    waits on its stdin, so observing this way sends the daemon nothing that could wake it."""

    def __init__(self, stack, program):
        listener = os.path.join(tempfile.mkdtemp(prefix="bosun-bench-listener-"), "listener.py")
        with open(listener, "w") as f:
            f.write(LISTENER)
        self.marks = listener + ".marks"
        extra = f"""
[eventlistener:timer]
command={sys.executable} {listener} {self.marks}
events=PROCESS_STATE_RUNNING
{program}
"""
        super().__init__(stack, "", extra)
        self.listener_dir = os.path.dirname(listener)

    def running_after(self, start, old_pid=None, timeout=30):
        """Milliseconds from `start` (time.monotonic) to the first RUNNING of x with a new pid."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(self.marks):
                for line in open(self.marks).read().split("\n"):
                    if line and int(line.split()[0]) != old_pid:
                        return (float(line.split()[1]) - start) * 1000
            time.sleep(0.001)
        return float("nan")

    def stop(self):
        super().stop()
        shutil.rmtree(self.listener_dir, ignore_errors=True)


STOPPED_X = """
[program:x]
command=sleep 100000
startsecs=0
autostart=false
"""


def event_latency(repeat):

    def run(stack):
        d = ListenedDaemon(stack, STOPPED_X)
        try:
            time.sleep(1.5)
            start = time.monotonic()
            d.proxy.supervisor.startProcess("x", False)
            return d.running_after(start)
        finally:
            d.stop()
    return both(run, repeat)


CRASHING = """
[program:x]
command=sleep 100000
startsecs=0
autorestart=true
"""


def crash_restart(repeat):
    """Seen by a client that polls getProcessInfo every millisecond (each call also wakes the
    daemon's main loop)."""
    def run(stack):
        d = Daemon(stack, CRASHING)
        try:
            time.sleep(1.5)
            old = d.proxy.supervisor.getProcessInfo("x")["pid"]
            start = time.perf_counter()
            os.kill(old, signal.SIGKILL)
            while time.perf_counter() - start < 30:
                info = d.proxy.supervisor.getProcessInfo("x")
                if info["pid"] not in (0, old) and info["statename"] == "RUNNING":
                    return (time.perf_counter() - start) * 1000
                time.sleep(0.001)
            return float("nan")
        finally:
            d.stop()
    return both(run, repeat)


def crash_restart_unobserved(repeat):
    """Seen by an event listener, with no client traffic: how long a crashed service is down
    in production, where nobody polls the daemon."""
    def run(stack):
        d = ListenedDaemon(stack, CRASHING)
        try:
            time.sleep(1.5)
            old = d.proxy.supervisor.getProcessInfo("x")["pid"]
            d.proxy("close")()
            time.sleep(0.5)
            start = time.monotonic()
            os.kill(old, signal.SIGKILL)
            return d.running_after(start, old_pid=old)
        finally:
            d.stop()
    return both(run, repeat)


class CountingProxy:
    """A unix-socket proxy in front of a daemon that counts the XML-RPC calls passing through."""

    def __init__(self, target):
        self.target = target
        self.path = target + ".proxy"
        self.calls = 0
        self.lock = threading.Lock()
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(64)
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.target)
            threading.Thread(target=self.pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(upstream, client, False), daemon=True).start()

    def pump(self, source, sink, count):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if count:
                    with self.lock:
                        self.calls += data.count(b"POST /RPC2")
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.server.close()


# The waiters of workload 8: (daemon's stack, waiting client, extra environment). "loop" is what
# operators run against supervisord today; bosun's wait holds bosun.waitForChange against bosund
# (unless BOSUN_POLL_WAITS forces it to poll) and polls getAllProcessInfo ten times a second
# against supervisord, which lacks it.
WAITERS = {
    "loop": ("supervisor", "loop", {}),
    "bosun polls supervisord": ("supervisor", "bosun", {}),
    "bosun polls bosund": ("bosun", "bosun", {"BOSUN_POLL_WAITS": "1"}),
    "bosun long-polls bosund": ("bosun", "bosun", {}),
}


def wait_once(daemon_stack, client, environment, idle_seconds):
    """One `wait until x RUNNING` (or the grep loop when `client` is "loop") against a fresh
    daemon of `daemon_stack`: (ms from the start request until the waiter has exited, daemon
    calls per second while it waited with nothing changing)."""
    d = Daemon(daemon_stack, STOPPED_X)
    proxy = CountingProxy(d.dir + "/s.sock")
    url = "unix://" + proxy.path
    if client == "loop":
        loop = f"until {STACKS['supervisor']['client']} -s {url} status x | grep -q RUNNING; do sleep 0.1; done"
        waiter = ["sh", "-c", loop]
    else:
        waiter = [STACKS[client]["client"], "-s", url, "-e", "wait until x RUNNING"]
    try:
        process = subprocess.Popen(waiter, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=dict(os.environ, **environment))
        time.sleep(0.5)
        before = proxy.calls
        time.sleep(idle_seconds)
        rate = (proxy.calls - before) / idle_seconds
        start = time.monotonic()
        d.proxy.supervisor.startProcess("x", False)
        process.wait(60)
        return ((time.monotonic() - start) * 1000, rate)
    finally:
        proxy.close()
        d.stop()


def wait_script(repeat, idle_seconds, waiters):
    """Workload 8 for each of `waiters` (keys of WAITERS), `repeat` times, alternating; the
    samples by waiter. With --before, both columns are bosun builds, each waiting bosun's way."""
    samples = {name: [] for name in waiters}
    for _ in range(repeat):
        for name in waiters:
            daemon_stack, client, environment = WAITERS[name]
            if COMPARING_BUILDS:
                client = daemon_stack
            samples[name].append(wait_once(daemon_stack, client, environment, idle_seconds))
    return samples


# Workload 9: scale. Every size is a config of `count` [program:pN] sections, started by the
# daemon itself (autostart), then left alone, then asked for the status of all.
SCALE_SIZES = (100, 1000, 10000)
SCALE_QUICK_SIZES = (100, 1000)
SCALE_BUDGET = 120  # seconds each daemon gets, at every size, to have all its programs RUNNING
SCALE_CALLS_BUDGET = 30  # seconds after which the status and getAllProcessInfo rows stop repeating
FDS_PER_PROGRAM = 3  # both daemons keep three pipe ends per child (its stdin, stdout and stderr)
FDS_OWN = 64  # the daemon's own descriptors (sockets, logs, poller), the client's, and headroom
KB_PER_CHILD = 512  # what one `sleep` child costs the machine (pages, page tables), generously
PR_SET_CHILD_SUBREAPER = 36


def web_page(count, repeat):
    """Workload 10: the status page of `count` programs, loaded again and again over one
    keep-alive connection (milliseconds to the last byte, and its size), and the time from a
    stop to the page showing it: bosund pushes it to a live page (/ui/events); supervisord's
    page has no live update, so its column stays empty."""
    def run(stack):
        d = Daemon(stack, sleepers(count))
        try:
            d.wait_all(count)
            connection = RawConnection(d.dir + "/s.sock")
            loads = []
            for _ in range(repeat):
                start = time.perf_counter()
                size = len(connection.get("/index.html"))
                loads.append((time.perf_counter() - start) * 1000)
            seen = None
            if stack == "bosun" or COMPARING_BUILDS:
                seen = statistics.median(live_change(d) for _ in range(max(3, repeat // 4)))
            return (statistics.median(loads), size / 1024, seen)
        finally:
            d.stop()
    return both(run, 1)


def live_change(d):
    """Milliseconds from a stopProcess call to the live page's event that shows the process
    stopped (and from a start to it running, for the next round)."""
    stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stream.connect(d.dir + "/s.sock")
    serial = d.proxy.bosun.waitForChange(0, 0)["serial"]
    stream.sendall(f"GET /ui/events?since={serial} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    received = b""
    while b"event: mood" not in received:
        received += stream.recv(65536)
    start = time.perf_counter()
    d.proxy.supervisor.stopProcess("p:p_000", False)
    while b'data-state="stopped"' not in received:
        received += stream.recv(65536)
    elapsed = (time.perf_counter() - start) * 1000
    stream.close()
    d.proxy.supervisor.startProcess("p:p_000", True)
    return elapsed


def web_rows(quick):
    for count in (10, 200, 1000):
        samples = web_page(count, 10 if quick else 40)
        print_row(f"10. status page, {count} programs: load", statistics.median(s[0] for s in samples["supervisor"]),
                  statistics.median(s[0] for s in samples["bosun"]), "ms")
        print_row(f"10. status page, {count} programs: size", statistics.median(s[1] for s in samples["supervisor"]),
                  statistics.median(s[1] for s in samples["bosun"]), "KB")
        seen = [s[2] for s in samples["supervisor"] if s[2] is not None]
        print_row(f"10. stop to the live page showing it, {count}", statistics.median(seen) if seen else None,
                  statistics.median(s[2] for s in samples["bosun"]), "ms",
                  missing="" if seen else "supervisor: no live page")


def fleet_status(repeat):
    """Workload 11: `status` of ten supervisord daemons (10 programs each). Today's way is a
    loop of supervisorctl over their configs; bosun --fleet asks them all at once, so it
    should take about as long as its slowest host, not the sum of the ten: the floor is the
    slowest of ten one-shot `bosun status` calls, and the second row compares with their sum,
    all measured in the same round."""
    daemons = [Daemon("supervisor", sleepers(10)) for _ in range(10)]
    try:
        for d in daemons:
            d.wait_all(10)
        directory = tempfile.mkdtemp(prefix="bosun-bench-fleet-")
        fleet = os.path.join(directory, "fleet.ini")
        with open(fleet, "w") as f:
            for index, d in enumerate(daemons):
                f.write("[host:h%d]\nserverurl=unix://%s/s.sock\n" % (index, d.dir))
        loop, together, slowest, total = [], [], [], []
        for _ in range(repeat):
            start = time.perf_counter()
            for d in daemons:
                subprocess.run([STACKS["supervisor"]["client"], "-c", d.conf, "status"], stdout=subprocess.DEVNULL)
            loop.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            subprocess.run([STACKS["bosun"]["client"], "--fleet", fleet, "status"], stdout=subprocess.DEVNULL)
            together.append((time.perf_counter() - start) * 1000)
            singles = []
            for d in daemons:
                start = time.perf_counter()
                subprocess.run([STACKS["bosun"]["client"], "-c", d.conf, "status"], stdout=subprocess.DEVNULL)
                singles.append((time.perf_counter() - start) * 1000)
            slowest.append(max(singles))
            total.append(sum(singles))
        shutil.rmtree(directory, ignore_errors=True)
        return (statistics.median(loop), statistics.median(together), statistics.median(slowest),
                statistics.median(total))
    finally:
        for d in daemons:
            d.stop()


def fleet_rows(quick):
    loop, together, slowest, total = fleet_status(5 if quick else 20)
    print_row("11. status of 10 supervisord daemons (loop/fleet)", loop, together, "ms", floor=slowest)
    print_row("11. ... 10 bosun status in a row / bosun --fleet", total, together, "ms", floor=slowest)


def metrics_scrape(count, repeat):
    """Workload 12: one scrape with `count` programs. bosund serves /metrics (every figure,
    /proc read for each program's process tree); supervisord has none, so its column is what
    an exporter asks of it per scrape, one getAllProcessInfo over the same socket."""
    def run(stack):
        d = Daemon(stack, sleepers(count))
        try:
            d.wait_all(count)
            connection = RawConnection(d.dir + "/s.sock")
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                if stack == "bosun" and not COMPARING_BUILDS:
                    connection.get("/metrics")
                else:
                    connection.call("supervisor.getAllProcessInfo")
                times.append((time.perf_counter() - start) * 1000)
            return statistics.median(times)
        finally:
            d.stop()
    return both(run, 1)


def metrics_rows(quick):
    for count in (100, 1000):
        samples = metrics_scrape(count, 10 if quick else 40)
        print_row(f"12. scrape, {count} programs (exporter's RPC / metrics)", samples["supervisor"][0], samples["bosun"][0], "ms")


def many_programs(count):
    """`count` programs, one [program:pN] section each."""
    return "".join(f"""
[program:p{n}]
command=sleep 100000
startsecs=0
autostart=true
stdout_logfile=NONE
stderr_logfile=NONE
""" for n in range(1, count + 1))


def scale_needs(count):
    """File descriptors and processes a daemon with `count` programs needs."""
    return FDS_PER_PROGRAM * count + FDS_OWN, count + 100


def scale_room(count):
    """Why `count` programs cannot run on this machine, or None."""
    fds, procs = scale_needs(count)
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard < fds:
        return f"needs ~{fds} fds, the hard RLIMIT_NOFILE (ulimit -Hn) is {hard}"
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    # The kernel does not hold root to RLIMIT_NPROC.
    if os.getuid() != 0 and hard != resource.RLIM_INFINITY and hard < procs:
        return f"needs ~{procs} processes, the hard RLIMIT_NPROC (ulimit -Hu) is {hard}"
    with open("/proc/sys/kernel/pid_max") as f:
        pid_max = int(f.read())
    with open("/proc/sys/kernel/threads-max") as f:
        threads_max = int(f.read())
    with open("/proc/loadavg") as f:
        tasks = int(f.read().split()[3].split("/")[1])
    free = min(pid_max, threads_max) - tasks
    if free < procs:
        return f"needs ~{procs} processes, {tasks} tasks already use pid_max {pid_max} / threads-max {threads_max}"
    available = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                available = int(line.split()[1])
    if available < count * KB_PER_CHILD:
        return f"needs ~{count * KB_PER_CHILD // 1024} MB for the children, {available // 1024} MB available"
    return None


def largest_that_fits(count):
    """The largest multiple of 1,000 below `count` that this machine can run, or 0."""
    size = count // 1000 * 1000
    while size > 0 and (size >= count or scale_room(size)):
        size -= 1000
    return size


def children_of(pid):
    """The pids of the processes whose parent is `pid`."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        children.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return children


def process_state(pid):
    """The state letter of /proc/PID/stat, or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def kill_daemon_and_children(process):
    """Freezes the daemon (and waits until it has stopped: a signal is not delivered at once, and
    a daemon still spawning could start more), notes its children, kills its process group (each
    child runs in a process group of its own, so the group holds the daemon alone) and then each
    child, and reaps them: the bench is their subreaper once the daemon is gone, so any child it
    forked after all is found among the bench's own. Raises if any is left."""
    try:
        os.kill(process.pid, signal.SIGSTOP)
    except ProcessLookupError:
        pass
    deadline = time.time() + 5
    while process_state(process.pid) not in (None, "T", "Z") and time.time() < deadline:
        time.sleep(0.01)
    children = set(children_of(process.pid))
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    # Once the daemon is gone its children are the bench's (the subreaper's), and the bench has
    # no other children during this workload.
    reaped = set()
    while found := (children | set(children_of(os.getpid()))) - reaped:
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in found:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass  # not the bench's (no subreaper): init reaps it
        reaped |= found
        children |= found
    deadline = time.time() + 30
    while (left := [pid for pid in children if process_state(pid) not in (None, "Z")]) and time.time() < deadline:
        time.sleep(0.1)
    if left:
        raise RuntimeError(f"{len(left)} children of {process.pid} left after the kill, e.g. {left[:5]}")


def until_all_running(process, sock, count, start, budget):
    """Seconds from `start` until one getAllProcessInfo shows `count` processes RUNNING, or None
    after `budget` seconds. Between polls it pauses four times as long as the fastest answer so
    far, within 20 ms and 0.2 s: answering polls cannot take most of the daemon's time, and small
    sizes are not rounded up to 0.2 s. (A call made while the daemon is busy spawning waits for
    that, so only the fastest answer tells what a call costs.)"""
    deadline = start + budget
    connection = None
    fastest = None
    while True:
        now = time.perf_counter()
        if now >= deadline:
            return None
        if process.poll() is not None:
            raise RuntimeError(f"the daemon exited with {process.returncode}")
        try:
            if connection is None:
                connection = RawConnection(sock, timeout=deadline - now)
            before = time.perf_counter()
            body = connection.call("supervisor.getAllProcessInfo")
            after = time.perf_counter()
            if body.count(b"<string>RUNNING</string>") >= count:
                return after - start
            fastest = min(fastest or after - before, after - before)
        except (OSError, http.client.HTTPException):
            connection = None
        pause = min(0.2, max(0.02, 4 * (fastest or 0)))
        time.sleep(max(0.0, min(pause, deadline - time.perf_counter())))


def median_of_calls(measure, calls):
    """The median of `calls` results of `measure()` (ms), or of as many as fit in
    SCALE_CALLS_BUDGET seconds; None if a call did not answer within SCALE_BUDGET."""
    samples = []
    begin = time.perf_counter()
    for _ in range(calls):
        sample = measure()
        if sample is None:
            return None
        samples.append(sample)
        if time.perf_counter() - begin > SCALE_CALLS_BUDGET:
            break
    return statistics.median(samples)


def scale_cycle(stack, count, quiet, window, calls):
    """One daemon of `stack` with `count` programs, launched with `-n -c CONF`: milliseconds until
    all are RUNNING, and the daemon's CPU milliseconds until then; after `quiet` seconds, its
    anonymous memory (KB, RssAnon) and then its CPU over `window` seconds (%); then the one-shot
    `status` and one getAllProcessInfo (ms, medians of `calls`, None if one did not answer
    within SCALE_BUDGET). None if the daemon did not have them all RUNNING within SCALE_BUDGET."""
    directory = tempfile.mkdtemp(prefix="bosun-bench-scale-")
    fds, procs = scale_needs(count)
    conf = config(directory, many_programs(count), settings=f"minfds={max(1024, fds)}\nminprocs={max(200, procs)}")
    sock = directory + "/s.sock"
    start = time.perf_counter()
    process = subprocess.Popen(
        [STACKS[stack]["daemon"], "-n", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        elapsed = until_all_running(process, sock, count, start, SCALE_BUDGET)
        if elapsed is None:
            return None
        start_cpu = cpu_seconds(process.pid)
        time.sleep(quiet)
        anonymous = status_field_kb(process.pid, "RssAnon")
        before = cpu_seconds(process.pid)
        time.sleep(window)
        cpu = (cpu_seconds(process.pid) - before) / window * 100

        def status():
            begin = time.perf_counter()
            try:
                subprocess.run([STACKS[stack]["client"], "-c", conf, "status"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=SCALE_BUDGET)
            except subprocess.TimeoutExpired:
                return None
            return (time.perf_counter() - begin) * 1000

        connection = RawConnection(sock, timeout=SCALE_BUDGET)

        def info():
            begin = time.perf_counter()
            try:
                body = connection.call("supervisor.getAllProcessInfo")
            except (OSError, http.client.HTTPException):
                return None
            if body.count(b"<string>RUNNING</string>") < count:
                raise RuntimeError(f"{stack}: getAllProcessInfo lists fewer than {count} RUNNING")
            return (time.perf_counter() - begin) * 1000

        return {"start": elapsed * 1000, "start cpu": start_cpu * 1000, "anonymous": anonymous, "cpu": cpu,
                "status": median_of_calls(status, calls), "info": median_of_calls(info, calls)}
    finally:
        kill_daemon_and_children(process)
        shutil.rmtree(directory, ignore_errors=True)


def scale(quick, sizes):
    """Workload 9: start all, status, one getAllProcessInfo, idle memory and CPU with `sizes`
    programs, each daemon while it finishes within SCALE_BUDGET."""
    repeat_small = 1 if quick else 3
    quiet, window, calls = (2, 3, 3) if quick else (3, 10, 5)
    old_limits = {}
    for limit in (resource.RLIMIT_NOFILE, resource.RLIMIT_NPROC):
        old_limits[limit] = resource.getrlimit(limit)
        resource.setrlimit(limit, (old_limits[limit][1], old_limits[limit][1]))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    try:
        empty = {stack: scale_cycle(stack, 0, quiet, 1, 1)["anonymous"] for stack in ("supervisor", "bosun")}
        print_row("9. 0 programs: idle anonymous memory (RssAnon)",
                  empty["supervisor"] / 1024, empty["bosun"] / 1024, "MB")
        done = set()
        for count in sizes:
            reason = scale_room(count)
            if reason:
                print(f"9. {count} programs: cannot run on this machine: {reason}", flush=True)
                count = largest_that_fits(count)
                if not count or count in done:
                    continue
                print(f"9. running {count} programs instead, the most that fit", flush=True)
            done.add(count)
            samples = {"supervisor": [], "bosun": []}
            finished = {"supervisor": True, "bosun": True}
            for _ in range(repeat_small if count <= 1000 else 1):
                for stack in ("supervisor", "bosun"):
                    if finished[stack]:
                        result = scale_cycle(stack, count, quiet, window, calls)
                        if result is None:
                            finished[stack] = False
                        else:
                            samples[stack].append(result)

            def value(stack, per):
                if not finished[stack] or any(per(s) is None for s in samples[stack]):
                    return None
                return statistics.median(per(s) for s in samples[stack])

            def show(name, per, unit, first=False):
                values = {stack: value(stack, per) for stack in ("supervisor", "bosun")}
                late = [stack for stack in values if not finished[stack]]
                silent = [stack for stack in values if finished[stack] and values[stack] is None]
                missing = f"{' and '.join(late)}: did not finish in {SCALE_BUDGET} s" if first and late else ""
                if silent:
                    missing = f"{' and '.join(silent)}: did not answer in {SCALE_BUDGET} s"
                print_row(f"9. {count} programs: {name}", values["supervisor"], values["bosun"], unit, missing=missing)

            show("start all to RUNNING", lambda s: s["start"], "ms", first=True)
            show("start all: daemon CPU", lambda s: s["start cpu"], "ms")
            show("one-shot status", lambda s: s["status"], "ms")
            show("one getAllProcessInfo", lambda s: s["info"], "ms")
            show("idle anonymous memory", lambda s: s["anonymous"] / 1024, "MB")
            for stack in ("supervisor", "bosun"):
                for s in samples[stack]:
                    s["per program"] = (s["anonymous"] - empty[stack]) / count
            show("idle anon. memory/program", lambda s: s["per program"], "KB")
            show(f"idle CPU over {window} s", lambda s: s["cpu"], "%")
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
        for limit, (soft, hard) in old_limits.items():
            resource.setrlimit(limit, (soft, hard))


def print_row(name, sup, bos, unit, higher_is_better=False, floor=None, missing=""):
    """One line of the table; `floor` is the physical limit measured in this run, and `best`
    the ratio an implementation that reached it would get. A stack without a value (None) shows
    a dash, and `missing` says why."""
    def cell(v):
        return f"{'—':>12}" if v is None else f"{v:>12.2f}"
    if sup is None or bos is None or not (sup if higher_is_better else bos):
        ratio = f"{'—':>9}"
    elif higher_is_better:
        ratio = f"{bos / sup:>8.1f}x"
    else:
        ratio = f"{sup / bos:>8.1f}x"
    limits = f" {floor:>10.2f} {sup / floor:>8.1f}x" if floor and sup is not None else ""
    note = f"   {missing}" if missing else ""
    print(f"{name:<48} {cell(sup)} {cell(bos)} {unit:<8} {ratio}{limits}{note}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer and shorter runs")
    parser.add_argument("--only", choices=["scale", "wait", "web", "fleet", "metrics"],
                        help="run one workload only (9: scale, 8: wait, 10: web, 11: fleet, 12: metrics)")
    parser.add_argument("--before", metavar="DIR",
                        help="compare two bosun builds instead of bosun and supervisor: DIR holds the "
                             "bosun and bosund of the earlier build, which take supervisor's column "
                             "(a ratio above 1 then means the newer build is better)")
    parser.add_argument("--sizes", help="the scale row's program counts, e.g. 100,1000 "
                        "(default %s; %s with --quick)" % (",".join(map(str, SCALE_SIZES)),
                                                           ",".join(map(str, SCALE_QUICK_SIZES))))
    arguments = parser.parse_args()
    quick = arguments.quick
    first = "supervisor"
    if arguments.before:
        before = os.path.abspath(arguments.before)
        STACKS["supervisor"] = {"daemon": os.path.join(before, "bosund"), "client": os.path.join(before, "bosun")}
        first = "before"
        global COMPARING_BUILDS
        COMPARING_BUILDS = True
    if arguments.sizes:
        sizes = [int(size) for size in arguments.sizes.split(",")]
    else:
        sizes = SCALE_QUICK_SIZES if quick else SCALE_SIZES

    def row(name, samples, unit, index=None, higher_is_better=False, floor=None):
        def value(s):
            return s if index is None else s[index]
        sup = statistics.median(value(s) for s in samples["supervisor"])
        bos = statistics.median(value(s) for s in samples["bosun"])
        print_row(name, sup, bos, unit, higher_is_better, floor)

    print(f"{'workload':<48} {first:>12} {'bosun':>12} {'unit':<8} {'ratio':>9} {'floor':>10} {'best':>9}")
    if arguments.only == "scale":
        scale(quick, sizes)
        return
    if arguments.only == "wait":
        wait_rows(quick)
        return
    if arguments.only == "web":
        web_rows(quick)
        return
    if arguments.only == "fleet":
        fleet_rows(quick)
        return
    if arguments.only == "metrics":
        metrics_rows(quick)
        return
    row("1. one-shot status, 10 programs", one_shot_status(quick), "ms")
    window = 5 if quick else 30
    for count in (10, 200):
        samples = idle(count, window)
        row(f"2. idle RSS, {count} programs", samples, "MB", 0)
        row(f"2. idle anonymous memory, {count} programs", samples, "MB", 2)
        row(f"2. idle CPU over {window} s, {count} programs", samples, "%", 1)
    row("3. start all 200 (startsecs=0) to RUNNING", start_all(200, 1 if quick else 3), "ms",
        floor=spawn_floor(200, 3 if quick else 5))
    seconds = 3 if quick else 10
    row("4. getAllProcessInfo/s, 200 programs, 1 client", rpc_rate(1, seconds), "calls/s", higher_is_better=True)
    row("4. getAllProcessInfo/s, 200 programs, 16 clients", rpc_rate(16, seconds), "calls/s", higher_is_better=True)
    megabytes = 40 if quick else 200
    samples = log_capture(megabytes, 1 if quick else 5)
    row(f"5. log capture {megabytes} MB: wall time", samples, "s", 0)
    row(f"5. log capture {megabytes} MB: daemon CPU", samples, "s", 1, floor=copy_floor(megabytes, 1 if quick else 5))
    row(f"5. log capture {megabytes} MB: bytes kept", samples, "%", 2, higher_is_better=True)
    floor = event_floor(10 if quick else 40)
    row("6. start x to PROCESS_STATE_RUNNING at a listener", event_latency(3 if quick else 10), "ms", floor=floor)
    row("7. SIGKILL to RUNNING again, seen by a listener", crash_restart_unobserved(3 if quick else 10), "ms", floor=floor)
    row("7. SIGKILL to RUNNING again, client polling 1/ms", crash_restart(3 if quick else 10), "ms")
    wait_rows(quick)
    web_rows(quick)
    fleet_rows(quick)
    metrics_rows(quick)
    scale(quick, sizes)


def wait_rows(quick):
    """Workload 8's rows: the grep loop against supervisord beside bosun's long-polling wait
    against bosund, then bosun's polling wait (against supervisord, and forced against bosund)
    beside the same long-polling one."""
    waiters = ["loop", "bosun long-polls bosund"]
    if not COMPARING_BUILDS:
        waiters[1:1] = ["bosun polls supervisord", "bosun polls bosund"]
    samples = wait_script(3 if quick else 10, 2 if quick else 5, waiters)

    def pair(name, first, unit, index):
        sup = statistics.median(s[index] for s in samples[first])
        bos = statistics.median(s[index] for s in samples["bosun long-polls bosund"])
        print_row(name, sup, bos, unit)

    pair("8. wait until x RUNNING: start to noticed", "loop", "ms", 0)
    pair("8. wait until x RUNNING: daemon calls/s waiting", "loop", "calls/s", 1)
    if COMPARING_BUILDS:
        return
    pair("8. ... bosun polling supervisord: noticed", "bosun polls supervisord", "ms", 0)
    pair("8. ... bosun polling supervisord: calls/s", "bosun polls supervisord", "calls/s", 1)
    pair("8. ... bosun forced to poll bosund: noticed", "bosun polls bosund", "ms", 0)
    pair("8. ... bosun forced to poll bosund: calls/s", "bosun polls bosund", "calls/s", 1)


if __name__ == "__main__":
    main()
