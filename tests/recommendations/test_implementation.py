"""Implementation: national focal points report per period on published recommendations; the matrix and
its roll-ups; reminders once per period."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import AuditRecord
from recommendations import selectors, services, tasks
from recommendations.models import ImplementationReport, Recommendation
from recommendations.services import RecommendationError
from tests.factories import MembershipFactory, UserFactory
from tests.pdf_samples import plain_pdf
from tests.recommendations.conftest import report_url, submit_report

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
PDF = plain_pdf()  # a real PDF: the upload is parsed, not only its first bytes checked


@pytest.fixture
def focal_points(council_body, states):
    """One national focal point per state (KZ's prefers English), seated in the council."""
    people = {}
    for code in ("KZ", "KG", "TJ", "TM", "UZ"):
        person = UserFactory(full_name_latin=f"Focal Point {code}", preferred_language="en" if code == "KZ" else "ru")
        MembershipFactory(person=person, body=council_body, represents_state=states[code], is_focal_point=True)
        people[code] = person
    return people


@pytest.fixture
def published(make_recommendation, advance):
    """A published public recommendation of group B addressed to Kazakhstan and Uzbekistan."""
    return advance(make_recommendation(title="Reintegration centres", states=("KZ", "UZ")), Status.PUBLISHED)


def valid(**changes):
    data = {
        "period": services.current_period(),
        "status": "in_progress",
        "progress": "40",
        "narrative": "Two centres opened in Tashkent and Nukus.",
        "evidence_links": "https://gov.uz/news/1\nhttp://example.org/report",
    }
    data.update(changes)
    return data


# The report page ---------------------------------------------------------------------------------------


def test_a_focal_point_reports_for_their_state(client, media, published, focal_points):
    person = focal_points["UZ"]
    client.force_login(person)
    page = client.get(report_url(published, "UZ"))
    assert page.status_code == 200
    assert page.context["form"].initial["period"] == services.current_period()

    response = client.post(
        report_url(published, "UZ"), {**valid(), "evidence_file": SimpleUploadedFile("decree.pdf", PDF)}
    )

    report = ImplementationReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "recommendations:report_detail", args=[report.pk]
    )
    assert (report.recommendation, report.state.code, report.period, report.status, report.progress) == (
        published,
        "UZ",
        services.current_period(),
        "in_progress",
        40,
    )
    assert report.narrative == "Two centres opened in Tashkent and Nukus."
    assert report.evidence_links.splitlines() == ["https://gov.uz/news/1", "http://example.org/report"]
    assert report.submitted_by == person
    assert report.evidence_file.name.endswith(".pdf")
    assert report.evidence_file.read() == PDF
    assert AuditRecord.objects.filter(action="implementation.report", actor=person).exists()


def test_the_secretariat_may_report_for_a_state(client, published, focal_points, staff):
    client.force_login(staff)
    assert client.post(report_url(published, "KZ"), valid()).status_code == 302
    assert ImplementationReport.objects.get().submitted_by == staff


def test_the_report_page_needs_a_signed_in_person(client, published):
    response = client.get(report_url(published, "UZ"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(report_url(published, "UZ"), valid()).status_code == 302
    assert not ImplementationReport.objects.exists()


@pytest.mark.parametrize("who", ["member_of_the_group", "member_of_group_a", "focal_point_of_another_state"])
def test_only_the_states_focal_points_reach_the_report_page(client, published, focal_points, wg, member_a, who):
    person = {
        "member_of_the_group": wg.members["UZ"],  # represents Uzbekistan, but is not its focal point
        "member_of_group_a": member_a,
        "focal_point_of_another_state": focal_points["KZ"],
    }[who]
    client.force_login(person)
    assert client.get(report_url(published, "UZ")).status_code == 404
    assert client.post(report_url(published, "UZ"), valid()).status_code == 404
    assert not ImplementationReport.objects.exists()


def test_a_focal_point_whose_term_ended_cannot_report(client, published, council_body, states):
    person = UserFactory()
    MembershipFactory(
        person=person,
        body=council_body,
        represents_state=states["UZ"],
        is_focal_point=True,
        term_start=datetime.date(2024, 5, 14),
        term_end=datetime.date(2024, 12, 31),
    )
    client.force_login(person)
    assert client.post(report_url(published, "UZ"), valid()).status_code == 404
    assert not ImplementationReport.objects.exists()


@pytest.mark.parametrize("code", ["TM", "XX", "uz"])
def test_no_report_for_a_state_the_recommendation_does_not_address(client, published, focal_points, staff, code):
    client.force_login(focal_points["TM"] if code == "TM" else staff)
    assert client.get(report_url(published, code)).status_code == 404
    assert client.post(report_url(published, code), valid()).status_code == 404
    assert not ImplementationReport.objects.exists()


def test_no_report_on_a_recommendation_that_is_not_published(
    client, english, make_recommendation, advance, focal_points, staff
):
    endorsed = advance(make_recommendation(states=("UZ",)), Status.ENDORSED)
    client.force_login(focal_points["UZ"])  # cannot even see it
    assert client.post(report_url(endorsed, "UZ"), valid()).status_code == 404

    client.force_login(staff)  # sees the text, but there is no report page until it is published
    assert client.get(report_url(endorsed, "UZ")).status_code == 404
    assert client.post(report_url(endorsed, "UZ"), valid()).status_code == 404
    with pytest.raises(RecommendationError, match="published recommendations only"):
        submit_report(endorsed, "UZ", by=staff)
    assert not ImplementationReport.objects.exists()


def test_no_report_on_a_superseded_recommendation(published, make_recommendation, advance, focal_points):
    newer = make_recommendation(title="Newer")
    Recommendation.objects.filter(pk=newer.pk).update(replaces=published)
    advance(newer, Status.PUBLISHED)
    published.refresh_from_db()
    with pytest.raises(RecommendationError):
        submit_report(published, "UZ", by=focal_points["UZ"])
    assert not ImplementationReport.objects.exists()


BAD_INPUT = {
    "progress_over_100": ({"progress": "101"}, "progress", None),
    "negative_progress": ({"progress": "-1"}, "progress", None),
    "progress_not_a_number": ({"progress": "half"}, "progress", None),
    "period_of_a_third_half": ({"period": "2025-H3"}, "period", "Choose one of the periods offered."),
    "period_as_a_year": ({"period": "2025"}, "period", "Choose one of the periods offered."),
    "period_backwards": ({"period": "H1-2025"}, "period", "Choose one of the periods offered."),
    "period_in_full_width_digits": ({"period": "２０２５-H1"}, "period", None),
    "period_in_arabic_indic_digits": ({"period": "٢٠٢٥-H1"}, "period", None),
    "no_period": ({"period": ""}, "period", None),
    "unknown_status": ({"status": "done"}, "status", None),
    "empty_narrative": ({"narrative": ""}, "narrative", None),
    "ftp_link": (
        {"evidence_links": "ftp://files.gov.uz/x"},
        None,
        "Evidence links must start with https:// or http://.",
    ),
    "script_link": (
        {"evidence_links": "https://ok.example.org\njavascript:alert(1)"},
        None,
        "Evidence links must start with https:// or http://.",
    ),
    "bare_domain": ({"evidence_links": "www.gov.uz"}, None, "Evidence links must start with https:// or http://."),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client, english, published, focal_points, case):
    changes, field, message = BAD_INPUT[case]
    client.force_login(focal_points["UZ"])
    response = client.post(report_url(published, "UZ"), valid(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors
    if field:
        assert field in form.errors
    if message:
        assert message in response.content.decode()
    assert not ImplementationReport.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all"),
        SimpleUploadedFile("decree.docx", PDF),
        SimpleUploadedFile("page.html", b"<script>alert(1)</script>"),
    ],
    ids=["pdf_name_other_content", "pdf_content_other_name", "html"],
)
def test_evidence_that_is_not_a_pdf_is_refused(client, english, media, published, focal_points, upload):
    client.force_login(focal_points["UZ"])
    response = client.post(report_url(published, "UZ"), {**valid(), "evidence_file": upload})
    assert response.status_code == 400
    assert "Attach a PDF document." in response.content.decode()
    assert not ImplementationReport.objects.exists()
    assert not any(media.rglob("*.*"))


# The matrix --------------------------------------------------------------------------------------------


@pytest.fixture
def two_groups(make_recommendation, advance, wg_a, group_a, staff):
    """B1 (group B) addressed to KZ and UZ; A1 (group A) addressed to UZ and TM; reports on three cells."""
    b1 = advance(make_recommendation(title="B1", states=("KZ", "UZ")), Status.PUBLISHED)
    a1 = advance(make_recommendation(title="A1", group=group_a, states=("UZ", "TM")), Status.PUBLISHED)
    submit_report(b1, "KZ", by=staff, status="in_progress", progress=40)
    submit_report(b1, "UZ", by=staff, status="in_progress", progress=30, period="2025-H1")
    submit_report(b1, "UZ", by=staff, status="implemented", progress=100, period="2025-H2")
    submit_report(a1, "UZ", by=staff, status="planned", progress=50)
    return b1, a1


def test_the_matrix_shows_the_latest_report_of_each_state(client, english, two_groups):
    b1, a1 = two_groups
    matrix = selectors.implementation_matrix(user=AnonymousUser())
    cells = {
        (row["recommendation"].code, cell["state"].code): (
            cell["addressed"],
            cell["report"] and cell["report"].progress,
        )
        for row in matrix["rows"]
        for cell in row["cells"]
    }
    assert cells[(b1.code, "UZ")] == (True, 100)
    assert cells[(b1.code, "KZ")] == (True, 40)
    assert cells[(b1.code, "TM")] == (False, None)
    assert cells[(a1.code, "UZ")] == (True, 50)
    assert cells[(a1.code, "TM")] == (True, None)

    html = client.get(reverse("recommendations:matrix")).content.decode()
    row = html[html.index(b1.code) :]
    row = row[: row.index("</tr>")]
    assert "100% · 2025-H2" in row and "implemented" in row
    assert "30%" not in row
    assert "40% · 2025-H1" in row


def test_the_matrix_rolls_up_per_state_and_per_group(two_groups, group_a, group_b):
    matrix = selectors.implementation_matrix(user=AnonymousUser())
    per_state = {
        b["state"].code: (b["addressed"], b["reported"], b["implemented"], b["average"]) for b in matrix["per_state"]
    }
    assert per_state == {
        "KZ": (1, 1, 0, 40),
        "KG": (0, 0, 0, None),
        "TJ": (0, 0, 0, None),
        "TM": (1, 0, 0, None),  # addressed, nothing reported yet: no average (not a 0)
        "UZ": (2, 2, 1, 75),  # latest reports: 100 (implemented) and 50
    }
    per_group = {
        b["group"].code: (b["addressed"], b["reported"], b["implemented"], b["average"]) for b in matrix["per_group"]
    }
    assert per_group == {"b": (2, 2, 1, 70), "a": (2, 1, 0, 50)}  # A1: UZ reported 50, TM nothing


def test_the_matrix_shows_only_published_recommendations_one_may_see(client, make_recommendation, advance, wg):
    public = advance(make_recommendation(title="Public one"), Status.PUBLISHED)
    body_only = advance(make_recommendation(title="For the group", access="body"), Status.PUBLISHED)
    draft = make_recommendation(title="Draft")

    anonymous_rows = {r["recommendation"].pk for r in client.get(reverse("recommendations:matrix")).context["rows"]}
    assert anonymous_rows == {public.pk}
    client.force_login(wg.members["KZ"])
    member_rows = {r["recommendation"].pk for r in client.get(reverse("recommendations:matrix")).context["rows"]}
    assert member_rows == {public.pk, body_only.pk}
    assert draft.pk not in member_rows


# Reminders ---------------------------------------------------------------------------------------------


def test_focal_points_are_reminded_once_per_period_in_its_last_month(
    make_recommendation, advance, focal_points, council_body, states, staff, django_capture_on_commit_callbacks
):
    sent = django_capture_on_commit_callbacks  # the outbox sends after the commit
    second_uz = UserFactory(full_name_latin="Second Focal Uz")
    MembershipFactory(person=second_uz, body=council_body, represents_state=states["UZ"], is_focal_point=True)
    retired = UserFactory(is_active=False)
    MembershipFactory(person=retired, body=council_body, represents_state=states["KZ"], is_focal_point=True)

    with time_machine.travel(datetime.datetime(2025, 6, 2, 8, tzinfo=datetime.UTC), tick=False):
        both = advance(make_recommendation(title="Both", states=("KZ", "UZ")), Status.PUBLISHED)
        reported = advance(make_recommendation(title="Reported", states=("UZ",)), Status.PUBLISHED)
        advance(make_recommendation(title="Not yet published", states=("TM",)), Status.ENDORSED)
        submit_report(reported, "UZ", by=staff, status="in_progress", progress=20, period="2025-H1")

    with time_machine.travel(datetime.datetime(2025, 5, 31, 23, tzinfo=datetime.UTC), tick=False), sent(execute=True):
        assert services.report_reminders_due() == 0  # May: not the last month of the half-year
    assert mail.outbox == []

    with time_machine.travel(datetime.datetime(2025, 6, 15, 6, tzinfo=datetime.UTC), tick=False), sent(execute=True):
        assert tasks.report_reminders_due.delay().get() == 3
        assert services.report_reminders_due() == 0  # once per period
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([focal_points["KZ"].email, focal_points["UZ"].email, second_uz.email])
    for message in mail.outbox:
        assert both.code in message.subject
        assert "2025-H1" in message.body and both.get_absolute_url() in message.body
    english_mail = next(m for m in mail.outbox if m.to == [focal_points["KZ"].email])
    assert "Implementation report due" in english_mail.subject

    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2025, 7, 1, 6, tzinfo=datetime.UTC), tick=False), sent(execute=True):
        assert services.report_reminders_due() == 0
    with time_machine.travel(datetime.datetime(2025, 12, 1, 6, tzinfo=datetime.UTC), tick=False), sent(execute=True):
        # A new period: both recommendations are due again (the June report was for 2025-H1).
        assert services.report_reminders_due() == 5
    assert sum(reported.code in m.subject for m in mail.outbox) == 2
    assert all("2025-H2" in m.body for m in mail.outbox)


@pytest.mark.parametrize("period", ["２０２５-H1", "٢٠٢٥-H1", "2025-H1\n", " 2025-H1"])
def test_the_service_takes_a_period_only_in_ascii_digits_and_nothing_around_it(published, focal_points, period):
    with pytest.raises(RecommendationError):
        submit_report(published, "UZ", by=focal_points["UZ"], period=period)
    assert not ImplementationReport.objects.exists()
