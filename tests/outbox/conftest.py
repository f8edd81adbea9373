"""The outbox's end-to-end tests use the delivery fixtures of the meetings' reliability tests (a real worker,
a real SMTP server, Redis and PostgreSQL)."""

from tests.meetings.reliability.conftest import (  # noqa: F401 - fixtures
    delivery_queue,
    live_celery,
    private_redis,
    smtp,
    workers,
)
