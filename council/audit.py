"""The audit trail: one function that every service calls when a change matters."""

from django.db import models

from council.models import AuditRecord


def audit_record(*, actor, action: str, target: models.Model, data: dict | None = None) -> AuditRecord:
    return AuditRecord.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        data=data or {},
    )
