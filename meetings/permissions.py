"""Who may see meetings and their documents: one rule, written once as a query."""

from django.db.models import Q, QuerySet

from council.models import Access
from council.permissions import is_secretariat, member_body_ids


def visible_meetings_q(user) -> Q | None:
    """A filter on meetings the user may see; None means every meeting (the secretariat)."""
    if is_secretariat(user):
        return None
    published = ~Q(status="draft")
    if not (user.is_authenticated and user.is_active):
        return published & Q(access=Access.PUBLIC)
    body_ids = member_body_ids(user)
    levels = Q(access__in=[Access.PUBLIC, Access.PARTNERS])
    if body_ids:
        levels |= Q(access=Access.COUNCIL)
        levels |= Q(access=Access.BODY, bodies__in=body_ids)
    # An invitee always sees the meeting they are invited to.
    levels |= Q(invitations__person=user)
    return published & levels


def filter_visible_meetings(queryset: QuerySet, user) -> QuerySet:
    condition = visible_meetings_q(user)
    if condition is None:
        return queryset
    ids = queryset.model.objects.filter(condition).values("pk")
    return queryset.filter(pk__in=ids)


def can_view_meeting(user, meeting) -> bool:
    return filter_visible_meetings(type(meeting).objects.filter(pk=meeting.pk), user).exists()


def document_levels_for(user, meeting) -> set[str] | None:
    """The access levels of documents of a (visible) meeting the user may open; None means all."""
    if is_secretariat(user):
        return None
    if not (user.is_authenticated and user.is_active):
        return {Access.PUBLIC}
    levels = {Access.PUBLIC, Access.PARTNERS}
    body_ids = member_body_ids(user)
    if body_ids:
        levels.add(Access.COUNCIL)
        if body_ids & {b.pk for b in meeting.bodies.all()}:
            levels.add(Access.BODY)
    return levels


def can_manage_meetings(user) -> bool:
    return is_secretariat(user)
