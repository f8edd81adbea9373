"""The API's one write: a partner organisation comments on a recommendation in consultation that the secretariat opened
to partners. Idempotent by `Idempotency-Key` (the same key and body: the same answer, never a second comment; another
body: 422), partner keys only, audited, and read by the secretariat (admin) and the working group (portal page)."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from council.audit import AuditAction
from council.models import AuditRecord
from recommendations import services
from recommendations.models import PartnerComment, Recommendation
from tests.api.conftest import ApiClient
from tests.api.recommendation_fixtures import open_to_partners, people_named_in, session_of
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
LIST = reverse("api:consultation-list")


def detail(recommendation) -> str:
    return reverse("api:consultation-detail", args=[recommendation.pk])


def comments(recommendation) -> str:
    return reverse("api:consultation-comments", args=[recommendation.pk])


@pytest.fixture
def open_consultation(make_recommendation, advance, staff):
    """Group B's text in consultation, opened to partners' comments."""
    recommendation = advance(
        make_recommendation(
            texts={
                "title_ru": "Правовая помощь",
                "text_ru": "Государствам следует…",
                "title_en": "Legal aid",
                "text_en": "States should…",
            }
        ),
        Status.CONSULTATION,
    )
    return open_to_partners(recommendation, by=staff)


@pytest.fixture
def unesco(issue_key):
    organisation = OrganisationFactory(name_ru="Бюро ЮНЕСКО", name_en="UNESCO Office", acronym_en="UNESCO")
    key, secret = issue_key(scopes=["consultation:comment"], organisation=organisation)
    client = ApiClient(secret)
    client.organisation, client.key = organisation, key
    return client


@pytest.fixture
def osce(issue_key):
    organisation = OrganisationFactory(name_en="OSCE Programme Office", acronym_en="OSCE")
    _key, secret = issue_key(scopes=["consultation:comment"], organisation=organisation)
    client = ApiClient(secret)
    client.organisation = organisation
    return client


def post(client, recommendation, body, key="key-1", **headers):
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(comments(recommendation), body, content_type="application/json", headers=headers)


# The consultations open to partners -------------------------------------------------------------------------


def test_partners_list_the_texts_opened_to_them_with_the_version_in_consultation(
    open_consultation, make_recommendation, advance, unesco, staff
):
    closed = advance(make_recommendation(title="Not opened"), Status.CONSULTATION)
    assert unesco.get(LIST).json()["results"][0]["deadline"] is None
    deadline = timezone.now() + datetime.timedelta(days=14)
    services.round_open(recommendation=open_consultation, mode="silence", deadline=deadline, by=staff)
    response = unesco.get(LIST)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    version = open_consultation.current_version
    assert row["id"] == open_consultation.pk and row["working_group"] == "b"
    assert row["version"]["number"] == version.number
    assert row["version"]["texts"]["en"] == {"title": "Legal aid", "text": "States should…", "authoritative": False}
    assert row["version"]["texts"]["uz"] is None
    assert datetime.datetime.fromisoformat(row["deadline"].replace("Z", "+00:00")) == deadline
    assert unesco.get(detail(open_consultation)).json() == row
    assert unesco.get(detail(closed)).status_code == 404


def test_a_text_opened_to_partners_leaves_the_list_when_it_leaves_consultation(open_consultation, unesco, staff):
    services.recommendation_transition(recommendation=open_consultation, to=Status.DRAFT, by=staff, reason="Rework")
    assert unesco.get(LIST).json()["results"] == []
    assert unesco.get(detail(open_consultation)).status_code == 404


def test_only_a_text_partners_will_read_once_published_may_be_opened_to_them(make_recommendation, staff):
    for_the_group = make_recommendation(access="body")
    with pytest.raises(services.RecommendationError):
        open_to_partners(for_the_group, by=staff)
    with pytest.raises(services.RecommendationError):
        make_recommendation(access="council", partner_consultation=True)
    opened = open_to_partners(make_recommendation(access="partners"), by=staff)
    with pytest.raises(services.RecommendationError):
        services.recommendation_update(recommendation=opened, data={"access": "secretariat"}, by=staff)


def test_sessions_are_refused_the_partners_write_and_its_reads(open_consultation, wg, staff):
    for person in (wg.members["KZ"], staff):
        browser = session_of(person)
        assert browser.get(LIST).status_code == 403
        assert browser.get(comments(open_consultation)).status_code == 403
        response = post(browser, open_consultation, {"text": "A member's words"})
        assert response.status_code == 403
        assert response.json()["code"] == "missing_scope"
    assert not PartnerComment.objects.exists()


def test_a_key_without_the_scope_may_not_comment(open_consultation, issue_key):
    _key, secret = issue_key(scopes=["recommendations:read", "implementation:read"])
    assert post(ApiClient(secret), open_consultation, {"text": "Hello"}).status_code == 403
    assert not PartnerComment.objects.exists()


# A comment ---------------------------------------------------------------------------------------------------


def test_a_partner_comments_on_the_version_in_consultation(open_consultation, unesco):
    response = post(unesco, open_consultation, {"text": "  Name the referral mechanism.  ", "language": "en"})
    assert response.status_code == 201, response.content
    data = response.json()
    comment = PartnerComment.objects.get()
    assert data == {
        "id": comment.pk,
        "recommendation": open_consultation.pk,
        "version": open_consultation.current_version.number,
        "text": "Name the referral mechanism.",
        "language": "en",
        "created_at": data["created_at"],
    }
    assert "Idempotent-Replayed" not in response
    assert comment.organisation == unesco.organisation
    assert comment.key_prefix == unesco.key.prefix
    assert comment.version == open_consultation.current_version
    row = AuditRecord.objects.get(action=AuditAction.PARTNER_COMMENT_ADD)
    assert row.target_id == str(comment.pk) and row.actor is None
    assert row.data["organisation"] == unesco.organisation.pk and row.data["key"] == unesco.key.prefix


def test_the_same_key_and_body_give_the_same_answer_and_one_comment(open_consultation, unesco):
    first = post(unesco, open_consultation, {"text": "Once only."}, key="9f0c-77")
    again = post(unesco, open_consultation, {"text": "Once only."}, key="9f0c-77")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert PartnerComment.objects.count() == 1
    assert AuditRecord.objects.filter(action=AuditAction.PARTNER_COMMENT_ADD).count() == 1


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(open_consultation, unesco):
    assert post(unesco, open_consultation, {"text": "First."}, key="k").status_code == 201
    for other in ({"text": "Second."}, {"text": "First.", "language": "en"}, {"text": "First. "}):
        response = post(unesco, open_consultation, other, key="k")
        assert response.status_code == 422, other
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "idempotency_key_reused"
    assert list(PartnerComment.objects.values_list("text", flat=True)) == ["First."]


def test_keys_are_each_organisation_s_own(open_consultation, unesco, osce):
    assert post(unesco, open_consultation, {"text": "From UNESCO."}, key="same").status_code == 201
    assert post(osce, open_consultation, {"text": "From the OSCE."}, key="same").status_code == 201
    assert PartnerComment.objects.count() == 2


@pytest.mark.parametrize(
    "key",
    [None, "", "x" * 101, "ключ", "tab\tinside", " leading", "new\nline", "\u202eevil"],
)
def test_a_missing_or_malformed_idempotency_key_answers_400(open_consultation, unesco, key):
    headers = {}
    if key is not None:
        headers["Idempotency-Key"] = key
    try:
        response = unesco.post(
            comments(open_consultation), {"text": "Hi"}, content_type="application/json", headers=headers
        )
    except ValueError:  # the test client itself refuses a header with a newline
        return
    assert response.status_code == 400, response.content
    assert "Idempotency-Key" in response.json()["errors"]
    assert not PartnerComment.objects.exists()


def test_keys_of_1_and_100_printable_characters_are_taken(open_consultation, unesco):
    assert post(unesco, open_consultation, {"text": "a"}, key="k").status_code == 201
    assert post(unesco, open_consultation, {"text": "b"}, key="~" + "a b" * 33).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "   \n "},
        {"text": "x" * 5001},
        {"text": "NUL\u0000inside"},
        {"text": 42},
        {"text": ["a"]},
        {"text": "Fine", "language": "fr"},
        {"text": "Fine", "language": None},
        ["text"],
        "text",
    ],
)
def test_a_bad_body_answers_400_and_changes_nothing(open_consultation, unesco, body):
    response = post(unesco, open_consultation, body)
    assert response.status_code == 400, response.content
    assert response.json()["code"] in ("invalid", "parse_error")
    assert not PartnerComment.objects.exists()


def test_a_body_that_is_not_json_answers_400_or_415(open_consultation, unesco):
    url = comments(open_consultation)
    headers = {"Idempotency-Key": "k"}
    assert unesco.post(url, "{not json", content_type="application/json", headers=headers).status_code == 400
    assert unesco.post(url, {"text": "form"}, headers=headers).status_code == 415
    assert not PartnerComment.objects.exists()


def test_a_text_not_opened_to_partners_answers_404(make_recommendation, advance, unesco, library):
    hidden = [
        advance(make_recommendation(title="Not opened"), Status.CONSULTATION),
        library.public,
        library.draft,
        library.body,
    ]
    for recommendation in hidden:
        assert post(unesco, recommendation, {"text": "Hi"}).status_code == 404
        assert unesco.get(comments(recommendation)).status_code == 404
    assert post(unesco, Recommendation(pk=10**17), {"text": "Hi"}).status_code == 404
    assert not PartnerComment.objects.exists()


def test_a_text_no_longer_in_consultation_answers_409_but_a_replay_still_answers(
    open_consultation, unesco, advance, staff
):
    first = post(unesco, open_consultation, {"text": "In time."}, key="early")
    services.recommendation_transition(
        recommendation=open_consultation, to=Status.DRAFT, by=staff, reason="Back to the group"
    )
    late = post(unesco, open_consultation, {"text": "Too late."}, key="late")
    assert late.status_code == 409
    assert late.json()["code"] == "not_in_consultation"
    replay = post(unesco, open_consultation, {"text": "In time."}, key="early")
    assert replay.status_code == 201 and replay.json() == first.json()
    assert PartnerComment.objects.count() == 1


def test_a_comment_is_on_the_version_current_when_it_was_made(open_consultation, unesco, staff):
    post(unesco, open_consultation, {"text": "On v1."}, key="a")
    services.version_create(
        recommendation=open_consultation,
        texts={"title_ru": "Правовая помощь", "text_ru": "Новая редакция."},
        reason="Partners' comments",
        by=staff,
    )
    second = post(unesco, open_consultation, {"text": "On v2."}, key="b").json()
    assert second["version"] == 2
    assert [c["version"] for c in unesco.get(comments(open_consultation)).json()["results"]] == [2, 1]


# Reading them back ------------------------------------------------------------------------------------------


def test_a_partner_reads_its_own_organisation_s_comments_only(open_consultation, unesco, osce, issue_key):
    post(unesco, open_consultation, {"text": "UNESCO's words."}, key="1")
    post(osce, open_consultation, {"text": "The OSCE's words."}, key="1")
    _key, secret = issue_key(scopes=["consultation:comment"], organisation=unesco.organisation)
    second_key_of_unesco = ApiClient(secret)
    for client in (unesco, second_key_of_unesco):
        response = client.get(comments(open_consultation))
        assert [c["text"] for c in response.json()["results"]] == ["UNESCO's words."]
        assert "OSCE" not in response.content.decode()
    assert people_named_in(unesco.get(comments(open_consultation)).content) == []
    first = unesco.get(comments(open_consultation))
    assert unesco.get(comments(open_consultation), headers={"If-None-Match": first["ETag"]}).status_code == 304


def HEADING():
    from django.utils import translation

    with translation.override("ru"):
        return translation.gettext("Comments from partner organisations")


def test_the_working_group_reads_the_comments_on_the_text_s_page_escaped(open_consultation, unesco, wg, client):
    post(unesco, open_consultation, {"text": "<script>alert(1)</script> Add a deadline."})
    client.force_login(wg.members["KG"])
    page = client.get(open_consultation.get_absolute_url()).content.decode()
    assert HEADING() in page
    assert "Бюро ЮНЕСКО" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Add a deadline." in page
    assert "<script>alert(1)</script>" not in page


def test_others_do_not_read_the_partners_comments_on_a_published_text(
    open_consultation, unesco, advance, wg, client, outsider, member_a, staff
):
    post(unesco, open_consultation, {"text": "Seen by the group only."})
    published = advance(open_consultation, Status.PUBLISHED)  # public: anyone reads the page
    for person in (None, outsider, member_a):
        client.logout()
        if person:
            client.force_login(person)
        page = client.get(published.get_absolute_url())
        assert page.status_code == 200
        assert "Seen by the group only." not in page.content.decode()
        assert HEADING() not in page.content.decode()
    for person in (wg.members["TM"], staff):
        client.force_login(person)
        assert "Seen by the group only." in client.get(published.get_absolute_url()).content.decode()


def test_the_secretariat_reads_them_in_the_admin_and_may_not_change_them(open_consultation, unesco, staff, client):
    post(unesco, open_consultation, {"text": "For the secretariat's eyes."})
    comment = PartnerComment.objects.get()
    client.force_login(staff)
    listing = client.get(reverse("admin:recommendations_partnercomment_changelist"))
    assert listing.status_code == 200 and "For the secretariat" in listing.content.decode()
    change_page = reverse("admin:recommendations_recommendation_change", args=[open_consultation.pk])
    assert "For the secretariat" in client.get(change_page).content.decode()
    one = reverse("admin:recommendations_partnercomment_change", args=[comment.pk])
    assert client.get(one).status_code == 200
    assert client.post(one, {"text": "Edited"}).status_code == 403
    assert client.post(reverse("admin:recommendations_partnercomment_delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "For the secretariat's eyes."


def test_the_secretariat_opens_a_text_to_partners_in_the_admin(make_recommendation, advance, staff, client, unesco):
    from tests.html import read_form

    recommendation = advance(make_recommendation(), Status.CONSULTATION)
    client.force_login(staff)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    data = read_form(client.get(url), "recommendation_form").data
    data.update({"partner_consultation": "on", "_save": "Save"})
    assert client.post(url, data).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.partner_consultation is True
    assert unesco.get(detail(recommendation)).status_code == 200
    audit = AuditRecord.objects.filter(action=AuditAction.RECOMMENDATION_UPDATE, target_id=str(recommendation.pk))
    assert audit.get().data["fields"] == ["partner_consultation"]


# Queries ------------------------------------------------------------------------------------------------------


def test_consultations_and_comments_take_a_constant_number_of_queries(
    open_consultation, unesco, make_recommendation, advance, staff, queries_do_not_grow
):
    post(unesco, open_consultation, {"text": "One."}, key="0")

    def grow():  # through the services: a request here would reset the query log the counts are read from
        for n in range(5):
            open_to_partners(advance(make_recommendation(title=f"T{n}"), Status.CONSULTATION), by=staff)
            services.partner_comment_add(
                recommendation=open_consultation,
                organisation=unesco.organisation,
                key_prefix=unesco.key.prefix,
                text=f"More {n}.",
                idempotency_key=f"more-{n}",
            )

    def ok(url):
        def hit():
            assert unesco.get(url).status_code == 200

        return hit

    queries_do_not_grow(ok(LIST), ok(detail(open_consultation)), ok(comments(open_consultation)), at_most=8, grow=grow)


# Races (PostgreSQL) -----------------------------------------------------------------------------------------


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_body", [True, False])
def test_a_duplicate_arriving_while_the_first_is_uncommitted_is_answered_from_the_first(
    postgres, open_consultation, unesco, same_body
):
    """The second request looks for its key before the first commits (and finds none), then waits on the lock; once
    the first commits, its insert meets the unique constraint and it answers from the first's row."""
    release, first_done, results = threading.Event(), threading.Event(), {}
    organisation = unesco.organisation

    def add(text):
        return services.partner_comment_add(
            recommendation=open_consultation,
            organisation=organisation,
            key_prefix="abc",
            text=text,
            idempotency_key="race",
        )

    def first():
        try:
            with transaction.atomic():
                results["first"] = add("Same words.")
                first_done.set()
                release.wait(30)
        finally:
            connections.close_all()

    def second():
        try:
            results["second"] = add("Same words." if same_body else "Other words.")
        except Exception as exc:  # noqa: BLE001 - the test decides
            results["second"] = exc
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert first_done.wait(30)
    two = threading.Thread(target=second)
    two.start()
    for _ in range(300):
        if _waiting_on_a_lock():
            break
        threading.Event().wait(0.05)
    else:
        pytest.fail("the second request never waited for the first")
    release.set()
    one.join(30)
    two.join(30)
    comment, replayed = results["first"]
    assert replayed is False
    if same_body:
        assert results["second"] == (comment, True)
    else:
        assert isinstance(results["second"], services.IdempotencyKeyReused)
    assert PartnerComment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_request_sent_many_times_at_once_makes_one_comment(postgres, open_consultation, unesco):
    barrier, answers = threading.Barrier(6), []
    secret = unesco.defaults["HTTP_AUTHORIZATION"]

    def send():
        try:
            client = ApiClient()
            client.defaults["HTTP_AUTHORIZATION"] = secret
            barrier.wait(30)
            response = post(client, open_consultation, {"text": "At once."}, key="burst")
            answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [status for status, _body in answers] == [201] * 6
    assert len({body["id"] for _status, body in answers}) == 1
    assert PartnerComment.objects.count() == 1
