"""The life of a recommendation: its code, its versions, and only the allowed steps, each recorded."""

import datetime
import hashlib
import itertools
import json

import pytest
import time_machine
from django.utils import timezone, translation

from council.models import AuditRecord
from recommendations import services
from recommendations.models import ConsensusRound, Recommendation, RecommendationVersion, StatusChange
from recommendations.services import RecommendationError
from tests.recommendations.conftest import record_all, texts

pytestmark = pytest.mark.django_db

Status = Recommendation.Status

# DESIGN.md, "Recommendation life", as the steps a person (the secretariat) may take by hand. Adoption and
# endorsement come only from a consensus round; superseding only from publishing a newer text.
BY_HAND = {
    (Status.DRAFT, Status.CONSULTATION),
    (Status.DRAFT, Status.WITHDRAWN),
    (Status.CONSULTATION, Status.DRAFT),
    (Status.CONSULTATION, Status.WITHDRAWN),
    (Status.ADOPTED, Status.DRAFT),
    (Status.ADOPTED, Status.WITHDRAWN),
    (Status.ENDORSED, Status.PUBLISHED),
    (Status.ENDORSED, Status.DRAFT),
    (Status.ENDORSED, Status.WITHDRAWN),
}
ALL_PAIRS = list(itertools.product(Status.values, repeat=2))


def test_the_services_allow_exactly_the_steps_of_the_design():
    assert {(a, b) for a, targets in services.MANUAL_TRANSITIONS.items() for b in targets} == BY_HAND
    assert set(services.MANUAL_TRANSITIONS) == set(Status.values)


# Codes and first versions --------------------------------------------------------------------------------


def test_a_new_recommendation_gets_the_next_code_of_its_group_and_year(make_recommendation, group_a, wg, staff):
    with time_machine.travel(datetime.datetime(2025, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        first, second = make_recommendation(), make_recommendation()
        other_group = make_recommendation(group=group_a)
        third = make_recommendation()
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False):
        next_year = make_recommendation()
    assert [first.code, second.code, third.code] == ["WG-B/2025/01", "WG-B/2025/02", "WG-B/2025/03"]
    assert other_group.code == "WG-A/2025/01"
    assert next_year.code == "WG-B/2026/01"


def test_a_new_recommendation_is_a_draft_with_version_one(make_recommendation, staff):
    recommendation = make_recommendation(title="Школы для детей", text="Обеспечить доступ к школе.")
    assert recommendation.status == Status.DRAFT
    version = recommendation.current_version
    assert (version.number, version.title_ru, version.text_ru) == (1, "Школы для детей", "Обеспечить доступ к школе.")
    assert version.created_by == staff and version.reason == "" and version.note  # "First draft", as read
    assert version.frozen_at is None and version.digest == ""
    assert sorted(recommendation.addressee_states.values_list("code", flat=True)) == ["KZ", "UZ"]
    assert AuditRecord.objects.filter(action="recommendation.create", target_id=str(recommendation.pk)).exists()


def test_a_recommendation_comes_only_from_a_working_group(ec, staff):
    with pytest.raises(RecommendationError):
        services.recommendation_create(working_group=ec.body, texts=texts(), by=staff)
    assert not Recommendation.objects.exists()


def test_a_recommendation_needs_a_title_and_text_in_its_authoritative_language(wg, staff):
    with pytest.raises(RecommendationError):
        services.recommendation_create(working_group=wg.body, texts={"title_ru": "Only a title"}, by=staff)
    with pytest.raises(RecommendationError):
        services.recommendation_create(
            working_group=wg.body, authoritative_language="en", texts=texts(), by=staff
        )  # Russian text, English said to be authoritative
    assert not Recommendation.objects.exists()


# Every pair of statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "target"), sorted(BY_HAND))
def test_an_allowed_step_is_made_and_recorded_with_who_when_and_why(
    make_recommendation, advance, staff, current, target
):
    recommendation = advance(make_recommendation(), current)
    before = timezone.now()
    services.recommendation_transition(
        recommendation=recommendation, to=target, by=staff, reason="Decided at the March meeting"
    )
    recommendation.refresh_from_db()
    assert recommendation.status == target
    change = recommendation.status_changes.last()
    assert (change.from_status, change.to_status) == (current, target)
    assert change.changed_by == staff
    assert change.reason == "Decided at the March meeting"
    assert before <= change.changed_at <= timezone.now()
    assert AuditRecord.objects.filter(
        action="recommendation.status", target_id=str(recommendation.pk), data__to=target
    ).exists()


@pytest.mark.parametrize(("current", "target"), [p for p in ALL_PAIRS if p not in BY_HAND])
def test_any_other_step_is_refused_and_changes_nothing(make_recommendation, advance, staff, current, target):
    recommendation = advance(make_recommendation(), current)
    changes, audit, versions = (
        StatusChange.objects.count(),
        AuditRecord.objects.count(),
        recommendation.versions.count(),
    )
    with translation.override("en"), pytest.raises(RecommendationError) as error:
        services.recommendation_transition(recommendation=recommendation, to=target, by=staff, reason="Trying")
    assert "cannot become" in " ".join(error.value.messages)
    recommendation.refresh_from_db()
    assert recommendation.status == current
    assert StatusChange.objects.count() == changes
    assert AuditRecord.objects.count() == audit
    assert recommendation.versions.count() == versions


def test_an_unknown_status_is_a_clear_error(make_recommendation, staff):
    recommendation = make_recommendation()
    with pytest.raises(RecommendationError):
        services.recommendation_transition(recommendation=recommendation, to="archived", by=staff, reason="x")
    recommendation.refresh_from_db()
    assert recommendation.status == Status.DRAFT


@pytest.mark.parametrize(
    ("current", "target"), [(a, b) for a, b in sorted(BY_HAND) if b in (Status.DRAFT, Status.WITHDRAWN)]
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_or_withdrawing_needs_a_reason(make_recommendation, advance, staff, current, target, reason):
    recommendation = advance(make_recommendation(), current)
    changes = StatusChange.objects.count()
    with pytest.raises(RecommendationError):
        services.recommendation_transition(recommendation=recommendation, to=target, by=staff, reason=reason)
    recommendation.refresh_from_db()
    assert recommendation.status == current
    assert StatusChange.objects.count() == changes


def test_adoption_and_endorsement_come_only_from_an_adopted_round(make_recommendation, advance, wg, ec, staff):
    recommendation = advance(make_recommendation(), Status.CONSULTATION)
    with pytest.raises(RecommendationError):
        services.recommendation_transition(recommendation=recommendation, to=Status.ADOPTED, by=staff)

    wg_round = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    record_all(wg_round, wg.people, by=staff)
    services.round_close(round_=wg_round, by=staff)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.ADOPTED
    adoption = recommendation.status_changes.last()
    assert (adoption.from_status, adoption.to_status, adoption.changed_by) == ("consultation", "adopted", staff)
    # The step names its round, not a sentence: its note is written in each reader's language.
    assert (adoption.event, adoption.round, adoption.reason) == ("round_adopted", wg_round, "")
    assert adoption.note  # "Consensus of <group> (in a meeting)"

    with pytest.raises(RecommendationError):
        services.recommendation_transition(recommendation=recommendation, to=Status.ENDORSED, by=staff)
    ec_round = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    assert ec_round.body == ec.body
    record_all(ec_round, ec.people, by=staff)
    services.round_close(round_=ec_round, by=staff)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.ENDORSED
    assert [(c.from_status, c.to_status) for c in recommendation.status_changes.all()] == [
        ("draft", "consultation"),
        ("consultation", "adopted"),
        ("adopted", "endorsed"),
    ]


def test_publishing_freezes_the_version_and_stamps_the_date(make_recommendation, advance):
    recommendation = advance(make_recommendation(), Status.PUBLISHED)
    version = recommendation.current_version
    assert version.frozen_at is not None
    assert version.digest == version.compute_digest()
    assert recommendation.published_at is not None


def test_publishing_a_correction_supersedes_the_published_text(make_recommendation, advance, staff):
    old = advance(make_recommendation(title="First text"), Status.PUBLISHED)
    new = make_recommendation(title="Corrected text")
    Recommendation.objects.filter(pk=new.pk).update(replaces=old)
    advance(new, Status.PUBLISHED)
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert old.superseded_by == new
    change = old.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == ("published", "superseded", staff)
    assert (change.event, change.params, change.reason) == ("superseded", {"code": new.code}, "")
    assert new.code in change.note
    # The superseded text is still there to read, and it says what replaced it.
    assert old.is_public_text


def test_a_correction_of_a_text_that_is_not_published_cannot_be_published(make_recommendation, advance, staff):
    draft = make_recommendation(title="Still a draft")
    new = advance(make_recommendation(title="Correction"), Status.ENDORSED)
    Recommendation.objects.filter(pk=new.pk).update(replaces=draft)
    new.refresh_from_db()
    with pytest.raises(RecommendationError):
        services.recommendation_transition(recommendation=new, to=Status.PUBLISHED, by=staff)
    new.refresh_from_db()
    draft.refresh_from_db()
    assert (new.status, new.published_at) == (Status.ENDORSED, None)
    assert (draft.status, draft.superseded_by) == (Status.DRAFT, None)


def test_returning_a_text_to_draft_ends_its_open_round(make_recommendation, advance, staff):
    recommendation = advance(make_recommendation(), Status.CONSULTATION)
    round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    services.recommendation_transition(
        recommendation=recommendation, to=Status.DRAFT, by=staff, reason="Needs more work"
    )
    round_.refresh_from_db()
    assert round_.state == ConsensusRound.State.ENDED and round_.result == ""


# Versions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CONSULTATION])
def test_a_change_of_text_is_a_new_version_with_its_reason(make_recommendation, advance, wg, status):
    recommendation = advance(make_recommendation(text="Old text."), status)
    author = wg.members["KZ"]
    version = services.version_create(
        recommendation=recommendation,
        texts={**texts(text="New text."), "title_en": "Access to education"},
        reason="Comments of the Tajik delegation",
        by=author,
    )
    recommendation.refresh_from_db()
    assert version.number == 2
    assert recommendation.current_version == version
    assert (version.text_ru, version.reason, version.created_by) == (
        "New text.",
        "Comments of the Tajik delegation",
        author,
    )
    assert list(recommendation.versions.values_list("number", "text_ru")) == [(1, "Old text."), (2, "New text.")]
    assert recommendation.status == status


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_new_version_needs_a_reason(make_recommendation, staff, reason):
    recommendation = make_recommendation()
    with pytest.raises(RecommendationError):
        services.version_create(recommendation=recommendation, texts=texts(text="Other"), reason=reason, by=staff)
    assert recommendation.versions.count() == 1


def test_a_new_version_needs_its_authoritative_text(make_recommendation, staff):
    recommendation = make_recommendation()
    with pytest.raises(RecommendationError):
        services.version_create(recommendation=recommendation, texts={"title_ru": "T"}, reason="x", by=staff)
    assert recommendation.versions.count() == 1


@pytest.mark.parametrize(
    "status", [Status.ADOPTED, Status.ENDORSED, Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED]
)
def test_the_text_of_an_adopted_endorsed_or_published_recommendation_never_changes(
    make_recommendation, advance, staff, status
):
    recommendation = advance(make_recommendation(text="Agreed text."), status)
    before = recommendation.current_version
    with pytest.raises(RecommendationError):
        services.version_create(
            recommendation=recommendation, texts=texts(text="Quietly changed."), reason="typo", by=staff
        )
    recommendation.refresh_from_db()
    assert recommendation.current_version == before
    assert recommendation.versions.count() == before.number
    assert RecommendationVersion.objects.get(pk=before.pk).text_ru == "Agreed text."


def test_a_new_version_ends_the_open_round_on_the_old_one(silence_round, wg, staff):
    recommendation = silence_round.recommendation
    services.position_record(
        round_=silence_round, person=wg.members["KG"], kind="objection", reason="Too vague", by=wg.members["KG"]
    )
    version = services.version_create(
        recommendation=recommendation, texts=texts(text="Clearer text."), reason="Meet the objection", by=staff
    )
    silence_round.refresh_from_db()
    assert silence_round.state == ConsensusRound.State.ENDED
    assert silence_round.result == "" and silence_round.tally == {}
    assert silence_round.closed_at is not None
    recommendation.refresh_from_db()
    assert recommendation.status == Status.CONSULTATION
    # The old round's positions stay; a new round can be put on the new text.
    assert silence_round.positions.count() == 1
    new_round = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    version.refresh_from_db()
    assert new_round.version == version and new_round.digest == version.digest == version.compute_digest()


def test_an_ended_round_can_no_longer_be_closed_into_an_adoption(silence_round, staff):
    recommendation = silence_round.recommendation
    services.version_create(recommendation=recommendation, texts=texts(text="v2"), reason="r", by=staff)
    services.round_close(round_=silence_round, by=staff, now=silence_round.deadline + datetime.timedelta(minutes=1))
    silence_round.refresh_from_db()
    recommendation.refresh_from_db()
    assert silence_round.state == ConsensusRound.State.ENDED
    assert recommendation.status == Status.CONSULTATION


def _sha256_of(title_ru="", text_ru="", title_en="", text_en="", title_uz="", text_uz=""):
    content = {
        "en": {"text": text_en, "title": title_en},
        "ru": {"text": text_ru, "title": title_ru},
        "uz": {"text": text_uz, "title": title_uz},
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_the_digest_is_the_sha256_of_the_canonical_content(make_recommendation, advance):
    recommendation = make_recommendation(title="Школы", text="Доступ к школе.")
    version = recommendation.current_version
    assert version.compute_digest() == _sha256_of(title_ru="Школы", text_ru="Доступ к школе.")
    frozen = advance(recommendation, Status.ADOPTED).current_version
    assert frozen.pk == version.pk
    assert frozen.digest == _sha256_of(title_ru="Школы", text_ru="Доступ к школе.")
    assert frozen.rounds.get().digest == frozen.digest


def test_the_digest_changes_with_any_language_of_the_text(make_recommendation):
    version = make_recommendation(title="T", text="X").current_version
    base = version.compute_digest()
    for field in ("title_en", "text_en", "title_uz", "text_uz", "text_ru"):
        copy = RecommendationVersion(**{**{f: getattr(version, f) for f in ("title_ru", "text_ru")}, field: "changed"})
        copy.recommendation = version.recommendation
        assert copy.compute_digest() != base, field


def test_the_frozen_digest_still_matches_the_published_text(make_recommendation, advance):
    recommendation = advance(make_recommendation(), Status.PUBLISHED)
    version = RecommendationVersion.objects.get(pk=recommendation.current_version_id)
    assert version.digest == version.compute_digest()
    assert all(r.digest == version.digest for r in recommendation.rounds.all())
