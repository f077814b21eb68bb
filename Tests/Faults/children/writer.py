"""A child writing numbered lines (b"%09d\\n" % i) to stdout.

writer.py --count N [--go-file F] [--hold]
    waits for F to exist (if given), writes lines 0..N-1 as fast as it can, then exits 0
    (or sleeps forever with --hold).
writer.py --until-file F --count-file C
    writes one line per millisecond until F exists, then writes the number of lines it
    wrote to C and exits 0.
"""
import argparse
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--count", type=int)
parser.add_argument("--go-file")
parser.add_argument("--hold", action="store_true")
parser.add_argument("--until-file")
parser.add_argument("--count-file")
args = parser.parse_args()
out = sys.stdout.buffer

if args.until_file:
    written = 0
    while not os.path.exists(args.until_file):
        out.write(b"%09d\n" % written)
        out.flush()
        written += 1
        time.sleep(0.001)
    with open(args.count_file, "w") as f:
        f.write("%d\n" % written)
    sys.exit(0)

while args.go_file and not os.path.exists(args.go_file):
    time.sleep(0.01)
for start in range(0, args.count, 1000):
    out.write(b"".join(b"%09d\n" % i for i in range(start, min(start + 1000, args.count))))
out.flush()
while args.hold:
    time.sleep(3600)
