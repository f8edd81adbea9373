"""The five documents through the doors people use: the meeting page, the admin's actions and the invitations."""

import pytest
from django.core import mail
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Meeting
from reports.models import Report, ReportState
from tests.factories import UserFactory
from tests.helpers import admin_action
from tests.html import read_forms
from tests.reports.meeting_data import build_meeting
from tests.reports.pdf import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(media):
    return build_meeting(approved=True)


def _pdf_form(page, kind):
    forms = [f for f in read_forms(page) if f.action == reverse("reports:new") and f.data.get("kind") == kind]
    assert len(forms) <= 1
    return forms[0] if forms else None


def _download(client, report) -> bytes:
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_a_member_who_attended_downloads_the_meeting_record_from_the_meeting_page(client, built, rendered, english):
    member = built.members[0]
    client.force_login(member)
    page = client.get(built.meeting.get_absolute_url())
    form = _pdf_form(page, "meeting_record")

    response = rendered(lambda: client.post(form.action, form.data))

    report = Report.objects.get(kind="meeting_record")
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert (report.language, report.state, report.frozen) == ("en", ReportState.DONE, True)
    text = text_of(_download(client, report))
    assert built.meeting.title_en in text and "Aigerim Saparova" in text
    assert [email.to for email in mail.outbox] == [[member.email]]
    # Asked again (by anyone who may see it), the frozen record is the same file.
    again = rendered(lambda: client.post(form.action, form.data))
    assert again["Location"] == response["Location"] and Report.objects.count() == 1


def test_the_frozen_record_never_changes_even_when_its_data_does(client, built, rendered, english):
    client.force_login(built.staff)
    form = _pdf_form(client.get(built.meeting.get_absolute_url()), "meeting_record")
    rendered(lambda: client.post(form.action, form.data))
    first = Report.objects.get()
    Meeting.objects.filter(pk=built.meeting.pk).update(title_en="A title changed after the minutes were approved")

    rendered(lambda: client.post(form.action, form.data))

    assert Report.objects.get() == first
    assert "changed after" not in text_of(_download(client, first))


def test_a_draft_record_is_rendered_anew_when_its_data_changes(client, media, rendered, english):
    built = build_meeting(approved=False)
    client.force_login(built.staff)
    form = _pdf_form(client.get(built.meeting.get_absolute_url()), "meeting_record")
    rendered(lambda: client.post(form.action, form.data))
    Meeting.objects.filter(pk=built.meeting.pk).update(title_en="The title as corrected")

    rendered(lambda: client.post(form.action, form.data))

    first, second = Report.objects.order_by("pk")
    assert not first.frozen and not second.frozen
    assert "The title as corrected" in text_of(_download(client, second))


def test_nobody_outside_the_meeting_gets_its_record(client, built, rendered):
    stranger = UserFactory()
    client.force_login(stranger)

    response = rendered(
        lambda: client.post(reverse("reports:new"), {"kind": "meeting_record", "meeting": built.meeting.pk})
    )

    assert response.status_code == 404 and Report.objects.count() == 0


def test_an_invitee_gets_their_own_letter_and_nobody_else_does(client, built, rendered):
    invitee = built.members[1]
    invitation = built.meeting.invitations.get(person=invitee)
    client.force_login(invitee)
    form = _pdf_form(client.get(built.meeting.get_absolute_url()), "invitation_letter")
    assert form.data["invitation"] == str(invitation.pk)

    rendered(lambda: client.post(form.action, {**form.data, "language": "uz"}))

    letter = Report.objects.get(kind="invitation_letter")
    assert (letter.addressee, letter.language) == (invitee, "uz")
    assert "Oʻzbekiston" in text_of(_download(client, letter)) or invitee.full_name_latin in text_of(
        _download(client, letter)
    )
    # Another member of the group may neither ask for it nor open it.
    client.force_login(built.members[2])
    assert client.get(reverse("reports:download", args=[letter.pk])).status_code == 404
    forged = rendered(
        lambda: client.post(reverse("reports:new"), {"kind": "invitation_letter", "invitation": invitation.pk})
    )
    assert forged.status_code == 404


def test_the_secretariat_generates_each_document_in_three_languages_from_the_admin(client, built, rendered):
    client.force_login(built.staff)
    response = admin_action(client, Meeting, "pdf_meeting_record", [built.meeting])
    generate = response["Location"]
    assert generate.startswith(reverse("admin:reports_report_generate")) and f"meetings={built.meeting.pk}" in generate
    page = client.get(generate)
    form = next(f for f in read_forms(page) if "languages" in f.data or "kind" in f.data)
    data = {**form.data, "languages": ["ru", "en", "uz"], "variant": "accessible"}

    rendered(lambda: client.post(generate, data))

    reports = Report.objects.filter(kind="meeting_record").order_by("language")
    assert [(r.language, r.state) for r in reports] == [("en", "done"), ("ru", "done"), ("uz", "done")]
    texts = {r.language: text_of(_download(client, r)) for r in reports}
    assert "Third session of working group A" in texts["en"]
    assert "Третье заседание рабочей группы A" in texts["ru"]
    assert "A ishchi guruhining uchinchi yigʻilishi" in texts["uz"]


def test_invitation_letters_of_a_meeting_come_in_each_invitees_language(client, built, rendered):
    client.force_login(built.staff)
    generate = admin_action(client, Meeting, "pdf_invitation_letters", [built.meeting])["Location"]
    form = next(f for f in read_forms(client.get(generate)) if "kind" in f.data)
    assert form.data["kind"] == "invitation_letter" and form.data.get("invitee_language") == "on"

    rendered(lambda: client.post(generate, {**form.data, "languages": []}))

    letters = Report.objects.filter(kind="invitation_letter")
    expected = sorted((i.pk, i.language) for i in built.meeting.invitations.all())
    assert sorted((r.parameters["invitation"], r.language) for r in letters) == expected
    assert all(r.state == ReportState.DONE for r in letters)


def test_invitations_carry_the_letter_when_the_meeting_says_so(client, media, rendered, settings):
    built = build_meeting(approved=False)
    meeting = built.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        attach_invitation_letter=True, status=Meeting.Status.SCHEDULED, starts_at=meeting.starts_at
    )
    meeting.refresh_from_db()
    meeting.invitations.update(send_state="queued", sent_sequence=None)
    mail.outbox.clear()

    rendered(lambda: meeting_services.invitations_send(meeting=meeting, by=built.staff))

    assert mail.outbox
    for email in mail.outbox:
        [(name, content, _mimetype)] = [
            a
            for a in email.attachments
            if getattr(a, "mimetype", None) == "application/pdf" or (isinstance(a, tuple) and a[2] == "application/pdf")
        ]
        assert name.endswith(".pdf") and content.startswith(b"%PDF-")
        invitation = meeting.invitations.select_related("person").get(email=email.to[0])
        person = invitation.person
        names = [person.full_name_latin, person.full_name_cyrillic] if person else [invitation.name]
        text = text_of(content)
        assert any(name and name.split()[0] in text for name in names), (names, text[:300])


def test_recommendation_documents_from_its_page_and_the_admin(client, media, rendered, english):
    from recommendations.models import Recommendation
    from tests.reports import recommendation_data as rd

    council = rd.council()
    published = [rd.recommendation(council, "a", n=n, reports=[("UZ", rd.IMPLEMENTED, 100)]) for n in range(2)]
    member = council.members["a"]["KZ"]
    client.force_login(member)

    form = _pdf_form(client.get(published[0].get_absolute_url()), "dossier")
    rendered(lambda: client.post(form.action, form.data))

    dossier = Report.objects.get(kind="dossier")
    assert dossier.state == ReportState.DONE and published[0].code in text_of(_download(client, dossier))
    # The secretariat: a dossier by the action, the compendium and the implementation report on the generate screen.
    client.force_login(council.staff)
    generate = admin_action(client, Recommendation, "pdf_dossier", published)["Location"]
    assert generate.startswith(reverse("admin:reports_report_generate"))
    url = reverse("admin:reports_report_generate")
    for data in (
        {"kind": "compendium", "languages": ["ru", "uz"], "variant": "archival"},
        {"kind": "implementation", "languages": ["en"], "variant": "accessible", "period": _current_period()},
    ):
        rendered(lambda data=data: client.post(url, data))
    kinds = sorted(Report.objects.filter(state=ReportState.DONE).values_list("kind", "language"))
    assert kinds == [("compendium", "ru"), ("compendium", "uz"), ("dossier", "en"), ("implementation", "en")]
    compendium = Report.objects.get(kind="compendium", language="uz")
    assert all(rec.code in text_of(_download(client, compendium)) for rec in published)


def _current_period() -> str:
    from recommendations.services import current_period

    return current_period()
