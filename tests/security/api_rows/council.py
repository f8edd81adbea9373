"""Rows of the council's structure: public facts, open to every scope-holding caller."""

from django.urls import reverse

from council.models import Body, MemberState, Organisation
from council.partners.scopes import Scope
from tests.security.api_matrix import BAD, HIDDEN, NOT_ALLOWED, ApiCase, expect

READ = Scope.COUNCIL_READ


def rows(world, extra) -> list[ApiCase]:
    state = MemberState.objects.order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    body = Body.objects.order_by("pk").first()
    return [
        ApiCase("api:state-list", lambda: reverse("api:state-list"), expect(), READ),
        ApiCase("api:state-detail", lambda: reverse("api:state-detail", args=[state.pk]), expect(), READ),
        ApiCase(
            "api:state-detail", lambda: reverse("api:state-detail", args=[10**9]), expect(HIDDEN), READ, label="missing"
        ),
        ApiCase("api:organisation-list", lambda: reverse("api:organisation-list"), expect(), READ),
        ApiCase(
            "api:organisation-detail",
            lambda: reverse("api:organisation-detail", args=[organisation.pk]),
            expect(),
            READ,
        ),
        ApiCase("api:body-list", lambda: reverse("api:body-list"), expect(), READ),
        ApiCase("api:body-detail", lambda: reverse("api:body-detail", args=[body.pk]), expect(), READ),
        ApiCase(
            "api:body-list",
            lambda: reverse("api:body-list"),
            expect(NOT_ALLOWED),
            READ,
            method="post",
            data=lambda: {"code": "x"},
            label="read-only",
        ),
        ApiCase(
            "api:body-list", lambda: reverse("api:body-list") + "?kind=nonsense", expect(BAD), READ, label="bad filter"
        ),
    ]
