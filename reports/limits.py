"""The memory limit of a worker process that renders reports (REPORTS_WORKER_MEMORY_MB, set on that worker only).

A document with huge content must not take the machine's memory: each process of the `reports` worker gets an
address-space limit when it starts, so that an allocation beyond it fails with MemoryError, which the rendering
records as the report's error. Time is limited by the task's soft and hard time limits (reports.tasks).
"""

import logging
import os
import resource

logger = logging.getLogger(__name__)


def memory_limit_apply(**_signal_arguments) -> int | None:
    """Limit this process's address space to REPORTS_WORKER_MEMORY_MB megabytes (nothing when unset)."""
    megabytes = os.environ.get("REPORTS_WORKER_MEMORY_MB", "").strip()
    if not megabytes:
        return None
    limit = int(megabytes) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    logger.info("Report rendering limited to %s MB of address space", megabytes)
    return limit
