"""Who may do what in the council app: one question, one function."""

from django.utils import timezone

SECRETARIAT_GROUP = "Secretariat"


def member_body_ids(user) -> set[int]:
    """Ids of the bodies the user is a member of today (any role), read once per request."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if getattr(user, "_member_body_ids", None) is None:
        from council.models import Membership

        user._member_body_ids = set(
            Membership.objects.active_on(timezone.localdate()).filter(person=user).values_list("body_id", flat=True)
        )
    return user._member_body_ids


def can_use_admin(user) -> bool:
    """The secretariat's admin is for active staff only (what they may change there is up to their permissions)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_secretariat(user) -> bool:
    """Active staff who are superusers or in the Secretariat group see and run everything on the portal."""
    if not can_use_admin(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = user._is_secretariat = user.groups.filter(name=SECRETARIAT_GROUP).exists()
    return cached


def can_see_member_names(user) -> bool:
    """Names of members are personal data: shown to signed-in people only, never on public pages."""
    return bool(user.is_authenticated and user.is_active)
