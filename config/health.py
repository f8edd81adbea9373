"""The health endpoint: the state of the database, the cache and the broker."""

import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.crypto import get_random_string
from kombu import Connection

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"healthz:{get_random_string(12)}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return "not configured"
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def health_report() -> tuple[bool, dict[str, str]]:
    """Run every check; a check that raises is reported as down with the error's class."""
    report, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down"
            logger.warning("health check %s failed: %r", name, exc)
            report[name] = f"down: {type(exc).__name__}"
            healthy = False
    return healthy, report


class HealthCheckMiddleware:
    """Serve /healthz first, so that load balancers and container probes need no allowed host or HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        healthy, report = health_report()
        body = json.dumps({"status": "ok" if healthy else "down", "checks": report})
        return HttpResponse(
            body,
            status=200 if healthy else 503,
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )
