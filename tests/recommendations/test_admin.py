"""The secretariat's screens for recommendations: who may use them, the text and its versions, the actions
of the life cycle, and the one screen that records positions in a meeting."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from recommendations import services
from recommendations.models import ConsensusRound, ImplementationReport, Position, Recommendation, Tag
from tests.factories import MeetingFactory, UserFactory
from tests.helpers import admin_action, messages_of
from tests.html import read_form
from tests.recommendations.conftest import record_all, submit_report

pytestmark = pytest.mark.django_db

Status = Recommendation.Status


def changelist(model):
    return reverse(f"admin:recommendations_{model}_changelist")


# Who may use the screens -------------------------------------------------------------------------------


@pytest.fixture
def one_of_each(make_recommendation, advance, staff):
    published = advance(make_recommendation(states=("UZ",)), Status.PUBLISHED)
    report = submit_report(published, "UZ", by=staff, progress=10, narrative="Planned.")
    tag = Tag.objects.create(slug="education", name_ru="Образование", name_en="Education")
    return {
        "recommendation": published,
        "consensusround": published.rounds.first(),
        "implementationreport": report,
        "tag": tag,
    }


SCREENS = ["recommendation", "consensusround", "implementationreport", "tag"]


@pytest.mark.parametrize("model", SCREENS)
def test_secretariat_staff_reach_every_screen(client, staff, one_of_each, model):
    client.force_login(staff)
    assert client.get(changelist(model)).status_code == 200
    change = reverse(f"admin:recommendations_{model}_change", args=[one_of_each[model].pk])
    assert client.get(change).status_code == 200


@pytest.mark.parametrize("model", SCREENS)
def test_staff_without_the_secretariat_permissions_see_no_screens(client, one_of_each, model):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(changelist(model)).status_code == 403
    change = reverse(f"admin:recommendations_{model}_change", args=[one_of_each[model].pk])
    assert client.get(change).status_code == 403


@pytest.mark.parametrize("model", SCREENS)
def test_members_who_are_not_staff_are_sent_to_sign_in(client, wg, one_of_each, model):
    client.force_login(wg.members["KZ"])
    response = client.get(changelist(model))
    assert response.status_code == 302 and "login" in response["Location"]


def test_filters_and_search_of_the_recommendation_list_work(client, staff, one_of_each, wg, states):
    client.force_login(staff)
    published = one_of_each["recommendation"]
    for query in [
        "?status__exact=published",
        f"?working_group__id__exact={wg.body.pk}",
        "?access__exact=public",
        f"?addressee_states__id__exact={states['UZ'].pk}",
        f"?tags__id__exact={one_of_each['tag'].pk}",
        f"?q={published.code}",
    ]:
        assert client.get(changelist("recommendation") + query).status_code == 200, query
    found = client.get(changelist("recommendation"), {"q": published.code}).context["cl"].result_list
    assert list(found) == [published]


def test_rounds_and_reports_cannot_be_added_or_deleted_in_the_admin(client, staff, one_of_each):
    client.force_login(staff)
    assert client.get(reverse("admin:recommendations_consensusround_add")).status_code == 403
    assert client.get(reverse("admin:recommendations_implementationreport_add")).status_code == 403
    round_ = one_of_each["consensusround"]
    delete = reverse("admin:recommendations_consensusround_delete", args=[round_.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ConsensusRound.objects.filter(pk=round_.pk).exists()


def test_a_theme_is_added_with_its_names(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:recommendations_tag_add"),
        {"slug": "mahalla", "name_ru": "Махалля", "name_en": "Mahalla", "name_uz": "Mahalla"},
    )
    assert response.status_code == 302
    tag = Tag.objects.get(slug="mahalla")
    assert (tag.name_ru, tag.name_en) == ("Махалля", "Mahalla")


# Texts and versions ------------------------------------------------------------------------------------


def test_a_recommendation_created_in_the_admin_gets_its_code_and_version_one(client, staff, wg, states):
    client.force_login(staff)
    add = reverse("admin:recommendations_recommendation_add")
    data = read_form(client.get(add), "recommendation_form").data
    data.update(
        {
            "working_group": str(wg.body.pk),
            "authoritative_language": "ru",
            "access": "partners",
            "addressee_states": [str(states["KZ"].pk), str(states["TJ"].pk)],
            "addresses_civil_society": "on",
            "title_ru": "Психосоциальная поддержка",
            "text_ru": "Государствам следует обеспечить поддержку.",
            "title_en": "Psychosocial support",
        }
    )
    response = client.post(add, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors

    recommendation = Recommendation.objects.get()
    assert recommendation.code == f"WG-B/{timezone.localdate().year}/01"
    assert (recommendation.status, recommendation.access) == (Status.DRAFT, "partners")
    assert recommendation.addresses_civil_society is True
    assert sorted(recommendation.addressee_states.values_list("code", flat=True)) == ["KZ", "TJ"]
    version = recommendation.current_version
    assert (version.number, version.title_ru, version.title_en, version.created_by) == (
        1,
        "Психосоциальная поддержка",
        "Psychosocial support",
        staff,
    )


def test_a_recommendation_without_its_authoritative_text_is_refused_in_the_admin(client, staff, wg):
    client.force_login(staff)
    add = reverse("admin:recommendations_recommendation_add")
    data = read_form(client.get(add), "recommendation_form").data
    data.update({"working_group": str(wg.body.pk), "authoritative_language": "ru", "title_en": "Only English"})
    response = client.post(add, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Recommendation.objects.exists()


def _change(client, recommendation, **changes):
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    data = read_form(client.get(url), "recommendation_form").data
    data.update(changes)
    return client.post(url, data)


def test_editing_the_text_with_a_reason_makes_version_two(client, staff, make_recommendation):
    recommendation = make_recommendation(text="Old text.")
    client.force_login(staff)
    response = _change(client, recommendation, text_ru="New text.", change_reason="Comments of Kyrgyzstan")
    assert response.status_code == 302
    recommendation.refresh_from_db()
    version = recommendation.current_version
    assert (version.number, version.text_ru, version.reason, version.created_by) == (
        2,
        "New text.",
        "Comments of Kyrgyzstan",
        staff,
    )
    assert recommendation.versions.get(number=1).text_ru == "Old text."


def test_editing_the_text_without_a_reason_is_refused(client, staff, make_recommendation):
    recommendation = make_recommendation(text="Old text.")
    client.force_login(staff)
    response = _change(client, recommendation, text_ru="New text.", change_reason="")
    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    recommendation.refresh_from_db()
    assert recommendation.versions.count() == 1 and recommendation.current_version.text_ru == "Old text."


def test_saving_other_fields_makes_no_new_version(client, staff, make_recommendation):
    recommendation = make_recommendation()
    client.force_login(staff)
    assert _change(client, recommendation, access="council").status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.access == "council" and recommendation.versions.count() == 1


def test_the_text_of_a_published_recommendation_cannot_be_changed_in_the_admin(
    client, staff, make_recommendation, advance
):
    recommendation = advance(make_recommendation(text="Agreed."), Status.PUBLISHED)
    client.force_login(staff)
    response = _change(client, recommendation, text_ru="Quietly changed.", change_reason="typo")
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.versions.count() == 1 and recommendation.current_version.text_ru == "Agreed."
    assert recommendation.status == Status.PUBLISHED


# Actions -----------------------------------------------------------------------------------------------


def test_the_action_sends_drafts_to_consultation(client, staff, make_recommendation):
    drafts = [make_recommendation(), make_recommendation()]
    client.force_login(staff)
    admin_action(client, Recommendation, "to_consultation", drafts, follow=True)
    assert set(Recommendation.objects.values_list("status", flat=True)) == {Status.CONSULTATION}
    assert all(r.status_changes.get().changed_by == staff for r in Recommendation.objects.all())


def test_an_action_on_a_text_in_the_wrong_status_says_why_and_changes_nothing(
    client, english, staff, make_recommendation
):
    draft = make_recommendation()
    client.force_login(staff)
    response = admin_action(client, Recommendation, "publish", [draft], follow=True)
    assert any(draft.code in m and "cannot become" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not draft.status_changes.exists()


def test_the_silence_action_asks_for_the_length_and_closing_time_first(client, staff, in_consultation, wg):
    client.force_login(staff)
    page = admin_action(client, Recommendation, "open_silence_round", [in_consultation])
    assert page.status_code == 200
    assert page.templates[0].name == "admin/recommendations/action_form.html"
    assert page.context["form"]["length_days"].value() == 14
    assert not ConsensusRound.objects.exists()  # nothing opens before the form is sent

    admin_action(
        client,
        Recommendation,
        "open_silence_round",
        [in_consultation],
        _confirm="1",
        length_days="10",
        closes_at="17:30",
        follow=True,
    )
    round_ = ConsensusRound.objects.get()
    assert (round_.mode, round_.body, round_.opened_by) == ("silence", wg.body, staff)
    zone = zoneinfo.ZoneInfo(settings.RECOMMENDATIONS_ROUND_TIME_ZONE)
    local = timezone.localtime(round_.deadline, zone)
    assert (local.hour, local.minute) == (17, 30)
    assert local.date() == timezone.localtime(timezone.now(), zone).date() + datetime.timedelta(days=10)


@pytest.mark.parametrize(
    "data",
    [
        {"length_days": "0", "closes_at": "18:00"},
        {"length_days": "91", "closes_at": "18:00"},
        {"length_days": "ten", "closes_at": "18:00"},
        {"length_days": "14", "closes_at": "25:99"},
        {"length_days": "", "closes_at": ""},
    ],
)
def test_a_bad_length_or_time_is_refused_with_a_message_and_opens_nothing(client, staff, in_consultation, data):
    client.force_login(staff)
    page = admin_action(client, Recommendation, "open_silence_round", [in_consultation], _confirm="1", **data)
    assert page.status_code == 400 and page.context["form"].errors
    assert not ConsensusRound.objects.exists()


def test_the_meeting_action_opens_the_round_in_the_chosen_meeting(client, staff, in_consultation, wg):
    meeting = MeetingFactory(bodies=[wg.body])
    client.force_login(staff)
    page = admin_action(client, Recommendation, "open_meeting_round", [in_consultation])
    assert page.status_code == 200 and meeting in page.context["form"].fields["meeting"].queryset
    assert not ConsensusRound.objects.exists()

    missing = admin_action(client, Recommendation, "open_meeting_round", [in_consultation], _confirm="1", meeting="")
    assert missing.status_code == 400 and "meeting" in missing.context["form"].errors
    assert not ConsensusRound.objects.exists()

    admin_action(
        client, Recommendation, "open_meeting_round", [in_consultation], _confirm="1", meeting=meeting.pk, follow=True
    )
    round_ = ConsensusRound.objects.get()
    assert (round_.mode, round_.deadline, round_.meeting, round_.members.count()) == ("meeting", None, meeting, 5)


def test_opening_a_round_on_a_draft_is_refused(client, english, staff, make_recommendation):
    client.force_login(staff)
    meeting = MeetingFactory()
    response = admin_action(
        client,
        Recommendation,
        "open_meeting_round",
        [make_recommendation()],
        _confirm="1",
        meeting=meeting.pk,
        follow=True,
    )
    assert any("can be opened only" in m for m in messages_of(response))
    assert not ConsensusRound.objects.exists()


def test_the_action_publishes_endorsed_texts(client, staff, make_recommendation, advance):
    endorsed = advance(make_recommendation(), Status.ENDORSED)
    client.force_login(staff)
    admin_action(client, Recommendation, "publish", [endorsed], follow=True)
    endorsed.refresh_from_db()
    assert endorsed.status == Status.PUBLISHED and endorsed.published_at is not None
    assert endorsed.status_changes.last().changed_by == staff


@pytest.mark.parametrize(("action", "target"), [("return_to_draft", Status.DRAFT), ("withdraw", Status.WITHDRAWN)])
def test_returning_or_withdrawing_asks_for_the_reason_first(client, staff, in_consultation, action, target):
    client.force_login(staff)
    page = admin_action(client, Recommendation, action, [in_consultation], follow=True)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/recommendations/reason.html"
    assert in_consultation.code in page.content.decode()
    in_consultation.refresh_from_db()
    assert in_consultation.status == Status.CONSULTATION  # nothing happens before the reason is given

    empty = admin_action(client, Recommendation, action, [in_consultation], reason="", follow=True)
    assert empty.templates[0].name == "admin/recommendations/reason.html"
    assert empty.context["form"].errors
    in_consultation.refresh_from_db()
    assert in_consultation.status == Status.CONSULTATION

    done = admin_action(
        client, Recommendation, action, [in_consultation], reason="The group asked for more time", follow=True
    )
    assert done.redirect_chain and done.redirect_chain[-1][0].endswith(changelist("recommendation"))
    in_consultation.refresh_from_db()
    assert in_consultation.status == target
    change = in_consultation.status_changes.last()
    assert (change.to_status, change.reason, change.changed_by) == (target, "The group asked for more time", staff)


@pytest.mark.parametrize(
    "action", ["to_consultation", "open_silence_round", "open_meeting_round", "publish", "return_to_draft", "withdraw"]
)
def test_people_without_the_permission_cannot_run_the_actions(client, wg, make_recommendation, action):
    draft = make_recommendation()
    for person in (UserFactory(is_staff=True), wg.members["KZ"]):
        client.force_login(person)
        response = admin_action(client, Recommendation, action, [draft], reason="x")
        assert response.status_code in (302, 403)
        if person.is_staff:
            assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not ConsensusRound.objects.exists()


def test_the_close_action_closes_a_meeting_round_and_shows_the_outcome(client, english, staff, meeting_round, wg):
    record_all(meeting_round, wg.people, by=staff)
    client.force_login(staff)
    response = admin_action(client, ConsensusRound, "close_round", [meeting_round], follow=True)
    meeting_round.refresh_from_db()
    assert (meeting_round.state, meeting_round.result, meeting_round.closed_by) == ("closed", "adopted", staff)
    assert any(m.endswith("adopted") for m in messages_of(response))
    assert Recommendation.objects.get(pk=meeting_round.recommendation_id).status == Status.ADOPTED


def test_the_close_action_refuses_a_silence_procedure_before_its_deadline(client, english, staff, silence_round):
    client.force_login(staff)
    response = admin_action(client, ConsensusRound, "close_round", [silence_round], follow=True)
    assert any("runs until its deadline" in m for m in messages_of(response))
    silence_round.refresh_from_db()
    assert silence_round.state == "open"


def test_the_close_action_is_not_for_staff_without_the_permission(client, meeting_round):
    client.force_login(UserFactory(is_staff=True))
    response = admin_action(client, ConsensusRound, "close_round", [meeting_round])
    assert response.status_code == 403
    meeting_round.refresh_from_db()
    assert meeting_round.state == "open"


# Recording positions in a meeting ----------------------------------------------------------------------


def record_url(round_):
    return reverse("admin:recommendations_round_record", args=[round_.pk])


def test_the_round_screen_links_to_the_recording_screen_while_a_meeting_round_is_open(client, staff, meeting_round):
    client.force_login(staff)
    change = reverse("admin:recommendations_consensusround_change", args=[meeting_round.pk])
    assert record_url(meeting_round) in client.get(change).content.decode()
    services.round_close(round_=meeting_round, by=staff)
    assert record_url(meeting_round) not in client.get(change).content.decode()


def test_the_secretariat_records_the_positions_of_members_present_in_one_screen(client, staff, meeting_round, wg):
    client.force_login(staff)
    page = client.get(record_url(meeting_round))
    assert page.status_code == 200
    assert [member.person for member, _position in page.context["rows"]] == [
        m.person for m in meeting_round.members.all()
    ]
    assert wg.observer not in [member.person for member, _position in page.context["rows"]]

    m = wg.members
    response = client.post(
        record_url(meeting_round),
        {
            "version": meeting_round.version_id,
            f"kind-{m['KZ'].pk}": "support",
            f"kind-{m['KG'].pk}": "support",
            f"kind-{m['TJ'].pk}": "stand_aside",
            f"reason-{m['TJ'].pk}": "Budget not settled",
            f"kind-{m['TM'].pk}": "support",
            f"kind-{m['UZ'].pk}": "",  # not present
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:recommendations_consensusround_change", args=[meeting_round.pk])
    recorded = {(p.person, p.kind, p.reason, p.recorded_by) for p in Position.objects.all()}
    assert recorded == {
        (m["KZ"], "support", "", staff),
        (m["KG"], "support", "", staff),
        (m["TJ"], "stand_aside", "Budget not settled", staff),
        (m["TM"], "support", "", staff),
    }
    # The screen then shows the current positions, and what closing now would give.
    again = client.get(record_url(meeting_round))
    current = {member.person: position.kind for member, position in again.context["rows"] if position}
    assert current == {m["KZ"]: "support", m["KG"]: "support", m["TJ"]: "stand_aside", m["TM"]: "support"}
    assert again.context["outcome"].result == "adopted"


def test_a_mistake_on_the_recording_screen_records_nothing(client, english, staff, meeting_round, wg):
    client.force_login(staff)
    m = wg.members
    response = client.post(
        record_url(meeting_round),
        {
            "version": meeting_round.version_id,
            f"kind-{m['KZ'].pk}": "support",
            f"kind-{m['KG'].pk}": "objection",  # no reason given
        },
    )
    assert response.status_code == 400
    assert "A reservation or a formal objection needs its reason." in response.content.decode()
    assert not Position.objects.exists()


def test_the_recording_screen_refuses_a_form_for_another_version(client, staff, meeting_round, wg):
    client.force_login(staff)
    kind = {f"kind-{wg.members['KZ'].pk}": "support"}
    for tampered in ({"version": meeting_round.version_id + 1}, {"version": "abc"}, {"version": ""}, {}):
        response = client.post(record_url(meeting_round), {**tampered, **kind})
        assert response.status_code == 400, tampered
    assert not Position.objects.exists()


def test_the_recording_screen_refuses_the_old_text_after_a_new_version(client, staff, meeting_round, wg):
    client.force_login(staff)
    services.version_create(
        recommendation=meeting_round.recommendation, texts={"title_ru": "T", "text_ru": "v2"}, reason="r", by=staff
    )
    response = client.post(
        record_url(meeting_round),
        {"version": meeting_round.version_id, f"kind-{wg.members['KZ'].pk}": "support"},
    )
    assert response.status_code == 400
    assert not Position.objects.exists()


def test_the_recording_screen_does_not_answer_for_members_in_a_silence_procedure(client, staff, silence_round, wg):
    client.force_login(staff)
    response = client.post(
        record_url(silence_round), {"version": silence_round.version_id, f"kind-{wg.members['KZ'].pk}": "support"}
    )
    assert response.status_code == 400
    assert not Position.objects.exists()


def test_only_the_secretariat_may_use_the_recording_screen(client, meeting_round, wg):
    data = {"version": meeting_round.version_id, f"kind-{wg.members['KZ'].pk}": "support"}
    client.force_login(wg.members["KZ"])
    assert client.get(record_url(meeting_round)).status_code == 302
    assert client.post(record_url(meeting_round), data).status_code == 302
    client.force_login(UserFactory(is_staff=True))
    assert client.get(record_url(meeting_round)).status_code == 403
    assert client.post(record_url(meeting_round), data).status_code == 403
    client.logout()
    assert client.post(record_url(meeting_round), data).status_code == 302
    assert not Position.objects.exists()


def test_the_recording_screen_of_a_missing_round_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:recommendations_round_record", args=[999999])).status_code == 404


def test_implementation_reports_are_read_only_in_the_admin(client, staff, one_of_each):
    report = one_of_each["implementationreport"]
    client.force_login(staff)
    url = reverse("admin:recommendations_implementationreport_change", args=[report.pk])
    client.post(url, {"progress": "99", "narrative": "Changed"})
    report.refresh_from_db()
    assert (report.progress, report.narrative) == (10, "Planned.")
    assert ImplementationReport.objects.count() == 1


def test_the_secretariat_sees_an_open_silence_round_blocked_by_an_objection(client, staff):
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    round_ = ConsensusRound.objects.get(state="open", mode="silence")
    member = round_.members.select_related("person").first().person
    services.position_record(round_=round_, person=member, kind="objection", reason="Not acceptable", by=member)
    client.force_login(staff)
    page = client.get(f"/admin/recommendations/consensusround/{round_.pk}/change/")
    assert page.status_code == 200
    with translation.override("ru"):
        label = str(ConsensusRound.Result.BLOCKED.label)
    assert label in page.content.decode()


# The round's page as a readable tally --------------------------------------------------------------------


def round_page(client, round_):
    return client.get(reverse("admin:recommendations_consensusround_change", args=[round_.pk]))


def test_the_round_page_tallies_positions_per_state_and_member(client, english, staff, silence_round, wg):
    services.position_record(
        round_=silence_round, person=wg.members["KZ"], kind="objection", reason="Not in our law.", by=wg.members["KZ"]
    )
    services.position_record(
        round_=silence_round, person=wg.members["UZ"], kind="stand_aside", reason="A reservation.", by=wg.members["UZ"]
    )
    client.force_login(staff)
    response = round_page(client, silence_round)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Positions per member state" in page and "Not in our law." in page
    assert "no answer: counts as support (silence)" in page  # KG, TJ, TM said nothing
    assert response.context["guidance"]["level"] == "blocked"
    assert "formal objection stands" in str(response.context["guidance"]["text"])
    assert 'name="_save"' not in page and 'name="_continue"' not in page  # nothing to save here
    assert response.context["title"] == "Consensus round"


def test_a_closed_blocked_round_says_what_to_do_next(client, english, staff, meeting_round, wg):
    record_all(meeting_round, wg.people, by=staff)
    services.position_record(round_=meeting_round, person=wg.members["TJ"], kind="objection", reason="No.", by=staff)
    services.round_close(round_=meeting_round, by=staff)
    client.force_login(staff)
    response = round_page(client, meeting_round)
    assert "Blocked by a formal objection" in str(response.context["guidance"]["text"])
    assert "As counted at the close." in response.content.decode()


def test_posting_to_the_round_page_changes_nothing(client, staff, silence_round):
    client.force_login(staff)
    url = reverse("admin:recommendations_consensusround_change", args=[silence_round.pk])
    response = client.post(url, {"state": "closed", "result": "adopted", "_save": "Save"})
    assert response.status_code in (200, 302, 403)
    silence_round.refresh_from_db()
    assert (silence_round.state, silence_round.result) == ("open", "")


def test_the_round_page_is_the_secretariats_alone(client, wg, silence_round):
    url = reverse("admin:recommendations_consensusround_change", args=[silence_round.pk])
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403
    client.force_login(wg.members["KZ"])
    assert client.get(url).status_code == 302
