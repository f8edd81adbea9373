"""Every change to roadmaps and activities: each in a transaction, each with its audit row.

The secretariat's admin, partner organisations' API keys (for activities their organisation leads) and the demo
seeder all call these; nothing writes roadmaps or activities around them.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from council.services import model_update
from council.uploads import display_name
from programme import rules
from programme.models import Activity, Roadmap

ROADMAP_FIELDS = (
    "title",
    "title_ru",
    "title_en",
    "title_uz",
    "description",
    "description_ru",
    "description_en",
    "description_uz",
    "states",
    "organisations",
    "starts_on",
    "ends_on",
    "adopted_at",
    "signed_text",
    "access",
)
ACTIVITY_FIELDS = (
    "title",
    "title_ru",
    "title_en",
    "title_uz",
    "kind",
    "lead",
    "partners",
    "states",
    "planned_start",
    "planned_end",
    "meetings",
    "recommendations",
    "budget_amount",
    "budget_currency",
    "order",
)
# What changes only through the status services.
STATUS_FIELDS = frozenset({"status", "status_reason", "actual_start", "actual_end"})


class ProgrammeError(ValidationError):
    """A change to a roadmap or an activity that the rules do not allow."""


def _refuse_status_fields(data: dict) -> None:
    if STATUS_FIELDS & set(data):
        raise ProgrammeError(_("The status and actual dates change through the status change, with its reason."))


def _partner_data(partner) -> dict:
    """Who acted, when a partner organisation's key did (the audit row has no person then)."""
    if partner is None:
        return {}
    return {"partner": partner.organisation.pk, "partner_name": str(partner.organisation), "key": partner.key.prefix}


# Roadmaps -----------------------------------------------------------------------------------------------


@transaction.atomic
def roadmap_create(*, roadmap: Roadmap, states: Iterable = (), organisations: Iterable = (), by) -> Roadmap:
    """Save a new roadmap (built by a form or a seeder) as a draft, with its parties."""
    roadmap.status = Roadmap.Status.DRAFT
    if roadmap.signed_text and not roadmap.signed_text_name:
        roadmap.signed_text_name = display_name(roadmap.signed_text.name)
    roadmap.updated_at = timezone.now()
    roadmap.full_clean()
    roadmap.save()
    roadmap.states.set(states)
    roadmap.organisations.set(organisations)
    audit_record(actor=by, action=AuditAction.ROADMAP_CREATE, target=roadmap, data={"title": roadmap.title})
    return roadmap


@transaction.atomic
def roadmap_update(*, roadmap: Roadmap, data: dict, by) -> list[str]:
    """Change what the secretariat edits of a roadmap; returns the names of the fields that changed."""
    _refuse_status_fields(data)
    locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    upload = data.get("signed_text")
    # The uploader's name, read before the file is stored under a random one.
    uploaded_name = display_name(upload.name) if upload else ""
    changed = model_update(instance=locked, fields=ROADMAP_FIELDS, data=data)
    if changed:
        locked.full_clean()
        extra = ["updated_at"]
        if "signed_text" in changed:
            locked.signed_text_name = uploaded_name
            extra.append("signed_text_name")
        locked.updated_at = timezone.now()
        locked.save(update_fields=extra)
        audit_record(actor=by, action=AuditAction.ROADMAP_UPDATE, target=locked, data={"fields": changed})
    return changed


@transaction.atomic
def roadmap_status_change(*, roadmap: Roadmap, to: str, by) -> Roadmap:
    """Adopt or complete a roadmap (programme.rules); a draft is seen by the secretariat only."""
    locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if not rules.change_allowed(rules.ROADMAP, locked.status, to):
        raise ProgrammeError(
            _("A roadmap that is “%(current)s” cannot become “%(new)s”.")
            % {"current": locked.get_status_display(), "new": _status_label(Roadmap.Status, to)},
            code="transition",
        )
    before = locked.status
    locked.status = to
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=AuditAction.ROADMAP_STATUS, target=locked, data={"from": before, "to": to})
    return locked


def _status_label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value))


# Activities ---------------------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    activity: Activity,
    partners: Iterable = (),
    states: Iterable = (),
    meetings: Iterable = (),
    recommendations: Iterable = (),
    by,
) -> Activity:
    """Save a new activity of a roadmap (built by a form or a seeder); it starts as planned."""
    activity.status = Activity.Status.PLANNED
    activity.status_reason = ""
    activity.actual_start = activity.actual_end = None
    activity.updated_at = timezone.now()
    activity.full_clean()
    activity.save()
    activity.partners.set(partners)
    activity.states.set(states)
    activity.meetings.set(meetings)
    activity.recommendations.set(recommendations)
    audit_record(
        actor=by,
        action=AuditAction.ACTIVITY_CREATE,
        target=activity,
        data={"roadmap": activity.roadmap_id, "kind": activity.kind},
    )
    _roadmap_touch(activity.roadmap_id)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict, by) -> list[str]:
    """Change what the secretariat edits of an activity (not its status: `activity_status_change`)."""
    _refuse_status_fields(data)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    changed = model_update(instance=locked, fields=ACTIVITY_FIELDS, data=data)
    if changed:
        locked.full_clean()
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
        audit_record(actor=by, action=AuditAction.ACTIVITY_UPDATE, target=locked, data={"fields": changed})
        _roadmap_touch(locked.roadmap_id)
    return changed


def activity_status_problems(
    activity: Activity,
    *,
    status: str,
    reason: str,
    actual_start: datetime.date | None,
    actual_end: datetime.date | None,
    today: datetime.date,
) -> dict[str, list[str]]:
    """What is wrong with this change of an activity's status, field by field (nothing: it may be made).

    `reason`, `actual_start` and `actual_end` are the values the activity would hold afterwards."""
    problems: dict[str, list[str]] = {}

    def refuse(field, message):
        problems.setdefault(field, []).append(message)

    if status != activity.status and not rules.change_allowed(rules.ACTIVITY, activity.status, status):
        if activity.status in rules.FINAL:
            refuse(
                "status",
                _("The activity is “%(current)s”: that is final.") % {"current": activity.get_status_display()},
            )
        else:
            refuse(
                "status",
                _("An activity that is “%(current)s” cannot become “%(new)s”.")
                % {"current": activity.get_status_display(), "new": _status_label(Activity.Status, status)},
            )
        return problems
    if status == activity.status and status in rules.FINAL:
        refuse(
            "status", _("The activity is “%(current)s”: that is final.") % {"current": activity.get_status_display()}
        )
        return problems
    if status in rules.NEEDS_REASON and not reason.strip():
        refuse("reason", _("Give the reason why the activity is cancelled or postponed."))
    for field, day in (("actual_start", actual_start), ("actual_end", actual_end)):
        if day is not None and day > today:
            refuse(field, _("An actual date cannot be in the future: give it once it has happened."))
    if status in (rules.ActivityStatus.IN_PROGRESS, rules.ActivityStatus.DONE) and actual_start is None:
        refuse("actual_start", _("Give the day the activity actually started."))
    if actual_end is not None and status not in (rules.ActivityStatus.DONE, rules.ActivityStatus.CANCELLED):
        refuse("actual_end", _("An actual end is given only when the activity is done or cancelled."))
    if actual_end is not None and actual_start is None:
        refuse("actual_start", _("Give the day the activity actually started."))
    if actual_start and actual_end and actual_end < actual_start:
        refuse("actual_end", _("The actual end must be on or after the actual start."))
    return problems


@dataclasses.dataclass(frozen=True)
class StatusOutcome:
    """What an activity would hold after a status change, and what is wrong with it (field → messages)."""

    reason: str
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    problems: dict


def activity_status_outcome(
    activity: Activity,
    *,
    status: str,
    reason: str | None,
    actual_start: datetime.date | None,
    actual_end: datetime.date | None,
    today: datetime.date,
) -> StatusOutcome:
    """The values a status change leaves (dates not given keep theirs; a done activity without an actual end ends
    today; one started without a start date started today; a reason only where the status needs one) and the
    problems with them. The service and the admin's form both ask this, so the rule is written once."""
    new_start = actual_start if actual_start is not None else activity.actual_start
    new_end = actual_end if actual_end is not None else activity.actual_end
    if status == Activity.Status.DONE and new_end is None:
        new_end = today
    if status == Activity.Status.IN_PROGRESS and new_start is None and today >= activity.planned_start:
        new_start = today
    if reason is None:
        reason = activity.status_reason if status == activity.status else ""
    reason = reason.strip() if status in rules.NEEDS_REASON else ""
    problems = activity_status_problems(
        activity, status=status, reason=reason, actual_start=new_start, actual_end=new_end, today=today
    )
    return StatusOutcome(reason=reason, actual_start=new_start, actual_end=new_end, problems=problems)


@transaction.atomic
def activity_status_change(
    *,
    activity: Activity,
    status: str,
    reason: str | None = None,
    actual_start: datetime.date | None = None,
    actual_end: datetime.date | None = None,
    by=None,
    partner=None,
) -> Activity:
    """Move an activity on (programme.rules), with the reason and the actual dates; audited with who did it.

    Dates not given keep their values; a done activity without an actual end ends today. `partner` is the API
    key's principal when a partner organisation made the change (`by` is then None)."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    change = activity_status_outcome(
        locked,
        status=status,
        reason=reason,
        actual_start=actual_start,
        actual_end=actual_end,
        today=timezone.localdate(),
    )
    if change.problems:
        raise ProgrammeError(change.problems)
    reason, new_start, new_end = change.reason, change.actual_start, change.actual_end
    before = {
        "status": locked.status,
        "reason": locked.status_reason,
        "actual_start": locked.actual_start,
        "actual_end": locked.actual_end,
    }
    locked.status, locked.status_reason = status, reason
    locked.actual_start, locked.actual_end = new_start, new_end
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "status_reason", "actual_start", "actual_end", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.ACTIVITY_STATUS,
        target=locked,
        data={
            "from": before["status"],
            "to": status,
            "reason": reason,
            "actual_start": new_start.isoformat() if new_start else None,
            "actual_end": new_end.isoformat() if new_end else None,
            **_partner_data(partner),
        },
    )
    _roadmap_touch(locked.roadmap_id)
    return locked


def _roadmap_touch(roadmap_id: int) -> None:
    """A roadmap's page and API answer change with its activities: their Last-Modified follows."""
    Roadmap.objects.filter(pk=roadmap_id).update(updated_at=timezone.now())
