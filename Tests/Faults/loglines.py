"""Numbered log lines: children write b"%09d\n" % i for i = 0, 1, 2...; the check reads the log
and its rotated backups (oldest first) and says where the sequence breaks."""
import glob
import os


def line(i):
    return b"%09d\n" % i


def log_with_backups(path):
    """The log file and its rotated backups, oldest first (path.N ... path.1, path)."""
    backups = [p for p in glob.glob(glob.escape(path) + ".*") if p.rsplit(".", 1)[1].isdigit()]
    backups.sort(key=lambda p: int(p.rsplit(".", 1)[1]), reverse=True)
    return backups + ([path] if os.path.exists(path) else [])


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def sequence_problem(paths, total):
    """None if the files hold exactly lines 0..total-1, in order, once each; otherwise a short
    description of the first break."""
    data = b"".join(read_bytes(p) for p in paths)
    expected = b"".join(line(i) for i in range(total))
    if data == expected:
        return None
    got = data.split(b"\n")
    if got and got[-1] == b"":
        got.pop()
    for i, text in enumerate(got):
        if text != b"%09d" % i:
            return ("%d lines (%d bytes) in %d file(s), %d expected; first break at line %d: %r"
                    % (len(got), len(data), len(paths), total, i, text[:40]))
    return "%d lines in %d file(s), %d expected: the last %d are missing" % (
        len(got), len(paths), total, total - len(got))
