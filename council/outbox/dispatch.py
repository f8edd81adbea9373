"""Hand rows to Celery by task name after the commit; a lost hand-over is left for the sweep."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def dispatch(task_name: str, ids: Iterable[int], *, batched: bool = False) -> None:
    """After the commit (nothing if it rolls back), hand the rows to the task named `task_name`: each id to a
    run of its own, or, `batched`, lists of up to OUTBOX_BATCH_SIZE ids to a run each."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: publish(task_name, ids, batched=batched))


def chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def publish(task_name: str, ids: list[int], *, batched: bool = False) -> None:
    """Hand the ids to the task now; with the broker down, give up at once (the sweep sends them later)."""
    from config.celery import app

    task = app.tasks[task_name]  # registered by the app's ready(): dispatch by name, no import of the app
    # One connection for the batch, tried once (max_retries 0): with the broker down, the request must not
    # wait through kombu's reconnection attempts, some 6 s for every call; the sweep sends it all later.
    eager = app.conf.task_always_eager
    connection = None if eager else app.connection_for_write(transport_options={"max_retries": 0})
    try:
        for argument in chunks(sorted(ids), settings.OUTBOX_BATCH_SIZE) if batched else ids:
            try:
                task.apply_async(args=[argument], retry=False, connection=connection)
            except Exception as exc:  # the broker is down (the sweep sends it later), or an eager task failed
                if eager:
                    # The task itself failed, here in this process: the rest still goes.
                    logger.exception("%s(%s) failed; the sweep will try it again", task_name, argument)
                    continue
                logger.warning("could not hand %s(%s) to the broker, the sweep will: %r", task_name, argument, exc)
                return
    finally:
        if connection is not None:
            connection.release()
