"""Partner keys: issued in the admin (the secret shown once, only a hash kept), scopes, expiry and revocation, the
401/403 answers and their one error format, throttling per key in the shared cache, and every use counted."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import AuditRecord
from council.partners import services
from council.partners.models import PartnerKey, PartnerKeyUsage
from council.partners.scopes import Scope
from tests.api.conftest import ApiClient
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

STATES = "/api/v1/states/"


def problem_of(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "code", "detail"}
    assert body["status"] == status
    return body


def test_no_key_is_401_with_the_scheme_to_use(anonymous_api, states):
    body = problem_of(anonymous_api.get(STATES), 401)
    assert body["code"] == "not_authenticated"
    assert anonymous_api.get(STATES)["WWW-Authenticate"].startswith("Api-Key")


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nonsense",
        "Api-Key ",
        "Api-Key abcdefgh.0123456789abcdef0123456789abcdef",
        "Bearer abcdefgh.0123456789abcdef",
        "Api-Key " + "x" * 5000,
        "Api-Key ключ.ключ",
    ],
)
def test_a_wrong_key_is_401(states, header):
    body = problem_of(ApiClient(HTTP_AUTHORIZATION=header).get(STATES), 401)
    assert body["code"] in ("invalid_key", "authentication_scheme", "authentication_failed")


def test_a_key_with_a_wrong_secret_but_a_real_prefix_is_401(issue_key, states):
    _key, secret = issue_key()
    forged = secret.split(".")[0] + "." + "A" * 32
    problem_of(ApiClient(forged).get(STATES), 401)
    assert ApiClient(secret).get(STATES).status_code == 200


def test_only_the_hash_is_stored(issue_key):
    key, secret = issue_key()
    stored = PartnerKey.objects.filter(pk=key.pk).values().get()
    assert all(secret not in str(value) for value in stored.values())
    assert secret.split(".", 1)[1] not in str(stored)
    assert stored["hashed_key"].startswith("sha512$$")


def test_an_expired_key_is_401(issue_key, states):
    key, secret = issue_key(expiry_date=timezone.now() + datetime.timedelta(hours=1))
    assert ApiClient(secret).get(STATES).status_code == 200
    PartnerKey.objects.filter(pk=key.pk).update(expiry_date=timezone.now() - datetime.timedelta(seconds=1))
    assert problem_of(ApiClient(secret).get(STATES), 401)["code"] == "invalid_key"


def test_a_revoked_key_is_401_from_the_next_request(issue_key, staff, states):
    key, secret = issue_key()
    client = ApiClient(secret)
    assert client.get(STATES).status_code == 200
    assert services.key_revoke(key=key, by=staff) is True
    assert services.key_revoke(key=key, by=staff) is False  # once
    problem_of(client.get(STATES), 401)
    assert AuditRecord.objects.filter(action="partner_key.revoke", target_id=str(key.pk)).count() == 1


def test_a_key_without_the_scope_is_403_and_says_which(issue_key, states):
    _key, secret = issue_key(scopes=[Scope.MEETINGS_READ])
    body = problem_of(ApiClient(secret).get(STATES), 403)
    assert body["code"] == "missing_scope"
    assert "council:read" in body["detail"]


def test_errors_speak_the_language_asked_for(anonymous_api, states):
    english = anonymous_api.get(STATES, headers={"Accept-Language": "en"}).json()["detail"]
    russian = anonymous_api.get(STATES, headers={"Accept-Language": "ru"}).json()["detail"]
    uzbek = anonymous_api.get(STATES, headers={"Accept-Language": "uz"}).json()["detail"]
    assert "API key" in english
    assert len({english, russian, uzbek}) == 3
    assert re.search("[а-яА-Я]", russian)


@pytest.mark.parametrize("bad", [[], ["nonsense:read"], None])
def test_a_key_needs_known_scopes_and_a_name(bad, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.key_issue(organisation=OrganisationFactory(), name="x", scopes=bad, by=staff)
    with pytest.raises(ValidationError):
        services.key_issue(organisation=OrganisationFactory(), name=" ", scopes=[Scope.COUNCIL_READ], by=staff)
    with pytest.raises(ValidationError):
        services.key_issue(
            organisation=OrganisationFactory(),
            name="late",
            scopes=[Scope.COUNCIL_READ],
            expiry_date=timezone.now() - datetime.timedelta(days=1),
            by=staff,
        )
    assert not PartnerKey.objects.exists()


# The admin -----------------------------------------------------------------------------------------------


def test_the_secretariat_issues_a_key_and_sees_the_secret_once(client, staff, states):
    organisation = OrganisationFactory(acronym_en="UNOCT")
    client.force_login(staff)
    response = client.post(
        reverse("admin:partners_partnerkey_add"),
        {"organisation": organisation.pk, "name": "Data portal", "scopes": ["council:read", "meetings:read"]},
    )
    assert response.status_code == 200, response.content[:2000]
    assert "no-store" in response["Cache-Control"]
    secret = re.search(rb'id="api-key-secret"[^>]*value="([^"]+)"', response.content).group(1).decode()
    key = PartnerKey.objects.get()
    assert key.organisation == organisation and key.scopes == ["council:read", "meetings:read"]
    assert key.issued_by == staff
    assert AuditRecord.objects.filter(action="partner_key.issue", target_id=str(key.pk)).exists()
    # The secret works, and no later page shows it again.
    assert ApiClient(secret).get(STATES).status_code == 200
    change = client.get(reverse("admin:partners_partnerkey_change", args=[key.pk]))
    changelist = client.get(reverse("admin:partners_partnerkey_changelist"))
    assert secret.encode() not in change.content and secret.encode() not in changelist.content
    assert key.prefix.encode() in changelist.content


def test_the_admin_refuses_a_bad_key_and_keeps_nothing(client, staff):
    organisation = OrganisationFactory()
    client.force_login(staff)
    past = (timezone.now() - datetime.timedelta(days=2)).strftime("%Y-%m-%d")
    for data in (
        {"organisation": organisation.pk, "name": "x", "scopes": []},
        {"organisation": organisation.pk, "name": "x", "scopes": ["root:everything"]},
        {"organisation": organisation.pk, "name": "", "scopes": ["council:read"]},
        {
            "organisation": organisation.pk,
            "name": "x",
            "scopes": ["council:read"],
            "expiry_date_0": past,
            "expiry_date_1": "10:00",
        },
    ):
        response = client.post(reverse("admin:partners_partnerkey_add"), data)
        assert response.status_code == 200 and b"errornote" in response.content, data
    assert not PartnerKey.objects.exists()


def test_the_admin_revokes_keys_and_records_it(client, staff, issue_key, states):
    key, secret = issue_key()
    client.force_login(staff)
    response = client.post(
        reverse("admin:partners_partnerkey_changelist"), {"action": "revoke", "_selected_action": [key.pk]}
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked and key.revoked_by == staff and key.revoked_at
    assert ApiClient(secret).get(STATES).status_code == 401
    # A revoked key cannot be changed back, nor deleted.
    client.post(
        reverse("admin:partners_partnerkey_change", args=[key.pk]),
        {"name": "again", "scopes": ["council:read"]},
    )
    key.refresh_from_db()
    assert key.revoked and key.name != "again"
    assert client.get(reverse("admin:partners_partnerkey_delete", args=[key.pk])).status_code == 403


def test_the_admin_changes_scopes_and_the_key_follows(client, staff, issue_key, states):
    key, secret = issue_key(scopes=[Scope.COUNCIL_READ])
    assert ApiClient(secret).get(STATES).status_code == 200
    client.force_login(staff)
    response = client.post(
        reverse("admin:partners_partnerkey_change", args=[key.pk]), {"name": "renamed", "scopes": ["meetings:read"]}
    )
    assert response.status_code == 302, response.content[:3000]
    assert ApiClient(secret).get(STATES).status_code == 403
    assert AuditRecord.objects.filter(action="partner_key.update", target_id=str(key.pk)).exists()


# Use and limits ------------------------------------------------------------------------------------------


def test_every_use_is_counted_and_shown_in_the_admin(client, staff, issue_key, states):
    key, secret = issue_key()
    api = ApiClient(secret)
    for _ in range(3):
        api.get(STATES)
    api.get("/api/v1/bodies/")
    services.usage_flush()
    day = PartnerKeyUsage.objects.get(key=key)
    assert day.requests == 4
    key.refresh_from_db()
    assert key.last_used_at is not None
    api.get(STATES)
    services.usage_flush()
    assert PartnerKeyUsage.objects.get(key=key).requests == 5  # added, not written twice
    services.usage_flush()
    assert PartnerKeyUsage.objects.get(key=key).requests == 5
    client.force_login(staff)
    page = client.get(reverse("admin:partners_partnerkey_change", args=[key.pk])).content.decode()
    assert f"{timezone.now().date().isoformat()}: 5" in page


def test_a_key_over_its_limit_gets_429_with_retry_after(settings, issue_key, states):
    settings.PARTNER_API_RATES = {**settings.PARTNER_API_RATES, "default": 3}
    _key, secret = issue_key()
    _other, other_secret = issue_key()
    # Two clients with the same key share the count (as two gunicorn workers do, through the cache).
    first, second = ApiClient(secret), ApiClient(secret)
    assert [first.get(STATES).status_code for _ in range(2)] + [second.get(STATES).status_code] == [200] * 3
    response = second.get(STATES)
    body = problem_of(response, 429)
    assert body["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert ApiClient(other_secret).get(STATES).status_code == 200  # another key has its own count


@pytest.mark.redis
def test_the_limit_is_counted_in_redis(settings, redis_url, issue_key, states):
    import redis

    settings.PARTNER_API_RATES = {**settings.PARTNER_API_RATES, "default": 2}
    key, secret = issue_key()
    ApiClient(secret).get(STATES)
    connection = redis.Redis.from_url(redis_url)
    counters = list(connection.scan_iter(f"*partners:throttle:key:{key.pk}:*"))
    assert counters, "the throttle counter lives in Redis"


# Pages -------------------------------------------------------------------------------------------------


def test_lists_are_paged_by_cursor(partner, states):
    for n in range(7):
        OrganisationFactory(name_en=f"Paged {n}")
    first = partner.get("/api/v1/organisations/?page_size=3").json()
    assert len(first["results"]) == 3 and first["next"] and first["previous"] is None
    second = partner.get(first["next"]).json()
    seen = [row["id"] for row in first["results"] + second["results"]]
    assert len(set(seen)) == 6


@pytest.mark.parametrize("size", ["0", "-1", "101", "abc", "1.5", "٣", "99999999999999999999"])
def test_a_bad_page_size_is_400(partner, states, size):
    body = problem_of(partner.get(f"/api/v1/organisations/?page_size={size}"), 400)
    assert "page_size" in body["errors"]


def test_a_bad_cursor_or_filter_is_a_clear_4xx(partner, states):
    assert partner.get("/api/v1/organisations/?cursor=garbage").status_code == 404
    body = problem_of(partner.get("/api/v1/organisations/?kind=pirates"), 400)
    assert "kind" in body["errors"]
    body = problem_of(partner.get("/api/v1/organisations/?kind="), 400)
    assert "kind" in body["errors"]


def test_unknown_api_paths_answer_problem_json(partner):
    for path in ("/api/v1/nothing/", "/api/v1/states/abc/", "/api/v1/states/%0A/", "/api/v2/"):
        response = partner.get(path)
        if path.startswith("/api/v1/"):
            problem_of(response, 404)
        else:
            assert response.status_code == 404


def test_a_nul_under_the_api_is_a_problem_400(partner):
    problem_of(partner.get("/api/v1/states/?kind=%00"), 400)
