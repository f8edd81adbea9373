"""Who may see and do what with the regional figures, on the one access rule (council.access).

An indicator carries an access level: readers see it, and its approved values, when the level is theirs. An
indicator owned by no body, at the `body` level, is seen by the secretariat alone. Values are entered by the
national focal points of a state (for that state only) or by the secretariat; only the secretariat enters the
region's values (no state), approves and rejects.
"""

from django.db.models import Q
from django.utils import timezone

from council.access import can_see_level, levels_q, viewer_of
from council.models import Membership
from council.permissions import is_secretariat


def indicators_q(who) -> Q:
    """A filter on the indicators `who` (a person, a partner key's principal, a Viewer) may see."""
    return levels_q(viewer_of(who).levels)


def can_view_indicator(who, indicator) -> bool:
    return can_see_level(who, indicator.access, ())  # no body owns an indicator


def enterable_state_ids(user) -> set[int] | None:
    """The member states the user enters figures for (as their national focal point); None: all (the secretariat)."""
    if is_secretariat(user):
        return None
    if not (user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_figures_state_ids", None)
    if cached is None:
        cached = user._figures_state_ids = set(
            Membership.objects.active_on(timezone.localdate())
            .filter(person=user, is_focal_point=True, represents_state__isnull=False)
            .values_list("represents_state_id", flat=True)
        )
    return cached


def can_enter_figures(user) -> bool:
    """Focal points of a state and the secretariat have an entry page."""
    states = enterable_state_ids(user)
    return states is None or bool(states)


def can_enter_for(user, state) -> bool:
    """May the user enter a value for `state` (None: the region as a whole, the secretariat's)?"""
    states = enterable_state_ids(user)
    if states is None:
        return True
    return state is not None and state.pk in states


def can_edit_value(user, value) -> bool:
    """A value is changed while it is a draft or was rejected, by whoever may enter values for its state."""
    return value.status in (value.Status.DRAFT, value.Status.REJECTED) and can_enter_for(user, value.state)


def can_see_value_entry(user, value) -> bool:
    """A value not yet approved is seen by those who enter values for its state, never by readers."""
    return can_enter_for(user, value.state)


def can_approve_values(user) -> bool:
    return is_secretariat(user)
