"""An event listener built on supervisor.childutils, as users write them. It appends one line
per event to OUTPUT: the event name, the header fields that do not depend on timing, and the
payload with pids masked.

Usage: python3 event_listener.py OUTPUT [ok|exit-once|reject-once]
  exit-once:   exits without answering the first event (once per OUTPUT file)
  reject-once: answers FAIL to the first event, OK afterwards
"""
import os
import re
import sys

from supervisor import childutils

output_path = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "ok"
marker = output_path + ".once"

while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    payload = re.sub(r"pid:\d+", "pid:N", payload)
    payload = re.sub(r"when:\d+", "when:T", payload)
    with open(output_path, "a") as out:
        out.write("%s pool:%s server:%s ver:%s %r\n" % (
            headers["eventname"], headers["pool"], headers["server"], headers["ver"], payload))
        out.write("serial %s\n" % headers["serial"]) if mode != "ok" else None
    if mode in ("exit-once", "reject-once") and not os.path.exists(marker):
        open(marker, "w").close()
        if mode == "exit-once":
            sys.exit(3)
        childutils.listener.fail(sys.stdout)
        continue
    childutils.listener.ok(sys.stdout)
