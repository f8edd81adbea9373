"""The account emails of the council app, built by the outbox when they are sent (kinds registered in ready()).

Two families: the set-password link the secretariat sends, and every email of django-allauth (password reset,
address confirmation, security notices, the reply to an address with no account). allauth hands each of
those to `AccountAdapter.send_mail`, which queues an `OutboxMessage` instead of sending it. The row keeps ids
and the few small values an email shows (`AccountEmail.values`), never the text and never a key: a reset or
confirmation link is made again from ids when the message is built, in the recipient's language, from
allauth's own templates.
"""

import dataclasses
import datetime
import types
from collections.abc import Callable
from urllib.parse import urlsplit

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from council.outbox.build import header_text, render_email

SET_PASSWORD = "council.set_password"  # noqa: S105 - the name of a kind of message, not a password


def set_password_url(*, user) -> str:
    """An absolute link where the person chooses a password; it stops working once used or expired."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


def build_set_password(row):
    """The link to choose a password, made now (it is a credential: it is never stored in the row)."""
    from council.models import User

    user = User.objects.get(pk=row.recipient_id)
    context = {
        "user": user,
        "url": set_password_url(user=user),
        "site_url": settings.SITE_URL,
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return render_email(
        template="set_password",
        context=context,
        subject=_("Choose your password for the council portal"),
        to=row.email,
        language=row.language,
        message_id=row.message_id,
    )


def set_password_not_owed(row) -> str:
    from council.models import User

    user = User.objects.filter(pk=row.recipient_id).first()
    if user is None or not user.is_active:
        return str(_("The account is inactive."))
    if user.email.lower() != row.email.lower():
        return str(_("The account's email address has changed since the link was asked for."))
    return ""


# django-allauth's emails ------------------------------------------------------------------------------


def _user(row):
    from council.models import User

    return User.objects.filter(pk=row.recipient_id).first() if row.recipient_id else None


def _owns_address(user, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return user.email.lower() == email.lower() or EmailAddress.objects.filter(user=user, email__iexact=email).exists()


def _reset_link(row, user) -> dict:
    """A new reset key for the account as it is now (allauth's token generator, from the user id)."""
    return {"password_reset_url": set_password_url(user=user)}


def _reset_not_owed(row) -> str:
    user = _user(row)
    if user is None or not user.is_active:
        return str(_("The account is inactive."))
    if not _owns_address(user, row.email):
        return str(_("The account's email address has changed since the link was asked for."))
    return ""


def _confirmation_link(row, user) -> dict:
    """A new HMAC confirmation key, signed now from the EmailAddress id (allauth checks its age from now)."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    confirmation = EmailConfirmationHMAC(EmailAddress.objects.get(pk=row.context["address"]))
    return {"activate_url": settings.SITE_URL + reverse("account_confirm_email", args=[confirmation.key])}


def _confirmation_not_owed(row) -> str:
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(pk=row.context.get("address"), user_id=row.recipient_id).first()
    if address is None or address.email.lower() != row.email.lower():
        return str(_("The address is no longer the account's."))
    if address.verified:
        return str(_("The address is confirmed already."))
    return ""


def _signup_links(row, user) -> dict:
    return {
        "signup_url": settings.SITE_URL + reverse("account_signup"),
        "password_reset_url": settings.SITE_URL + reverse("account_reset_password"),
    }


def _recipient_gone(row) -> str:
    return "" if _user(row) is not None else str(_("The account no longer exists."))


def _no_links(row, user) -> dict:
    return {}


def _owed(row) -> str:
    return ""


@dataclasses.dataclass(frozen=True)
class AccountEmail:
    """One of allauth's emails as the outbox keeps it: its template, the values a row keeps, its links."""

    template: str  # allauth's template prefix, e.g. "account/email/password_reset_key"
    # Small values of allauth's context kept in the row; never a key, a code or a link carrying one.
    values: tuple[str, ...] = ()
    # The links the email shows, made when it is built: (row, user) -> context.
    links: Callable[..., dict] = _no_links
    not_owed: Callable[..., str] = _recipient_gone
    # The row keeps the id of the EmailAddress the email confirms (its key is signed from it when built).
    keeps_address: bool = False
    # An email about an account goes to it; the reply to an address with no account goes to nobody's.
    needs_account: bool = True

    @property
    def kind(self) -> str:
        app, _folder, name = self.template.split("/")
        return f"allauth.{app}.{name}"


# What allauth adds to every security notice (send_notification_mail).
NOTICE = ("timestamp", "ip", "user_agent")

ACCOUNT_EMAILS = {
    email.template: email
    for email in (
        AccountEmail("account/email/password_reset_key", links=_reset_link, not_owed=_reset_not_owed),
        AccountEmail(
            "account/email/email_confirmation",
            links=_confirmation_link,
            not_owed=_confirmation_not_owed,
            keeps_address=True,
        ),
        AccountEmail(
            "account/email/email_confirmation_signup",
            links=_confirmation_link,
            not_owed=_confirmation_not_owed,
            keeps_address=True,
        ),
        AccountEmail("account/email/unknown_account", links=_signup_links, not_owed=_owed, needs_account=False),
        AccountEmail("account/email/account_already_exists", links=_signup_links, not_owed=_owed, needs_account=False),
        AccountEmail("account/email/password_changed", values=NOTICE),
        AccountEmail("account/email/password_set", values=NOTICE),
        AccountEmail("account/email/password_reset", values=NOTICE),
        AccountEmail("account/email/email_confirm", values=NOTICE),
        AccountEmail("account/email/email_changed", values=(*NOTICE, "from_email", "to_email")),
        AccountEmail("account/email/email_deleted", values=(*NOTICE, "deleted_email")),
        AccountEmail("mfa/email/totp_activated", values=NOTICE),
        AccountEmail("mfa/email/totp_deactivated", values=NOTICE),
        AccountEmail("mfa/email/recovery_codes_generated", values=NOTICE),
        AccountEmail("mfa/email/webauthn_added", values=NOTICE),
        AccountEmail("mfa/email/webauthn_removed", values=NOTICE),
    )
}
ACCOUNT_EMAIL_KINDS = {email.kind: email for email in ACCOUNT_EMAILS.values()}


def account_email(template: str, context: dict) -> AccountEmail:
    """How the outbox keeps allauth's email `template`; an email it cannot rebuild from ids is refused."""
    if "code" in context:
        # A one-time code (login, password reset or confirmation by code) lives only in the session: it can
        # be neither stored in the row nor made again. council.checks refuses the settings that send one.
        raise ImproperlyConfigured(f"{template} carries a one-time code, which the outbox cannot send.")
    try:
        return ACCOUNT_EMAILS[template]
    except KeyError:
        raise ImproperlyConfigured(
            f"allauth's email {template} is not known to council.emails.ACCOUNT_EMAILS: say there which values "
            "its row keeps and how its links are made again, so that it goes through the outbox."
        ) from None


def account_email_values(email: AccountEmail, context: dict, *, user, to: str) -> dict:
    """What the row keeps of allauth's `context` for an email to `to`: ids and small values (a time as
    ISO 8601), never a key."""
    from allauth.account.models import EmailAddress

    kept = {}
    for name in email.values:
        value = context.get(name)
        kept[name] = value.isoformat() if isinstance(value, datetime.datetime) else value
    if email.keeps_address:
        kept["address"] = EmailAddress.objects.get(user=user, email__iexact=to).pk
    return kept


def _shown_time(value: str) -> str:
    """A time of a security notice as the reader sees it: date, 24-hour time, UTC named."""
    moment = timezone.localtime(datetime.datetime.fromisoformat(value), datetime.UTC)
    return f"{formats.date_format(moment, 'DATE_FORMAT')}, {moment:%H:%M} (UTC)"


def _site() -> types.SimpleNamespace:
    """What allauth's templates call the site: the portal's host, as allauth names a site without
    django.contrib.sites (the host of the request), taken from SITE_URL since there is no request now."""
    host = urlsplit(settings.SITE_URL).netloc
    return types.SimpleNamespace(name=host, domain=host)


def build_account_email(row):
    """One of allauth's emails, rendered now from its own templates in the row's language."""
    from allauth.account.adapter import get_adapter

    email = ACCOUNT_EMAIL_KINDS[row.kind]
    user = _user(row)
    values = {name: row.context.get(name) for name in email.values}
    with translation.override(row.language):
        if values.get("timestamp"):
            values["timestamp"] = _shown_time(values["timestamp"])
        context = {"email": row.email, "user": user, "current_site": _site(), **values, **email.links(row, user)}
        headers = {"Message-ID": header_text(row.message_id), "Content-Language": header_text(row.language)}
        return get_adapter().render_mail(email.template, row.email, context, headers=headers)


def account_email_not_owed(row) -> str:
    return ACCOUNT_EMAIL_KINDS[row.kind].not_owed(row)
