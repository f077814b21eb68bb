"""Sends one REMOTE_COMMUNICATION event through XML-RPC.

Usage: python3 send_remote_event.py SOCKET_PATH TYPE DATA
"""
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

proxy = xmlrpc.client.ServerProxy(
    "http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://" + sys.argv[1]))
print(proxy.supervisor.sendRemoteCommEvent(sys.argv[2], sys.argv[3]))
