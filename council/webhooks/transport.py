"""One HTTP POST to a partner's server, connected to an address checked beforehand (no second DNS lookup).

The standard library's `http.client` is used because it lets us connect to a given address while naming the host
in the Host header and, for https, in SNI and the certificate check; it follows no redirects. A request gets a
connect timeout, and a watchdog closes the socket when the total time is up, so that a server answering one byte
at a time cannot hold a worker. At most `max_bytes` of the answer are read.
"""

import contextlib
import dataclasses
import http.client
import socket
import ssl
import threading
import time

from council.webhooks.addresses import Target


class Timeout(OSError):
    """The server took longer than the total time allowed."""


@dataclasses.dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    address: str
    seconds: float


class _PinnedConnection(http.client.HTTPConnection):
    """Connects to `address` (already checked), whatever `host` resolves to."""

    def __init__(self, target: Target, address: str, *, connect_timeout: float):
        super().__init__(address, target.port, timeout=connect_timeout)
        self.target = target
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.target.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.target.scheme == "https":
            context = ssl.create_default_context()
            self.sock = context.wrap_socket(self.sock, server_hostname=self.target.host)

    def abort(self):
        """Called by the watchdog: shut the socket (not the TLS layer) so that a blocked read returns."""
        if self.sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self.sock, socket.SHUT_RDWR)


def post(
    target: Target,
    addresses: list[str],
    *,
    body: bytes,
    headers: dict[str, str],
    connect_timeout: float,
    total_timeout: float,
    max_bytes: int,
) -> Answer:
    """POST `body` to the target through the first of `addresses` that accepts a connection; errors raise
    (OSError and its kinds, http.client.HTTPException, Timeout)."""
    started = time.monotonic()
    last_error: OSError | None = None
    for address in addresses:
        remaining = total_timeout - (time.monotonic() - started)
        if remaining <= 0:
            break
        connection = _PinnedConnection(target, address, connect_timeout=min(connect_timeout, remaining))
        watchdog = threading.Timer(remaining, connection.abort)
        watchdog.daemon = True
        watchdog.start()
        try:
            try:
                connection.connect()
            except (TimeoutError, ConnectionError) as error:
                last_error = error  # try the next address of the host
                continue
            connection.sock.settimeout(remaining)
            connection.request("POST", target.path, body=body, headers={**headers, "Host": target.host_header})
            response = connection.getresponse()
            content = response.read(max_bytes)
            return Answer(status=response.status, body=content, address=address, seconds=time.monotonic() - started)
        except (OSError, http.client.HTTPException) as error:
            if time.monotonic() - started >= total_timeout:
                raise Timeout(f"no complete answer within {total_timeout:g} s") from error
            raise
        finally:
            watchdog.cancel()
            connection.close()
    if time.monotonic() - started >= total_timeout:
        raise Timeout(f"no connection within {total_timeout:g} s")
    raise last_error or ConnectionError("no address to connect to")
