"""Requests per key and scope, counted in the shared cache (Redis: every gunicorn worker and host sees the same
count). A fixed window of one minute: the first request of a window creates its counter, each adds one atomically;
over the limit, 429 with `Retry-After` (the seconds until the window ends)."""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from council.partners.permissions import is_partner, required_scope

WINDOW_SECONDS = 60


def limit_for(scope: str | None, *, partner: bool) -> int:
    rates = settings.PARTNER_API_RATES
    if not partner:
        return rates.get("session", 120)
    return rates.get(scope or "", rates["default"])


class ScopedKeyThrottle(BaseThrottle):
    def allow_request(self, request, view):
        partner = is_partner(request)
        if partner:
            who = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            who = f"user:{request.user.pk}"
        else:
            who = f"ip:{self.get_ident(request)}"
        scope = required_scope(view, request)
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        counter = f"partners:throttle:{who}:{scope}:{window}"
        cache.add(counter, 0, WINDOW_SECONDS * 2)
        try:
            count = cache.incr(counter)
        except ValueError:
            cache.set(counter, 1, WINDOW_SECONDS * 2)
            count = 1
        self._wait = (window + 1) * WINDOW_SECONDS - now
        return count <= limit_for(scope, partner=partner)

    def wait(self):
        return max(1, int(self._wait + 0.999))
