"""A real webhook receiver on 127.0.0.1: an HTTP server in a thread that verifies every request with the
`standardwebhooks` library (an implementation independent of ours) and records what it accepted.

It can be stopped (nothing listens: connections are refused) and started again on the same port, answer an
error for a while, answer 410 Gone, redirect to a path of its own that would record, or answer slowly.
"""

import dataclasses
import datetime
import json
import ssl
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError


@dataclasses.dataclass
class Request:
    path: str
    headers: dict
    body: bytes
    verified_with: list  # the secrets (of `secrets`) that verify it


class Receiver:
    """Set `secrets` (every secret the partner holds), then `answer` (200, 503, 410, "redirect", "slow")."""

    RECORDING_PATH = "/hook"
    REDIRECT_TARGET = "/elsewhere"

    def __init__(self):
        self.secrets: list[str] = []
        self.answer: int | str = 200
        self.slow_seconds = 3.0
        self.requests: list[Request] = []  # every request that reached the server
        self.accepted: list[str] = []  # webhook-ids verified and answered 2xx, in order
        self.payloads: dict[str, dict] = {}
        self.failures: list[str] = []  # requests that did not verify
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self._lock = threading.Lock()
        self.tls: ssl.SSLContext | None = None
        self.server_names: list[str | None] = []  # the SNI of each TLS handshake

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}{self.RECORDING_PATH}"

    def use_tls(self, certificate_path, key_path) -> None:
        """Answer https with this certificate (before `start`); each handshake's SNI is recorded."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate_path, key_path)
        context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
        self.tls = context

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver._handle(self, body)

            def do_GET(self):
                receiver._reply(self, 405, b"")

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that refuses our certificate ends the handshake: nothing to report

        self._server = Server(("127.0.0.1", self.port), Handler)
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: from now on a connection to the port is refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    @staticmethod
    def _reply(handler, status: int, body: bytes, headers: dict | None = None) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _handle(self, handler, body: bytes) -> None:
        headers = dict(handler.headers.items())
        verified = []
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                continue
            verified.append(secret)
        with self._lock:
            self.requests.append(Request(path=handler.path, headers=headers, body=body, verified_with=verified))
        answer = self.answer
        if answer == "slow":
            time.sleep(self.slow_seconds)
            answer = 200
        if answer == "redirect" and handler.path == self.RECORDING_PATH:
            self._reply(handler, 302, b"", {"Location": f"http://127.0.0.1:{self.port}{self.REDIRECT_TARGET}"})
            return
        if not verified:
            with self._lock:
                self.failures.append(f"{handler.path}: signature not verified ({headers.get('webhook-id')})")
            self._reply(handler, 401, b"bad signature")
            return
        if isinstance(answer, int) and not 200 <= answer < 300:
            self._reply(handler, answer, f"answer {answer}".encode())
            return
        webhook_id = headers["webhook-id"]
        with self._lock:
            self.accepted.append(webhook_id)
            self.payloads[webhook_id] = json.loads(body)
        self._reply(handler, 200, b'{"ok": true}', {"Content-Type": "application/json"})

    def doubled(self) -> list[str]:
        return [webhook_id for webhook_id, n in Counter(self.accepted).items() if n > 1]


def self_signed_certificate(folder, name: str = "localhost") -> tuple[str, str]:
    """A certificate for `name`, signed by itself (no client trusts it), and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = folder / "receiver.pem", folder / "receiver.key"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(certificate_path), str(key_path)
