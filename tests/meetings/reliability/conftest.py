"""Fixtures of the delivery tests: a real SMTP server, a real Celery worker process, real Redis and PostgreSQL.

Each test gets its own Celery queue, so a worker of one test never takes another test's messages, and the
test process's Celery app publishes to Redis (not eagerly) onto that queue for the test's duration.
"""

import uuid

import pytest
from django.db import connection

from tests.meetings.reliability.harness import (
    RedisServer,
    SmtpServer,
    Worker,
    broker_url_beside,
    database_url,
    purge_queue,
    use_broker,
    worker_env,
)


@pytest.fixture
def smtp():
    """An SMTP server on a free port of 127.0.0.1 recording every message it accepts; stopped afterwards."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def delivery_queue() -> str:
    return f"reliability-{uuid.uuid4().hex[:12]}"


class LiveCelery:
    """The test process's Celery app, publishing to a real broker onto the test's queue."""

    def __init__(self, app, queue: str):
        self.app = app
        self.queue = queue
        self.brokers: set[str] = set()

    @property
    def broker_url(self) -> str:
        return self.app.conf.broker_url

    def use_broker(self, url: str) -> None:
        use_broker(self.app, url)
        self.brokers.add(url)


@pytest.fixture
def live_celery(redis_url, delivery_queue):
    """Not eager, broker on REDIS_URL's server, default queue the test's own; everything restored afterwards."""
    from config.celery import app

    saved = {name: app.conf[name] for name in ("task_always_eager", "task_default_queue")}
    saved_broker = app.conf.broker_url
    live = LiveCelery(app, delivery_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = delivery_queue
    live.use_broker(broker_url_beside(redis_url))
    yield live
    for url in live.brokers:
        purge_queue(url, delivery_queue)
    use_broker(app, saved_broker)
    for name, value in saved.items():
        app.conf[name] = value


class Workers:
    """Starts worker processes for one test, against its SMTP server, queue and database; stops them all."""

    def __init__(self, *, live: LiveCelery, smtp: SmtpServer, database: str, log_dir):
        self.live = live
        self.smtp = smtp
        self.database = database
        self.log_dir = log_dir
        self.started: list[Worker] = []

    def start(self, *, concurrency: int = 2, **env: str) -> Worker:
        """A new worker on the broker the test process publishes to; `env` adds settings (e.g. short delays)."""
        settings_env = {"OUTBOX_RETRY_DELAYS": "0.5,0.5,1", **env}
        worker = Worker(
            queue=self.live.queue,
            env=worker_env(
                broker_url=self.live.broker_url,
                smtp_url=self.smtp.url,
                database_url=self.database,
                queue=self.live.queue,
                **settings_env,
            ),
            log_path=self.log_dir / f"worker{len(self.started) + 1}.log",
            concurrency=concurrency,
        )
        self.started.append(worker)
        return worker.start()

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


@pytest.fixture
def workers(transactional_db, postgres, redis_url, smtp, live_celery, tmp_path):
    """Celery worker processes for this test; always stopped (terminate, then kill) before the database is flushed."""
    pool = Workers(live=live_celery, smtp=smtp, database=database_url(connection.settings_dict), log_dir=tmp_path)
    yield pool
    pool.stop_all()


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test alone, so that it can be stopped and started again; stopped afterwards."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()
