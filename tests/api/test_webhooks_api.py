"""Webhooks through the partner API (scope `webhooks:manage`): a partner registers its endpoint, gets the secret
once, receives a signed test event at a real receiver, reads the delivery and its attempts; another organisation
sees none of it; bad URLs and events are refused with a clear 400; a person's session is refused."""

import pytest
from standardwebhooks.webhooks import Webhook

from council.models import AuditRecord
from council.partners.scopes import Scope
from council.webhooks.models import WebhookEndpoint
from tests.api.conftest import ApiClient
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db

ENDPOINTS = "/api/v1/webhooks/endpoints/"
DELIVERIES = "/api/v1/webhooks/deliveries/"


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def hooks(issue_key):
    key, secret = issue_key(scopes=[Scope.WEBHOOKS_MANAGE])
    client = ApiClient(secret)
    client.organisation = key.organisation
    return client


@pytest.fixture
def other_hooks(issue_key):
    _key, secret = issue_key(scopes=[Scope.WEBHOOKS_MANAGE])
    return ApiClient(secret)


def register(client, url, events=("recommendation.published",)):
    return client.post(ENDPOINTS, {"url": url, "events": list(events)}, content_type="application/json")


def test_a_partner_registers_an_endpoint_and_receives_a_signed_test_event(
    hooks, receiver, django_capture_on_commit_callbacks
):
    response = register(hooks, receiver.url, ["recommendation.published", "meeting.cancelled"])
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("whsec_")
    endpoint = WebhookEndpoint.objects.get(pk=created["id"])
    assert endpoint.organisation == hooks.organisation
    assert AuditRecord.objects.filter(action="webhook_endpoint.create", target_id=str(endpoint.pk)).exists()
    # The secret is never given again.
    assert "secret" not in hooks.get(f"{ENDPOINTS}{endpoint.pk}/").json()
    assert created["secret"] not in hooks.get(ENDPOINTS).content.decode()

    receiver.secrets = [created["secret"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert hooks.post(f"{ENDPOINTS}{endpoint.pk}/test/").status_code == 202
    assert len(receiver.accepted) == 1 and not receiver.failures
    request = receiver.requests[0]
    Webhook(created["secret"]).verify(request.body, request.headers)

    deliveries = hooks.get(DELIVERIES).json()["results"]
    assert [(d["type"], d["state"], d["webhook_id"]) for d in deliveries] == [
        ("webhook.test", "sent", request.headers["webhook-id"])
    ]
    assert deliveries[0]["attempts"][0]["status_code"] == 200
    detail = hooks.get(f"{DELIVERIES}{deliveries[0]['id']}/")
    assert detail.status_code == 200 and detail.json()["endpoint"] == endpoint.pk


def test_rotation_gives_a_new_secret_and_both_sign_for_a_while(hooks, receiver, django_capture_on_commit_callbacks):
    first = register(hooks, receiver.url).json()
    rotated = hooks.post(f"{ENDPOINTS}{first['id']}/rotate-secret/")
    assert rotated.status_code == 200
    second = rotated.json()["secret"]
    assert second != first["secret"] and rotated.json()["previous_secret_expires_at"]
    receiver.secrets = [first["secret"], second]
    with django_capture_on_commit_callbacks(execute=True):
        hooks.post(f"{ENDPOINTS}{first['id']}/test/")
    assert sorted(receiver.requests[0].verified_with) == sorted([first["secret"], second])


def test_an_endpoint_is_changed_and_removed(hooks, receiver):
    created = register(hooks, receiver.url).json()
    url = f"{ENDPOINTS}{created['id']}/"
    changed = hooks.patch(
        url, {"events": ["meeting.scheduled"], "description": "Ours"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["events"] == ["meeting.scheduled"]
    assert hooks.delete(url).status_code == 204
    assert hooks.get(url).status_code == 404
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "http://10.0.0.1/hook", "events": ["meeting.scheduled"]}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data/", "events": ["meeting.scheduled"]}, "url"),
        ({"url": "ftp://hooks.example.org/", "events": ["meeting.scheduled"]}, "url"),
        ({"url": "https://user:pw@hooks.example.org/", "events": ["meeting.scheduled"]}, "url"),
        ({"url": "https://hooks.example.org/", "events": []}, "events"),
        ({"url": "https://hooks.example.org/", "events": ["everything"]}, "events"),
        ({"url": "https://hooks.example.org/", "events": ["webhook.test"]}, "events"),
        ({"url": "https://hooks.example.org/"}, "events"),
        ({"events": ["meeting.scheduled"]}, "url"),
    ],
)
def test_bad_endpoints_are_refused_and_nothing_is_kept(hooks, body, field):
    response = hooks.post(ENDPOINTS, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert any(name.startswith(field) for name in response.json()["errors"]), response.json()
    assert not WebhookEndpoint.objects.exists()


def test_an_organisation_sees_only_its_own(hooks, other_hooks, receiver, django_capture_on_commit_callbacks):
    created = register(hooks, receiver.url).json()
    receiver.secrets = [created["secret"]]
    with django_capture_on_commit_callbacks(execute=True):
        hooks.post(f"{ENDPOINTS}{created['id']}/test/")
    delivery = hooks.get(DELIVERIES).json()["results"][0]
    assert other_hooks.get(ENDPOINTS).json()["results"] == []
    assert other_hooks.get(DELIVERIES).json()["results"] == []
    for path in (f"{ENDPOINTS}{created['id']}/", f"{DELIVERIES}{delivery['id']}/"):
        assert other_hooks.get(path).status_code == 404
    assert other_hooks.delete(f"{ENDPOINTS}{created['id']}/").status_code == 404
    assert other_hooks.post(f"{ENDPOINTS}{created['id']}/rotate-secret/").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=created["id"]).exists()


def test_sessions_and_keys_without_the_scope_are_refused(client, member_a, issue_key, receiver):
    client.force_login(member_a)
    assert client.get(ENDPOINTS).status_code == 403
    assert register(client, receiver.url).status_code == 403
    _key, secret = issue_key(scopes=[Scope.RECOMMENDATIONS_READ])
    assert ApiClient(secret).get(DELIVERIES).status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_an_organisation_has_a_limited_number_of_endpoints(settings, hooks, receiver):
    settings.WEBHOOK_ENDPOINTS_PER_ORGANISATION = 2
    assert [register(hooks, receiver.url).status_code for _ in range(3)] == [201, 201, 400]
    assert WebhookEndpoint.objects.count() == 2


def test_the_deliveries_list_does_not_grow_in_queries(
    hooks, receiver, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    created = register(hooks, receiver.url).json()
    receiver.secrets = [created["secret"]]

    def send(n):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                hooks.post(f"{ENDPOINTS}{created['id']}/test/")

    send(2)
    with django_assert_max_num_queries(8) as small:
        assert len(hooks.get(DELIVERIES).json()["results"]) == 2
    send(5)
    with django_assert_max_num_queries(8) as large:
        assert len(hooks.get(DELIVERIES).json()["results"]) == 7
    assert len(small) == len(large)


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("2026-01-01T00:00:00Z", 200),
        ("2326-05-16T23:18:05.096-18:55", 200),  # beyond what PostgreSQL takes as an offset: read in UTC
        ("9999-12-31T23:59:59-12:00", 400),  # past year 9999 once in UTC
        ("yesterday", 400),
    ],
)
def test_a_date_time_filter_is_read_in_utc_or_refused(hooks, since, status):
    from urllib.parse import quote

    assert hooks.get(f"{DELIVERIES}?created_since={quote(since)}").status_code == status


@pytest.mark.parametrize("endpoint", ["1", "abc", "9" * 30, "-1"])
def test_an_endpoint_filter_of_any_form_finds_or_not_never_fails(hooks, endpoint):
    response = hooks.get(f"{DELIVERIES}?endpoint={endpoint}")
    assert response.status_code == 200 and response.json()["results"] == []


def test_a_description_must_be_text(hooks, receiver):
    response = hooks.post(
        ENDPOINTS,
        {"url": receiver.url, "events": ["meeting.scheduled"], "description": 0},
        content_type="application/json",
    )
    assert response.status_code == 400 and "description" in response.json()["errors"]
