#!/usr/bin/env python3
"""A market-data feed: subscribes to one venue and prints a price now and then.

Usage: feed.py VENUE [--delay SECONDS]

Subscribing takes --delay seconds (1 by default). Once subscribed it prints
`feed VENUE: subscribed` and, when $NOTIFY_SOCKET is set, tells the supervisor with the
sd_notify protocol (`READY=1` in a datagram to that unix socket; a name starting with `@` is
in the abstract namespace).
"""
import argparse
import os
import signal
import socket
import sys
import time


def notify_ready():
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return
    if address.startswith("@"):
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as connection:
        connection.connect(address)
        connection.sendall(b"READY=1")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("venue")
    parser.add_argument("--delay", type=float, default=1.0)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    def say(*words):
        print(f"feed {options.venue}:", *words, flush=True)

    try:
        say(f"connecting ({options.delay:g}s)")
        time.sleep(options.delay)
        say("subscribed")
        notify_ready()
        price = 100.0
        while True:
            time.sleep(5)
            price = round(price * 1.001, 2)
            say(f"BTC-USD {price}")
    finally:
        say("stopped")


main()
