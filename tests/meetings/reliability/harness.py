"""Real services for the delivery tests and the benchmark: an SMTP server that records what it accepts,
a private Redis, and Celery worker processes. Nothing here is a mock."""

import asyncio
import contextlib
import email
import email.parser
import email.policy
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import kombu.pools
import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], *, timeout: float, what, interval: float = 0.05):
    """Poll `condition` until it returns something true, and return that; fail after `timeout` seconds.

    `what` (a string, or a callable giving one) says what was awaited and what was seen instead.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"Timed out after {timeout:g} s waiting for {what() if callable(what) else what}")
        time.sleep(interval)


def database_url(settings_dict: dict) -> str:
    """The URL of the database Django is using (the test database during tests), for another process."""
    auth = quote(settings_dict["USER"] or "", safe="")
    if settings_dict.get("PASSWORD"):
        auth += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


# SMTP --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """One message the SMTP server accepted."""

    message_id: str
    recipients: tuple[str, ...]
    content: bytes

    def parsed(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.content, policy=email.policy.default)


class RecordingHandler:
    """An aiosmtpd handler that keeps every accepted message, or refuses them all while `refuse_with` is set."""

    def __init__(self):
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self.refuse_with: str | None = None
        # Seconds to take over each message before accepting it, as a slow or distant mail server does.
        self.delay: float = 0
        self.receiving = 0  # messages whose data is in, not yet accepted
        self._headers = email.parser.BytesHeaderParser(policy=email.policy.default)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name for the hook
        if self.refuse_with:
            return self.refuse_with
        if self.delay:
            with self._lock:
                self.receiving += 1
            try:
                await asyncio.sleep(self.delay)
            finally:
                with self._lock:
                    self.receiving -= 1
        headers = self._headers.parsebytes(envelope.content)
        received = Received(
            message_id=str(headers.get("Message-ID", "")).strip(),
            recipients=tuple(envelope.rcpt_tos),
            content=bytes(envelope.content),
        )
        with self._lock:
            self._received.append(received)
        return "250 2.0.0 Accepted"

    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)


class SmtpServer:
    """An SMTP server on 127.0.0.1 that records what it accepts; it can go down and come back on its port."""

    def __init__(self, port: int | None = None):
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> None:
        # A stopped controller's event loop is closed, so each start makes a new one on the same port.
        controller = Controller(
            self.handler, hostname=self.host, port=self.port, server_hostname="localhost", ready_timeout=10
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Go down: the port refuses connections until `start()`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, reply: str = "451 4.3.0 Mail server busy, try again later") -> None:
        """Stay up but answer every message with a temporary failure."""
        self.handler.refuse_with = reply

    def accept(self) -> None:
        self.handler.refuse_with = None

    def slow(self, seconds: float) -> None:
        """Take `seconds` over every message before accepting it (0: at once again)."""
        self.handler.delay = seconds

    @property
    def receiving(self) -> int:
        """Messages on the wire: their data is in and the server has not answered yet."""
        return self.handler.receiving

    @property
    def received(self) -> list[Received]:
        return self.handler.received()

    @property
    def message_ids(self) -> list[str]:
        return [r.message_id for r in self.handler.received()]

    @property
    def count(self) -> int:
        return len(self.handler.received())

    def counts(self) -> Counter:
        return Counter(self.message_ids)


# Redis -------------------------------------------------------------------------------------------------


class RedisServer:
    """A private redis-server on its own port, with nothing saved to disk, that can stop and start again."""

    def __init__(self, directory: Path, port: int | None = None):
        self.port = port or free_port()
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        with (self.directory / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.directory),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self.answers, timeout=15, what=f"redis-server to answer on port {self.port}")

    def stop(self) -> None:
        """Stop for real: the port refuses connections afterwards."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        wait_until(lambda: not self.answers(), timeout=5, what=f"port {self.port} to stop answering")


def broker_url_beside(redis_url: str) -> str:
    """The next database of the same Redis server: the test suite's cache fixture empties REDIS_URL's own
    database (FLUSHDB) around every test, which would also empty the queues of a test running beside it."""
    parts = urlsplit(redis_url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database + 1) % 16}"))


def purge_queue(broker_url: str, queue: str) -> None:
    """Remove a test's queue from a shared Redis, with any message a killed worker left unacknowledged."""
    client = redis.Redis.from_url(broker_url, socket_connect_timeout=1, socket_timeout=2)
    with contextlib.suppress(redis.RedisError):
        # kombu keeps priorities 3, 6 and 9 in sibling lists.
        client.delete(
            queue,
            *(f"{queue}\x06\x16{p}" for p in (3, 6, 9)),
            f"_kombu.binding.{queue}",
            f"_kombu.binding_permanent.{queue}",
        )
        for tag, raw in client.hscan_iter("unacked"):
            with contextlib.suppress(ValueError, TypeError, IndexError):
                if json.loads(raw)[2] == queue:
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)


# Celery ------------------------------------------------------------------------------------------------


def use_broker(app, url: str) -> None:
    """Point a Celery app at another broker, dropping the connections it holds to the old one.

    The app's connection and producer pools live in kombu's process-wide pool groups, keyed by broker URL:
    closing them without emptying those groups would hand the closed pools out again for the same URL.
    """
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url


class Worker:
    """A prefork Celery worker consuming one queue, in its own process group so that it can be killed whole."""

    def __init__(self, *, queue: str, env: dict[str, str], log_path: Path, concurrency: int = 2):
        self.queue = queue
        self.env = env
        self.log_path = log_path
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 60) -> "Worker":
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "config",
                    "worker",
                    "-P",
                    "prefork",
                    "-c",
                    str(self.concurrency),
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                    "-Q",
                    self.queue,
                    "-n",
                    f"{self.log_path.stem}.{self.queue}@%h",
                    "-l",
                    "INFO",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self._ready, timeout=timeout, what=lambda: f"the worker to be ready; its log:\n{self.log_tail()}")
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"The worker exited with {self.process.returncode}; its log:\n{self.log_tail()}")
        return " ready." in self.log()

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def finished(self, task: str) -> list[str]:
        """The log lines of the runs of `task` that ended (returned a value or raised)."""
        return [
            line
            for line in self.log().splitlines()
            if f"{task}[" in line and (" succeeded in " in line or " raised " in line or " retry: " in line)
        ]

    def kill(self) -> None:
        """SIGKILL the main process and every pool child at the same instant, as a crash or OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """A warm shutdown, then SIGKILL to whatever of the group is left; never leaves a process behind."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def worker_env(*, broker_url: str, smtp_url: str, database_url: str, queue: str, **overrides: str) -> dict[str, str]:
    """The environment of a worker process: the test settings, real services, and this test's queue."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings_test",
        DATABASE_URL=database_url,
        REDIS_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        EMAIL_URL=smtp_url,
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env
