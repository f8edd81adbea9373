"""The periodic sweep: rows left queued (their dispatch was lost) or sending (their worker died) go again."""

import dataclasses
from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone

from council.outbox.claim import stuck
from council.outbox.dispatch import publish


@dataclasses.dataclass(frozen=True)
class _Source:
    queryset: Callable[[], QuerySet]
    task: str
    batched: bool


_sources: dict[str, _Source] = {}


def sweep_register(name: str, *, queryset: Callable[[], QuerySet], task: str, batched: bool = False) -> None:
    """Sweep the rows of `queryset()` (an Outbound model, perhaps filtered) by handing them to `task` (in lists
    of ids, `batched`, for a task that sends batches)."""
    _sources[name] = _Source(queryset=queryset, task=task, batched=batched)


def outbox_sweep(*, now=None) -> dict[str, int]:
    """Re-dispatch every registered kind of row still queued well after it was due, or whose lease expired."""
    now = now or timezone.now()
    counts = {}
    for name, source in _sources.items():
        ids = list(source.queryset().filter(stuck(now)).values_list("pk", flat=True))
        publish(source.task, ids, batched=source.batched)
        counts[name] = len(ids)
    return counts
