"""Sends one HTTP request per line of stdin and prints the status code of each answer.

Usage: python3 http_status.py unix:///path/to.sock|http://127.0.0.1:PORT [USER:PASSWORD] < requests
Each request line is "METHOD PATH"; a POST carries a small XML-RPC body (supervisor.getState).
"""
import base64
import socket
import sys

BODY = b"<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName><params></params></methodCall>"


def connect(target):
    if target.startswith("unix://"):
        connection = socket.socket(socket.AF_UNIX)
        connection.connect(target[len("unix://"):])
    else:
        host, port = target[len("http://"):].rsplit(":", 1)
        connection = socket.create_connection((host, int(port)))
    connection.settimeout(10)
    return connection


def status(target, credentials, method, path):
    connection = connect(target)
    headers = "%s %s HTTP/1.0\r\nHost: localhost\r\n" % (method, path)
    if credentials:
        headers += "Authorization: Basic %s\r\n" % base64.b64encode(credentials.encode()).decode()
    body = BODY if method == "POST" else b""
    if body:
        headers += "Content-Type: text/xml\r\nContent-Length: %d\r\n" % len(body)
    connection.sendall(headers.encode() + b"\r\n" + body)
    answer = connection.recv(64).decode("latin-1")
    connection.close()
    return answer.split(" ", 2)[1] if answer.startswith("HTTP/") else "none"


def main():
    target = sys.argv[1]
    credentials = sys.argv[2] if len(sys.argv) > 2 else None
    for line in sys.stdin.read().splitlines():
        method, path = line.split(" ", 1)
        print(status(target, credentials, method, path), flush=True)


main()
