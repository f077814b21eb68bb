"""Sends one HTTP request and prints the answer as JSON: {"status", "headers", "body"}.

Usage: python3 http_request.py http://127.0.0.1:PORT USER:PASSWORD METHOD PATH [HEADER: VALUE ...] < body
Redirects are not followed; a body on stdin goes with any method (none when stdin is empty).
"""
import base64
import http.client
import json
import sys


def main():
    target, credentials, method, path = sys.argv[1:5]
    headers = {"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()}
    for header in sys.argv[5:]:
        name, value = header.split(":", 1)
        headers[name.strip()] = value.strip()
    body = sys.stdin.buffer.read()
    if body:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    host, port = target[len("http://"):].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.request(method, path, body=body or None, headers=headers)
    answer = connection.getresponse()
    print(json.dumps({
        "status": answer.status,
        "headers": {name.lower(): value for name, value in answer.getheaders()},
        "body": answer.read().decode("utf-8", "replace"),
    }))


main()
