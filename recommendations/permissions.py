"""Who may see recommendations and take part in their rounds and follow-up."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from council.models import Access, Body, Membership
from council.permissions import is_secretariat, member_body_ids

UNPUBLISHED = ("draft", "consultation", "adopted", "endorsed", "withdrawn")


def visible_recommendations_q(user) -> Q | None:
    """Drafts stay within their group (and the executive committee once adopted); published texts follow
    their access level. None means everything (the secretariat)."""
    if is_secretariat(user):
        return None
    published = Q(status__in=["published", "superseded"])
    if not (user.is_authenticated and user.is_active):
        return published & Q(access=Access.PUBLIC)
    body_ids = member_body_ids(user)
    levels = Q(access__in=[Access.PUBLIC, Access.PARTNERS])
    if body_ids:
        levels |= Q(access=Access.COUNCIL) | Q(access=Access.BODY, working_group__in=body_ids)
    condition = published & levels
    if body_ids:
        condition |= Q(status__in=UNPUBLISHED, working_group__in=body_ids)
        ec = Body.objects.filter(kind=Body.Kind.EXECUTIVE_COMMITTEE, pk__in=body_ids).exists()
        if ec:
            condition |= Q(status__in=["adopted", "endorsed"])
    return condition


def filter_visible_recommendations(queryset: QuerySet, user) -> QuerySet:
    condition = visible_recommendations_q(user)
    return queryset if condition is None else queryset.filter(condition)


def can_view_recommendation(user, recommendation) -> bool:
    return filter_visible_recommendations(type(recommendation).objects.filter(pk=recommendation.pk), user).exists()


def can_see_tally_positions(user, round_) -> bool:
    """How each member answered is shown once the round is closed; while open only who has answered."""
    return not round_.is_open or is_secretariat(user)


def reportable_state_ids(user) -> set[int] | None:
    """Member states the user reports implementation for (as national focal point); None means all."""
    if is_secretariat(user):
        return None
    if not (user.is_authenticated and user.is_active):
        return set()
    return set(
        Membership.objects.active_on(timezone.localdate())
        .filter(person=user, is_focal_point=True, represents_state__isnull=False)
        .values_list("represents_state_id", flat=True)
    )


def can_report_for(user, state) -> bool:
    """The state's national focal points (and the secretariat) report on implementation."""
    states = reportable_state_ids(user)
    return states is None or state.pk in states
