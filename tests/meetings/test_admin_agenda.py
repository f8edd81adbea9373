"""A meeting's agenda on a screen of its own: items with their sub-items under them, saved through the agenda
services (audited); the meeting's own form no longer carries the agenda."""

import pytest
from django.urls import reverse

from council.models import AuditRecord
from meetings.models import AgendaItem
from tests.factories import UserFactory
from tests.html import read_form

pytestmark = pytest.mark.django_db


def agenda_url(meeting):
    return reverse("admin:meetings_meeting_agenda", args=[meeting.pk])


@pytest.fixture
def agenda(meeting):
    opening = AgendaItem.objects.create(meeting=meeting, order=1, title_ru="Открытие")
    reports = AgendaItem.objects.create(meeting=meeting, order=2, title_ru="Доклады")
    # Created out of order: a sub-item of the first item made last, a sub-item of the second first.
    second_b = AgendaItem.objects.create(meeting=meeting, parent=reports, order=2, title_ru="Доклад Б")
    second_a = AgendaItem.objects.create(meeting=meeting, parent=reports, order=1, title_ru="Доклад А")
    first_a = AgendaItem.objects.create(meeting=meeting, parent=opening, order=1, title_ru="Приветствие")
    return [opening, first_a, reports, second_a, second_b]


def test_the_agenda_screen_lists_each_sub_item_under_its_parent_numbered(client, secretary, meeting, agenda):
    response = client.get(agenda_url(meeting))
    assert response.status_code == 200
    (formset,) = response.context["inline_admin_formsets"]
    rows = [form.instance for form in formset.formset.forms if form.instance.pk]
    assert rows == agenda
    inline = formset.opts
    assert [inline.number(item) for item in rows] == ["1", "1.1", "2", "2.1", "2.2"]


def test_the_meeting_form_has_no_agenda_inline_but_links_to_the_agenda(client, secretary, meeting, agenda):
    response = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    assert all(f.formset.prefix != "agenda_items" for f in response.context["inline_admin_formsets"])
    assert agenda_url(meeting) in response.content.decode()
    assert "sequence" not in response.context["adminform"].form.fields


def test_items_added_on_the_agenda_screen_are_saved_through_the_service(client, secretary, meeting, agenda):
    data = read_form(client.get(agenda_url(meeting)), "meeting_form").data
    total = int(data["agenda_items-TOTAL_FORMS"])
    data.update(
        {
            "agenda_items-TOTAL_FORMS": str(total + 1),
            f"agenda_items-{total}-order": "3",
            f"agenda_items-{total}-parent": str(agenda[2].pk),
            f"agenda_items-{total}-title_ru": "Доклад В",
            f"agenda_items-{total}-meeting": str(meeting.pk),
            "_save": "Save",
        }
    )
    response = client.post(agenda_url(meeting), data)
    assert response.status_code == 302 and response["Location"] == agenda_url(meeting)
    added = AgendaItem.objects.get(title_ru="Доклад В")
    assert added.parent == agenda[2] and added.meeting == meeting
    record = AuditRecord.objects.get(action="agenda_item.add")
    assert (record.actor, record.target_id) == (secretary, str(added.pk))
    meeting.refresh_from_db()
    assert not AuditRecord.objects.filter(action="meeting.update").exists()  # the meeting itself is untouched


def test_a_sub_item_of_a_sub_item_is_refused_with_a_message_and_nothing_saved(client, secretary, meeting, agenda):
    data = read_form(client.get(agenda_url(meeting)), "meeting_form").data
    total = int(data["agenda_items-TOTAL_FORMS"])
    data.update(
        {
            "agenda_items-TOTAL_FORMS": str(total + 1),
            f"agenda_items-{total}-order": "9",
            f"agenda_items-{total}-parent": str(agenda[1].pk),  # a sub-item: not offered as a parent
            f"agenda_items-{total}-title_ru": "Слишком глубоко",
            f"agenda_items-{total}-meeting": str(meeting.pk),
            "_save": "Save",
        }
    )
    response = client.post(agenda_url(meeting), data)
    assert response.status_code == 200
    assert any(f.formset.errors and any(f.formset.errors) for f in response.context["inline_admin_formsets"])
    assert not AgendaItem.objects.filter(title_ru="Слишком глубоко").exists()


def test_only_the_secretariat_uses_the_agenda_screen(client, meeting, agenda, group_a):
    assert client.get(agenda_url(meeting)).status_code == 302  # signed out: to sign in
    client.force_login(UserFactory())
    assert client.get(agenda_url(meeting)).status_code == 302  # a member: the admin's front door
    client.force_login(UserFactory(is_staff=True))  # staff without the secretariat's permissions
    assert client.get(agenda_url(meeting)).status_code == 403
    data = {"agenda_items-TOTAL_FORMS": "1", "agenda_items-INITIAL_FORMS": "0", "agenda_items-0-title_ru": "X"}
    assert client.post(agenda_url(meeting), data).status_code == 403
    assert not AgendaItem.objects.filter(title_ru="X").exists()


def test_a_missing_meeting_has_no_agenda_screen(client, secretary):
    response = client.get(reverse("admin:meetings_meeting_agenda", args=[999999]))
    assert response.status_code == 302  # the admin's "does not exist" message, back to the list
