"""The account emails of the council app, built by the outbox when they are sent (kinds registered in ready())."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from council.outbox.build import render_email

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
