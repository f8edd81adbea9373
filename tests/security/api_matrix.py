"""The partner API's authorization matrix: every API route × every kind of caller.

Callers: no key; an expired key; a revoked key; a key of partner A without the route's scope; partner A and partner B
(two organisations, every scope); a member's session (group A); a staff session (the secretariat).
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.utils import timezone

from council.models import Organisation
from council.partners import services
from council.partners.scopes import Scope
from tests.api.conftest import ApiClient
from tests.factories import OrganisationFactory

CALLERS = ("none", "expired", "revoked", "wrong_scope", "partner_a", "partner_b", "member", "staff")
PARTNERS = ("partner_a", "partner_b")
SESSIONS = ("member", "staff")

OK, CREATED, NO_CONTENT, UNAUTHORIZED, FORBIDDEN, HIDDEN, NOT_ALLOWED, BAD = (
    "200",
    "201",
    "204",
    "401",
    "403",
    "404",
    "405",
    "400",
)


@dataclasses.dataclass
class ApiCase:
    name: str  # the URL pattern's name, e.g. "api:meeting-detail"
    url: Callable[[], str]
    expected: dict
    scope: str  # the scope the route needs: the `wrong_scope` key holds every other one
    method: str = "get"
    data: Callable[[], dict] | None = None
    headers: dict | None = None
    label: str = ""


def expect(default=OK, **by_caller) -> dict:
    """The answer per caller: keys that do not work answer 401; the rest `default` unless told otherwise."""
    table = dict.fromkeys(CALLERS, default)
    table.update(none=UNAUTHORIZED, expired=UNAUTHORIZED, revoked=UNAUTHORIZED, wrong_scope=FORBIDDEN)
    table.update(by_caller)
    return table


def hidden_from_partners(**by_caller) -> dict:
    """Something partners may not see (body level, a draft): 404 to both keys, as if it did not exist."""
    return expect(partner_a=HIDDEN, partner_b=HIDDEN, **by_caller)


def partner_only(ok=OK, **by_caller) -> dict:
    """A partner's write: sessions are refused (403), the keys holding the scope succeed."""
    return expect(ok, member=FORBIDDEN, staff=FORBIDDEN, **by_caller)


def callers(world, staff_issuer) -> Callable[[str, str], object]:
    """A function (caller kind, scope of the route) -> a test client acting as that caller."""
    # Partner A's organisation may exist already: a module's `extend` made it lead something (api_rows/programme.py).
    org_a = Organisation.objects.filter(acronym_en="PARTA").first() or OrganisationFactory(acronym_en="PARTA")
    org_b = OrganisationFactory(acronym_en="PARTB")
    every = list(Scope.values)

    def key(org, scopes, **extra):
        return services.key_issue(organisation=org, name="matrix", scopes=scopes, by=staff_issuer, **extra)

    _k, secret_a = key(org_a, every)
    _k, secret_b = key(org_b, every)
    expired, secret_expired = key(org_a, every, expiry_date=timezone.now() + datetime.timedelta(days=1))
    type(expired).objects.filter(pk=expired.pk).update(expiry_date=timezone.now() - datetime.timedelta(minutes=1))
    revoked, secret_revoked = key(org_a, every)
    services.key_revoke(key=revoked, by=staff_issuer)
    wrong = {scope: key(org_a, [other for other in every if other != scope])[1] for scope in every}
    clients = {
        "none": ApiClient(),
        "expired": ApiClient(secret_expired),
        "revoked": ApiClient(secret_revoked),
        "partner_a": ApiClient(secret_a),
        "partner_b": ApiClient(secret_b),
        "member": _session(world.person("member")),
        "staff": _session(world.person("secretariat")),
    }
    wrong_clients = {scope: ApiClient(secret) for scope, secret in wrong.items()}

    def client(kind: str, scope: str):
        return wrong_clients[scope] if kind == "wrong_scope" else clients[kind]

    client.organisations = {"partner_a": org_a, "partner_b": org_b}
    return client


def _session(person):
    """A browser signed in as `person` (a client of its own: each caller keeps its session)."""
    client = ApiClient()
    client.force_login(person)
    return client


def call(client, case: ApiCase):
    url = case.url()
    headers = case.headers or {}
    if case.method in ("get", "delete"):
        return getattr(client, case.method)(url, headers=headers)
    data = case.data() if case.data else {}
    return getattr(client, case.method)(url, data=data, content_type="application/json", headers=headers)
