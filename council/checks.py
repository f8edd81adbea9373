"""System checks of the council app (registered in CouncilConfig.ready)."""

from django.conf import settings
from django.core.checks import Error, Info, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, router
from django.db.models import Q


@register(Tags.security)
def check_mfa_encryption_keys(app_configs=None, **kwargs):
    """MFA_ENCRYPTION_KEY, when set, must hold Fernet keys."""
    from council.mfa import check_keys

    try:
        check_keys()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="council.E001")]
    return []


@register(Tags.security, deploy=True)
def check_demo_account(app_configs=None, **kwargs):
    """`check --deploy` fails while a demo account (secretariat or member) exists and can sign in."""
    from council.models import User

    connection = connections[router.db_for_read(User)]
    try:
        if User._meta.db_table not in connection.introspection.table_names():
            return []  # a database not migrated yet holds no account
        emails = Q()
        for email in settings.DEMO_ACCOUNT_EMAILS:
            emails |= Q(email__iexact=email)
        accounts = list(User.objects.using(connection.alias).filter(emails, is_active=True))
    except DatabaseError as error:
        return [
            Info(
                f"The database could not be read, so the demo account was not looked for ({error.__class__.__name__}).",
                hint="Run `manage.py check --deploy` again where the production database answers.",
                id="council.I002",
            )
        ]
    return [
        Error(
            f"The demo account {account.email} exists and can sign in.",
            hint=(
                "This database was seeded in local mode (DEBUG on). A superuser deactivates the account in the "
                "admin (People), or `manage.py seed` run with DEBUG off does. Until then the portal refuses it at "
                "sign-in while DEBUG is off."
            ),
            id="council.E002",
        )
        for account in accounts
        if account.has_usable_password()
    ]


@register(Tags.security)
def check_account_emails_need_no_secret_in_the_outbox(app_configs=None, **kwargs):
    """allauth's emails go through the outbox, whose rows never hold a key: each link must be one that can be
    made again from ids when the message is built (council.emails), not a code kept in the session or a key
    stored in allauth's own table."""
    from allauth.account import app_settings

    refused = [
        name
        for name, on in (
            ("ACCOUNT_LOGIN_BY_CODE_ENABLED", app_settings.LOGIN_BY_CODE_ENABLED),
            ("ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED", app_settings.PASSWORD_RESET_BY_CODE_ENABLED),
            ("ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED", app_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED),
            ("ACCOUNT_EMAIL_CONFIRMATION_HMAC off", not app_settings.EMAIL_CONFIRMATION_HMAC),
        )
        if on
    ]
    if not refused:
        return []
    return [
        Error(
            f"{', '.join(refused)}: such an email carries a secret that the outbox could neither store nor make "
            "again when it sends the message.",
            hint="Keep these settings at their defaults, or teach council.emails to make the secret again from ids.",
            id="council.E003",
        )
    ]
