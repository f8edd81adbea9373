"""Meetings in the partner API (issue 10, item 1): what a partner key sees and never sees, what a member's session
sees more, filters, cursor pages, conditional GET, documents and calendar files, constant queries."""

import base64
import dataclasses
import datetime
import email.utils
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from council.models import Access
from meetings.models import AgendaItem, Meeting
from tests import pdf_samples
from tests.api.conftest import ApiClient
from tests.factories import InvitationFactory, MeetingFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = pdf_samples.plain_pdf()
SECRET_ROOM = "https://meet.example.org/secret-room-7f3a"
LIST = "/api/v1/meetings/"


def detail(meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/"


def calendar(meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/calendar.ics"


def document_file(document, meeting=None) -> str:
    return f"/api/v1/meetings/{(meeting or document.meeting).pk}/documents/{document.pk}/file"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {row["id"] for row in response.json()["results"]}


def add_document(meeting, title, access, *, original_name="brief.pdf", agenda_item=None, language="en"):
    document = meeting.documents.create(
        title=title, access=access, original_name=original_name, agenda_item=agenda_item, language=language
    )
    document.file.save("upload.pdf", ContentFile(PDF), save=True)
    return document


@dataclasses.dataclass
class Calendar:
    public: Meeting  # group A, public, hybrid: online link, agenda with presenters, documents of three levels
    partners: Meeting  # group B, partners level
    body: Meeting  # group A, body level
    council: Meeting  # council level
    secretariat: Meeting
    draft: Meeting  # public level but a draft
    documents: dict
    member: object  # member of group A, invited to `public`
    outsider: object  # signed in, no seat, not invited


@pytest.fixture
def cal(group_a, group_b, media) -> Calendar:
    now = timezone.now()
    public = MeetingFactory(
        bodies=[group_a],
        access=Access.PUBLIC,
        format=Meeting.Format.HYBRID,
        online_url=SECRET_ROOM,
        description_en=f"Joint session. Join at {SECRET_ROOM} on the day.",
        title_en="Second meeting of the working groups",
        starts_at=now + datetime.timedelta(days=20),
        ends_at=now + datetime.timedelta(days=20, hours=6),
        working_languages="Russian, English",
        venue_address="1 Mustaqillik Square",
    )
    public.organisers.add(OrganisationFactory(acronym_en="ISRS"))
    public.co_organisers.add(OrganisationFactory(acronym_en="UNOCT"), OrganisationFactory(acronym_en=""))
    opening = AgendaItem.objects.create(
        meeting=public, order=1, title_ru="Открытие", title_en="Opening", presenters="Aida Speaker", duration_minutes=20
    )
    AgendaItem.objects.create(
        meeting=public, parent=opening, order=1, title_ru="Приветствие", title_en="Welcome", presenters="Umid Host"
    )
    AgendaItem.objects.create(
        meeting=public,
        order=2,
        title_ru="Доклады",
        title_en="Reports",
        duration_minutes=90,
        description_en=f"Speakers join from {SECRET_ROOM}",
    )
    documents = {
        "public": add_document(public, "Concept note", Access.PUBLIC, agenda_item=opening),
        "partners": add_document(public, "Partners' brief", Access.PARTNERS, original_name="brief<script>.pdf"),
        "body": add_document(public, "Working group A only", Access.BODY),
    }
    partners = MeetingFactory(bodies=[group_b], access=Access.PARTNERS, starts_at=now + datetime.timedelta(days=40))
    partners.ends_at = partners.starts_at + datetime.timedelta(hours=2)
    partners.save()
    documents["partners_meeting"] = add_document(partners, "Programme", Access.PARTNERS)
    body = MeetingFactory(bodies=[group_a], access=Access.BODY, online_url=SECRET_ROOM, format="hybrid")
    documents["body_meeting"] = add_document(body, "Body brief", Access.PUBLIC)
    council = MeetingFactory(bodies=[group_a], access=Access.COUNCIL)
    secretariat = MeetingFactory(bodies=[group_a], access=Access.SECRETARIAT)
    draft = MeetingFactory(bodies=[group_a], access=Access.PUBLIC, status=Meeting.Status.DRAFT)
    member = UserFactory(full_name_latin="Aida Member")
    MembershipFactory(person=member, body=group_a)
    InvitationFactory(meeting=public, person=member, email=member.email)
    return Calendar(
        public=public,
        partners=partners,
        body=body,
        council=council,
        secretariat=secretariat,
        draft=draft,
        documents=documents,
        member=member,
        outsider=UserFactory(full_name_latin="Partner Expert"),
    )


@pytest.fixture
def partner(issue_key):
    """A partner key with every scope, reading in English (the partners' language; Russian is the default)."""
    _key, secret = issue_key()
    return ApiClient(secret, HTTP_ACCEPT_LANGUAGE="en")


def session(person) -> ApiClient:
    client = ApiClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(person)
    return client


# What a partner sees ----------------------------------------------------------------------------------------


def test_a_partner_lists_only_published_public_and_partner_meetings(partner, cal):
    assert ids(partner.get(LIST)) == {cal.public.pk, cal.partners.pk}


@pytest.mark.parametrize("which", ["body", "council", "secretariat", "draft"])
def test_a_meeting_hidden_from_partners_answers_404_like_a_missing_one(partner, cal, which):
    hidden = getattr(cal, which)
    response = partner.get(detail(hidden))
    missing = partner.get("/api/v1/meetings/999999999/")
    assert response.status_code == missing.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == missing.json()
    assert partner.get(calendar(hidden)).status_code == 404
    # Nor through its documents, nor counted anywhere.
    for document in hidden.documents.all():
        assert partner.get(document_file(document)).status_code == 404
    assert hidden.pk not in ids(partner.get(LIST, {"page_size": 100}))
    assert hidden.pk not in ids(partner.get(LIST, {"access": hidden.access}))


def test_a_partner_sees_the_meeting_in_full_but_never_its_online_link_nor_names(partner, cal):
    response = partner.get(detail(cal.public))
    body = response.json()
    assert body["title"] == "Second meeting of the working groups"
    assert body["online_link"] is None
    assert SECRET_ROOM not in response.content.decode() and "secret-room" not in response.content.decode()
    assert body["description"].startswith("Joint session.")
    assert body["venue"] == {"city": "Tashkent", "country": "", "address": "1 Mustaqillik Square"}
    assert body["bodies"] == ["a"]
    assert body["organisers"] == ["ISRS"]
    assert "UNOCT" in body["co_organisers"] and len(body["co_organisers"]) == 2
    assert body["starts_at"].endswith("Z") and body["timezone"] == "Asia/Tashkent"
    assert [(item["number"], item["title"], item["presenters"]) for item in body["agenda"]] == [
        ("1", "Opening", None),
        ("2", "Reports", None),
    ]
    assert [(sub["number"], sub["title"], sub["presenters"]) for sub in body["agenda"][0]["items"]] == [
        ("1.1", "Welcome", None)
    ]
    assert body["agenda"][0]["duration_minutes"] == 20
    # Names and addresses of people appear nowhere.
    content = response.content.decode()
    for private in ("Aida Speaker", "Umid Host", "Aida Member", cal.member.email, "invitation"):
        assert private not in content
    assert body["calendar_url"] == f"http://testserver{calendar(cal.public)}"


def test_texts_come_in_the_language_asked_for(partner, cal):
    russian = partner.get(detail(cal.public), headers={"Accept-Language": "ru"})
    assert russian.json()["title"] == cal.public.title_ru and russian["Content-Language"] == "ru"
    assert russian.json()["agenda"][0]["title"] == "Открытие"


def test_a_partner_gets_only_the_documents_of_its_levels(partner, cal):
    documents = partner.get(detail(cal.public)).json()["documents"]
    assert [(d["title"], d["access"]) for d in documents] == [
        ("Concept note", "public"),
        ("Partners' brief", "partners"),
    ]
    note = documents[0]
    assert note["agenda_item"] == "1" and note["language"] == "en" and note["size"] == len(PDF)
    assert note["download_url"] == f"http://testserver{document_file(cal.documents['public'])}"


def test_the_online_link_never_appears_in_any_partner_answer(partner, cal):
    urls = [LIST, f"{LIST}?page_size=1", detail(cal.public), detail(cal.partners), calendar(cal.public)]
    for url in urls:
        response = partner.get(url)
        assert response.status_code == 200, url
        assert b"secret-room" not in response.content, url


# What a member's session sees more ---------------------------------------------------------------------------


def test_a_member_session_sees_what_the_portal_shows_them(cal):
    member = session(cal.member)
    assert ids(member.get(LIST)) == {cal.public.pk, cal.partners.pk, cal.body.pk, cal.council.pk}
    body = member.get(detail(cal.public)).json()
    # Invited: the online link and the names of presenters, as on the meeting's page.
    assert body["online_link"] == SECRET_ROOM
    assert SECRET_ROOM in body["description"]
    assert body["agenda"][0]["presenters"] == "Aida Speaker"
    assert body["agenda"][0]["items"][0]["presenters"] == "Umid Host"
    assert [d["title"] for d in body["documents"]] == ["Concept note", "Partners' brief", "Working group A only"]
    assert body["agenda"][1]["description"] == f"Speakers join from {SECRET_ROOM}"
    assert member.get(document_file(cal.documents["body"])).status_code == 200
    # A meeting of their body they are not invited to: the names (a member), never the link.
    other = member.get(detail(cal.body)).json()
    assert other["online_link"] is None and "secret-room" not in json.dumps(other)
    assert member.get(detail(cal.draft)).status_code == 404
    assert member.get(detail(cal.secretariat)).status_code == 404


def test_someone_signed_in_without_a_seat_sees_the_partner_levels_and_no_names(cal):
    outsider = session(cal.outsider)
    assert ids(outsider.get(LIST)) == {cal.public.pk, cal.partners.pk}
    body = outsider.get(detail(cal.public)).json()
    assert body["online_link"] is None and body["agenda"][0]["presenters"] is None


def test_the_secretariat_sees_every_meeting_drafts_included(staff, cal):
    assert ids(session(staff).get(LIST)) == {
        cal.public.pk,
        cal.partners.pk,
        cal.body.pk,
        cal.council.pk,
        cal.secretariat.pk,
        cal.draft.pk,
    }


# Filters, ordering, pages ------------------------------------------------------------------------------------


def test_filters_narrow_the_list(partner, cal, group_b):
    other = MeetingFactory(
        bodies=[group_b],
        access=Access.PUBLIC,
        kind=Meeting.Kind.BRIEFING,
        format=Meeting.Format.ONLINE,
        online_url="https://meet.example.org/briefing",
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=400) + datetime.timedelta(hours=1),
    )
    assert ids(partner.get(LIST, {"body": "a"})) == {cal.public.pk}
    assert ids(partner.get(LIST, {"body": "b"})) == {cal.partners.pk, other.pk}
    assert ids(partner.get(LIST, {"body": "zz"})) == set()
    assert ids(partner.get(LIST, {"kind": "briefing"})) == {other.pk}
    assert ids(partner.get(LIST, {"status": "held"})) == {other.pk}
    assert ids(partner.get(LIST, {"status": "draft"})) == set()
    assert ids(partner.get(LIST, {"format": "hybrid"})) == {cal.public.pk}
    assert ids(partner.get(LIST, {"access": "partners"})) == {cal.partners.pk}
    day = (cal.partners.starts_at - datetime.timedelta(days=1)).date().isoformat()
    assert ids(partner.get(LIST, {"starts_after": day})) == {cal.partners.pk}
    assert ids(partner.get(LIST, {"starts_before": day})) == {cal.public.pk, other.pk}
    assert ids(partner.get(LIST, {"starts_after": "2020-01-01", "starts_before": day})) == {cal.public.pk, other.pk}
    Meeting.objects.filter(pk=other.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(partner.get(LIST, {"updated_since": since})) == {cal.public.pk, cal.partners.pk}
    assert ids(partner.get(LIST, {"updated_since": "2025-01-01T05:00:00+05:00"})) == {
        cal.public.pk,
        cal.partners.pk,
        other.pk,
    }


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "nonsense"},
        {"status": "DROP TABLE"},
        {"format": "by pigeon"},
        {"access": "everyone"},
        {"body": "not a code!"},
        {"page_size": "0"},
        {"page_size": "ten"},
        {"kind": ""},
        {"updated_since": ""},
        {"body": ""},
        {"starts_after": "yesterday"},
        {"starts_before": "2025-13-45"},
        {"starts_after": "99999-01-01"},
        {"updated_since": "not a time"},
        {"updated_since": "2025-01-01T00:00:00+99:00"},
        {"updated_since": "0001-01-01T00:00:00+14:00"},
    ],
)
def test_a_bad_filter_value_answers_400_with_the_message_per_parameter(partner, cal, params):
    response = partner.get(LIST, params)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["code"] == "invalid"
    assert set(problem["errors"]) == set(params)


def test_cursor_pages_follow_next_without_repeats(partner, cal, group_b):
    extra = {MeetingFactory(bodies=[group_b], access=Access.PUBLIC).pk for _ in range(3)}
    seen, url, pages = [], f"{LIST}?page_size=2&ordering=starts_at", 0
    while url:
        page = partner.get(url).json()
        assert len(page["results"]) <= 2
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 5 and set(seen) == extra | {cal.public.pk, cal.partners.pk}
    starts = [Meeting.objects.get(pk=pk).starts_at for pk in seen]
    assert starts == sorted(starts)


def test_ordering_by_id_and_default_newest_first(partner, cal):
    by_id = [row["id"] for row in partner.get(LIST, {"ordering": "id"}).json()["results"]]
    assert by_id == sorted(by_id)
    default = [row["id"] for row in partner.get(LIST).json()["results"]]
    assert default == [cal.partners.pk, cal.public.pk]  # starts latest first


# Conditional GET ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [lambda cal: LIST, lambda cal: detail(cal.public)])
def test_an_unchanged_answer_is_304_for_its_etag_and_changes_when_the_meeting_does(partner, cal, url):
    first = partner.get(url(cal))
    etag = first["ETag"]
    again = partner.get(url(cal), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    Meeting.objects.filter(pk=cal.public.pk).update(title_en="Renamed", updated_at=timezone.now())
    changed = partner.get(url(cal), headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_last_modified_answers_304_to_if_modified_since(partner, cal):
    first = partner.get(detail(cal.public))
    stamp = first["Last-Modified"]
    assert email.utils.parsedate_to_datetime(stamp) == cal.public.updated_at.replace(microsecond=0)
    assert partner.get(detail(cal.public), headers={"If-Modified-Since": stamp}).status_code == 304
    earlier = email.utils.format_datetime(cal.public.updated_at - datetime.timedelta(hours=1), usegmt=True)
    assert partner.get(detail(cal.public), headers={"If-Modified-Since": earlier}).status_code == 200


# Files: documents and calendars ------------------------------------------------------------------------------


def test_a_document_downloads_as_an_attachment_never_as_a_page(partner, cal):
    response = partner.get(document_file(cal.documents["partners"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The uploader's name, made safe as the portal's download makes it (quoted, no control characters).
    assert response["Content-Disposition"] == 'attachment; filename="brief<script>.pdf"'
    etag = response["ETag"]
    again = partner.get(document_file(cal.documents["partners"]), headers={"If-None-Match": etag})
    assert again.status_code == 304
    since = partner.get(
        document_file(cal.documents["partners"]), headers={"If-Modified-Since": response["Last-Modified"]}
    )
    assert since.status_code == 304


def test_a_document_a_partner_may_not_open_answers_404(partner, cal):
    for document in (cal.documents["body"], cal.documents["body_meeting"]):
        response = partner.get(document_file(document))
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    # A visible document under another meeting's id: 404, not a way around the check.
    assert partner.get(document_file(cal.documents["public"], meeting=cal.body)).status_code == 404
    assert partner.get(document_file(cal.documents["public"], meeting=cal.partners)).status_code == 404
    assert partner.get(f"/api/v1/meetings/{cal.public.pk}/documents/999999999/file").status_code == 404


def test_the_calendar_file_is_the_portals_without_the_online_link(partner, cal):
    response = partner.get(calendar(cal.public), headers={"Accept": "text/calendar"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{cal.public.pk}.ics"'
    text = response.content.decode()
    assert "BEGIN:VCALENDAR" in text and f"UID:meeting-{cal.public.uid}@rec-portal" in text
    assert "secret-room" not in text and "Tashkent" in text
    # The invited member gets the link, as from the portal's own .ics.
    member = session(cal.member)
    own = member.get(calendar(cal.public)).content.decode().replace("\r\n ", "")
    assert SECRET_ROOM in own
    portal = member.get(reverse("meetings:ics", args=[cal.public.pk])).content.decode().replace("\r\n ", "")
    strip = [line for line in own.splitlines() if not line.startswith("DTSTAMP")]
    assert strip == [line for line in portal.splitlines() if not line.startswith("DTSTAMP")]


def test_the_calendar_answers_304_while_the_meeting_is_unchanged(partner, cal):
    first = partner.get(calendar(cal.public))
    assert partner.get(calendar(cal.public), headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304


# Who may call ------------------------------------------------------------------------------------------------


def test_no_key_is_401_and_a_key_without_the_scope_is_403(anonymous_api, issue_key, cal):
    _key, secret = issue_key(scopes=["council:read"])
    wrong = ApiClient(secret)
    for url in (LIST, detail(cal.public), calendar(cal.public), document_file(cal.documents["public"])):
        assert anonymous_api.get(url).status_code == 401, url
        response = wrong.get(url, headers={"Accept": "text/calendar"} if url.endswith(".ics") else {})
        assert response.status_code == 403 and response.json()["code"] == "missing_scope", url


# Queries -----------------------------------------------------------------------------------------------------


def _grow(cal, group_a, group_b):
    def grow():
        for n in range(6):
            meeting = MeetingFactory(bodies=[group_a, group_b], access=Access.PUBLIC if n % 2 else Access.PARTNERS)
            meeting.organisers.add(OrganisationFactory())
            meeting.co_organisers.add(OrganisationFactory())
            item = AgendaItem.objects.create(meeting=meeting, order=1, title_ru="Пункт", presenters="X")
            AgendaItem.objects.create(meeting=meeting, parent=item, order=1, title_ru="Подпункт")
            add_document(meeting, "Note", Access.PUBLIC, agenda_item=item)
            add_document(meeting, "Body note", Access.BODY)
            InvitationFactory(meeting=meeting, person=cal.member, email=cal.member.email)
        for document in cal.public.documents.all()[:1]:
            add_document(cal.public, f"{document.title} 2", Access.PARTNERS)
        AgendaItem.objects.create(meeting=cal.public, order=3, title_ru="Ещё", presenters="Y")

    return grow


def _ok(client, url):
    def hit():
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]

    return hit


def test_a_partners_list_and_detail_take_at_most_8_queries_whatever_the_rows(
    partner, cal, group_a, group_b, queries_do_not_grow
):
    queries_do_not_grow(
        _ok(partner, LIST),
        _ok(partner, detail(cal.public)),
        _ok(partner, calendar(cal.public)),
        at_most=8,
        grow=_grow(cal, group_a, group_b),
    )


def test_a_members_list_and_detail_take_as_many_queries_whatever_the_rows(cal, group_a, group_b, queries_do_not_grow):
    member = session(cal.member)
    # A session costs three queries more than a key: the session, the person, their seats.
    queries_do_not_grow(
        _ok(member, LIST), _ok(member, detail(cal.public)), at_most=10, grow=_grow(cal, group_a, group_b)
    )


# Hostile input -----------------------------------------------------------------------------------------------

HOSTILE = ["\x00", "A" * 5000, "9" * 30, "-1", "1e9", "🙂", "' OR 1=1 --", "[[[[", "%00", "2025-01-01T00:00:00+14:00"]


def test_hostile_ids_and_parameters_never_answer_5xx(partner, cal):
    partner.raise_request_exception = False
    names = ["body", "kind", "status", "format", "access", "starts_after", "starts_before", "updated_since"]
    names += ["ordering", "cursor", "page_size"]
    for value in HOSTILE:
        for name in names:
            response = partner.get(LIST, {name: value})
            assert response.status_code < 500, (name, value, response.status_code)
        for url in (
            f"/api/v1/meetings/{value}/",
            f"/api/v1/meetings/{value}/calendar.ics",
            f"/api/v1/meetings/{cal.public.pk}/documents/{value}/file",
        ):
            response = partner.get(url)
            assert response.status_code in (400, 404), (url, response.status_code)
    # A line break in the path still gets the API's 404, as problem details.
    for url in ("/api/v1/meetings/1%0A/calendar.ics", f"/api/v1/meetings/{cal.public.pk}/documents/%0A9/file"):
        response = partner.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", url
    for value in ("0001-01-01", "9999-12-31"):
        assert partner.get(LIST, {"starts_after": value, "starts_before": value}).status_code == 200
    assert partner.get(LIST, {"updated_since": "0001-01-01T00:00:00Z"}).status_code == 200
    for value in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        assert partner.get(LIST, {"updated_since": value}).status_code == 400, value
    assert partner.get(LIST, {"page_size": "100"}).status_code == 200
    assert partner.get(LIST, {"page_size": "100000"}).status_code == 400
    assert partner.get(LIST, {"cursor": "a"}).status_code == 404
    # A cursor made by hand, whose position is not a time (nor a number, for the id order).
    for made in (b"p=notadate", b"p=" + b"9" * 23, b"o=" + b"1" * 20 + b"&p=1", b"p=2025-99-99", b"p=%00"):
        position = base64.b64encode(made).decode()
        for ordering in ("", "starts_at", "id", "-updated_at"):
            response = partner.get(LIST, {"cursor": position, "ordering": ordering})
            assert response.status_code in (200, 404), (made, ordering, response.status_code)
