"""Every change of state of people and memberships: one function each, in a transaction, audited."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from council import emails
from council.audit import AuditAction, audit_record, has_audit_trail
from council.models import Body, Membership, MemberState, Organisation, User
from council.outbox.services import message_queue
from council.permissions import can_manage_account, can_manage_staff
from council.secretariat import secretariat_group


def model_update(*, instance: models.Model, fields: Iterable[str], data: dict) -> list[str]:
    """Set those of `fields` that `data` gives and that differ, validate them, save just those; return their names.

    Many-to-many fields are set after the row is saved. The caller writes the audit row (with the names).
    """
    changed, many = [], {}
    for name in fields:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if {obj.pk for obj in data[name]} != set(getattr(instance, name).values_list("pk", flat=True)):
                many[name] = data[name]
                changed.append(name)
        elif getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    scalar = [name for name in changed if name not in many]
    if scalar:
        instance.full_clean(exclude=[f.name for f in instance._meta.fields if f.name not in scalar])
        instance.save(update_fields=scalar)
    for name, values in many.items():
        getattr(instance, name).set(values)
    return changed


class AccountError(ValidationError):
    """A change to a person's account that the rules do not allow."""


# Fields that carry rights: only a superuser changes them (groups and permissions are set by the admin form).
RIGHTS_FIELDS = ("is_staff", "is_superuser")


def _ensure_may_manage(*, by: User | None, user: User) -> None:
    """Refuse a change to an account with as many rights as the actor's or more (`by=None` is the system)."""
    if by is not None and not can_manage_account(by, user):
        raise AccountError(
            _("Only a superuser may change the account of %(email)s: it is a staff or superuser account.")
            % {"email": user.email}
        )


def _ensure_may_grant_rights(*, by: User | None) -> None:
    if by is not None and not can_manage_staff(by):
        raise AccountError(_("Only a superuser may grant or remove staff rights."))


@transaction.atomic
def user_register(*, user: User, by: User | None = None) -> User:
    """Save a new account built by a form or by `user_create`; it has no password until the person sets one."""
    if user.is_staff or user.is_superuser:
        _ensure_may_grant_rights(by=by)
    user.email = User.objects.normalize_email(user.email).strip().lower()
    user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    audit_record(
        actor=by, action=AuditAction.USER_CREATE, target=user, data={"email": user.email, "is_staff": user.is_staff}
    )
    return user


def user_create(
    *,
    email: str,
    full_name_latin: str,
    full_name_cyrillic: str = "",
    preferred_language: str = "ru",
    country: MemberState | None = None,
    organisation: Organisation | None = None,
    position: str = "",
    is_staff: bool = False,
    by: User | None = None,
) -> User:
    """Create an account without a password; the person chooses one through a set-password link."""
    user = User(
        email=email,
        full_name_latin=full_name_latin.strip(),
        full_name_cyrillic=full_name_cyrillic.strip(),
        preferred_language=preferred_language,
        country=country,
        organisation=organisation,
        position=position,
        is_staff=is_staff,
    )
    return user_register(user=user, by=by)


@transaction.atomic
def user_send_set_password_link(*, user: User, by: User | None = None) -> None:
    """Mail the person a link to choose a password, in their own language (through the outbox, after commit)."""
    _ensure_may_manage(by=by, user=user)
    if not user.is_active:
        raise AccountError(_("%(email)s is inactive; activate the account first.") % {"email": user.email})
    # Each request is a message of its own: the link is made when it is sent, so the newest one works.
    message_queue(
        kind=emails.SET_PASSWORD,
        key=f"{emails.SET_PASSWORD}:{user.pk}:{secrets.token_hex(8)}",
        email=user.email,
        language=user.preferred_language,
        recipient=user,
        subject=user,
    )
    audit_record(actor=by, action=AuditAction.USER_SEND_SET_PASSWORD_LINK, target=user)


def _language_of(user: User | None) -> str:
    """The recipient's language; for an address with no account, the language of the page it was asked on."""
    if user is not None and user.preferred_language:
        return user.preferred_language
    try:
        return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


@transaction.atomic
def account_email_queue(*, template: str, email: str, context: dict, submission: str = ""):
    """Queue one of django-allauth's emails in the outbox, in the recipient's language (see council.emails).

    The row keeps the ids its links are made from and a few small values, never a key. `submission` names
    the form that asked for it (council.adapters.form_submission): a double submit of one form queues one
    email, a second request from the page loaded again queues another; without it, every call queues one.
    """
    kind = emails.account_email(template, context)
    user = context.get("user")
    user = user if isinstance(user, User) and user.pk else None
    if kind.needs_account and user is None:
        raise ValueError(f"{template} is about an account, but allauth named none.")
    values = emails.account_email_values(kind, context, user=user, to=email)
    who = f"user{user.pk}" if user is not None else "-"
    address_digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]
    return message_queue(
        kind=kind.kind,
        key=f"{kind.kind}:{who}:{address_digest}:{submission or secrets.token_hex(12)}",
        email=email,
        language=_language_of(user),
        recipient=user,
        subject=user,
        context=values,
    )


@transaction.atomic
def user_mark_email_verified(*, user: User) -> None:
    """The person proved they read this mailbox (by following a link sent to it)."""
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
        audit_record(actor=user, action=AuditAction.USER_EMAIL_VERIFIED, target=user, data={"email": user.email})


@transaction.atomic
def user_deactivate(*, user: User, by: User | None = None) -> User:
    """Stop a person from using the portal; their open sessions stop at their next request."""
    if by is not None and by.pk == user.pk:
        raise AccountError(_("You cannot deactivate your own account."))
    _ensure_may_manage(by=by, user=user)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(actor=by, action=AuditAction.USER_DEACTIVATE, target=user)
    return user


@transaction.atomic
def user_update(*, user: User, fields: list[str], by: User | None = None) -> User:
    """Save the given fields of a person's account, as the rules allow; a new address must be confirmed again.

    `user` carries the new values; the rule is judged on the account as stored, so a form cannot lower the
    rights of an account to get hold of it. Groups and permissions (many-to-many) are saved by the caller.
    """
    stored = User.objects.select_for_update().get(pk=user.pk)
    _ensure_may_manage(by=by, user=stored)
    if any(getattr(user, name) != getattr(stored, name) for name in RIGHTS_FIELDS):
        _ensure_may_grant_rights(by=by)
    if by is not None and by.pk == user.pk and stored.is_active and not user.is_active:
        raise AccountError(_("You cannot deactivate your own account."))
    user.email = User.objects.normalize_email(user.email).strip().lower()
    user.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in fields])
    concrete = {f.name for f in User._meta.concrete_fields}
    update_fields = [name for name in fields if name in concrete]
    if update_fields:
        user.save(update_fields=update_fields)
    if "email" in update_fields and user.email != stored.email:
        # The old address must no longer receive password resets; the new one is confirmed by its owner.
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    if fields:
        audit_record(actor=by, action=AuditAction.USER_UPDATE, target=user, data={"fields": list(fields)})
    return user


@transaction.atomic
def user_join_secretariat(*, user: User, by: User | None = None) -> User:
    """Make a person one of the secretariat: the Secretariat group and its permissions."""
    _ensure_may_grant_rights(by=by)
    group = secretariat_group()
    if user.groups.filter(pk=group.pk).exists():
        return user
    user.groups.add(group)
    audit_record(actor=by, action=AuditAction.USER_UPDATE, target=user, data={"fields": ["groups"]})
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, by: User | None = None) -> User:
    """Give an account a password chosen for it (the demo account); people choose their own through a link."""
    _ensure_may_manage(by=by, user=user)
    validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # The audit row says that the password changed, never what it is.
    audit_record(actor=by, action=AuditAction.USER_UPDATE, target=user, data={"fields": ["password"]})
    return user


@transaction.atomic
def user_delete(*, user: User, by: User | None = None) -> None:
    """Delete an account created by mistake; an account named in the audit trail is deactivated instead."""
    if by is not None and by.pk == user.pk:
        raise AccountError(_("You cannot delete your own account."))
    _ensure_may_manage(by=by, user=user)
    if has_audit_trail(user):
        raise AccountError(
            _("%(email)s appears in the audit trail and cannot be deleted: deactivate the account instead.")
            % {"email": user.email}
        )
    pk, data = user.pk, {"email": user.email, "name": user.full_name_latin}
    user.delete()
    user.pk = pk  # the audit row names the deleted account
    audit_record(actor=by, action=AuditAction.USER_DELETE, target=user, data=data)


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise AccountError(_("This language is not offered."))
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


@transaction.atomic
def membership_create(
    *,
    person: User,
    body: Body,
    role: str = Membership.Role.MEMBER,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    represents_state: MemberState | None = None,
    represents_organisation: Organisation | None = None,
    is_focal_point: bool = False,
    by: User | None = None,
) -> Membership:
    """Seat a person in a body; refuses a term that overlaps one they already hold there."""
    # Serialise concurrent changes to the same person's seats so the overlap check holds.
    User.objects.select_for_update().filter(pk=person.pk).first()
    membership = Membership(
        person=person,
        body=body,
        role=role,
        term_start=term_start,
        term_end=term_end,
        represents_state=represents_state,
        represents_organisation=represents_organisation,
        is_focal_point=is_focal_point,
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=by,
        action=AuditAction.MEMBERSHIP_CREATE,
        target=membership,
        data={"body": body.code, "role": role, "term_start": str(term_start), "term_end": str(term_end or "")},
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, on: datetime.date, by: User | None = None) -> Membership:
    """End a term on the given day (the last day it still counts)."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if on < locked.term_start:
        raise ValidationError(_("The term cannot end before it starts."))
    if locked.term_end is not None and locked.term_end <= on:
        raise ValidationError(_("This term has already ended on %(date)s.") % {"date": locked.term_end})
    locked.term_end = on
    locked.save(update_fields=["term_end"])
    audit_record(actor=by, action=AuditAction.MEMBERSHIP_END, target=locked, data={"term_end": str(on)})
    return locked


MEMBERSHIP_FIELDS = (
    "person",
    "body",
    "role",
    "represents_state",
    "represents_organisation",
    "is_focal_point",
    "term_start",
    "term_end",
)


@transaction.atomic
def membership_update(*, membership: Membership, data: dict, by: User | None = None) -> Membership:
    """Correct a membership (role, whom it represents, term…); the overlap rule is checked again."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    people = {locked.person_id, getattr(data.get("person"), "pk", locked.person_id)}
    list(User.objects.select_for_update().filter(pk__in=people))  # serialises changes to their seats
    changed = model_update(instance=locked, fields=MEMBERSHIP_FIELDS, data=data)
    if changed:
        locked.full_clean()  # the overlap rule spans fields that did not change
        audit_record(actor=by, action=AuditAction.MEMBERSHIP_UPDATE, target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def membership_delete(*, membership: Membership, by: User | None = None) -> None:
    """Remove a membership entered by mistake (a term that ended is ended with `membership_end`, not deleted)."""
    audit_record(
        actor=by,
        action=AuditAction.MEMBERSHIP_DELETE,
        target=membership,
        data={
            "person": membership.person_id,
            "body": membership.body_id,
            "role": membership.role,
            "term_start": str(membership.term_start),
            "term_end": str(membership.term_end or ""),
        },
    )
    membership.delete()


# Reference data: member states, organisations, bodies (and other apps' lists, such as tags) -----------------


@transaction.atomic
def reference_create(*, instance: models.Model, by: User | None = None) -> models.Model:
    """Save a new row of reference data built by a form or a seeder."""
    instance.full_clean()
    instance.save()
    audit_record(actor=by, action=AuditAction.REFERENCE_CREATE, target=instance)
    return instance


@transaction.atomic
def reference_update(*, instance: models.Model, data: dict, by: User | None = None) -> models.Model:
    """Change the given fields of a row of reference data."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    changed = model_update(instance=locked, fields=list(data), data=data)
    if changed:
        audit_record(actor=by, action=AuditAction.REFERENCE_UPDATE, target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def reference_delete(*, instance: models.Model, by: User | None = None) -> None:
    """Delete a row of reference data nothing refers to (the database refuses otherwise)."""
    audit_record(actor=by, action=AuditAction.REFERENCE_DELETE, target=instance)
    instance.delete()


# A person's own profile and visits ------------------------------------------------------------------------

# The fields a person changes on their own profile page (everything else is the secretariat's).
PROFILE_FIELDS = ("full_name_cyrillic", "full_name_latin", "preferred_language", "time_zone", "notice_delivery")
# A home page seen again within this time is the same visit: reloading it keeps "since your last visit".
VISIT_GAP = datetime.timedelta(hours=1)


@transaction.atomic
def user_profile_update(*, user: User, data: dict) -> list[str]:
    """A person changes their own names, language and time zone; returns the fields changed (audited).

    Bad values raise ValidationError (per field) and change nothing."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    data = {name: value for name, value in data.items() if name in PROFILE_FIELDS}
    if "full_name_latin" in data and not str(data["full_name_latin"]).strip():
        raise ValidationError({"full_name_latin": _("Write your name in Latin letters.")})
    if "preferred_language" in data and data["preferred_language"] not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("This language is not offered.")})
    changed = model_update(instance=locked, fields=PROFILE_FIELDS, data=data)
    if changed:
        audit_record(actor=locked, action=AuditAction.USER_UPDATE, target=locked, data={"fields": changed})
        for name in changed:
            setattr(user, name, getattr(locked, name))
    return changed


def user_visit_record(*, user: User, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Note that the person is looking at their home page; return when their previous visit ended (None: never).

    A visit is a run of home-page views less than VISIT_GAP apart, so a reload keeps what was new. Not audited:
    it changes nothing anyone relies on."""
    now = now or timezone.now()
    previous = user.previous_visit_at
    if user.last_seen_at is None or now - user.last_seen_at > VISIT_GAP:
        previous = user.last_seen_at
    User.objects.filter(pk=user.pk).update(last_seen_at=now, previous_visit_at=previous)
    user.last_seen_at, user.previous_visit_at = now, previous
    return previous
