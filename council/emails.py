"""The account emails of the council app, built by the outbox when they are sent (kinds registered in ready())."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from council.outbox.build import render_email

SET_PASSWORD = "council.set_password"  # noqa: S105 - the name of a kind of message, not a password


def build_set_password(row):
    """The link to choose a password, made now (it is a credential: it is never stored in the row)."""
    from council.models import User
    from council.services import user_set_password_url

    user = User.objects.get(pk=row.recipient_id)
    context = {
        "user": user,
        "url": user_set_password_url(user=user),
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
