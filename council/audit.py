"""The audit trail: one function that every service calls when a change matters, and what it names."""

from django.db import models
from django.db.models import Q

from council.models import AuditRecord, User


def audit_record(*, actor, action: str, target: models.Model, data: dict | None = None) -> AuditRecord:
    """Append a row; the actor's name and address are copied as they are now, so later renames change nothing."""
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditRecord.objects.create(
        actor=actor,
        actor_name=actor.full_name_latin if actor is not None else "",
        actor_email=actor.email if actor is not None else "",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        data=data or {},
    )


def has_audit_trail(user: User) -> bool:
    """The person acted in, or is the subject of, at least one audit row (such accounts are never deleted)."""
    return AuditRecord.objects.filter(
        Q(actor_id=user.pk) | Q(target_type=User._meta.label_lower, target_id=str(user.pk))
    ).exists()
