"""Calls every supervisord XML-RPC method (and the faults each can give) through Python's
xmlrpc.client, the way supervisorctl and other clients do, and prints one JSON line per call
with volatile values masked. IntegrationTests run it against supervisord and bosund and
compare the transcripts.

Usage: python3 rpc_probe.py SOCKET_PATH
"""
import json
import re
import sys
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

VOLATILE_KEYS = {"pid", "start", "stop", "now"}


def mask(value):
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in VOLATILE_KEYS and isinstance(item, int) and item != 0:
                out[key] = "<%s>" % key
            else:
                out[key] = mask(item)
        return out
    if isinstance(value, list):
        return [mask(item) for item in value]
    if isinstance(value, str):
        value = re.sub(r"---supervisor-[a-z0-9_]{8}\.log", "---supervisor-<AUTO>.log", value)
        value = re.sub(r"pid \d+", "pid <PID>", value)
        value = re.sub(r"uptime [0-9:]+", "uptime <UPTIME>", value)
        value = re.sub(r"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M", "<DATE>", value)
        return value
    return value


def main():
    socket_path = sys.argv[1]
    proxy = xmlrpc.client.ServerProxy(
        "http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://" + socket_path)
    )

    def call(name, *params, settle=0.0):
        try:
            target = proxy
            for part in name.split("."):
                target = getattr(target, part)
            value = mask(target(*params))
            if isinstance(value, list) and value and all(isinstance(v, dict) and "status" in v for v in value):
                # Group results come in the order members finish, which is timing.
                value = sorted(value, key=lambda v: (v["group"], v["name"]))
            result = {"ok": value}
        except xmlrpc.client.Fault as fault:
            result = {"fault": [fault.faultCode, fault.faultString]}
        except xmlrpc.client.ProtocolError as error:
            result = {"http": error.errcode}
        # Unsorted: struct members print in the order they came over the wire.
        print(json.dumps({"call": [name] + list(params), "result": result}))
        sys.stdout.flush()
        if settle:
            time.sleep(settle)

    methods = proxy.system.listMethods()
    call("system.listMethods")
    for method in methods + ["nosuch", "supervisor.nosuch"]:
        call("system.methodHelp", method)
        call("system.methodSignature", method)
    for name in ["getAPIVersion", "getVersion", "getSupervisorVersion", "getIdentification", "getState"]:
        call("supervisor." + name)
    for name in ["nosuch", "supervisor.nosuch", "supervisor._update", "supervisor.getState.__call__", "system"]:
        call(name)
    for spec in ["sleeper", "nosuch", "workers:*", "workers:w1", "workers:", "pool:pool_01", "w1"]:
        call("supervisor.getProcessInfo", spec)
    call("supervisor.getProcessInfo")
    call("supervisor.getProcessInfo", "sleeper", "extra")
    call("supervisor.getAllProcessInfo")
    call("supervisor.getAllConfigInfo")
    call("supervisor.readLog", -1, 5)
    call("supervisor.readLog", 0, -5)
    call("supervisor.readMainLog", 0, -1)
    for method in ["readProcessStdoutLog", "readProcessLog", "readProcessStderrLog"]:
        for args in [("workers:w1", 0, 0), ("workers:w2", 0, 0), ("workers:w1", 3, 4), ("workers:w1", -6, 0),
                     ("workers:w1", -1, 3), ("nosuch", 0, 0), ("workers:*", 0, 0), ("manual", 0, 0)]:
            call("supervisor." + method, *args)
    for method in ["tailProcessStdoutLog", "tailProcessLog", "tailProcessStderrLog"]:
        for args in [("workers:w1", 0, 100), ("workers:w1", 0, 3), ("workers:w1", 1000, 10), ("workers:w2", 2, 5),
                     ("nosuch", 0, 1), ("manual", 0, 10)]:
            call("supervisor." + method, *args)
    call("supervisor.signalProcess", "sleeper", "BOGUS")
    call("supervisor.signalProcess", "sleeper", "0")
    call("supervisor.signalProcess", "sleeper", 99)
    call("supervisor.signalProcess", "manual", "HUP")
    call("supervisor.signalProcess", "nosuch", "HUP")
    call("supervisor.signalProcessGroup", "workers", "0")
    call("supervisor.signalProcessGroup", "nosuch", "0")
    call("supervisor.signalAllProcesses", "0")
    call("supervisor.startProcess", "sleeper")
    call("supervisor.startProcess", "missing")
    call("supervisor.startProcess", "nosuch")
    call("supervisor.startProcess")
    call("supervisor.stopProcess", "manual")
    call("supervisor.startProcess", "manual", False, settle=0.5)
    call("supervisor.getProcessInfo", "manual")
    call("supervisor.stopProcess", "manual")
    call("supervisor.startProcess", "manual")
    call("supervisor.stopProcess", "manual", False, settle=0.5)
    call("supervisor.startProcess", "quick")
    call("supervisor.startProcessGroup", "workers")
    call("supervisor.startProcessGroup", "nosuch")
    call("supervisor.stopProcessGroup", "workers")
    call("supervisor.stopProcessGroup", "workers")
    call("supervisor.startProcessGroup", "workers", True)
    call("supervisor.stopProcess", "workers:*")
    call("supervisor.startProcess", "workers:")
    call("supervisor.addProcessGroup", "workers")
    call("supervisor.addProcessGroup", "nosuch")
    call("supervisor.removeProcessGroup", "workers")
    call("supervisor.removeProcessGroup", "nosuch")
    call("supervisor.stopProcessGroup", "pool")
    call("supervisor.removeProcessGroup", "pool")
    call("supervisor.addProcessGroup", "pool")
    call("supervisor.reloadConfig")
    call("supervisor.sendProcessStdin", "echo", "hello\n", settle=0.5)
    call("supervisor.readProcessStdoutLog", "echo", 0, 0)
    call("supervisor.sendProcessStdin", "manual", "x")
    call("supervisor.sendProcessStdin", "nosuch", "x")
    call("supervisor.sendProcessStdin", "echo", 5)
    call("supervisor.clearProcessLogs", "workers:w1")
    call("supervisor.clearProcessLog", "nosuch")
    call("supervisor.readProcessStdoutLog", "workers:w1", 0, 0)
    call("supervisor.clearAllProcessLogs")
    call("supervisor.sendRemoteCommEvent", "type", "data")
    call("system.multicall", [
        {"methodName": "supervisor.getAPIVersion"},
        {"methodName": "supervisor.nosuch"},
        {"methodName": "supervisor.getProcessInfo", "params": ["nosuch"]},
        {"methodName": "supervisor.startProcess", "params": ["manual"]},
        {"methodName": "supervisor.stopProcess", "params": ["manual"]},
        {"methodName": "system.multicall", "params": [[]]},
        {"params": []},
    ])
    call("system.multicall", [])
    call("supervisor.stopAllProcesses")
    call("supervisor.getAllProcessInfo")
    # Whether `false` has already exited when a wait=False start returns is timing, in
    # supervisord as anywhere: leave it out of the next call.
    call("supervisor.removeProcessGroup", "quick")
    call("supervisor.startAllProcesses", False)
    call("supervisor.clearLog")
    call("supervisor.shutdown")
    call("supervisor.getState")


main()
