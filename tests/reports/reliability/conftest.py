"""Real services for the report worker tests: the SMTP server, Redis, PostgreSQL and worker processes of
tests/meetings/reliability, shared here."""

from tests.meetings.reliability.conftest import (  # noqa: F401 - fixtures
    delivery_queue,
    live_celery,
    smtp,
    workers,
)
