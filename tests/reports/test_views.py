"""The portal's report pages and the admin's generate screen, as the people who use them."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from council.models import Access
from council.reporting import Audience
from reports import services
from reports.models import Report, ReportState
from tests.factories import with_totp
from tests.helpers import messages_of
from tests.html import read_controls, read_form

pytestmark = pytest.mark.django_db


def test_a_member_asks_for_a_document_follows_its_progress_and_downloads_it(
    client, member_a, test_document, media, rendered
):
    client.force_login(member_a)

    response = rendered(
        lambda: client.post(reverse("reports:new"), {"kind": "compendium", "language": "uz", "variant": "accessible"})
    )

    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.language == "uz" and report.requested_by == member_a and report.state == ReportState.DONE
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("reports:download", args=[report.pk]) in html
    status = json.loads(client.get(reverse("reports:status", args=[report.pk])).content)
    assert status == {
        "state": "done",
        "label": report.get_state_display(),
        "progress": 100,
        "pages": report.pages,
        "download": reverse("reports:download", args=[report.pk]),
        "finished": True,
    }
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"].startswith("attachment;")
        and "REC-TEST-1-uz.pdf" in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert [email.to for email in mail.outbox] == [[member_a.email]]


def test_the_progress_page_follows_a_rendering_with_no_inline_script(client, staff, test_document, media):
    report = services.report_request(kind="compendium", parameters={}, language="en", by=staff)  # not yet rendered
    client.force_login(staff)

    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/static/js/' in attributes and not body.strip() for attributes, body in scripts)
    assert f'data-status-url="{reverse("reports:status", args=[report.pk])}"' in html
    assert re.search(r"<progress[^>]*value=\"0\"", html)
    assert "hidden" in re.search(r"<p data-report-ready[^>]*>", html).group(0)
    status = client.get(reverse("reports:status", args=[report.pk]))
    assert json.loads(status.content)["state"] == "queued" and status["Cache-Control"] == "private, no-store"
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404  # nothing to download yet


def test_hidden_reports_answer_404_everywhere_and_are_never_listed(
    client, member, staff, test_document, media, rendered
):
    test_document.audience = Audience(level=Access.SECRETARIAT)
    report = rendered(lambda: services.report_request(kind="compendium", parameters={}, language="en", by=staff))
    client.force_login(member)

    for name in ("reports:detail", "reports:status", "reports:download"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:retry", args=[report.pk])).status_code == 404
    assert report.reference not in client.get(reverse("reports:list")).content.decode()
    # Asking for it is answered as for something that does not exist.
    response = client.post(reverse("reports:new"), {"kind": "compendium", "language": "en", "variant": "accessible"})
    assert response.status_code == 404 and Report.objects.count() == 1


def test_bad_input_gets_a_clear_message_and_changes_nothing(client, english, member, test_document):
    client.force_login(member)

    for data in (
        {"kind": "poem", "language": "en"},
        {"kind": "compendium", "language": "fr"},
        {"kind": "compendium", "language": "en", "variant": "pdf/x-1a"},
        {"kind": "compendium", "language": "en", "year": "nineteen"},
        {"kind": "compendium", "language": "en", "next": "https://evil.example.org/"},
    ):
        response = client.post(reverse("reports:new"), data, follow=True)
        assert response.status_code == 200
        if "next" in data:
            assert response.redirect_chain[-1][0].startswith("/")
        else:
            assert any("cannot be made" in m for m in messages_of(response)), data
    assert Report.objects.filter(state=ReportState.QUEUED).count() <= 1


def test_only_signed_in_people_ask_for_reports_and_only_by_post(client, test_document):
    response = client.post(reverse("reports:new"), {"kind": "compendium", "language": "en"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Report.objects.count() == 0


def test_who_asked_tries_a_failed_report_again(client, english, member, test_document, media, rendered):
    report = services.report_request(kind="compendium", parameters={}, language="en", by=member)
    test_document.fail_with = RuntimeError("secret internal path /srv/x")
    services.report_render(report_id=report.pk)
    client.force_login(member)

    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "could not be rendered" in page and "/srv/x" not in page  # the error is for the secretariat's eyes
    test_document.fail_with = None
    form = read_form(
        client.get(reverse("reports:detail", args=[report.pk])), action=reverse("reports:retry", args=[report.pk])
    )
    response = rendered(lambda: client.post(reverse("reports:retry", args=[report.pk]), form.data))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DONE


def test_the_report_list_shows_what_one_may_see_with_as_many_queries_at_any_size(
    client, member_a, group_a, test_document, media, staff, queries_do_not_grow
):
    def make(n):
        for i in range(n):
            test_document.audience = Audience(level=Access.BODY, body_ids={group_a.pk}) if i % 2 else Audience()
            report = services.report_request(kind="compendium", parameters={"n": 100 + i + n}, language="ru", by=staff)
            services.report_render(report_id=report.pk)

    make(2)
    client.force_login(member_a)
    queries_do_not_grow(reverse("reports:list"), at_most=12, grow=lambda: make(6))
    html = client.get(reverse("reports:list")).content.decode()
    assert html.count("REC/TEST/") == 8


def test_the_secretariat_generates_a_document_in_three_languages_from_the_admin(
    client, staff, test_document, media, rendered
):
    client.force_login(staff)
    url = reverse("admin:reports_report_generate") + "?kind=compendium"
    form = read_form(client.get(url), action=url)
    data = {**form.data, "kind": "compendium", "languages": ["ru", "en", "uz"], "variant": "archival"}

    response = rendered(lambda: client.post(url, data))

    assert response.status_code == 302
    reports = Report.objects.order_by("language")
    assert [(r.language, r.variant, r.state) for r in reports] == [
        ("en", "archival", "done"),
        ("ru", "archival", "done"),
        ("uz", "archival", "done"),
    ]


def test_the_generate_screen_refuses_bad_input_with_messages(client, staff, test_document):
    client.force_login(staff)
    url = reverse("admin:reports_report_generate")

    for data in (
        {"kind": "compendium", "variant": "accessible"},  # no language
        {"kind": "meeting_record", "languages": ["ru"], "variant": "accessible"},  # no meeting
        {"kind": "dossier", "languages": ["ru"], "variant": "accessible", "recommendations": "1;drop table"},
        {"kind": "implementation", "languages": ["ru"], "variant": "accessible"},  # no period
        {"kind": "compendium", "languages": ["ru"], "variant": "accessible", "status": "draft"},  # never published
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and b"errorlist" in response.content, data
    assert Report.objects.count() == 0


def test_only_the_secretariat_opens_the_generate_screen(client, member, staff, test_document):
    url = reverse("admin:reports_report_generate")
    assert "/login/" in client.get(url)["Location"]
    client.force_login(member)
    assert client.get(url).status_code == 302
    member.is_staff = True  # staff (with a second factor) outside the Secretariat group
    member.save()
    with_totp(member)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_list_shows_ones_own_reports_being_prepared_and_nobody_elses(client, member, outsider, test_document):
    mine = services.report_request(kind="compendium", parameters={"n": 1}, language="en", by=member)
    theirs = services.report_request(kind="compendium", parameters={"n": 2}, language="en", by=outsider)
    client.force_login(member)

    html = client.get(reverse("reports:list")).content.decode()

    assert reverse("reports:detail", args=[mine.pk]) in html
    assert reverse("reports:detail", args=[theirs.pk]) not in html


@pytest.mark.parametrize(
    "field", ["kind", "language", "variant", "meeting", "invitation", "recommendation", "year", "period", "next"]
)
def test_hostile_values_in_any_field_never_break_asking_for_a_report(client, member, staff, field, media):
    from tests.security.test_hostile_input import HOSTILE

    base = {"kind": "compendium", "language": "en", "variant": "accessible"}
    for who in (member, staff):
        client.force_login(who)
        for value in HOSTILE:
            response = client.post(reverse("reports:new"), {**base, field: value})
            assert response.status_code in (302, 400, 404), (field, value[:20], response.status_code)
    generate = reverse("admin:reports_report_generate")
    for value in HOSTILE:
        names = {"meeting": "meetings", "invitation": "invitations", "recommendation": "recommendations"}
        data = {**base, "languages": ["en"], names.get(field, field): value}
        assert client.post(generate, data).status_code in (200, 302, 400), (field, value[:20])


def test_the_generate_screen_shows_every_field_of_its_form_once(client, staff):
    from reports.admin import ReportGenerateForm

    client.force_login(staff)
    page = client.get(reverse("admin:reports_report_generate"))

    names = [control.name for control in read_controls(page) if control.name in ReportGenerateForm.base_fields]
    assert sorted(set(names)) == sorted(ReportGenerateForm.base_fields)
    assert all(names.count(name) == 1 for name in names if name != "languages")  # a checkbox per language
