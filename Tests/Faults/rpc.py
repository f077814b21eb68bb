"""Talking to the daemon under test: XML-RPC over its unix socket, and raw HTTP requests for
tests that misbehave on purpose (partial requests, dropped streams)."""
import http.client
import socket
import xmlrpc.client


class UnixHTTPConnection(http.client.HTTPConnection):
    """An HTTP/1.1 connection over a unix socket. The connect itself blocks without a timeout:
    a full listen backlog makes a unix connect wait (a timed socket would fail with EAGAIN, a
    client-side artefact); the timeout applies to every read and write after it."""

    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(self.unix_path)
        except OSError:
            sock.close()
            raise
        sock.settimeout(self.timeout)
        self.sock = sock


class UnixTransport(xmlrpc.client.Transport):
    """xmlrpc.client transport keeping one persistent connection to a unix socket."""

    def __init__(self, path, timeout):
        super().__init__()
        self.unix_path = path
        self.timeout = timeout

    def make_connection(self, host):
        if self._connection[1] is None:
            self._connection = host, UnixHTTPConnection(self.unix_path, self.timeout)
        return self._connection[1]


def proxy(socket_path, timeout=30):
    """A ServerProxy with its own connection: `proxy(path).supervisor.getState()`."""
    return xmlrpc.client.ServerProxy("http://localhost", transport=UnixTransport(socket_path, timeout))


def rpc_request(method, *params, body_length=None):
    """The bytes of an XML-RPC POST to /RPC2. body_length overrides Content-Length (to announce
    more body than is sent)."""
    body = xmlrpc.client.dumps(params, method).encode()
    length = len(body) if body_length is None else body_length
    head = ("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
            "Content-Length: %d\r\n\r\n" % length).encode()
    return head + body


def get_request(path):
    """The bytes of an HTTP GET, e.g. for the /logtail/NAME stream."""
    return ("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n" % path).encode()


def unix_socket(path, timeout=10):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def tcp_socket(port, timeout=10, reset_on_close=False):
    """A TCP connection to 127.0.0.1:port. With reset_on_close, SO_LINGER 0 makes close() send
    an RST instead of a FIN."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if reset_on_close:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    return sock
