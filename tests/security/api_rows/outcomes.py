"""Rows of outcome documents (issue 12): published ones at the public and partners levels for every caller with the
meetings scope; a body-level one to the body's members and the secretariat (the one access rule, as for meetings),
404 to partner keys; a draft answers 404 to everyone (the API gives published ones only), as missing ones do; the
scan of the signed original likewise."""

from django.urls import reverse

from council.partners.scopes import Scope
from tests.security.api_matrix import BAD, HIDDEN, NOT_ALLOWED, ApiCase, expect, hidden_from_partners

READ = Scope.MEETINGS_READ
MISSING = 10**9


def rows(world, extra) -> list[ApiCase]:
    outcomes = world.outcomes

    def detail(key):
        return lambda: reverse("api:outcome-detail", args=[outcomes[key].pk if key in outcomes else MISSING])

    def scan(key):
        return lambda: reverse("api:outcome-scan", kwargs={"pk": outcomes[key].pk if key in outcomes else MISSING})

    return [
        ApiCase("api:outcome-list", lambda: reverse("api:outcome-list"), expect(), READ),
        ApiCase(
            "api:outcome-list",
            lambda: reverse("api:outcome-list") + "?kind=protocol&adopted_after=2024-01-01&ordering=adopted_on",
            expect(),
            READ,
            label="filters",
        ),
        ApiCase(
            "api:outcome-list",
            lambda: reverse("api:outcome-list") + "?kind=treaty",
            expect(BAD),
            READ,
            label="bad filter",
        ),
        ApiCase(
            "api:outcome-list",
            lambda: reverse("api:outcome-list"),
            expect(NOT_ALLOWED),
            READ,
            method="post",
            data=lambda: {"reference": "x"},
            label="read-only",
        ),
        ApiCase("api:outcome-detail", detail("public"), expect(), READ, label="public"),
        ApiCase("api:outcome-detail", detail("body"), hidden_from_partners(), READ, label="body"),
        ApiCase("api:outcome-detail", detail("draft"), expect(HIDDEN), READ, label="draft"),
        ApiCase("api:outcome-detail", detail("missing"), expect(HIDDEN), READ, label="missing"),
        ApiCase("api:outcome-scan", scan("public"), expect(), READ, label="public"),
        ApiCase("api:outcome-scan", scan("body"), hidden_from_partners(), READ, label="body"),
        ApiCase("api:outcome-scan", scan("draft"), expect(HIDDEN), READ, label="draft"),
        ApiCase("api:outcome-scan", scan("missing"), expect(HIDDEN), READ, label="missing"),
    ]
