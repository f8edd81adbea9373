"""Every change of the regional figures: indicators kept by the secretariat; values entered, submitted, approved,
rejected and superseded, each in a transaction with its audit row.

A value's life: draft → submitted → approved (published) or rejected (with the reason; it may be corrected and
submitted again). An approved value never changes: a correction is a new value, whose approval supersedes it.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from figures.models import FIRST_YEAR, AgeBand, Indicator, Sex, Value
from figures.permissions import can_approve_values, can_edit_value, can_enter_for, can_view_indicator

# What value_update may change (the rest is who and when, set by the services).
VALUE_FIELDS = ("indicator", "state", "year_from", "year_to", "sex", "age_band", "number", "source", "source_date")
INDICATOR_FIELDS = (
    "code",
    "name_ru",
    "name_en",
    "name_uz",
    "definition_ru",
    "definition_en",
    "definition_uz",
    "unit_ru",
    "unit_en",
    "unit_uz",
    "by_state",
    "by_year",
    "by_sex",
    "by_age",
    "threshold",
    "is_headline",
    "order",
    "access",
)
LARGEST = Decimal("999999999999.99")


def _audit_data(value: Value) -> dict:
    return {
        "indicator": value.indicator.code,
        "state": value.state.code if value.state_id else None,
        "period": value.period_label,
        "sex": value.sex,
        "age_band": value.age_band,
        "number": str(value.number),
        "status": value.status,
    }


def value_check(*, fields: dict, by) -> dict:
    """The fields of a value checked against its indicator and the person entering it; each problem is told per
    field (ValidationError with a dict), in words a focal point understands."""
    errors: dict[str, str] = {}
    indicator = fields.get("indicator")
    state = fields.get("state")
    if not isinstance(indicator, Indicator) or not can_view_indicator(by, indicator):
        raise ValidationError({"indicator": _("Choose one of the indicators listed.")})
    if state is not None and not indicator.by_state:
        errors["state"] = _("This indicator is counted for the region as a whole only: leave the state empty.")
    elif not can_enter_for(by, state):
        errors["state"] = (
            _("Only the secretariat enters figures for the region as a whole.")
            if state is None
            else _("You enter figures for the state you represent only.")
        )
    this_year = timezone.localdate().year
    year_from, year_to = fields.get("year_from"), fields.get("year_to")
    for name, year in (("year_from", year_from), ("year_to", year_to)):
        if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= this_year:
            errors[name] = _("Give a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
    if "year_from" not in errors and "year_to" not in errors:
        if year_from > year_to:
            errors["year_to"] = _("The period must end in or after the year it begins.")
        elif year_from == year_to and not indicator.by_year:
            errors["year_to"] = _("This indicator is not counted year by year: give a period of several years.")
    sex = fields.get("sex") or Sex.ALL
    if sex not in Sex.values:
        errors["sex"] = _("Choose all, female or male.")
    elif sex != Sex.ALL and not indicator.by_sex:
        errors["sex"] = _("This indicator is not broken down by sex: choose “all”.")
    age_band = fields.get("age_band") or AgeBand.ALL
    if age_band not in AgeBand.values:
        errors["age_band"] = _("Choose one of the age bands listed.")
    elif age_band != AgeBand.ALL and not indicator.by_age:
        errors["age_band"] = _("This indicator is not broken down by age: choose “all ages”.")
    number = fields.get("number")
    try:
        number = Decimal(str(number)) if number is not None and not isinstance(number, bool) else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        errors["number"] = _("Give a number, e.g. 120.")
    elif number < 0:
        errors["number"] = _("A figure cannot be negative.")
    elif number > LARGEST or number != number.quantize(Decimal("0.01")):
        errors["number"] = _("Give a number below a trillion, with at most two decimals.")
    source = (fields.get("source") or "").strip()
    if not source:
        errors["source"] = _("Say where the figure comes from (the institution and its publication).")
    elif len(source) > 500:
        errors["source"] = _("Keep the source under 500 characters.")
    source_date = fields.get("source_date")
    if not isinstance(source_date, datetime.date) or isinstance(source_date, datetime.datetime):
        errors["source_date"] = _("Give the date of the source.")
    elif source_date > timezone.localdate():
        errors["source_date"] = _("The source's date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return {**fields, "sex": sex, "age_band": age_band, "number": number, "source": source}


@transaction.atomic
def value_create(
    *,
    indicator: Indicator,
    state=None,
    year_from: int,
    year_to: int,
    sex: str = Sex.ALL,
    age_band: str = AgeBand.ALL,
    number,
    source: str,
    source_date: datetime.date,
    is_demo: bool = False,
    submit: bool = False,
    by,
) -> Value:
    """A new value, as a draft (or submitted at once with `submit`), for a state the person enters figures for."""
    fields = value_check(
        fields={
            "indicator": indicator,
            "state": state,
            "year_from": year_from,
            "year_to": year_to,
            "sex": sex,
            "age_band": age_band,
            "number": number,
            "source": source,
            "source_date": source_date,
        },
        by=by,
    )
    value = Value.objects.create(
        **fields,
        is_demo=is_demo,
        status=Value.Status.SUBMITTED if submit else Value.Status.DRAFT,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(actor=by, action=AuditAction.FIGURE_VALUE_CREATE, target=value, data=_audit_data(value))
    return value


def _locked(value: Value) -> Value:
    # Lock the value's row only: the state is an outer join (a regional value has none).
    return Value.objects.select_for_update(of=("self",)).select_related("indicator", "state").get(pk=value.pk)


@transaction.atomic
def value_update(*, value: Value, data: dict, submit: bool = False, by) -> Value:
    """Change a draft or a rejected value (a rejected one becomes a draft again, or is submitted with `submit`)."""
    locked = _locked(value)
    if not can_edit_value(by, locked):
        raise ValidationError(_("This figure can no longer be changed: enter a new one instead."))
    current = {name: getattr(locked, name) for name in VALUE_FIELDS}
    wanted = {**current, **{name: data[name] for name in VALUE_FIELDS if name in data}}
    fields = value_check(fields=wanted, by=by)
    changed = [name for name in VALUE_FIELDS if fields[name] != current[name]]
    for name in changed:
        setattr(locked, name, fields[name])
    locked.status = Value.Status.SUBMITTED if submit else Value.Status.DRAFT
    locked.save(update_fields=[*changed, "status", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.FIGURE_VALUE_UPDATE,
        target=locked,
        data={**_audit_data(locked), "changed": changed},
    )
    if submit:
        audit_record(actor=by, action=AuditAction.FIGURE_VALUE_SUBMIT, target=locked, data=_audit_data(locked))
    return locked


@transaction.atomic
def value_submit(*, value: Value, by) -> Value:
    """Send a draft (or a corrected rejected value) to the secretariat for approval."""
    locked = _locked(value)
    if not can_edit_value(by, locked):
        raise ValidationError(_("Only a draft or a rejected figure can be submitted."))
    locked.status = Value.Status.SUBMITTED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=AuditAction.FIGURE_VALUE_SUBMIT, target=locked, data=_audit_data(locked))
    return locked


@transaction.atomic
def value_approve(*, value: Value, by) -> Value:
    """Publish a value; the value approved before for the same cell, if any, is superseded (kept, no longer shown)."""
    if not can_approve_values(by):
        raise PermissionDenied
    locked = _locked(value)
    if locked.status not in (Value.Status.DRAFT, Value.Status.SUBMITTED):
        raise ValidationError(
            _("Only a draft or a submitted figure can be approved (this one is %(status)s).")
            % {"status": locked.get_status_display()}
        )
    previous = (
        Value.objects.select_for_update(of=("self",))
        .order_by("pk")
        .filter(
            indicator_id=locked.indicator_id,
            state_id=locked.state_id,
            year_from=locked.year_from,
            year_to=locked.year_to,
            sex=locked.sex,
            age_band=locked.age_band,
            status=Value.Status.APPROVED,
        )
        .exclude(pk=locked.pk)
    )
    for old in previous:
        old.status = Value.Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.FIGURE_VALUE_SUPERSEDE,
            target=old,
            data={**_audit_data(old), "by_value": locked.pk},
        )
    locked.status = Value.Status.APPROVED
    locked.reason = ""
    locked.approved_by = by
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "reason", "approved_by", "approved_at", "updated_at"])
    audit_record(actor=by, action=AuditAction.FIGURE_VALUE_APPROVE, target=locked, data=_audit_data(locked))
    return locked


@transaction.atomic
def value_reject(*, value: Value, reason: str, by) -> Value:
    """Send a value back to whoever entered it, with the reason; it is never published as it is."""
    if not can_approve_values(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the figure is rejected, so that it can be corrected.")})
    locked = _locked(value)
    if locked.status not in (Value.Status.DRAFT, Value.Status.SUBMITTED):
        raise ValidationError(
            _("Only a draft or a submitted figure can be rejected (this one is %(status)s).")
            % {"status": locked.get_status_display()}
        )
    locked.status = Value.Status.REJECTED
    locked.reason = reason
    locked.save(update_fields=["status", "reason", "updated_at"])
    audit_record(
        actor=by, action=AuditAction.FIGURE_VALUE_REJECT, target=locked, data={**_audit_data(locked), "reason": reason}
    )
    return locked


@transaction.atomic
def indicator_create(*, data: dict, by) -> Indicator:
    """A new indicator (the secretariat's, in the admin)."""
    indicator = Indicator(**{name: data[name] for name in INDICATOR_FIELDS if name in data})
    indicator.full_clean()
    indicator.save()
    audit_record(actor=by, action=AuditAction.INDICATOR_CREATE, target=indicator, data={"code": indicator.code})
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict, by) -> Indicator:
    """Change an indicator's names, breakdowns, threshold, place or access; what changed is audited."""
    changed = [name for name in INDICATOR_FIELDS if name in data and getattr(indicator, name) != data[name]]
    for name in changed:
        setattr(indicator, name, data[name])
    indicator.full_clean()
    indicator.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.INDICATOR_UPDATE,
        target=indicator,
        data={"changed": {name: str(getattr(indicator, name)) for name in changed}},
    )
    return indicator
