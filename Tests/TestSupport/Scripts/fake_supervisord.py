"""A stand-in supervisord on a unix socket that misbehaves in one chosen way, so that a client's
answer to it can be compared with supervisorctl's. Every request's method is appended to
REQUEST_LOG (a multicall as "system.multicall(inner, ...)"); "/logtail" GETs as "GET path".

Usage: python3 fake_supervisord.py SOCKET_PATH MODE REQUEST_LOG
Modes:
  api-2.0            supervisor.getVersion answers "2.0" (supervisord's multicall form)
  api-2.0-plain      the same, and system.multicall is an unknown method
  wrapped-multicall  a standard multicall, each answer wrapped in a one-element array
  shutting-down      every supervisor.* call faults SHUTDOWN_STATE, inside a multicall too
  no-namespace       supervisor.* methods are unknown; system.multicall works
  http-401 | http-500 | garbage   every request gets that answer
"""
import os
import socketserver
import sys
import xmlrpc.client
from http.server import BaseHTTPRequestHandler

SOCKET, MODE, REQUEST_LOG = sys.argv[1:4]

PROCESSES = [
    {"name": "x", "group": "x", "start": 1000, "stop": 0, "now": 1060, "state": 20, "statename": "RUNNING",
     "spawnerr": "", "exitstatus": 0, "logfile": "/tmp/x.log", "stdout_logfile": "/tmp/x.log",
     "stderr_logfile": "", "pid": 4242, "description": "pid 4242, uptime 0:01:00"},
    {"name": "y", "group": "y", "start": 0, "stop": 0, "now": 1060, "state": 0, "statename": "STOPPED",
     "spawnerr": "", "exitstatus": 0, "logfile": "/tmp/y.log", "stdout_logfile": "/tmp/y.log",
     "stderr_logfile": "", "pid": 0, "description": "Not started"},
]


def process_info(name):
    for info in PROCESSES:
        if name in (info["name"], "%s:%s" % (info["group"], info["name"])):
            return info
    raise xmlrpc.client.Fault(10, "BAD_NAME: %s" % name)


METHODS = {
    "supervisor.getVersion": lambda: "2.0" if MODE.startswith("api-2.0") else "3.0",
    "supervisor.getSupervisorVersion": lambda: "4.3.0",
    "supervisor.getPID": lambda: 4141,
    "supervisor.getAllProcessInfo": lambda: PROCESSES,
    "supervisor.getProcessInfo": process_info,
    "supervisor.readProcessStdoutLog": lambda name, offset, length: "log of %s\n" % process_info(name)["name"],
    "supervisor.readProcessStderrLog": lambda name, offset, length: "",
    "supervisor.readLog": lambda offset, length: "main log\n",
}


def call(name, params):
    if name.startswith("supervisor."):
        if MODE == "shutting-down":
            raise xmlrpc.client.Fault(6, "SHUTDOWN_STATE")
        if MODE == "no-namespace":
            raise xmlrpc.client.Fault(1, "UNKNOWN_METHOD")
    if name not in METHODS:
        raise xmlrpc.client.Fault(1, "UNKNOWN_METHOD")
    return METHODS[name](*params)


def multicall(calls):
    results = []
    for entry in calls:
        try:
            value = call(entry["methodName"], entry.get("params", []))
            results.append([value] if MODE == "wrapped-multicall" else value)
        except xmlrpc.client.Fault as fault:
            results.append({"faultCode": fault.faultCode, "faultString": fault.faultString})
    return results


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self, text):
        with open(REQUEST_LOG, "a") as log:
            log.write(text + "\n")

    def answer(self, status, body, reason=None):
        self.send_response(status, reason)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.record("GET " + self.path)
        self.answer(404, b"not found")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        params, name = xmlrpc.client.loads(body)
        if name == "system.multicall" and MODE not in ("api-2.0-plain",):
            self.record("system.multicall(%s)" % ", ".join(entry["methodName"] for entry in params[0]))
        else:
            self.record(name)
        if MODE == "http-401":
            return self.answer(401, b"", "Unauthorized")
        if MODE == "http-500":
            return self.answer(500, b"", "Internal Server Error")
        if MODE == "garbage":
            return self.answer(200, b"this is not xml")
        try:
            if name == "system.multicall" and MODE != "api-2.0-plain":
                result = xmlrpc.client.dumps((multicall(params[0]),), methodresponse=True, allow_none=True)
            else:
                result = xmlrpc.client.dumps((call(name, params),), methodresponse=True, allow_none=True)
        except xmlrpc.client.Fault as fault:
            result = xmlrpc.client.dumps(fault, methodresponse=True)
        self.answer(200, result.encode())


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if os.path.exists(SOCKET):
    os.unlink(SOCKET)
Server(SOCKET, Handler).serve_forever()
