"""Limits every admin screen shares: searches of bounded size, typed lists instead of free JSON, no rights
to raise one's own rights through the groups."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from council.admin_site import SEARCH_MAX_WORDS
from council.permissions import SECRETARIAT_GROUP
from tests.factories import MeetingFactory, UserFactory
from tests.html import read_form

pytestmark = pytest.mark.usefixtures("english")  # messages are asserted in English


def test_a_search_of_a_thousand_words_is_shortened_and_says_so(client, staff):
    UserFactory(full_name_latin="Word Zero")
    client.force_login(staff)
    words = " ".join(f"word{i}" for i in range(1000))
    response = client.get(reverse("admin:council_user_changelist"), {"q": words})
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(f"first {SEARCH_MAX_WORDS} words" in m for m in shown), shown
    assert response.context["cl"].query == " ".join(f"word{i}" for i in range(SEARCH_MAX_WORDS))


def test_a_short_search_is_left_alone(client, staff):
    UserFactory(full_name_latin="Findable Person")
    client.force_login(staff)
    response = client.get(reverse("admin:council_user_changelist"), {"q": "Findable"})
    assert response.status_code == 200
    assert response.context["cl"].query == "Findable"
    assert response.context["cl"].result_count == 1
    assert not list(response.context["messages"])


@pytest.mark.parametrize(
    ("number", "unit"),
    [
        ("[" * 5000 + "]" * 5000, "days"),
        ("[[168]]", "hours"),
        ("abc", "hours"),
        ("-24", "hours"),
        ("1" * 400, "days"),
        ("0", "days"),
        ("91", "days"),
        ("2161", "hours"),
        ("7", "weeks"),
        ('{"a": 1}', "days"),
    ],
)
def test_meeting_reminders_refuse_anything_but_days_or_hours_before(client, staff, group_a, number, unit):
    meeting = MeetingFactory(bodies=[group_a], reminder_hours=[168, 24])
    client.force_login(staff)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = read_form(client.get(url), "meeting_form").data
    data["reminder_hours_2"], data["reminder_hours_3"] = number, unit
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "reminder_hours" in response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.reminder_hours == [168, 24]


def test_meeting_reminders_are_shown_and_typed_as_days_or_hours_before(client, staff, group_a):
    meeting = MeetingFactory(bodies=[group_a], reminder_hours=[168, 24, 3])
    client.force_login(staff)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = read_form(client.get(url), "meeting_form").data
    shown = [(data[f"reminder_hours_{i}"], data[f"reminder_hours_{i + 1}"]) for i in range(0, 8, 2)]
    assert shown == [("7", "days"), ("1", "days"), ("3", "hours"), ("", "days")]

    data.update({"reminder_hours_0": "2", "reminder_hours_1": "days", "reminder_hours_2": "", "reminder_hours_4": "3"})
    data.update({"reminder_hours_6": "48", "reminder_hours_7": "hours"})  # the same as 2 days: kept once
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.reminder_hours == [48, 3]


def test_secretariat_staff_cannot_open_or_change_groups(client, staff):
    client.force_login(staff)
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    assert not group.permissions.filter(content_type__app_label__in=["auth", "mfa"]).exists()
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    everything = Permission.objects.values_list("pk", flat=True)
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": SECRETARIAT_GROUP, "permissions": list(everything)},
    )
    assert response.status_code == 403
    assert not group.permissions.filter(codename="change_group").exists()
    assert not staff.has_perm("auth.change_group")


def test_a_superuser_still_manages_groups(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


@pytest.mark.parametrize("person", ["12abc", "9" * 30, "-1", "🙂"])
def test_an_autocomplete_field_with_an_impossible_id_shows_the_form_again_with_an_error(client, staff, group_a, person):
    client.force_login(staff)
    response = client.post(
        reverse("admin:council_membership_add"),
        {"person": person, "body": group_a.pk, "role": "member", "term_start": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "person" in response.context["adminform"].form.errors


@pytest.mark.parametrize("zone", ["A" * 10_240, "Asia/" + "x" * 300, "../../etc/passwd", "Asia/Nowhere"])
def test_a_time_zone_that_is_no_iana_name_is_a_form_error(zone):
    from django.core.exceptions import ValidationError

    from meetings.models import validate_timezone

    with pytest.raises(ValidationError):
        validate_timezone(zone)


@pytest.mark.parametrize("year", ["9" * 30, "abc", "-5"])
def test_a_date_hierarchy_part_that_is_no_number_is_left_out_with_a_message(client, staff, year):
    client.force_login(staff)
    response = client.get(reverse("admin:council_auditrecord_changelist"), {"created_at__year": year})
    assert response.status_code == 200
    assert any("not a date" in str(m) for m in response.context["messages"])


@pytest.mark.parametrize("body", ["9" * 30, "12abc", "-1"])
def test_a_many_to_many_choice_with_an_impossible_id_is_a_form_error(client, staff, body):
    client.force_login(staff)
    response = client.post(reverse("admin:meetings_meeting_add"), {"bodies": [body], "kind": "seminar"})
    assert response.status_code == 200
    assert "bodies" in response.context["adminform"].form.errors
