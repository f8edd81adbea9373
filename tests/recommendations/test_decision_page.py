"""The decision page (issue 11, item 2): a recommendation under a consensus round, through the page people use."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone, translation

from recommendations import decision, services
from recommendations.models import Comment, ConsensusRound, Position, Recommendation, StatusChange
from tests.helpers import messages_of
from tests.recommendations.conftest import record_all, texts

pytestmark = pytest.mark.django_db

Status = Recommendation.Status


def position_url(round_):
    return reverse("recommendations:position", args=[round_.recommendation_id, round_.pk])


def comment_url(round_):
    return reverse("recommendations:comment", args=[round_.recommendation_id, round_.pk])


def post_position(client, round_, kind, reason="", **extra):
    data = {"version": round_.version_id, "kind": kind, "reason": reason, **extra}
    return client.post(position_url(round_), data)


def checked_kind(html: str) -> str | None:
    found = re.search(r'<input type="radio" name="kind" value="(\w+)"[^>]*checked', html)
    return found.group(1) if found else None


# How the round decides -------------------------------------------------------------------------------------


def test_the_page_says_in_one_sentence_how_the_round_decides(client, english, silence_round, wg):
    client.force_login(wg.members["KG"])
    html = client.get(silence_round.recommendation.get_absolute_url()).content.decode()
    rule = re.search(r'<p class="round-rule">(.*?)</p>', html, re.S).group(1)
    local = silence_round.deadline.astimezone(zoneinfo.ZoneInfo("Asia/Tashkent"))
    assert "silence procedure" in rule and "counts as support" in rule  # what silence means
    assert "quorum: 3 members from 3 member states" in rule  # half of five, rounded up; the body's three states
    assert "formal objection stands at the deadline, which blocks it" in rule  # what an objection does
    assert f"{local:%H:%M} (Asia/Tashkent, UTC+05:00)" in rule  # the deadline, its zone and offset


def test_the_meeting_round_says_members_absent_are_not_counted(client, english, meeting_round, wg):
    client.force_login(wg.members["KG"])
    html = client.get(meeting_round.recommendation.get_absolute_url()).content.decode()
    rule = re.search(r'<p class="round-rule">(.*?)</p>', html, re.S).group(1)
    assert "at least 3 of the 5 members from at least 3 member states" in rule and "absent are not counted" in rule


def test_the_deadline_is_shown_in_the_readers_own_zone_and_the_rounds(silence_round, wg):
    person = wg.members["KG"]
    assert decision.reader_zone(person, silence_round).key == "Asia/Tashkent"  # no zone of their own
    person.time_zone = "Europe/Berlin"  # the profile's field (another part of issue 11)
    text = decision.deadline_text(silence_round, person)
    berlin = silence_round.deadline.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert text.startswith(berlin.strftime("%d").lstrip("0")) or "Europe/Berlin" in text
    assert "(Europe/Berlin, UTC+01:00)" in text and "(Asia/Tashkent, UTC+05:00)" in text
    person.time_zone = "Not/AZone"
    assert decision.reader_zone(person, silence_round).key == "Asia/Tashkent"


# My position -------------------------------------------------------------------------------------------------


def test_my_recorded_position_and_reason_are_shown_to_me(client, english, silence_round, wg):
    person = wg.members["KG"]
    client.force_login(person)
    html = client.get(silence_round.recommendation.get_absolute_url()).content.decode()
    assert "You have not answered: your silence counts as support at the deadline" in html

    response = post_position(client, silence_round, "stand_aside", "Funding is not settled")
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert messages_of(page) == ["Your position has been recorded."]
    mine = re.search(r'<p class="my-position">(.*?)</p>', html, re.S).group(1)
    assert "Your recorded position" in mine and "stand aside (reservation)" in mine
    assert "Funding is not settled" in mine
    # While the round is open, others see only that I answered; I see my own answer.
    client.force_login(wg.members["TJ"])
    assert "Funding is not settled" not in client.get(silence_round.recommendation.get_absolute_url()).content.decode()


def test_i_change_my_position_before_the_deadline_and_the_latest_counts(client, english, silence_round, wg):
    person = wg.members["KG"]
    client.force_login(person)
    post_position(client, silence_round, "support")
    html = client.get(silence_round.recommendation.get_absolute_url()).content.decode()
    assert "Change your position (until" in html and checked_kind(html) == "support"

    post_position(client, silence_round, "stand_aside", "Budget")
    assert list(Position.objects.filter(person=person).values_list("kind", "reason")) == [
        ("support", ""),
        ("stand_aside", "Budget"),
    ]
    html = client.get(silence_round.recommendation.get_absolute_url()).content.decode()
    assert checked_kind(html) == "stand_aside" and re.search(r">\s*Budget</textarea>", html)
    assert services.round_outcome(silence_round).counts["stand_aside"] == 1


def test_after_the_deadline_a_change_is_refused_with_a_message_and_nothing_changes(client, english, silence_round, wg):
    person = wg.members["KG"]
    client.force_login(person)
    post_position(client, silence_round, "support")
    client.get(silence_round.recommendation.get_absolute_url())  # reads the message of the recording
    with time_machine.travel(silence_round.deadline, tick=False):  # (a session lasts two weeks, as the round)
        response = client.post(
            position_url(silence_round),
            {"version": silence_round.version_id, "kind": "objection", "reason": "Late", "confirm": "1"},
            follow=True,
        )
        html = response.content.decode()
    assert messages_of(response) == ["This round is closed; positions can no longer be given."]
    assert 'type="radio" name="kind"' not in html  # no position form offered any more
    assert list(Position.objects.values_list("person", "kind")) == [(person.pk, "support")]


def test_a_form_error_keeps_what_i_chose(client, english, silence_round, wg):
    client.force_login(wg.members["UZ"])
    response = post_position(client, silence_round, "stand_aside", "   ")
    html = response.content.decode()
    assert response.status_code == 400
    assert messages_of(response) == ["A reservation or a formal objection needs its reason."]
    assert checked_kind(html) == "stand_aside"
    assert not Position.objects.exists()


def test_a_formal_objection_asks_for_confirmation_saying_what_it_will_do(client, english, silence_round, wg):
    person = wg.members["UZ"]
    client.force_login(person)
    response = post_position(client, silence_round, "objection", "The text ignores the courts")
    html = response.content.decode()
    assert response.status_code == 200 and not Position.objects.exists()
    local = silence_round.deadline.astimezone(zoneinfo.ZoneInfo("Asia/Tashkent"))
    consequence = re.search(r'<p role="alert"><strong>(.*?)</strong></p>', html, re.S).group(1)
    assert consequence.startswith("Your formal objection will block adoption of this text unless you withdraw it")
    assert f"{local:%H:%M} (Asia/Tashkent, UTC+05:00)" in consequence
    assert 'name="confirm" value="1"' in html and "The text ignores the courts" in html

    response = post_position(client, silence_round, "objection", "The text ignores the courts", confirm="1")
    assert response.status_code == 302
    position = Position.objects.get()
    assert (position.person, position.kind, position.reason) == (person, "objection", "The text ignores the courts")


def test_support_and_reservations_need_no_confirmation(client, silence_round, wg):
    client.force_login(wg.members["UZ"])
    assert post_position(client, silence_round, "support").status_code == 302
    assert post_position(client, silence_round, "stand_aside", "Budget").status_code == 302
    assert Position.objects.count() == 2


# Comments --------------------------------------------------------------------------------------------------


@pytest.fixture
def ec_round(make_recommendation, advance, ec, staff):
    """An open silence procedure of the executive committee on a text group B adopted (group B still reads it)."""
    recommendation = advance(make_recommendation(), Status.ADOPTED)
    return services.round_open(
        recommendation=recommendation, mode="silence", deadline=timezone.now() + datetime.timedelta(days=7), by=staff
    )


def test_no_comment_box_on_a_round_of_a_body_i_do_not_belong_to(client, english, ec_round, wg, ec):
    url = ec_round.recommendation.get_absolute_url()
    client.force_login(wg.members["KZ"])  # reads the text (their group's), is not on the executive committee
    html = client.get(url).content.decode()
    assert html.count(comment_url(ec_round)) == 0 and 'name="text"' not in html
    response = client.post(comment_url(ec_round), {"text": "From outside"})
    assert response.status_code == 403 and not Comment.objects.exists()

    client.force_login(ec.observer)  # the committee's observer comments
    assert comment_url(ec_round) in client.get(url).content.decode()
    assert client.post(comment_url(ec_round), {"text": "From inside"}).status_code == 302
    assert list(Comment.objects.values_list("text", flat=True)) == ["From inside"]


def test_comments_are_dated(client, english, silence_round, wg):
    comment = services.comment_add(round_=silence_round, person=wg.observer, text="UNHCR has data on this.")
    client.force_login(wg.members["KZ"])
    html = client.get(silence_round.recommendation.get_absolute_url()).content.decode()
    local = comment.created_at.astimezone(zoneinfo.ZoneInfo("Asia/Tashkent"))
    stamp = re.search(r'<time datetime="([^"]+)">([^<]+)</time><div>UNHCR has data on this.</div>', html)
    assert stamp and stamp.group(2).endswith(f"{local:%H:%M} (Asia/Tashkent, UTC+05:00)")
    assert str(local.year) in stamp.group(2)


# After closing ---------------------------------------------------------------------------------------------


def test_after_closing_the_outcome_annexes_reservations_and_objections(client, english, silence_round, wg):
    kg, tj = wg.members["KG"], wg.members["TJ"]
    services.position_record(round_=silence_round, person=kg, kind="stand_aside", reason="RESERVE-KG", by=kg)
    services.position_record(round_=silence_round, person=tj, kind="objection", reason="OBJECT-TJ", by=tj)
    url = silence_round.recommendation.get_absolute_url()
    client.force_login(wg.members["UZ"])
    assert "annexed to the outcome" not in client.get(url).content.decode()  # not while open

    services.round_close(round_=silence_round, by=None, now=silence_round.deadline)
    html = client.get(url).content.decode()
    annex = re.search(r'<ul class="annex">(.*?)</ul>', html, re.S).group(1)
    assert "Outcome: blocked" in html and "annexed to the outcome" in html
    assert f"{kg.display_name}, State KG: RESERVE-KG" in annex  # members of the body see names
    assert f"{tj.display_name}, State TJ: OBJECT-TJ" in annex
    assert "5 of 5 members counted (3 needed)" in html


def test_the_annex_names_states_not_people_to_those_outside_the_body(
    client, english, meeting_round, wg, staff, advance
):
    record_all(meeting_round, [wg.members[c] for c in ("KZ", "TJ", "TM", "UZ")], by=staff)
    services.position_record(
        round_=meeting_round, person=wg.members["KG"], kind="stand_aside", reason="RESERVE-KG", by=staff
    )
    services.round_close(round_=meeting_round, by=staff)
    recommendation = advance(meeting_round.recommendation, Status.PUBLISHED)
    html = client.get(recommendation.get_absolute_url()).content.decode()  # anonymous: a public text
    rounds = [s for s in html.split('class="card decision"')[1:] if "RESERVE-KG" in s]
    annex = re.search(r'<ul class="annex">(.*?)</ul>', rounds[0], re.S).group(1)
    assert "State KG: RESERVE-KG" in annex
    for person in wg.people:
        assert person.full_name_latin not in html
    # No column nobody can fill: anonymous readers see no "Member" column at all.
    assert '<th scope="col">Member</th>' not in html


# The text, its language and its digest ---------------------------------------------------------------------


def test_a_text_missing_in_my_language_is_shown_in_the_original_marked(client, english, make_recommendation, wg):
    recommendation = make_recommendation(texts=texts("Доступ к образованию", "Обеспечить доступ к школе."))
    client.force_login(wg.members["KZ"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert re.search(r'<h1 lang="ru">Доступ к образованию <small class="original-language">', html)
    assert '<div class="recommendation-text" lang="ru">' in html
    assert "shown in the original language (Russian)" in html
    assert "Language of this text" not in html  # one language only: nothing to switch to


def test_the_language_switcher_offers_only_languages_that_exist(client, english, make_recommendation, wg):
    recommendation = make_recommendation(
        texts={**texts("Доступ", "Текст."), "title_en": "Access", "text_en": "Text in English."}
    )
    client.force_login(wg.members["KZ"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    switcher = re.search(r"Language of this text:(.*?)</p>", html, re.S).group(1)
    assert 'href="?lang=ru"' in switcher and 'href="?lang=en"' in switcher and "?lang=uz" not in switcher
    assert re.search(r'<h1 lang="en">Access</h1>', html) and "shown in the original language" not in html
    uz = client.get(recommendation.get_absolute_url() + "?lang=uz").content.decode()
    assert '<h1 lang="ru">Доступ' in uz and "shown in the original language" in uz


def test_the_digest_is_in_a_verify_this_text_detail(client, english, make_recommendation, advance):
    recommendation = advance(make_recommendation(), Status.PUBLISHED)
    html = client.get(recommendation.get_absolute_url()).content.decode()
    details = re.search(r'<details class="verify-text">(.*?)</details>', html, re.S).group(1)
    assert "Verify this text" in details and recommendation.current_version.digest in details
    assert html.count(recommendation.current_version.digest) == 1


# History notes: the event is stored, the sentence is written for each reader ------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Consensus of Group B (in a meeting)"),
        ("ru", "Консенсус органа «Группа b» ("),
        ("uz", "konsensusi ("),
    ],
)
def test_history_notes_are_written_in_the_readers_language(
    client, settings, make_recommendation, advance, wg, language, expected
):
    recommendation = advance(make_recommendation(), Status.ADOPTED)
    change = recommendation.status_changes.get(to_status=Status.ADOPTED)
    assert (change.event, change.reason) == ("round_adopted", "")  # no sentence stored
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(wg.members["KZ"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    with translation.override(language):
        note = change.note
        mode = str(ConsensusRound.Mode.MEETING.label)
    assert expected in note and mode in note
    assert note.replace("«", "&laquo;").replace("»", "&raquo;") in html or note in html


def test_the_supersession_note_follows_the_reader_too(make_recommendation, advance):
    old = advance(make_recommendation(), Status.SUPERSEDED)
    change = old.status_changes.get(to_status=Status.SUPERSEDED)
    code = old.superseded_by.code
    notes = {}
    for language in ("en", "ru", "uz"):
        with translation.override(language):
            notes[language] = change.note
    assert notes["en"] == f"Superseded by {code}"
    assert notes["ru"] == f"Заменена рекомендацией {code}"
    assert notes["uz"] == f"{code} tavsiyasi bilan almashtirilgan"


def test_the_migration_turns_stored_sentences_into_events(make_recommendation, advance):
    import importlib

    migration = importlib.import_module("recommendations.migrations.0004_status_change_events")
    adopted = advance(make_recommendation(), Status.ADOPTED)
    old = advance(make_recommendation(title="Old"), Status.SUPERSEDED)
    # As rows were written before: a sentence in the language of the moment, no event.
    StatusChange.objects.filter(event="round_adopted").update(
        event="", round=None, reason="Консенсус органа «Группа b» (на заседании)"
    )
    StatusChange.objects.filter(event="superseded").update(event="", params={}, reason="Superseded by X")
    StatusChange.objects.filter(to_status=Status.CONSULTATION).update(reason="Ready for the group")

    migration.events_from_sentences(django_apps, None)

    adoption = adopted.status_changes.get(to_status=Status.ADOPTED)
    assert (adoption.event, adoption.round, adoption.reason) == ("round_adopted", adopted.rounds.get(), "")
    supersession = old.status_changes.get(to_status=Status.SUPERSEDED)
    assert (supersession.event, supersession.params) == ("superseded", {"code": old.superseded_by.code})
    manual = adopted.status_changes.get(to_status=Status.CONSULTATION)
    assert (manual.event, manual.reason) == ("", "Ready for the group")  # what a person wrote stays


# Queries ---------------------------------------------------------------------------------------------------


def test_the_decision_page_does_not_issue_more_queries_as_answers_and_comments_grow(
    client, english, silence_round, wg, queries_do_not_grow
):
    people = wg.people
    client.force_login(wg.members["UZ"])
    services.position_record(round_=silence_round, person=wg.members["UZ"], kind="support", by=wg.members["UZ"])

    def add(n):
        for i in range(n):
            person = people[i % 4]
            services.position_record(round_=silence_round, person=person, kind="stand_aside", reason=f"R{i}", by=person)
            services.comment_add(round_=silence_round, person=wg.observer, text=f"Comment {i}")

    add(1)
    queries_do_not_grow(silence_round.recommendation.get_absolute_url(), at_most=25, grow=lambda: add(8))


def test_the_first_drafts_note_follows_the_reader_and_the_migration_clears_the_stored_sentence(make_recommendation):
    import importlib

    migration = importlib.import_module("recommendations.migrations.0004_status_change_events")
    version = make_recommendation().current_version
    assert version.reason == ""
    with translation.override("ru"):
        russian = str(version.note)
    with translation.override("en"):
        assert version.note == "First draft" and russian != "First draft"
    type(version).objects.filter(pk=version.pk).update(reason=russian)  # as stored before, in Russian
    migration.first_draft_unsaid(django_apps, None)
    version.refresh_from_db()
    assert version.reason == ""
