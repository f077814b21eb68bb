"""A program that forks a grandchild (`sleep 300`, which inherits stdout and stderr) and exits
0, its first STAY_AFTER-1 lives; on life STAY_AFTER it execs `sleep 1000` and stays.
Each life appends its pid to RUNS_FILE.

forker.py RUNS_FILE STAY_AFTER
"""
import os
import subprocess
import sys

runs_file, stay_after = sys.argv[1], int(sys.argv[2])
with open(runs_file, "a") as f:
    f.write("%d\n" % os.getpid())
with open(runs_file) as f:
    lives = len(f.read().split())
if lives >= stay_after:
    os.execvp("sleep", ["sleep", "1000"])
subprocess.Popen(["sleep", "300"])
sys.exit(0)
