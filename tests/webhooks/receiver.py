"""A real webhook receiver on 127.0.0.1: an HTTP server in a thread that verifies every request with the
`standardwebhooks` library (an implementation independent of ours) and records what it accepted.

It can be stopped (nothing listens: connections are refused) and started again on the same port, answer an
error for a while, answer 410 Gone, redirect to a path of its own that would record, or answer slowly.
"""

import dataclasses
import json
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

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.RECORDING_PATH}"

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

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
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
