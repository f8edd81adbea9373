"""Every URL pattern of the portal, walked from the resolver, with the requests the security walks make."""

import dataclasses
from collections.abc import Callable

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# What a person gets back, by kind of answer.
OK = "200"
REDIRECT = "302"  # anywhere but the sign-in page
LOGIN = "login"  # 302 to a sign-in page
HIDDEN = "404"
DENIED = "403"
BAD = "400"
NOT_ALLOWED = "405"


def outcome(response) -> str:
    """One word for a response: its status, or `login` for a redirect to a sign-in page."""
    if response.status_code in (301, 302, 303):
        location = response.get("Location", "")
        if "/login/" in location:
            return LOGIN
        return REDIRECT
    return str(response.status_code)


def url_patterns() -> list[tuple[str, str]]:
    """(route, name) of every pattern the resolver knows, namespaces included."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or ""
                yield prefix + str(pattern.pattern), f"{namespace}:{name}" if namespace else name

    return list(walk(get_resolver().url_patterns))


@dataclasses.dataclass
class Case:
    """One request: a URL (built from the world), a method, data, and the answer expected per kind."""

    name: str
    url: Callable
    expected: dict
    method: str = "get"
    data: Callable | None = None
    label: str = ""


def expect(default=OK, **by_kind) -> dict:
    from tests.security.conftest import KINDS

    table = dict.fromkeys(KINDS, default)
    table.update(by_kind)
    return table


def signed_in_only(ok=OK, **overrides) -> dict:
    """A page for anyone signed in: anonymous and deactivated people are sent to sign in."""
    return expect(ok, anonymous=LOGIN, inactive=LOGIN, **overrides)


def hidden(**by_kind) -> dict:
    """A portal page that is hidden (or missing): 404 to people signed in, the sign-in page to others.

    Someone signed out who follows a link to a private page is sent to sign in and back; a page that does not
    exist answers the same, so nothing leaks (council.middleware.SignInForHiddenPagesMiddleware).
    """
    return expect(HIDDEN, anonymous=LOGIN, inactive=LOGIN, **by_kind)


def body_level(ok=OK) -> dict:
    """Something of working group A at access level `body`: its members (observers too) and the secretariat."""
    return expect(ok, anonymous=LOGIN, other=HIDDEN, inactive=LOGIN)


def admin_patterns() -> set[str]:
    """Names of the admin's URL patterns (the admin is walked by model, below)."""
    return {name for route, name in url_patterns() if name.startswith("admin:")}


def registered_models():
    return list(admin.site._registry.items())


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
