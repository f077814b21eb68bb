#!/usr/bin/env python3
"""The trading stack's risk manager: checks every order before it goes out.

Usage: risk_manager.py [--port PORT] [--delay SECONDS]

Loads its limits (takes --delay seconds, 2 by default), then listens on 127.0.0.1:PORT. It is
ready once the port is open. The protocol is one line per request: `PING` answers `PONG`,
`CHECK <order>` answers `OK` for an order of at most 10 units and `REJECT` otherwise.
"""
import argparse
import signal
import socketserver
import sys
import time

MAX_QUANTITY = 10


def say(*words):
    print("risk_manager:", *words, flush=True)


class Session(socketserver.StreamRequestHandler):
    def handle(self):
        say("client connected from port", self.client_address[1])
        for line in self.rfile:
            request = line.decode().split()
            if request == ["PING"]:
                answer = "PONG"
            elif request[:1] == ["CHECK"]:
                fields = dict(field.partition("=")[::2] for field in request[1:])
                quantity = int(fields.get("qty", "0")) if fields.get("qty", "0").isdigit() else MAX_QUANTITY + 1
                answer = "OK" if quantity <= MAX_QUANTITY else "REJECT"
                say(" ".join(request[1:]), "->", answer)
            else:
                answer = "ERROR unknown request"
            self.wfile.write((answer + "\n").encode())
        say("client disconnected")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=7701)
    parser.add_argument("--delay", type=float, default=2.0)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        say(f"loading limits ({options.delay:g}s)")
        time.sleep(options.delay)
        with Server(("127.0.0.1", options.port), Session) as server:
            say(f"listening on 127.0.0.1:{options.port}, max quantity {MAX_QUANTITY}")
            server.serve_forever()
    finally:
        say("stopped")


main()
