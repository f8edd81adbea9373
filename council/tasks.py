"""Periodic work of the council app."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(acks_late=True)
def sessions_clear_expired() -> int:
    """Delete expired sessions (run daily by beat)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
