"""Reports in the partner API (issue 10, item 1): the finished PDF reports a caller may see, their files and the
data the archival variant embeds; never a personal document or a body's report to a partner."""

import datetime
import email.utils
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from council.models import Access
from reports import services
from reports.models import Report, ReportKind, ReportState, ReportVariant
from tests.api.conftest import ApiClient
from tests.factories import InvitationFactory, MeetingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reports/"


def detail(report) -> str:
    return f"/api/v1/reports/{report.pk}/"


def pdf_url(report) -> str:
    return f"/api/v1/reports/{report.pk}/pdf"


def data_url(report) -> str:
    return f"/api/v1/reports/{report.pk}/data"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {row["id"] for row in response.json()["results"]}


def a_pdf(*, data: bytes | None = None) -> bytes:
    """A one-page PDF, carrying `data` as report-data.json when given (as the archival variant does)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if data is not None:
        writer.add_attachment("report-data.json", data)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def finished(kind, *, access, bodies=(), meeting=None, addressee=None, variant=ReportVariant.ACCESSIBLE, **extra):
    """A report as its rendering leaves it, with the audience its data gave it."""
    pdf = extra.pop("pdf", None) or a_pdf()
    report = Report(
        kind=kind,
        parameters=extra.pop("parameters", {}),
        language=extra.pop("language", "en"),
        variant=variant,
        access=access,
        meeting=meeting,
        addressee=addressee,
        title=f"{kind} report",
        reference=f"REC/{kind.upper()}",
        state=ReportState.DONE,
        progress=100,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pages=1,
        finished_at=extra.pop("finished_at", timezone.now()),
        **extra,
    )
    report.file.save("report.pdf", ContentFile(pdf), save=False)
    report.save()
    report.bodies.set(bodies)
    return report


@pytest.fixture
def shelf(group_a, media):
    member = UserFactory(full_name_latin="Aida Member")
    MembershipFactory(person=member, body=group_a)
    meeting = MeetingFactory(bodies=[group_a], access=Access.BODY)
    guest = UserFactory(full_name_latin="Guest Invitee")
    InvitationFactory(meeting=meeting, person=guest, email=guest.email)
    return {
        "member": member,
        "guest": guest,
        "public": finished(ReportKind.COMPENDIUM, access=Access.PUBLIC, parameters={"year": 2025}),
        "partners": finished(
            ReportKind.DOSSIER, access=Access.PARTNERS, variant=ReportVariant.ARCHIVAL, parameters={"recommendation": 4}
        ),
        "council": finished(ReportKind.IMPLEMENTATION, access=Access.COUNCIL),
        "body": finished(ReportKind.MEETING_RECORD, access=Access.BODY, bodies=[group_a], meeting=meeting),
        "secretariat": finished(ReportKind.IMPLEMENTATION, access=Access.SECRETARIAT),
        # A personal document: the invitation letter of `member`, whatever its level says.
        "personal": finished(
            ReportKind.INVITATION_LETTER,
            access=Access.PUBLIC,
            addressee=member,
            parameters={"invitation": 77},
        ),
        "queued": Report.objects.create(kind=ReportKind.COMPENDIUM, language="en", access=Access.PUBLIC),
    }


@pytest.fixture
def partner(issue_key):
    _key, secret = issue_key()
    return ApiClient(secret, HTTP_ACCEPT_LANGUAGE="en")


def session(person) -> ApiClient:
    client = ApiClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(person)
    return client


# What a partner sees ----------------------------------------------------------------------------------------


def test_a_partner_lists_only_finished_public_and_partner_reports(partner, shelf):
    assert ids(partner.get(LIST)) == {shelf["public"].pk, shelf["partners"].pk}


@pytest.mark.parametrize("which", ["council", "body", "secretariat", "personal", "queued"])
def test_a_report_hidden_from_partners_answers_404_everywhere(partner, shelf, which):
    hidden = shelf[which]
    missing = partner.get("/api/v1/reports/999999999/")
    for url in (detail(hidden), pdf_url(hidden), data_url(hidden)):
        response = partner.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
    assert partner.get(detail(hidden)).json() == missing.json()
    assert hidden.pk not in ids(partner.get(LIST, {"page_size": 100}))
    assert hidden.pk not in ids(partner.get(LIST, {"kind": hidden.kind}))


def test_a_report_is_described_with_its_safe_parameters_and_links(partner, shelf):
    report = shelf["partners"]
    body = partner.get(detail(report)).json()
    assert body == {
        "id": report.pk,
        "kind": "dossier",
        "title": "dossier report",
        "reference": "REC/DOSSIER",
        "language": "en",
        "variant": "archival",
        "pages": 1,
        "size": report.size,
        "sha256": report.sha256,
        "created_at": body["created_at"],
        "finished_at": body["finished_at"],
        "access": "partners",
        "parameters": {"recommendation": 4},
        "pdf_url": f"http://testserver{pdf_url(report)}",
        "data_url": f"http://testserver{data_url(report)}",
    }
    assert body["created_at"].endswith("Z") and body["finished_at"].endswith("Z")
    # The accessible variant embeds no data: no link to it.
    assert partner.get(detail(shelf["public"])).json()["data_url"] is None


# What sessions see ------------------------------------------------------------------------------------------


def test_a_member_sees_their_bodys_reports_and_their_own_letter_never_anothers(shelf, group_b):
    member = session(shelf["member"])
    expected = {"public", "partners", "council", "body", "personal"}
    assert ids(member.get(LIST)) == {shelf[name].pk for name in expected}
    # The addressee's letter shows only what names no person: the invitation's id is not among its parameters.
    assert member.get(detail(shelf["personal"])).json()["parameters"] == {}
    other = UserFactory()
    MembershipFactory(person=other, body=group_b)
    assert ids(session(other).get(LIST)) == {shelf[name].pk for name in ("public", "partners", "council")}
    assert session(other).get(detail(shelf["personal"])).status_code == 404


def test_an_invitee_sees_the_record_of_the_meeting_they_were_invited_to(shelf):
    guest = session(shelf["guest"])
    assert shelf["body"].pk in ids(guest.get(LIST))
    assert guest.get(pdf_url(shelf["body"])).status_code == 200


def test_the_secretariat_sees_every_finished_report(staff, shelf):
    finished_ones = {shelf[name].pk for name in shelf if name not in ("member", "guest", "queued")}
    assert ids(session(staff).get(LIST)) == finished_ones


# Filters and pages ------------------------------------------------------------------------------------------


def test_filters_narrow_the_list(partner, shelf):
    old = finished(
        ReportKind.COMPENDIUM,
        access=Access.PUBLIC,
        language="ru",
        finished_at=timezone.now() - datetime.timedelta(days=60),
    )
    assert ids(partner.get(LIST, {"kind": "compendium"})) == {shelf["public"].pk, old.pk}
    assert ids(partner.get(LIST, {"language": "ru"})) == {old.pk}
    assert ids(partner.get(LIST, {"variant": "archival"})) == {shelf["partners"].pk}
    assert ids(partner.get(LIST, {"access": "partners"})) == {shelf["partners"].pk}
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(partner.get(LIST, {"finished_since": since})) == {shelf["public"].pk, shelf["partners"].pk}


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "letters"},
        {"language": "xx"},
        {"variant": "pdf/x"},
        {"access": "all"},
        {"finished_since": "last week"},
        {"finished_since": "2025-02-30T00:00:00Z"},
        {"page_size": "-5"},
        {"finished_since": ""},
        {"finished_since": "0001-01-01T00:00:00+14:00"},
    ],
)
def test_a_bad_filter_value_answers_400_with_the_message_per_parameter(partner, shelf, params):
    response = partner.get(LIST, params)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == set(params)


def test_cursor_pages(partner, shelf):
    more = {finished(ReportKind.COMPENDIUM, access=Access.PUBLIC).pk for _ in range(3)}
    first = partner.get(LIST, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    seen = [row["id"] for row in first["results"]]
    url = first["next"]
    while url:
        page = partner.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(more | {shelf["public"].pk, shelf["partners"].pk}, reverse=True)


def test_an_unchanged_list_or_report_is_304(partner, shelf):
    for url in (LIST, detail(shelf["public"])):
        first = partner.get(url)
        assert partner.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
        assert partner.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    first = partner.get(LIST)
    finished(ReportKind.COMPENDIUM, access=Access.PUBLIC)
    assert partner.get(LIST, headers={"If-None-Match": first["ETag"]}).status_code == 200


# Files ------------------------------------------------------------------------------------------------------


def test_the_pdf_downloads_as_an_attachment_and_its_etag_is_its_digest(partner, shelf):
    report = shelf["public"]
    response = partner.get(pdf_url(report), headers={"Accept": "application/pdf"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="REC-COMPENDIUM-en.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{report.sha256}"'
    assert partner.get(pdf_url(report), headers={"If-None-Match": response["ETag"]}).status_code == 304
    stamp = email.utils.format_datetime(report.finished_at + datetime.timedelta(seconds=1), usegmt=True)
    assert partner.get(pdf_url(report), headers={"If-Modified-Since": stamp}).status_code == 304


def test_the_data_of_an_archival_report_is_read_from_its_pdf(partner, staff, media):
    """A real archival rendering (WeasyPrint, PDF/A-3): the data the API gives is the file its PDF carries."""
    report = services.report_request(
        kind=ReportKind.COMPENDIUM, parameters={}, language="en", variant=ReportVariant.ARCHIVAL, by=staff
    )
    report = services.report_render(report_id=report.pk)
    assert report.state == ReportState.DONE and report.access == Access.PUBLIC

    response = partner.get(data_url(report))

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["kind"] == "compendium" and data["language"] == "en"
    assert data["reference"] == report.reference and data["data"]["count"] == 0
    assert partner.get(data_url(report), headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_the_accessible_variant_has_no_data_and_says_so(partner, shelf):
    response = partner.get(data_url(shelf["public"]))
    assert response.status_code == 404
    problem = response.json()
    assert problem["code"] == "no_embedded_data" and "archival" in problem["detail"]


def test_data_that_cannot_be_read_or_is_too_large_answers_404_never_500(partner, monkeypatch):
    broken = finished(
        ReportKind.COMPENDIUM, access=Access.PUBLIC, variant=ReportVariant.ARCHIVAL, pdf=b"%PDF-1.7 not really"
    )
    assert partner.get(data_url(broken)).status_code == 404
    not_json = finished(
        ReportKind.COMPENDIUM, access=Access.PUBLIC, variant=ReportVariant.ARCHIVAL, pdf=a_pdf(data=b"[1, 2")
    )
    assert partner.get(data_url(not_json)).status_code == 404
    large = finished(
        ReportKind.COMPENDIUM,
        access=Access.PUBLIC,
        variant=ReportVariant.ARCHIVAL,
        pdf=a_pdf(data=b'{"data": {"text": "' + b"x" * 5000 + b'"}}'),
    )
    assert partner.get(data_url(large)).status_code == 200
    monkeypatch.setattr("reports.api.DATA_MAX_BYTES", 1000)
    assert partner.get(data_url(large)).json()["code"] == "no_embedded_data"


# Who may call -----------------------------------------------------------------------------------------------


def test_no_key_is_401_and_a_key_without_the_scope_is_403(anonymous_api, issue_key, shelf):
    _key, secret = issue_key(scopes=["meetings:read"])
    wrong = ApiClient(secret)
    for url in (LIST, detail(shelf["public"]), pdf_url(shelf["public"]), data_url(shelf["partners"])):
        assert anonymous_api.get(url).status_code == 401, url
        assert wrong.get(url).status_code == 403, url


# Queries and hostile input ----------------------------------------------------------------------------------


def test_list_and_detail_take_at_most_8_queries_whatever_the_rows(partner, shelf, group_a, queries_do_not_grow):
    def grow():
        for n in range(8):
            finished(ReportKind.COMPENDIUM, access=Access.PUBLIC if n % 2 else Access.PARTNERS, bodies=[group_a])

    def ok(url):
        return lambda: partner.get(url).status_code == 200 or pytest.fail(url)

    queries_do_not_grow(ok(LIST), ok(detail(shelf["public"])), ok(pdf_url(shelf["public"])), at_most=8, grow=grow)


def test_a_members_list_takes_as_many_queries_whatever_the_rows(shelf, group_a, queries_do_not_grow):
    member = session(shelf["member"])

    def grow():
        for _n in range(8):
            finished(ReportKind.MEETING_RECORD, access=Access.BODY, bodies=[group_a], meeting=MeetingFactory())

    queries_do_not_grow(lambda: member.get(LIST).status_code == 200 or pytest.fail(), at_most=10, grow=grow)


def test_a_nul_character_answers_400_as_problem_details(partner, shelf):
    response = partner.get(LIST, {"kind": "a\x00b"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "nul_character"


def test_hostile_ids_and_parameters_never_answer_5xx(partner, shelf):
    values = ["\x00", "A" * 5000, "9" * 30, "-1", "🙂", "' OR 1=1 --", "2025-01-01T00:00:00+14:00", "[[[["]
    for value in values:
        for name in ("kind", "language", "variant", "access", "finished_since", "ordering", "cursor", "page_size"):
            assert partner.get(LIST, {name: value}).status_code < 500, (name, value)
        for url in (f"{LIST}{value}/", f"{LIST}{value}/pdf", f"{LIST}{value}/data"):
            assert partner.get(url).status_code in (400, 404), url
