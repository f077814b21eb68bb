#!/usr/bin/env python3
"""The order executor: sends the strategies' orders out, each checked by the risk manager.

Usage: order_executor.py [--risk HOST:PORT] [--port PORT]

Connects to the risk manager at start and exits 1 if it cannot. Then serves HTTP on
127.0.0.1:PORT: `GET /health` answers 200 while the risk manager answers (a PING over the
connection), and `GET /order?side=buy&qty=N` has the order checked and answers 200 (sent) or
403 (rejected). A request that finds the risk manager gone is answered 503 and ends the
executor (exit 1): it never trades unchecked.
"""
import argparse
import http.server
import os
import signal
import socket
import sys
import urllib.parse


def say(*words):
    print("order_executor:", *words, flush=True)


class RiskManager:
    """The one connection to the risk manager; a request is a line out and a line back (the
    HTTP server answers one request at a time, so requests never overlap)."""

    def __init__(self, host, port):
        self.connection = socket.create_connection((host, port), timeout=5)
        self.replies = self.connection.makefile("r")
        self.lost = False

    def ask(self, request):
        try:
            self.connection.sendall((request + "\n").encode())
            reply = self.replies.readline().strip()
        except OSError:
            reply = ""
        self.lost = self.lost or not reply
        return reply


class Handler(http.server.BaseHTTPRequestHandler):
    risk = None

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/health":
            if self.risk.ask("PING") == "PONG":
                self.answer(200, "ok")
            else:
                self.answer(503, "no risk manager")
        elif url.path == "/order":
            order = " ".join(f"{key}={value[0]}" for key, value in urllib.parse.parse_qs(url.query).items())
            reply = self.risk.ask("CHECK " + order)
            say({"OK": "sent", "REJECT": "rejected"}.get(reply, "not sent (no risk manager)"), order)
            if reply == "OK":
                self.answer(200, "sent")
            elif reply == "REJECT":
                self.answer(403, "rejected by the risk manager")
            else:
                self.answer(503, "not sent: no risk manager")
        else:
            self.answer(404, "not found")
        if self.risk.lost:
            say("lost the risk manager; exiting")
            os._exit(1)

    def answer(self, code, text):
        body = (text + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--risk", default="127.0.0.1:7701")
    parser.add_argument("--port", type=int, default=7702)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    host, port = options.risk.rsplit(":", 1)
    try:
        Handler.risk = RiskManager(host, int(port))
    except OSError as error:
        print(f"order_executor: cannot reach the risk manager at {options.risk}: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
    say(f"connected to the risk manager at {options.risk}")
    with http.server.HTTPServer(("127.0.0.1", options.port), Handler) as server:
        say(f"health and orders on http://127.0.0.1:{options.port}/")
        try:
            server.serve_forever()
        finally:
            say("stopped")


main()
