"""One daemon under test in its own temp dir: config, start, RPC, the consistency check
(the daemon's view against /proc), and a cleanup that leaves no process or file behind."""
import http.client
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

import proctable
import rpc

HERE = os.path.dirname(os.path.abspath(__file__))
CHILDREN = os.path.join(HERE, "children")
PYTHON = sys.executable
DAEMON = os.environ.get("BOSUN_FAULTS_DAEMON", ".build/debug/bosund")
KIND = "supervisord" if os.path.basename(DAEMON) == "supervisord" else "bosund"
LIVE_STATES = {"STARTING", "RUNNING", "STOPPING"}


def daemon_argv():
    if DAEMON == "supervisord":
        return [shutil.which("supervisord")]
    return [os.path.abspath(DAEMON)]


def child(script, *args):
    """A command= line running one of children/*.py."""
    return " ".join([PYTHON, os.path.join(CHILDREN, script)] + [str(a) for a in args])


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout):
    """Poll predicate() every 0.1 s until it returns something truthy; return that. On timeout,
    fail with `what` and the last exception, if any."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
            last_error = None
        except (OSError, xmlrpc.client.Error, http.client.HTTPException) as e:
            last_error = e
        time.sleep(0.1)
    raise AssertionError("timed out after %ss waiting for %s%s" % (
        timeout, what, "" if last_error is None else " (last error: %r)" % last_error))


class Sandbox:
    """A temp dir holding the config, the unix socket and the logs of one daemon."""

    def __init__(self, programs, supervisord_options="", inet=False, nofile=None):
        self.dir = tempfile.mkdtemp(prefix="bosun-faults-")
        self.tag = self.dir
        self.sock = os.path.join(self.dir, "sock")
        self.conf = os.path.join(self.dir, "supervisord.conf")
        self.port = free_tcp_port() if inet else None
        self.nofile = nofile
        self.mounts = []
        self.proc = None
        self.write_config(programs, supervisord_options)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write_config(self, programs, supervisord_options=""):
        inet = "[inet_http_server]\nport=127.0.0.1:%d\n" % self.port if self.port else ""
        with open(self.conf, "w") as f:
            f.write("[unix_http_server]\nfile=%s\n%s\n" % (self.sock, inet))
            f.write("[supervisord]\nlogfile=%s\npidfile=%s\nchildlogdir=%s\n%s\n\n" % (
                self.path("daemon.log"), self.path("daemon.pid"), self.dir, supervisord_options))
            f.write("[rpcinterface:supervisor]\n"
                    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
            f.write("[supervisorctl]\nserverurl=unix://%s\n\n" % self.sock)
            f.write(programs)

    def mount_tmpfs(self, name, size):
        """Mount a tmpfs of `size` (e.g. "1m") at dir/name; unmounted by close()."""
        target = self.path(name)
        os.mkdir(target)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", target],
                       check=True, capture_output=True)
        self.mounts.append(target)
        return target

    def start(self, timeout=30):
        env = dict(os.environ, BOSUN_FAULTS_TAG=self.tag)
        limit = self.nofile

        def preexec():
            if limit:
                resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        with open(self.path("daemon.out"), "ab") as out:
            self.proc = subprocess.Popen(daemon_argv() + ["-n", "-c", self.conf], cwd=self.dir, env=env,
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         preexec_fn=preexec)
        self.wait_answering(timeout)

    @property
    def pid(self):
        return self.proc.pid

    def proxy(self, timeout=30):
        """A ServerProxy with its own connection, to use in a with block."""
        return rpc.proxy(self.sock, timeout)

    def call(self, method, *args, timeout=30):
        """One supervisor.METHOD call on a fresh connection."""
        with self.proxy(timeout) as server:
            return getattr(server.supervisor, method)(*args)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_answering(self, timeout=30):
        def answering():
            if not self.alive():
                raise AssertionError("daemon exited with status %s; output:\n%s" % (
                    self.proc.returncode, self.output_tail()))
            return self.call("getState", timeout=10)["statename"] == "RUNNING"
        wait_for("getState RUNNING", answering, timeout)

    def infos(self):
        return self.call("getAllProcessInfo")

    def wait_states(self, names, state, timeout, exclude_pids=()):
        """Wait until every process in `names` is in `state` (with a pid not in exclude_pids);
        return {name: info}."""
        names = set(names)

        def reached():
            infos = {i["name"]: i for i in self.infos() if i["name"] in names}
            if len(infos) == len(names) and all(
                    i["statename"] == state and i["pid"] not in exclude_pids for i in infos.values()):
                return infos
        return wait_for("%d processes %s" % (len(names), state), reached, timeout)

    def consistency_problems(self, allow_grandchildren=False):
        """What is wrong between the daemon's view and /proc, as a list of sentences."""
        if not self.alive():
            return ["daemon exited with status %s" % self.proc.returncode]
        state = self.call("getState", timeout=10)["statename"]
        problems = [] if state == "RUNNING" else ["daemon state is %s" % state]
        table = proctable.tagged_processes(self.tag)
        known = set()
        for info in self.infos():
            name, pid, statename = info["name"], info["pid"], info["statename"]
            if statename not in LIVE_STATES:
                if pid:
                    problems.append("%s is %s with pid %d" % (name, statename, pid))
                continue
            known.add(pid)
            proc = table.get(pid)
            if proc is None or proc.state == "Z":
                problems.append("%s is %s but its pid %d is gone" % (name, statename, pid))
            elif proc.ppid != self.pid:
                problems.append("%s pid %d (%s) is not a child of the daemon (ppid %d)" % (
                    name, pid, proc.cmdline, proc.ppid))
        for proc in table.values():
            if proc.pid == self.pid or proc.pid in known or proc.state == "Z":
                continue
            if proctable.is_spawn_helper(proc, self.pid):
                continue
            if allow_grandchildren and proc.ppid != self.pid:
                continue
            problems.append("stray process %d (%s, ppid %d) unknown to the daemon" % (
                proc.pid, proc.cmdline, proc.ppid))
        return problems

    def assert_consistent(self, testcase, allow_grandchildren=False, timeout=20):
        """The daemon answers getState RUNNING and its process table matches /proc. Children
        may be mid-transition, so this polls until a consistent snapshot or the timeout."""
        problems = ["never checked"]
        deadline = time.monotonic() + timeout
        while problems and time.monotonic() < deadline:
            try:
                problems = self.consistency_problems(allow_grandchildren)
            except (OSError, xmlrpc.client.Error) as e:
                problems = ["RPC failed: %r" % e]
            if problems and not self.alive():
                break
            time.sleep(0.2 if problems else 0)
        testcase.assertEqual(problems[:10], [], "daemon view does not match /proc")

    def output_tail(self, size=3000):
        try:
            with open(self.path("daemon.out"), "rb") as f:
                return f.read()[-size:].decode(errors="replace")
        except OSError:
            return ""

    def close(self):
        """SIGKILL the daemon and everything carrying the tag, unmount, delete the dir."""
        if self.alive():
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait()
        for _ in range(50):
            stray = proctable.tagged_processes(self.tag)
            if not any(p.state != "Z" for p in stray.values()):
                break
            for pid in stray:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)
        for target in reversed(self.mounts):
            subprocess.run(["umount", "-l", target], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
