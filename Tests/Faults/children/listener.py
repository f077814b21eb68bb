"""An event listener, well-behaved or hostile. Each start appends the pid to OUTDIR/MODE.starts.

listener.py MODE OUTDIR
    ok        answers OK to every event and appends its payload to OUTDIR/ok.events
    silent    never answers the first event
    hello     answers the first event with "hello\\n"
    abc       answers the first event with "RESULT abc\\n"
    huge      answers the first event with "RESULT 999999999999\\n" and a few bytes
    die-mid   exits after reading the header of an event, its first 3 lives; then behaves
              like ok, appending to OUTDIR/die-mid.events
"""
import os
import sys
import time

mode, outdir = sys.argv[1], sys.argv[2]
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
starts_file = os.path.join(outdir, mode + ".starts")
with open(starts_file, "a") as f:
    f.write("%d\n" % os.getpid())
with open(starts_file) as f:
    lives = len(f.read().split())


def send(data):
    stdout.write(data)
    stdout.flush()


def read_header():
    line = stdin.readline()
    if not line:
        sys.exit(0)
    return dict(field.split(b":", 1) for field in line.split())


GARBAGE = {"hello": b"hello\n", "abc": b"RESULT abc\n", "huge": b"RESULT 999999999999\nOK"}

while True:
    send(b"READY\n")
    header = read_header()
    if mode == "die-mid" and lives <= 3:
        sys.exit(1)
    payload = stdin.read(int(header[b"len"]))
    if mode in ("ok", "die-mid"):
        with open(os.path.join(outdir, mode + ".events"), "ab") as f:
            f.write(payload.split(b"\n", 1)[1] + b"\n")
        send(b"RESULT 2\nOK")
        continue
    if mode in GARBAGE:
        send(GARBAGE[mode])
    while True:
        time.sleep(3600)
