"""Reactions to django-allauth's events; each one calls a service."""

from allauth.account.signals import password_reset
from django.dispatch import receiver

from council.services import user_mark_email_verified


@receiver(password_reset, dispatch_uid="council.password_reset_verifies_email")
def verify_email_on_password_reset(sender, request, user, **kwargs):
    """Following a link sent to the mailbox proves the address, so the account needs no extra check."""
    user_mark_email_verified(user=user)
