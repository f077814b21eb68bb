"""The real process table, read from /proc. Every process the daemon under test starts
inherits the sandbox's tag in its environment (grandchildren too, and they keep it when they
are orphaned), so the tag finds all of them whatever session or process group they moved to."""
import os
from collections import namedtuple

Proc = namedtuple("Proc", "pid ppid state cmdline comm session")


def read_proc(pid):
    """Proc for a live pid, or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read().decode(errors="replace")
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except (FileNotFoundError, ProcessLookupError):
        return None
    comm = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
    return Proc(pid, int(fields[1]), fields[0], cmdline, comm, int(fields[3]))


def is_spawn_helper(proc, daemon_pid):
    """bosund's spawn helper: part of the daemon (it clones the children for it), not a child
    the daemon supervises. A child it has just cloned carries the same name until it execs, but
    leads a session of its own by then (setsid is its first step)."""
    return proc.comm == "bosund-spawner" and proc.ppid == daemon_pid and proc.session != proc.pid


def tagged_processes(tag):
    """{pid: Proc} of every live process whose environment holds BOSUN_FAULTS_TAG=tag."""
    wanted = ("BOSUN_FAULTS_TAG=" + tag).encode()
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/environ" % name, "rb") as f:
                environ = f.read().split(b"\0")
        except OSError:
            continue
        if wanted in environ:
            proc = read_proc(int(name))
            if proc is not None:
                found[proc.pid] = proc
    return found


def open_fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))
