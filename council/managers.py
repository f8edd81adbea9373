"""Managers and querysets of the council's models."""

import datetime

from django.contrib.auth.base_user import BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


def term_covers(day: datetime.date, prefix: str = "") -> Q:
    """The one rule of a term: it has started on `day` and has not ended before it."""
    return Q(**{f"{prefix}term_start__lte": day}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": day})
    )


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date | None = None):
        return self.filter(term_covers(day or timezone.localdate()))

    def overlapping(self, *, person_id, body_id, start: datetime.date, end: datetime.date | None):
        """Memberships of the person in the body whose term shares at least one day with [start, end]."""
        qs = self.filter(person_id=person_id, body_id=body_id).filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
        if end is not None:
            qs = qs.filter(term_start__lte=end)
        return qs
