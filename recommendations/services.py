"""Every change of state of recommendations: texts, life cycle, consensus rounds, positions, reports."""

import datetime
import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from council.models import Body, Membership, MemberState, User
from council.outbox.services import message_queue
from council.permissions import is_secretariat
from council.services import model_update
from council.uploads import display_name, validate_pdf_upload
from recommendations import consensus, emails
from recommendations.models import (
    Comment,
    ConsensusRound,
    ImplementationReport,
    ImplementationReportDraft,
    PartnerComment,
    Position,
    Recommendation,
    RecommendationVersion,
    RoundMember,
    StatusChange,
)
from recommendations.permissions import can_comment, can_report_for, partners_may_read
from recommendations.webhooks import recommendation_status_webhook

Status = Recommendation.Status

# Transitions a person may make; consultation → adopted and adopted → endorsed happen only when a
# consensus round is adopted, and published → superseded only when a newer recommendation is published.
MANUAL_TRANSITIONS = {
    Status.DRAFT: {Status.CONSULTATION, Status.WITHDRAWN},
    Status.CONSULTATION: {Status.DRAFT, Status.WITHDRAWN},
    Status.ADOPTED: {Status.DRAFT, Status.WITHDRAWN},
    Status.ENDORSED: {Status.PUBLISHED, Status.DRAFT, Status.WITHDRAWN},
    Status.PUBLISHED: set(),
    Status.WITHDRAWN: set(),
    Status.SUPERSEDED: set(),
}
ROUND_TRANSITIONS = {Status.CONSULTATION: Status.ADOPTED, Status.ADOPTED: Status.ENDORSED}
EDITABLE = {Status.DRAFT, Status.CONSULTATION}
NEEDS_REASON = {Status.DRAFT, Status.WITHDRAWN}
# A half-year such as 2025-H1, in ASCII digits only (`\d` would take Arabic-Indic or full-width ones too).
PERIOD_RE = re.compile(r"(20[0-9]{2})-H([12])")


class RecommendationError(ValidationError):
    """A change the rules of the council do not allow."""


class NotInConsultation(RecommendationError):
    """A partner's comment on a text that is not (or no longer) in consultation open to partners."""


class IdempotencyKeyReused(RecommendationError):
    """An organisation's idempotency key sent again with a different request."""


# Texts -------------------------------------------------------------------------------------------------


def _texts_check(texts: dict, authoritative: str) -> None:
    if not texts.get(f"title_{authoritative}", "").strip() or not texts.get(f"text_{authoritative}", "").strip():
        raise RecommendationError(_("The title and text in the authoritative language are required."))


@transaction.atomic
def recommendation_create(
    *,
    working_group: Body,
    authoritative_language: str = "ru",
    texts: dict,
    by: User | None,
    addressee_states=(),
    access: str | None = None,
    addresses_civil_society: bool = False,
    addresses_international: bool = False,
    addresses_council: bool = False,
    replaces: Recommendation | None = None,
    tags=(),
    meetings=(),
    reason: str = "",
    partner_consultation: bool = False,
) -> Recommendation:
    """A new draft with its first version and a reference code such as WG-B/2025/03."""
    if working_group.kind != Body.Kind.WORKING_GROUP:
        raise RecommendationError(_("Recommendations come from a working group."))
    _texts_check(texts, authoritative_language)
    Body.objects.select_for_update().get(pk=working_group.pk)  # serialises code numbering per group
    year = timezone.localdate().year
    prefix = f"WG-{working_group.code.upper()}/{year}/"
    taken = Recommendation.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    number = max((int(code.rsplit("/", 1)[1]) for code in taken), default=0) + 1
    # No level given: the model's default level, written once on the field.
    access = access or Recommendation._meta.get_field("access").get_default()
    _partner_consultation_check(access=access, partner_consultation=partner_consultation)
    recommendation = Recommendation.objects.create(
        code=f"{prefix}{number:02d}",
        working_group=working_group,
        authoritative_language=authoritative_language,
        access=access,
        addresses_civil_society=addresses_civil_society,
        addresses_international=addresses_international,
        addresses_council=addresses_council,
        replaces=replaces,
        partner_consultation=partner_consultation,
    )
    recommendation.addressee_states.set(addressee_states)
    recommendation.tags.set(tags)
    recommendation.meetings.set(meetings)
    version = RecommendationVersion.objects.create(
        recommendation=recommendation, number=1, created_by=by, reason=reason.strip()[:500], **texts
    )
    recommendation.current_version = version
    recommendation.save(update_fields=["current_version"])
    audit_record(actor=by, action=AuditAction.RECOMMENDATION_CREATE, target=recommendation, data={"access": access})
    return recommendation


# What the secretariat sets besides the text; the working group and the status never change here.
SETTINGS_FIELDS = (
    "authoritative_language",
    "access",
    "addressee_states",
    "addresses_civil_society",
    "addresses_international",
    "addresses_council",
    "tags",
    "meetings",
    "replaces",
    "partner_consultation",
)


def _partner_consultation_check(*, access: str, partner_consultation: bool) -> None:
    if partner_consultation and not partners_may_read(access):
        raise RecommendationError(
            _(
                "Only a text published to the public or to partners can be opened to partners' comments: its draft "
                "is shown to them."
            )
        )


@transaction.atomic
def recommendation_update(*, recommendation: Recommendation, data: dict, by: User | None) -> Recommendation:
    """Change a recommendation's settings (access, addressees, themes…); the text changes by `version_create`."""
    refused = set(data) - set(SETTINGS_FIELDS)
    if refused:
        raise RecommendationError(
            _("These cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(refused))}
        )
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    previous_access = locked.access
    _partner_consultation_check(
        access=data.get("access", locked.access),
        partner_consultation=data.get("partner_consultation", locked.partner_consultation),
    )
    changed = model_update(instance=locked, fields=SETTINGS_FIELDS, data=data)
    if changed:
        audit_record(
            actor=by,
            action=AuditAction.RECOMMENDATION_UPDATE,
            target=locked,
            data={"fields": changed, "access": {"from": previous_access, "to": locked.access}},
        )
    return locked


@transaction.atomic
def version_create(
    *, recommendation: Recommendation, texts: dict, reason: str, by: User | None
) -> RecommendationVersion:
    """A change of text is a new version; it ends any open round on the old text."""
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status not in EDITABLE:
        raise RecommendationError(
            _("The text of a recommendation that is “%(status)s” cannot change; a correction is a new recommendation.")
            % {"status": locked.get_status_display()}
        )
    if not reason.strip():
        raise RecommendationError(_("Say why the text changes."))
    _texts_check(texts, locked.authoritative_language)
    number = locked.versions.count() + 1
    version = RecommendationVersion.objects.create(
        recommendation=locked, number=number, created_by=by, reason=reason.strip()[:500], **texts
    )
    for open_round in ConsensusRound.objects.select_for_update().filter(
        recommendation=locked, state=ConsensusRound.State.OPEN
    ):
        open_round.state = ConsensusRound.State.ENDED
        open_round.closed_at = timezone.now()
        open_round.closed_by = by
        open_round.save(update_fields=["state", "closed_at", "closed_by"])
        audit_record(actor=by, action=AuditAction.ROUND_END, target=open_round, data={"new_version": number})
    locked.current_version = version
    locked.save(update_fields=["current_version"])
    audit_record(
        actor=by, action=AuditAction.RECOMMENDATION_VERSION, target=locked, data={"version": number, "reason": reason}
    )
    recommendation.refresh_from_db()
    return version


def version_freeze(version: RecommendationVersion) -> RecommendationVersion:
    if version.frozen_at is None:
        version.digest = version.compute_digest()
        version.frozen_at = timezone.now()
        version.save(update_fields=["digest", "frozen_at"])
    return version


# Life cycle --------------------------------------------------------------------------------------------


def _move(
    recommendation: Recommendation,
    to: str,
    *,
    by: User | None,
    reason: str = "",
    event: str = "",
    round_: ConsensusRound | None = None,
    params: dict | None = None,
) -> None:
    """One step of the life, recorded. A step the portal makes by itself names its `event` (and round, params),
    never a sentence: the page, the admin and the dossier write it in their reader's language."""
    previous = recommendation.status
    recommendation.status = to
    fields = ["status"]
    if to == Status.PUBLISHED:
        recommendation.published_at = timezone.now()
        fields.append("published_at")
    recommendation.save(update_fields=fields)
    StatusChange.objects.create(
        recommendation=recommendation,
        from_status=previous,
        to_status=to,
        changed_by=by,
        reason=reason[:1000],
        event=event,
        round=round_,
        params=params or {},
    )
    audit_record(
        actor=by,
        action=AuditAction.RECOMMENDATION_STATUS,
        target=recommendation,
        data={"from": previous, "to": to, "reason": reason, "event": event, "round": round_.pk if round_ else None},
    )
    recommendation_status_webhook(recommendation)


@transaction.atomic
def recommendation_transition(
    *, recommendation: Recommendation, to: str, by: User | None, reason: str = ""
) -> Recommendation:
    """Move a recommendation along its life; only the allowed steps, each recorded with who, when, why."""
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if to not in MANUAL_TRANSITIONS[locked.status]:
        raise RecommendationError(
            _("A recommendation that is “%(current)s” cannot become “%(target)s”.")
            % {"current": locked.get_status_display(), "target": dict(Status.choices).get(to, to)}
        )
    if to in NEEDS_REASON and not reason.strip():
        raise RecommendationError(_("Give the reason for returning or withdrawing the text."))
    if locked.rounds.filter(state=ConsensusRound.State.OPEN).exists() and to != Status.CONSULTATION:
        for open_round in locked.rounds.select_for_update().filter(state=ConsensusRound.State.OPEN):
            open_round.state = ConsensusRound.State.ENDED
            open_round.closed_at = timezone.now()
            open_round.save(update_fields=["state", "closed_at"])
    _move(locked, to, by=by, reason=reason)
    if to == Status.PUBLISHED:
        version_freeze(locked.current_version)
        if locked.replaces_id is not None:
            old = Recommendation.objects.select_for_update().get(pk=locked.replaces_id)
            if old.status != Status.PUBLISHED or old.pk == locked.pk:
                raise RecommendationError(_("Only another published recommendation can be superseded."))
            old.superseded_by = locked
            old.save(update_fields=["superseded_by"])
            _move(old, Status.SUPERSEDED, by=by, event=StatusChange.Event.SUPERSEDED, params={"code": locked.code})
    recommendation.refresh_from_db()
    return locked


# Consensus rounds --------------------------------------------------------------------------------------


def _deciding_members(body: Body, day: datetime.date):
    return (
        Membership.objects.active_on(day)
        .filter(body=body, role__in=Membership.DECIDING_ROLES, person__is_active=True)
        .select_related("person", "represents_state")
    )


@transaction.atomic
def round_open(
    *,
    recommendation: Recommendation,
    mode: str,
    by: User | None,
    deadline: datetime.datetime | None = None,
    meeting=None,
) -> ConsensusRound:
    """Put the current version to the working group (in consultation) or the executive committee (adopted)."""
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status == Status.CONSULTATION:
        body = locked.working_group
    elif locked.status == Status.ADOPTED:
        body = Body.objects.filter(kind=Body.Kind.EXECUTIVE_COMMITTEE).first()
        if body is None:
            raise RecommendationError(_("The council has no executive committee to endorse the text."))
    else:
        raise RecommendationError(
            _("A round can be opened only in consultation (working group) or once adopted (executive committee).")
        )
    if locked.rounds.filter(state=ConsensusRound.State.OPEN).exists():
        raise RecommendationError(_("A round on this recommendation is already open."))
    if mode == ConsensusRound.Mode.SILENCE:
        if deadline is None or deadline <= timezone.now():
            raise RecommendationError(_("A silence procedure needs a deadline in the future."))
    elif mode == ConsensusRound.Mode.MEETING:
        deadline = None
    else:
        raise RecommendationError(_("Choose a procedure: in a meeting or in writing."))
    version = version_freeze(locked.current_version)
    members = list(_deciding_members(body, timezone.localdate()))
    if not members:
        raise RecommendationError(_("%(body)s has no members who hold a position.") % {"body": body})
    round_ = ConsensusRound.objects.create(
        recommendation=locked,
        version=version,
        digest=version.digest,
        body=body,
        mode=mode,
        meeting=meeting,
        opened_by=by,
        deadline=deadline,
        quorum_share=body.quorum_share,
        quorum_states=body.quorum_states,
    )
    RoundMember.objects.bulk_create(
        [RoundMember(round=round_, person=m.person, state=m.represents_state) for m in members],
        ignore_conflicts=True,
    )
    audit_record(
        actor=by,
        action=AuditAction.ROUND_OPEN,
        target=round_,
        data={"body": body.code, "mode": mode, "digest": version.digest},
    )
    if mode == ConsensusRound.Mode.SILENCE:
        # Silence is consent: every member must know the round is open; observers are told without the link.
        people = [(m.person, True) for m in members] + [(p, False) for p in _observers(round_)]
        for person, answers in people:
            _round_notice_queue(round_, person, kind=emails.ROUND_OPENED, key="opening", answer=answers)
    return round_


def _observers(round_: ConsensusRound):
    """The active observers of the round's body today who are not members of the round."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active_on(timezone.localdate()).filter(
                body=round_.body, role=Membership.Role.OBSERVER
            ),
        )
        .exclude(pk__in=round_.members.values("person_id"))
        .distinct()
        .order_by("pk")
    )


def _round_notice_queue(round_: ConsensusRound, person: User, *, kind: str, key: str, answer: bool = True):
    """Queue one notice of a round to one person, once: the key is unique per (round, person, notice)."""
    return message_queue(
        kind=kind,
        key=f"round:{round_.pk}:person:{person.pk}:{key}",
        email=person.email,
        language=person.preferred_language,
        recipient=person,
        subject=round_,
        context={"round": round_.pk, "answer": answer},
    )


def round_notices(round_: ConsensusRound):
    """Who was sent which notice of a round (opening, reminders, outcome), and how it went."""
    from council.outbox.services import messages_about

    return messages_about(round_).select_related("recipient")


def _current_positions(round_: ConsensusRound) -> dict[int, Position]:
    latest = {}
    for position in round_.positions.order_by("recorded_at", "id"):
        latest[position.person_id] = position
    return latest


def round_outcome(round_: ConsensusRound) -> consensus.Outcome:
    members = [
        consensus.Member(m.person_id, m.state.code if m.state else None) for m in round_.members.select_related("state")
    ]
    positions = {pid: p.kind for pid, p in _current_positions(round_).items()}
    rule = consensus.QuorumRule(share=round_.quorum_share, min_states=round_.quorum_states)
    return consensus.compute_outcome(members, positions, silence=round_.mode == ConsensusRound.Mode.SILENCE, rule=rule)


@transaction.atomic
def position_record(
    *,
    round_: ConsensusRound,
    person: User,
    kind: str,
    reason: str = "",
    by: User,
    version_id: int | None = None,
    now: datetime.datetime | None = None,
) -> Position:
    """Record a member's position; a changed position is a new row and the history keeps both."""
    locked = ConsensusRound.objects.select_for_update().get(pk=round_.pk)
    now = now or timezone.now()
    if version_id is not None and str(version_id) != str(locked.version_id):  # a tampered id is not a 500
        raise RecommendationError(_("This form was for another version of the text; reload the page."))
    if locked.state != ConsensusRound.State.OPEN or (locked.deadline and now >= locked.deadline):
        raise RecommendationError(_("This round is closed; positions can no longer be given."))
    if kind not in consensus.POSITIONS:
        raise RecommendationError(_("Choose support, stand aside or formal objection."))
    if kind != consensus.Position.SUPPORT and not reason.strip():
        raise RecommendationError(_("A reservation or a formal objection needs its reason."))
    if not locked.members.filter(person=person).exists():
        raise RecommendationError(
            _("Only members of %(body)s who hold a position may give one (observers may comment).")
            % {"body": locked.body}
        )
    if by.pk != person.pk:
        if not is_secretariat(by):
            raise RecommendationError(_("Only the secretariat records positions on behalf of members."))
        if locked.mode != ConsensusRound.Mode.MEETING:
            raise RecommendationError(_("In a silence procedure members give their own positions."))
    elif locked.mode == ConsensusRound.Mode.MEETING:
        raise RecommendationError(_("In a meeting the secretariat records the positions of members present."))
    position = Position.objects.create(
        round=locked, person=person, kind=kind, reason=reason.strip(), recorded_by=by, recorded_at=now
    )
    audit_record(actor=by, action=AuditAction.POSITION_RECORD, target=locked, data={"person": person.pk, "kind": kind})
    return position


@transaction.atomic
def comment_add(*, round_: ConsensusRound, person: User, text: str) -> Comment:
    locked = ConsensusRound.objects.select_for_update().get(pk=round_.pk)
    if locked.state != ConsensusRound.State.OPEN:
        raise RecommendationError(_("This round is closed; positions can no longer be given."))
    if not text.strip():
        raise RecommendationError(_("Write a comment."))
    if not can_comment(person, locked):
        raise RecommendationError(_("Only those taking part in %(body)s may comment.") % {"body": locked.body})
    return Comment.objects.create(round=locked, person=person, text=text.strip())


@transaction.atomic
def round_close(*, round_: ConsensusRound, by: User | None, now: datetime.datetime | None = None) -> ConsensusRound:
    """Close a round and compute its outcome once; an adopted text moves on (adopted or endorsed)."""
    # Lock the recommendation before the round, in the order version_create and recommendation_transition
    # take them: a close racing a new version (or a return to draft) then waits instead of deadlocking.
    recommendation_id = ConsensusRound.objects.filter(pk=round_.pk).values_list("recommendation_id", flat=True).get()
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
    locked = ConsensusRound.objects.select_for_update().get(pk=round_.pk)
    if locked.state != ConsensusRound.State.OPEN:
        return locked
    now = now or timezone.now()
    if locked.mode == ConsensusRound.Mode.SILENCE and now < locked.deadline:
        raise RecommendationError(_("The silence procedure runs until its deadline."))
    outcome = round_outcome(locked)
    locked.state = ConsensusRound.State.CLOSED
    locked.closed_at = now
    locked.closed_by = by
    locked.result = outcome.result
    locked.tally = {
        "counts": outcome.counts,
        "by_state": outcome.by_state,
        "present": outcome.present,
        "members": outcome.members,
        "members_needed": outcome.members_needed,
        "states_present": list(outcome.states_present),
        "states_needed": outcome.states_needed,
    }
    locked.save(update_fields=["state", "closed_at", "closed_by", "result", "tally"])
    audit_record(actor=by, action=AuditAction.ROUND_CLOSE, target=locked, data={"result": outcome.result})
    # Everyone in the round hears the outcome: its members, and the observers who were told of the opening.
    for member in locked.members.select_related("person").filter(person__is_active=True):
        _round_notice_queue(locked, member.person, kind=emails.ROUND_OUTCOME, key="outcome")
    for person in _observers(locked):
        _round_notice_queue(locked, person, kind=emails.ROUND_OUTCOME, key="outcome", answer=False)
    if outcome.result == consensus.Result.ADOPTED:
        target = ROUND_TRANSITIONS.get(recommendation.status)
        if target and recommendation.current_version_id == locked.version_id:
            _move(recommendation, target, by=by, event=StatusChange.Event.ROUND_ADOPTED, round_=locked)
    return locked


def rounds_close_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: close every silence procedure whose deadline has passed."""
    now = now or timezone.now()
    due = ConsensusRound.objects.filter(
        state=ConsensusRound.State.OPEN, mode=ConsensusRound.Mode.SILENCE, deadline__lte=now
    )
    closed = 0
    for round_id in due.values_list("pk", flat=True):
        round_ = round_close(round_=ConsensusRound(pk=round_id), by=None, now=now)
        closed += round_.closed_at == now
    return closed


def round_reminder_due(round_: ConsensusRound, now: datetime.datetime) -> int | None:
    """The reminder of a silence procedure due by `now` (hours before the deadline), if any.

    Only the latest reminder due counts, so a beat that was down never brings two at once; a reminder that
    fell due before the round opened is skipped (the opening notice was the news).
    """
    if round_.mode != ConsensusRound.Mode.SILENCE or round_.state != ConsensusRound.State.OPEN:
        return None
    if round_.deadline is None or now >= round_.deadline:
        return None
    passed = [
        hours
        for hours in settings.RECOMMENDATIONS_SILENCE_REMINDER_HOURS
        if round_.opened_at < round_.deadline - datetime.timedelta(hours=hours) <= now
    ]
    return min(passed) if passed else None


@transaction.atomic
def round_reminders_queue_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: remind the members of open silence procedures who have not answered; each reminder goes once."""
    now = now or timezone.now()
    queued = 0
    rounds = ConsensusRound.objects.filter(
        state=ConsensusRound.State.OPEN, mode=ConsensusRound.Mode.SILENCE, deadline__gt=now
    )
    for round_ in rounds:
        hours = round_reminder_due(round_, now)
        if hours is None:
            continue
        answered = round_.positions.values("person_id")
        silent = round_.members.select_related("person").filter(person__is_active=True).exclude(person__in=answered)
        for member in silent:
            queued += bool(_round_notice_queue(round_, member.person, kind=emails.ROUND_REMINDER, key=f"{hours}h"))
    return queued


# Partners' comments (the API's one write) ---------------------------------------------------------------

PARTNER_COMMENT_MAX_LENGTH = 5000  # as a member's comment in a round (forms.CommentForm)
# An Idempotency-Key: 1 to 100 printable ASCII characters, no space at either end.
IDEMPOTENCY_KEY_RE = re.compile(r"[!-~](?:[ -~]{0,98}[!-~])?")


def idempotency_key_clean(value) -> str:
    if not isinstance(value, str) or not IDEMPOTENCY_KEY_RE.fullmatch(value):
        raise RecommendationError(
            _("Send an Idempotency-Key header of 1 to 100 printable ASCII characters (e.g. a UUID)."),
            code="idempotency_key",
        )
    return value


def partner_comment_fingerprint(*, recommendation_id: int, text: str, language: str) -> str:
    """What makes two requests the same: the recommendation, the text exactly as sent, and the language."""
    canonical = json.dumps(
        {"recommendation": recommendation_id, "text": text, "language": language or ""},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _partner_comment_text(text) -> str:
    cleaned = text.strip() if isinstance(text, str) else ""
    if not cleaned:
        raise RecommendationError(_("Write a comment."), code="text")
    if len(cleaned) > PARTNER_COMMENT_MAX_LENGTH:
        raise RecommendationError(
            _("A comment holds at most %(max)d characters.") % {"max": PARTNER_COMMENT_MAX_LENGTH}, code="text"
        )
    if "\x00" in cleaned:
        raise RecommendationError(_("The comment contains a NUL character."), code="text")
    return cleaned


def _partner_comment_replay(existing: PartnerComment, fingerprint: str) -> tuple[PartnerComment, bool]:
    if existing.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            _(
                "This Idempotency-Key was used for another request by your organisation. Send a new key for a new "
                "comment, or the same request to get its answer again."
            ),
            code="idempotency_key_reused",
        )
    return existing, True


@transaction.atomic
def partner_comment_add(
    *,
    recommendation: Recommendation,
    organisation,
    key_prefix: str,
    text: str,
    language: str = "",
    idempotency_key: str,
) -> tuple[PartnerComment, bool]:
    """A partner organisation's comment on the current version of a recommendation in consultation that the
    secretariat opened to partners. Returns (comment, replayed).

    Idempotent per organisation and `idempotency_key`: the same request again returns the comment it made
    (`replayed` True), never a second one, even when two arrive at once (the unique constraint decides, the loser
    reads the winner's row); the same key with a different request raises IdempotencyKeyReused. A text not in
    consultation open to partners raises NotInConsultation.
    """
    idempotency_key = idempotency_key_clean(idempotency_key)
    language = language or ""
    if language and language not in dict(settings.LANGUAGES):
        raise RecommendationError(_("Choose the language among: ru, en, uz."), code="language")
    fingerprint = partner_comment_fingerprint(recommendation_id=recommendation.pk, text=text, language=language)
    mine = PartnerComment.objects.select_related("version").filter(organisation=organisation)
    existing = mine.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _partner_comment_replay(existing, fingerprint)
    cleaned = _partner_comment_text(text)
    locked = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=recommendation.pk)
    )
    if not (locked.partner_consultation and locked.status == Status.CONSULTATION and partners_may_read(locked.access)):
        raise NotInConsultation(
            _("%(code)s is not in consultation open to partners' comments (it is “%(status)s”).")
            % {"code": locked.code, "status": locked.get_status_display()},
            code="not_in_consultation",
        )
    try:
        with transaction.atomic():  # a savepoint: a duplicate key leaves the outer transaction usable
            comment = PartnerComment.objects.create(
                recommendation=locked,
                version=locked.current_version,
                organisation=organisation,
                key_prefix=(key_prefix or "")[:16],
                text=cleaned,
                language=language,
                idempotency_key=idempotency_key,
                request_fingerprint=fingerprint,
            )
    except IntegrityError:
        # The same key arrived at the same time and its transaction committed first: answer as it did.
        return _partner_comment_replay(mine.get(idempotency_key=idempotency_key), fingerprint)
    audit_record(
        actor=None,
        action=AuditAction.PARTNER_COMMENT_ADD,
        target=comment,
        data={
            "recommendation": locked.pk,
            "version": locked.current_version.number,
            "organisation": organisation.pk,
            "key": comment.key_prefix,
        },
    )
    return comment, False


# Implementation ----------------------------------------------------------------------------------------


def current_period(day: datetime.date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def _previous_period(period: str) -> str:
    year, half = PERIOD_RE.fullmatch(period).groups()
    return f"{year}-H1" if half == "2" else f"{int(year) - 1}-H2"


def report_periods(recommendation: Recommendation, *, day: datetime.date | None = None) -> list[str]:
    """The periods a state may report on for a recommendation, newest first: from the half-year it was published
    in to the current one (a report on a period before the text existed, or one still to come, means nothing)."""
    period = current_period(day)
    first = current_period(timezone.localdate(recommendation.published_at)) if recommendation.published_at else period
    periods = [period]
    while periods[-1] > first:
        periods.append(_previous_period(periods[-1]))
    return periods


# The progress each status allows: (lowest, highest), or None when the status takes no progress at all.
PROGRESS_FOR_STATUS = {
    ImplementationReport.Status.NOT_STARTED: (0, 0),
    ImplementationReport.Status.PLANNED: (0, 99),
    ImplementationReport.Status.IN_PROGRESS: (1, 99),
    ImplementationReport.Status.IMPLEMENTED: (100, 100),
    ImplementationReport.Status.NOT_APPLICABLE: None,
}


def report_progress_error(status: str, progress: int | None) -> str | None:
    """What is wrong with `progress` for `status` (a sentence saying what to write), or None when they agree.

    Not started is 0%; planned 0–99%; in progress 1–99%; implemented 100%; not applicable takes no progress."""
    if status not in PROGRESS_FOR_STATUS:
        return _("Choose a status.")
    allowed = PROGRESS_FOR_STATUS[status]
    if allowed is None:
        return None if progress is None else _("A recommendation that does not apply has no progress: leave it empty.")
    if progress is None:
        return _("Give the progress, a number from 0 to 100.")
    low, high = allowed
    if not (0 <= progress <= 100):
        return _("Progress is a number from 0 to 100.")
    if low <= progress <= high:
        return None
    label = ImplementationReport.Status(status).label
    if low == high:
        return _("Progress for “%(status)s” is %(value)s%%.") % {"status": label, "value": low}
    return _("Progress for “%(status)s” is from %(low)s%% to %(high)s%%.") % {"status": label, "low": low, "high": high}


def _report_may_be_written(recommendation: Recommendation, state: MemberState, by: User) -> None:
    if recommendation.status != Status.PUBLISHED:
        raise RecommendationError(_("Implementation is reported on published recommendations only."))
    if not recommendation.addressee_states.filter(pk=state.pk).exists():
        raise RecommendationError(_("This recommendation is not addressed to %(state)s.") % {"state": state})
    if not can_report_for(by, state):
        raise RecommendationError(_("Only the national focal points of %(state)s report for it.") % {"state": state})


def _evidence_check(evidence_links: str, evidence_file) -> None:
    for line in filter(None, (ln.strip() for ln in evidence_links.splitlines())):
        if not line.startswith(("https://", "http://")):
            raise RecommendationError(_("Evidence links must start with https:// or http://."))
    if evidence_file:
        try:
            validate_pdf_upload(evidence_file)
        except ValidationError as exc:
            raise RecommendationError(exc.messages) from exc


def _progress_value(progress) -> int | None:
    if progress in (None, ""):
        return None
    try:
        return int(progress)
    except (TypeError, ValueError) as exc:
        raise RecommendationError(_("Progress is a number from 0 to 100.")) from exc


@transaction.atomic
def report_draft_save(
    *,
    recommendation: Recommendation,
    state: MemberState,
    period: str = "",
    status: str = "",
    progress: int | None = None,
    narrative: str = "",
    evidence_links: str = "",
    evidence_file=None,
    by: User,
) -> ImplementationReportDraft:
    """Keep a state's report as written so far, to finish and submit later; what it holds is checked as a report's
    would be (a draft may leave things out, never hold what a report may not). Never counted anywhere."""
    _report_may_be_written(recommendation, state, by)
    progress = _progress_value(progress)
    if period and not (PERIOD_RE.fullmatch(period) and period in report_periods(recommendation)):
        raise RecommendationError(_("Choose one of the periods offered."))
    if status and status not in ImplementationReport.Status.values:
        raise RecommendationError(_("Choose a status."))
    if progress is not None and not (0 <= progress <= 100):
        raise RecommendationError(_("Progress is a number from 0 to 100."))
    if status and progress is not None and (error := report_progress_error(status, progress)):
        raise RecommendationError(error)
    _evidence_check(evidence_links, evidence_file)
    draft = (
        ImplementationReportDraft.objects.select_for_update().filter(recommendation=recommendation, state=state).first()
    )
    if draft is None:
        draft = ImplementationReportDraft(recommendation=recommendation, state=state, updated_by=by)
    draft.period, draft.status, draft.progress = period, status, progress
    draft.narrative, draft.evidence_links = narrative.strip(), evidence_links.strip()
    if evidence_file:
        draft.evidence_file = evidence_file
        draft.evidence_name = display_name(evidence_file.name)
    draft.updated_by, draft.updated_at = by, timezone.now()
    draft.save()
    audit_record(
        actor=by,
        action=AuditAction.IMPLEMENTATION_REPORT_DRAFT,
        target=draft,
        data={"recommendation": recommendation.pk, "state": state.code, "period": period, "status": status},
    )
    return draft


@transaction.atomic
def report_submit(
    *,
    recommendation: Recommendation,
    state: MemberState,
    period: str,
    status: str,
    progress: int | None,
    narrative: str,
    evidence_links: str = "",
    evidence_file=None,
    by: User,
    from_draft: bool = False,
) -> ImplementationReport:
    """File a state's report for a period; with `from_draft`, the state's draft's evidence file is kept when no
    new file is given, and the draft is removed once the report is filed."""
    _report_may_be_written(recommendation, state, by)
    if not PERIOD_RE.fullmatch(period or ""):
        raise RecommendationError(_("Write the period as a year and half, e.g. 2025-H1."))
    if status not in ImplementationReport.Status.values:
        raise RecommendationError(_("Choose a status."))
    progress = _progress_value(progress)
    if progress is not None and not (0 <= progress <= 100):
        raise RecommendationError(_("Progress is a number from 0 to 100."))
    if error := report_progress_error(status, progress):
        raise RecommendationError(error)
    if not narrative.strip():
        raise RecommendationError(_("Describe what has been done."))
    _evidence_check(evidence_links, evidence_file)
    draft = (
        ImplementationReportDraft.objects.select_for_update().filter(recommendation=recommendation, state=state).first()
    )
    evidence_name = display_name(evidence_file.name) if evidence_file else ""
    if not evidence_file and from_draft and draft and draft.evidence_file:
        evidence_file, evidence_name = draft.evidence_file.name, draft.evidence_name
    report = ImplementationReport.objects.create(
        recommendation=recommendation,
        state=state,
        period=period,
        status=status,
        progress=progress,
        narrative=narrative.strip(),
        evidence_links=evidence_links.strip(),
        evidence_file=evidence_file or "",
        evidence_name=evidence_name,
        submitted_by=by,
    )
    if draft is not None and from_draft:
        draft.delete()
    audit_record(
        actor=by, action=AuditAction.IMPLEMENTATION_REPORT, target=report, data={"status": status, "progress": progress}
    )
    return report


def report_reminders_due(*, now: datetime.datetime | None = None) -> int:
    """Remind focal points, once per period, of published recommendations they have not reported on.

    A period's reminder goes in its last month (June or December). The record of the reminder and one outbox
    message per focal point are committed together; the messages are sent after the commit, each once.
    Returns the number of messages queued.
    """
    from recommendations.models import ReportReminder

    now = now or timezone.now()
    day = timezone.localdate(now)
    if day.month not in (6, 12):
        return 0
    period = current_period(day)
    queued = 0
    published = Recommendation.objects.filter(status=Status.PUBLISHED).prefetch_related("addressee_states")
    for recommendation in published:
        for state in recommendation.addressee_states.all():
            if recommendation.implementation_reports.filter(state=state, period=period).exists():
                continue
            with transaction.atomic():
                reminder, created = ReportReminder.objects.get_or_create(
                    recommendation=recommendation, state=state, period=period
                )
                if not created:
                    continue
                focal_points = User.objects.filter(
                    memberships__in=Membership.objects.active_on(day).filter(
                        is_focal_point=True, represents_state=state
                    ),
                    is_active=True,
                ).distinct()
                for person in focal_points:
                    message_queue(
                        kind=emails.REPORT_REMINDER,
                        key=f"report-reminder:{reminder.pk}:person:{person.pk}",
                        email=person.email,
                        language=person.preferred_language,
                        recipient=person,
                        subject=reminder,
                        context={"recommendation": recommendation.pk, "state": state.pk, "period": period},
                    )
                    queued += 1
    return queued
