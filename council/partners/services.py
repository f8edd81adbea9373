"""Every change of a partner key: issued, changed, revoked; and its use written down."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from council.partners import usage
from council.partners.models import PartnerKey, PartnerKeyUsage
from council.partners.scopes import scopes_clean


def _scopes(scopes) -> list[str]:
    try:
        cleaned = scopes_clean(scopes)
    except ValueError:
        raise ValidationError({"scopes": _("Choose scopes from the list.")}) from None
    if not cleaned:
        raise ValidationError({"scopes": _("A key needs at least one scope.")})
    return cleaned


def _expiry(expiry_date: datetime.datetime | None) -> datetime.datetime | None:
    if expiry_date is not None and expiry_date <= timezone.now():
        raise ValidationError({"expiry_date": _("The expiry must be in the future.")})
    return expiry_date


@transaction.atomic
def key_issue(
    *, organisation, name: str, scopes, expiry_date: datetime.datetime | None = None, by
) -> tuple[PartnerKey, str]:
    """A new key for the organisation; returns it with its secret, which is stored nowhere and shown once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name (what it is for).")})
    key, secret = PartnerKey.objects.create_key(
        organisation=organisation,
        name=name[:50],
        scopes=_scopes(scopes),
        expiry_date=_expiry(expiry_date),
        issued_by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.PARTNER_KEY_ISSUE,
        target=key,
        data={"organisation": organisation.pk, "scopes": key.scopes, "prefix": key.prefix},
    )
    return key, secret


@transaction.atomic
def key_update(*, key: PartnerKey, name: str, scopes, expiry_date, by) -> PartnerKey:
    """Rename a key, change its scopes or expiry. A revoked key stays revoked."""
    key = PartnerKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked:
        raise ValidationError(_("A revoked key cannot be changed."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name (what it is for).")})
    before = {"name": key.name, "scopes": key.scopes, "expiry": key.expiry_date and key.expiry_date.isoformat()}
    key.name, key.scopes = name[:50], _scopes(scopes)
    if expiry_date != key.expiry_date:
        key.expiry_date = _expiry(expiry_date)
    key.save(update_fields=["name", "scopes", "expiry_date"])
    after = {"name": key.name, "scopes": key.scopes, "expiry": key.expiry_date and key.expiry_date.isoformat()}
    audit_record(actor=by, action=AuditAction.PARTNER_KEY_UPDATE, target=key, data={"before": before, "after": after})
    return key


@transaction.atomic
def key_revoke(*, key: PartnerKey, by) -> bool:
    """Revoke a key for good (answers 401 from the next request). Returns False if it was revoked already."""
    key = PartnerKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked:
        return False
    key.revoked, key.revoked_at, key.revoked_by = True, timezone.now(), by
    key.save(update_fields=["revoked", "revoked_at", "revoked_by"])
    audit_record(actor=by, action=AuditAction.PARTNER_KEY_REVOKE, target=key, data={"prefix": key.prefix})
    return True


def usage_flush(*, now: datetime.datetime | None = None) -> int:
    """Write the cache's counters of every key down (requests per day, last used). Returns the requests written."""
    now = now or timezone.now()
    written = 0
    for key_id, last_used_at in PartnerKey.objects.values_list("pk", "last_used_at"):
        for day, requests in usage.pending(key_id, now=now).items():
            with transaction.atomic():
                row, created = PartnerKeyUsage.objects.get_or_create(
                    key_id=key_id, day=day, defaults={"requests": requests}
                )
                if not created:
                    PartnerKeyUsage.objects.filter(pk=row.pk).update(requests=F("requests") + requests)
            usage.take(key_id, day, requests)
            written += requests
        seen = usage.last_used(key_id)
        if seen and (last_used_at is None or seen > last_used_at):
            PartnerKey.objects.filter(pk=key_id).update(last_used_at=seen)
    return written
