"""Who may do what in the council app: one question, one function."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

SECRETARIAT_GROUP = "Secretariat"

# Rights of an account (DESIGN.md, "Rights"): superuser > secretariat staff > member.
MEMBER, STAFF, SUPERUSER = 0, 1, 2


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


def can_see_member_names(user, body) -> bool:
    """Names of a body's members are personal data: shown to the secretariat and to the body's own current
    members (any role). Everyone else sees counts by state and organisation, never names."""
    return is_secretariat(user) or (body is not None and body.pk in member_body_ids(user))


def can_see_composition(user) -> bool:
    """How many of a body's members come from which state or organisation: signed-in people only."""
    return bool(user.is_authenticated and user.is_active)


# Second factor ---------------------------------------------------------------------------------------

# What counts as a second factor: recovery codes only back one of these up.
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def must_use_second_factor(user) -> bool:
    """Staff, superusers and holders of a role in settings.MFA_REQUIRED_ROLES must sign in with a second factor."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff or user.is_superuser:
        return True
    roles = settings.MFA_REQUIRED_ROLES
    if not roles:
        return False
    cached = getattr(user, "_holds_mfa_role", None)
    if cached is None:
        from council.models import Membership

        cached = user._holds_mfa_role = (
            Membership.objects.active_on(timezone.localdate()).filter(person=user, role__in=roles).exists()
        )
    return cached


def has_second_factor(user) -> bool:
    """The person has an authenticator app (TOTP) or a security key registered."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES).exists()


def can_remove_own_authenticator(authenticator) -> bool:
    """Its owner may remove an authenticator unless it is the last second factor of someone who needs one."""
    if authenticator.type not in SECOND_FACTOR_TYPES or not must_use_second_factor(authenticator.user):
        return True
    others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTOR_TYPES)
    return others.exclude(pk=authenticator.pk).exists()


def can_manage_authenticators(user) -> bool:
    """Only an active superuser sees who has which authenticator (never the secrets) and may remove one."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def is_demo_account(user) -> bool:
    """One of the embedded default's demo accounts, whose passwords were printed."""
    return bool(user.email) and user.email.lower() in {email.lower() for email in settings.DEMO_ACCOUNT_EMAILS}


def can_sign_in(user) -> bool:
    """Active accounts sign in; the demo accounts only while DEBUG is on (the embedded default)."""
    return bool(user.is_active) and (settings.DEBUG or not is_demo_account(user))


def rank(user) -> int:
    """How many rights an account holds, whether or not it is active: superuser > staff > member."""
    if user.is_superuser:
        return SUPERUSER
    if user.is_staff:
        return STAFF
    return MEMBER


def can_manage_account(actor, target) -> bool:
    """May actor edit, deactivate, delete or reset the password of target's account?

    Everyone manages their own account (their rights excepted, see `can_manage_staff`); otherwise only an
    account with more rights than the target's, or a superuser (who may manage other superusers). So staff
    manage members, never another staff account nor a superuser. `manageable_accounts` is the same rule as a filter.
    """
    if not (actor.is_authenticated and actor.is_active):
        return False
    if target.pk is not None and actor.pk == target.pk:
        return True
    return actor.is_superuser or rank(target) < rank(actor)


def manageable_accounts(actor) -> Q:
    """The accounts `can_manage_account(actor, ...)` allows, as a filter on users."""
    if not (actor.is_authenticated and actor.is_active):
        return Q(pk__in=[])
    if actor.is_superuser:
        return Q()
    own = Q(pk=actor.pk)
    if rank(actor) == STAFF:
        return own | Q(is_staff=False, is_superuser=False)
    return own


def can_manage_staff(actor) -> bool:
    """Only a superuser grants or removes staff rights, groups and permissions."""
    return bool(actor.is_authenticated and actor.is_active and actor.is_superuser)
