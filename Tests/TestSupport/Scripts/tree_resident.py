"""Prints the resident bytes of PID and all its descendants, read from /proc by the test
itself (to check what bosund and bosun report).

Usage: python3 tree_resident.py PID
"""
import os
import sys

table = {}
for entry in os.listdir('/proc'):
    if entry.isdigit():
        try:
            text = open('/proc/%s/stat' % entry).read()
        except OSError:
            continue
        fields = text[text.rfind(')') + 2:].split()
        table[int(entry)] = (int(fields[1]), int(fields[21]))
total, todo = 0, [int(sys.argv[1])]
while todo:
    pid = todo.pop()
    total += table.get(pid, (0, 0))[1]
    todo += [child for child, (parent, _) in table.items() if parent == pid]
print(total * os.sysconf('SC_PAGESIZE'))
