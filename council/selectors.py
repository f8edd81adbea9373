"""Reads of the council's structure, with the joins each page needs made up front."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from council.models import Body, Membership, User


def members_current(*, body: Body, on: datetime.date | None = None) -> QuerySet[Membership]:
    """The memberships of a body whose term covers the day (today by default)."""
    return (
        Membership.objects.active_on(on)
        .filter(body=body)
        .select_related("person", "person__organisation", "represents_state", "represents_organisation")
        .order_by("role", "represents_state__order", "person__full_name_latin")
    )


def memberships_of(*, person: User, on: datetime.date | None = None) -> QuerySet[Membership]:
    """The person's memberships on the day, with their bodies."""
    return (
        Membership.objects.active_on(on)
        .filter(person=person)
        .select_related("body", "body__parent", "represents_state", "represents_organisation")
        .order_by("body__order", "body__code")
    )


def bodies_with_current_members(*, on: datetime.date | None = None) -> QuerySet[Body]:
    """Every body with `current_memberships` prefetched (people, states and organisations joined)."""
    day = on or timezone.localdate()
    current = (
        Membership.objects.active_on(day)
        .select_related("person", "represents_state", "represents_organisation")
        .order_by("role", "represents_state__order", "person__full_name_latin")
    )
    return Body.objects.select_related("parent").prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships")
    )


def body_summary(body: Body) -> dict:
    """Counts for a public page: no names, only how many people and which states take part."""
    memberships = body.current_memberships
    states = {m.represents_state for m in memberships if m.represents_state_id}
    return {
        "body": body,
        "members": sum(1 for m in memberships if m.holds_position),
        "observers": sum(1 for m in memberships if m.role == Membership.Role.OBSERVER),
        "states": sorted(states, key=lambda s: (s.order, s.code)),
        "chairs": [m for m in memberships if m.role in (Membership.Role.CHAIR, Membership.Role.CO_CHAIR)],
    }


def body_composition(body: Body) -> list[dict]:
    """Members and observers of a body counted by the state or organisation they represent: no names."""
    rows: dict[tuple, dict] = {}
    for m in body.current_memberships:
        if not (m.holds_position or m.role == Membership.Role.OBSERVER):
            continue  # a body's secretary is counted as neither, as in body_summary
        if m.represents_state_id:
            key, label = (0, m.represents_state.order, m.represents_state.code), m.represents_state.name
        elif m.represents_organisation_id:
            organisation = m.represents_organisation
            key, label = (1, 0, organisation.pk), organisation.acronym or organisation.name
        else:
            key, label = (2, 0, ""), None
        row = rows.setdefault(key, {"label": label, "members": 0, "observers": 0})
        row["members" if m.holds_position else "observers"] += 1
    return [rows[key] for key in sorted(rows)]
