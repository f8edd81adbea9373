"""The profile page (issue 11, item 6): a person's names in both scripts, language, time zone, calendar feed and
second factor; changes through a service with an audit record, bad input refused with nothing changed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from council.models import AuditRecord
from council.services import user_profile_update
from tests.factories import UserFactory, with_totp
from tests.html import read_form

pytestmark = pytest.mark.django_db

PROFILE = "/profile/"


@pytest.fixture
def person(client):
    person = UserFactory(
        full_name_latin="Dilnoza Karimova", full_name_cyrillic="Дилноза Каримова", preferred_language="en"
    )
    client.force_login(person)
    client.cookies["django_language"] = "en"
    return person


def post(client, **changes):
    data = {
        "full_name_latin": "Dilnoza Karimova",
        "full_name_cyrillic": "Дилноза Каримова",
        "preferred_language": "en",
        "time_zone": "",
        "notice_delivery": "at_once",
        **changes,
    }
    return client.post(PROFILE, data)


def test_the_profile_shows_the_persons_details_in_a_form(client, person):
    form = read_form(client.get(PROFILE), action=PROFILE)
    assert form.method == "post"
    assert form.data["full_name_latin"] == "Dilnoza Karimova"
    assert form.data["full_name_cyrillic"] == "Дилноза Каримова"
    assert form.data["preferred_language"] == "en"


def test_a_person_sets_names_language_and_time_zone_and_the_change_is_audited(client, person):
    response = post(
        client,
        full_name_latin="Dilnoza Karimova-Rashidova",
        full_name_cyrillic="Дилноза Каримова-Рашидова",
        preferred_language="uz",
        time_zone="Europe/Berlin",
        notice_delivery="daily_digest",
    )
    assert response.status_code == 302 and response["Location"] == PROFILE
    assert response.cookies["django_language"].value == "uz"
    person.refresh_from_db()
    assert (person.full_name_latin, person.full_name_cyrillic) == (
        "Dilnoza Karimova-Rashidova",
        "Дилноза Каримова-Рашидова",
    )
    assert (person.preferred_language, person.time_zone) == ("uz", "Europe/Berlin")
    assert person.notice_delivery == "daily_digest"
    record = AuditRecord.objects.get(action="user.update", target_id=str(person.pk))
    assert record.actor == person
    assert sorted(record.data["fields"]) == [
        "full_name_cyrillic",
        "full_name_latin",
        "notice_delivery",
        "preferred_language",
        "time_zone",
    ]


def test_saving_an_unchanged_profile_records_nothing(client, person):
    assert post(client).status_code == 302
    assert not AuditRecord.objects.filter(action="user.update").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name_cyrillic": "Dilnoza"}, "Write the name in Cyrillic letters"),
        ({"full_name_latin": "Дилноза"}, "Write the name in Latin letters"),
        ({"full_name_latin": ""}, "This field is required."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"preferred_language": "xx"}, "Select a valid choice."),
        ({"notice_delivery": "hourly"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(client, person, changes, message):
    response = post(client, **{"time_zone": "Asia/Tashkent", **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    person.refresh_from_db()
    assert (person.full_name_latin, person.full_name_cyrillic, person.time_zone) == (
        "Dilnoza Karimova",
        "Дилноза Каримова",
        "",
    )
    assert not AuditRecord.objects.filter(action="user.update").exists()


def test_the_service_refuses_a_time_zone_that_does_not_exist(person):
    with pytest.raises(ValidationError) as error:
        user_profile_update(user=person, data={"time_zone": "Asia/Atlantis", "full_name_latin": "Someone Else"})
    assert "time_zone" in error.value.error_dict
    person.refresh_from_db()
    assert person.time_zone == "" and person.full_name_latin == "Dilnoza Karimova"


def test_the_service_changes_only_what_a_person_may_change(person):
    changed = user_profile_update(user=person, data={"is_staff": True, "email": "x@example.org", "time_zone": "UTC"})
    person.refresh_from_db()
    assert changed == ["time_zone"] and not person.is_staff and person.email != "x@example.org"


def test_the_time_zones_offered_start_with_central_asia(client, person):
    page = client.get(PROFILE).content.decode()
    select = page.split('name="time_zone"', 1)[1].split("</select>", 1)[0]
    offered = [part.split('"', 1)[0] for part in select.split('value="')[1:]]
    assert offered[:9] == [
        "",
        "Asia/Tashkent",
        "Asia/Samarkand",
        "Asia/Almaty",
        "Asia/Aqtobe",
        "Asia/Bishkek",
        "Asia/Dushanbe",
        "Asia/Ashgabat",
        "UTC",
    ]
    assert "Europe/Berlin" in offered and "America/New_York" in offered


def test_the_calendar_feed_is_offered_with_a_copy_button_and_a_way_to_replace_it(client, person):
    response = client.get(PROFILE)
    page = response.content.decode()
    assert reverse("meetings:feed", args=[person.calendar_token]) in page
    assert 'data-copy-from="feed-url"' in page and "js/copy-text.js" in page
    assert "<script>" not in page  # the CSP allows no inline script
    assert read_form(response, action=reverse("meetings:feed_rotate")).method == "post"


def test_without_a_second_factor_the_person_is_invited_to_set_one_up(client, person):
    page = client.get(PROFILE).content.decode()
    assert "No second factor is set up." in page and f'href="{reverse("mfa_index")}"' in page


def test_with_an_authenticator_app_the_profile_says_so(client, person):
    with_totp(person)
    page = client.get(PROFILE).content.decode()
    assert "protected by a second factor" in page and "an authenticator app" in page
    assert "No second factor is set up." not in page


def test_the_profile_needs_a_signed_in_person(client):
    response = client.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
