"""Sends XML-RPC calls built from raw value markup over the daemon's unix socket, one HTTP
request each, so that values no client library would send (NaN, 64-bit limits, wrong types)
reach the daemon as written. Prints one JSON line per call: {"http": status} plus
{"fault": [code, string]} or {"value": first 200 bytes of the response body}.

Usage: python3 raw_rpc.py SOCKET_PATH < calls.json
calls.json: [[method, [value markup, ...]], ...], e.g. ["supervisor.readLog", ["<double>nan</double>", "<int>10</int>"]]
"""
import json
import re
import socket
import sys


def request(socket_path, body):
    connection = socket.socket(socket.AF_UNIX)
    connection.settimeout(30)
    connection.connect(socket_path)
    connection.sendall(
        b"POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    )
    chunks = []
    while True:
        chunk = connection.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    connection.close()
    return b"".join(chunks).decode("utf-8", "replace")


def main():
    socket_path = sys.argv[1]
    for method, values in json.load(sys.stdin):
        params = "".join("<param><value>%s</value></param>" % value for value in values)
        body = "<methodCall><methodName>%s</methodName><params>%s</params></methodCall>" % (method, params)
        response = request(socket_path, body.encode())
        status = int(response.split(" ", 2)[1]) if response.startswith("HTTP/") else 0
        result = {"http": status}
        code = re.search(r"<name>faultCode</name>\s*<value><int>(-?\d+)</int>", response)
        text = re.search(r"<name>faultString</name>\s*<value><string>(.*?)</string>", response, re.S)
        if code and text:
            result["fault"] = [int(code.group(1)), text.group(1)]
        else:
            result["value"] = response.split("\r\n\r\n", 1)[-1][:200]
        print(json.dumps(result), flush=True)


main()
