#!/usr/bin/env python3
"""A strategy worker: every few seconds it decides on an order and hands it to the executor.

Usage: strategy.py WORKER [--executor HOST:PORT] [--every SECONDS]

An executor that cannot be reached is not fatal: the worker holds its order and tries again
at the next decision. Every fourth order is too large, so the risk manager rejects it.
"""
import argparse
import signal
import sys
import time
import urllib.error
import urllib.request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("worker")
    parser.add_argument("--executor", default="127.0.0.1:7702")
    parser.add_argument("--every", type=float, default=5.0)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    def say(*words):
        print(f"strategy {options.worker}:", *words, flush=True)

    say("started")
    decision = 0
    try:
        while True:
            decision += 1
            side = "buy" if decision % 2 else "sell"
            quantity = 50 if decision % 4 == 0 else decision % 4
            url = f"http://{options.executor}/order?side={side}&qty={quantity}&worker={options.worker}"
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    say(f"{side} {quantity}: {answer.read().decode().strip()}")
            except urllib.error.HTTPError as error:
                say(f"{side} {quantity}: {error.read().decode().strip()}")
            except OSError as error:
                say(f"{side} {quantity}: held, executor unreachable ({error})")
            time.sleep(options.every)
    finally:
        say("stopped")


main()
