"""Rows of the regional figures: published values of indicators at the public and partners levels for every caller
with the scope; a council-level indicator and its values hidden from partner keys (404, as missing ones); a value
not yet approved hidden from everyone."""

from django.urls import reverse

from council.partners.scopes import Scope
from tests.security.api_matrix import BAD, HIDDEN, NOT_ALLOWED, ApiCase, expect, hidden_from_partners

READ = Scope.FIGURES_READ
MISSING = 10**9


def rows(world, extra) -> list[ApiCase]:
    figures = world.figures
    indicator, council_level = figures["indicator"], figures["council_level"]
    suppressed, submitted, hidden = figures["approved"]["KZ"], figures["submitted"], figures["hidden"]
    values = reverse("api:figure-value-list")
    return [
        ApiCase("api:figure-indicator-list", lambda: reverse("api:figure-indicator-list"), expect(), READ),
        ApiCase(
            "api:figure-indicator-detail",
            lambda: reverse("api:figure-indicator-detail", args=[indicator.pk]),
            expect(),
            READ,
        ),
        ApiCase(
            "api:figure-indicator-detail",
            lambda: reverse("api:figure-indicator-detail", args=[council_level.pk]),
            hidden_from_partners(),
            READ,
            label="council level",
        ),
        ApiCase(
            "api:figure-indicator-detail",
            lambda: reverse("api:figure-indicator-detail", args=[MISSING]),
            expect(HIDDEN),
            READ,
            label="missing",
        ),
        ApiCase("api:figure-value-list", lambda: values, expect(), READ),
        ApiCase(
            "api:figure-value-list",
            lambda: values + "?indicator=returned&state=KZ&year=2024&sex=all&age_band=all&page_size=1",
            expect(),
            READ,
            label="filters",
        ),
        ApiCase("api:figure-value-list", lambda: values + "?year=soon", expect(BAD), READ, label="bad filter"),
        ApiCase(
            "api:figure-value-list",
            lambda: values,
            expect(NOT_ALLOWED),
            READ,
            method="post",
            data=lambda: {"number": 1},
            label="read-only",
        ),
        ApiCase(
            "api:figure-value-detail",
            lambda: reverse("api:figure-value-detail", args=[suppressed.pk]),
            expect(),
            READ,
            label="suppressed",
        ),
        ApiCase(
            "api:figure-value-detail",
            lambda: reverse("api:figure-value-detail", args=[submitted.pk]),
            expect(HIDDEN),
            READ,
            label="not approved",
        ),
        ApiCase(
            "api:figure-value-detail",
            lambda: reverse("api:figure-value-detail", args=[hidden.pk]),
            hidden_from_partners(),
            READ,
            label="council level",
        ),
    ]
