#!/usr/bin/env python3
"""Benchmarks bosun + bosund against Python supervisorctl + supervisord 4.3.0 in the same run.

Each workload runs against both stacks, alternating, and the table shows medians and the ratio
(supervisor / bosun: above 1 means bosun is better). Where a target sits near what the machine
itself costs, the row also shows that floor, measured in the same run, and the best ratio any
implementation could reach against it. Called by scripts/bench; --quick is short.
"""
import argparse
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


def config(directory, programs, extra=""):
    text = f"""
[unix_http_server]
file={directory}/s.sock
[supervisord]
logfile={directory}/supervisord.log
pidfile={directory}/supervisord.pid
childlogdir={directory}
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
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

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

    def __init__(self, path):
        self.connection = http.client.HTTPConnection("localhost")
        self.connection.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.connection.sock.connect(path)

    def call(self, method):
        body = ("<?xml version='1.0'?><methodCall><methodName>%s</methodName><params></params></methodCall>" % method).encode()
        self.connection.request("POST", "/RPC2", body, {"Content-Type": "text/xml"})
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


def wait_script(repeat, idle_seconds):
    """`wait until x RUNNING` (bosun) against the usual `until supervisorctl status x | grep -q
    RUNNING; do sleep 0.1; done` loop (supervisor): daemon calls per second while waiting, and
    the time from the start request until the waiter has noticed."""

    def run(stack):
        d = Daemon(stack, STOPPED_X)
        proxy = CountingProxy(d.dir + "/s.sock")
        url = "unix://" + proxy.path
        if stack == "bosun":
            waiter = [STACKS["bosun"]["client"], "-s", url, "-e", "wait until x RUNNING"]
        else:
            loop = f"until {STACKS['supervisor']['client']} -s {url} status x | grep -q RUNNING; do sleep 0.1; done"
            waiter = ["sh", "-c", loop]
        try:
            process = subprocess.Popen(waiter, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    return both(run, repeat)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick

    def row(name, samples, unit, index=None, higher_is_better=False, floor=None):
        """One line of the table; `floor` is the physical limit measured in this run, and
        `best` the ratio an implementation that reached it would get."""
        def value(s):
            return s if index is None else s[index]
        sup = statistics.median(value(s) for s in samples["supervisor"])
        bos = statistics.median(value(s) for s in samples["bosun"])
        if higher_is_better:
            ratio = bos / sup if sup else float("inf")
        else:
            ratio = sup / bos if bos else float("inf")
        limits = f" {floor:>10.2f} {sup / floor:>8.1f}x" if floor else ""
        print(f"{name:<48} {sup:>12.2f} {bos:>12.2f} {unit:<8} {ratio:>8.1f}x{limits}", flush=True)

    print(f"{'workload':<48} {'supervisor':>12} {'bosun':>12} {'unit':<8} {'ratio':>9} {'floor':>10} {'best':>9}")
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
    samples = wait_script(3 if quick else 10, 2 if quick else 5)
    row("8. wait until x RUNNING: start to noticed", samples, "ms", 0)
    row("8. wait until x RUNNING: daemon calls/s waiting", samples, "calls/s", 1)


if __name__ == "__main__":
    main()
