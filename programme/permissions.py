"""Who may see roadmaps and their activities, and which activities a partner organisation may update.

A roadmap belongs to no body: its access level (council.access) decides who sees it once adopted; a draft is the
secretariat's alone. An activity is seen by whoever sees its roadmap. The meetings and recommendations an
activity links to are shown only to those who may see them (meetings.permissions, recommendations.permissions).
"""

from django.db.models import Q, QuerySet

from council.access import levels_for, levels_q
from council.permissions import is_secretariat
from programme.models import Roadmap


def adopted_roadmaps_q(*, prefix: str = "") -> Q:
    """A filter on roadmaps past their draft: the only ones anybody but the secretariat sees."""
    return ~Q(**{f"{prefix}status": Roadmap.Status.DRAFT})


def visible_roadmaps_q(user, *, prefix: str = "") -> Q | None:
    """A filter on roadmaps the user may see (`prefix`: the path to the roadmap, e.g. "roadmap__"); None: all."""
    if is_secretariat(user):
        return None
    levels = levels_for(user, ())  # no owning body
    return adopted_roadmaps_q(prefix=prefix) & levels_q(levels, access=f"{prefix}access")


def filter_visible_roadmaps(queryset: QuerySet, user) -> QuerySet:
    condition = visible_roadmaps_q(user)
    return queryset if condition is None else queryset.filter(condition)


def filter_visible_activities(queryset: QuerySet, user) -> QuerySet:
    condition = visible_roadmaps_q(user, prefix="roadmap__")
    return queryset if condition is None else queryset.filter(condition)


def can_view_roadmap(user, roadmap) -> bool:
    return filter_visible_roadmaps(Roadmap.objects.filter(pk=roadmap.pk), user).exists()


def partner_may_update(organisation, activity) -> bool:
    """A partner organisation's key (scope roadmap:update) updates the activities its organisation leads."""
    return organisation is not None and activity.lead_id == organisation.pk
