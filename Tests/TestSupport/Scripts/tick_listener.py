"""An event listener that appends, for each TICK event, the seconds between the tick's `when`
and the moment the listener received it: how late the daemon delivered the tick.

Usage: python3 tick_listener.py OUTPUT
"""
import sys
import time

from supervisor import childutils

while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    when = int(payload.split(":", 1)[1])
    with open(sys.argv[1], "a") as out:
        out.write("%s %.3f\n" % (headers["eventname"], time.time() - when))
    childutils.listener.ok(sys.stdout)
