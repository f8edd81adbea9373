"""Outcome documents of meetings and their signatories: drafted, signed, scanned, published (issue 12).

A published document's text never changes afterwards, nor who signed it: a correction is a new document. What may
still change is who may see it (its access level) and the scan of the signed original.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from council.models import User
from council.uploads import display_name, validate_pdf_upload
from meetings.models import OutcomeDocument, Signatory
from meetings.services.errors import MeetingError


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _per_language(field: str) -> list[str]:
    return [f"{field}_{code}" for code in _languages()]


# What a published document keeps as it was signed: its text in every language and what identifies it.
OUTCOME_FIXED_ONCE_PUBLISHED = frozenset(
    {
        "meeting",
        "kind",
        "reference",
        "authoritative_language",
        "adopted_on",
        *_per_language("title"),
        *_per_language("text"),
        *_per_language("place"),
    }
)
# What the create and update services take (the scan has its own service, publishing too).
OUTCOME_FIELDS = (
    "meeting",
    "kind",
    "reference",
    "authoritative_language",
    "adopted_on",
    "access",
    *_per_language("title"),
    *_per_language("text"),
    *_per_language("place"),
)
SIGNATORY_FIELDS = (
    "order",
    "full_name",
    "for_state",
    "for_organisation",
    "signed_on",
    *_per_language("capacity"),
    *_per_language("place"),
)


def _check_authoritative_text(document: OutcomeDocument) -> None:
    """The authoritative language's title and text must be there: it is the text that was signed."""
    language = document.authoritative_language
    missing = [field for field in ("title", "text") if not (getattr(document, f"{field}_{language}", "") or "").strip()]
    if missing:
        name = dict(settings.LANGUAGES).get(language, language)
        raise MeetingError(
            _(
                "The title and the text in the authoritative language (%(language)s) are required: write them, or "
                "mark as authoritative the language the document was signed in."
            )
            % {"language": name},
            code="authoritative_text",
        )


def _check_not_published(document: OutcomeDocument, changing) -> None:
    fixed = sorted(set(changing) & OUTCOME_FIXED_ONCE_PUBLISHED)
    if document.is_published and fixed:
        raise MeetingError(
            _(
                "This document has been published: its text and what identifies it no longer change. "
                "To correct it, adopt and publish a new document."
            ),
            code="published",
        )


def _check_signatories_open(document: OutcomeDocument) -> None:
    if document.is_published:
        raise MeetingError(
            _("This document has been published: its signatories no longer change. A correction is a new document."),
            code="published",
        )


def _save_fields(document: OutcomeDocument, names: list[str]) -> None:
    """Validate and save just these fields (and the time of the change)."""
    document.full_clean(exclude=[f.name for f in document._meta.fields if f.name not in names])
    document.save(update_fields=[*names, "updated_at"])


@transaction.atomic
def outcome_create(*, document: OutcomeDocument, by: User | None) -> OutcomeDocument:
    """Record a new outcome document as a draft (the secretariat's alone until published)."""
    document.published_at = None
    _check_authoritative_text(document)
    document.full_clean(exclude=["scan"])
    document.save()
    audit_record(
        actor=by,
        action=AuditAction.OUTCOME_CREATE,
        target=document,
        data={"meeting": document.meeting_id, "kind": document.kind, "access": document.access},
    )
    return document


@transaction.atomic
def outcome_update(*, document: OutcomeDocument, data: dict, by: User | None) -> OutcomeDocument:
    """Change a document; once published only its access level may change (the scan has `outcome_scan_upload`)."""
    unknown = set(data) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValueError(f"outcome_update does not change {sorted(unknown)}")
    locked = OutcomeDocument.objects.select_for_update().get(pk=document.pk)
    changing = [name for name in data if getattr(locked, name) != data[name]]
    _check_not_published(locked, changing)
    if not changing:
        return locked
    for name in changing:
        setattr(locked, name, data[name])
    _check_authoritative_text(locked)
    _save_fields(locked, changing)
    audit_record(
        actor=by,
        action=AuditAction.OUTCOME_UPDATE,
        target=locked,
        data={"fields": changing, "access": locked.access},
    )
    return locked


@transaction.atomic
def outcome_publish(*, document: OutcomeDocument, by: User | None) -> OutcomeDocument:
    """Publish a draft: from now on its access level says who sees it, and its text is fixed."""
    locked = OutcomeDocument.objects.select_for_update().get(pk=document.pk)
    if locked.is_published:
        raise MeetingError(_("This document has already been published."), code="already_published")
    _check_authoritative_text(locked)
    if not locked.signatories.exists():
        raise MeetingError(
            _("Add the signatories before publishing: a document is published as it was signed."),
            code="no_signatories",
        )
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.OUTCOME_PUBLISH,
        target=locked,
        data={"access": locked.access, "signatories": locked.signatories.count()},
    )
    return locked


@transaction.atomic
def outcome_scan_upload(*, document: OutcomeDocument, file, by: User | None) -> OutcomeDocument:
    """Attach (or replace) the scan of the signed original: a plain PDF within the size limit, else nothing changes."""
    validate_pdf_upload(file)
    locked = OutcomeDocument.objects.select_for_update().get(pk=document.pk)
    name = display_name(file.name, limit=255)
    locked.scan = file
    locked.scan_name = name
    locked.scan_uploaded_at = timezone.now()
    locked.save(update_fields=["scan", "scan_name", "scan_uploaded_at", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.OUTCOME_SCAN_UPLOAD,
        target=locked,
        data={"name": name, "size": locked.scan.size},
    )
    return locked


@transaction.atomic
def signatory_add(*, signatory: Signatory, by: User | None) -> Signatory:
    """Add a signature under a draft document (for a member state or an organisation, never both)."""
    document = OutcomeDocument.objects.select_for_update().get(pk=signatory.document_id)
    _check_signatories_open(document)
    signatory.full_clean()
    signatory.save()
    audit_record(
        actor=by,
        action=AuditAction.SIGNATORY_ADD,
        target=signatory,
        data={"document": document.pk, "state": signatory.for_state_id, "organisation": signatory.for_organisation_id},
    )
    return signatory


@transaction.atomic
def signatory_update(*, signatory: Signatory, data: dict, by: User | None) -> Signatory:
    unknown = set(data) - set(SIGNATORY_FIELDS)
    if unknown:
        raise ValueError(f"signatory_update does not change {sorted(unknown)}")
    document = OutcomeDocument.objects.select_for_update().get(pk=signatory.document_id)
    _check_signatories_open(document)
    locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
    changing = [name for name in data if getattr(locked, name) != data[name]]
    if not changing:
        return locked
    for name in changing:
        setattr(locked, name, data[name])
    locked.full_clean()  # the state-or-organisation rule reads both fields together
    locked.save(update_fields=changing)
    audit_record(
        actor=by, action=AuditAction.SIGNATORY_UPDATE, target=locked, data={"fields": changing, "document": document.pk}
    )
    return locked


@transaction.atomic
def signatory_remove(*, signatory: Signatory, by: User | None) -> None:
    document = OutcomeDocument.objects.select_for_update().get(pk=signatory.document_id)
    _check_signatories_open(document)
    audit_record(actor=by, action=AuditAction.SIGNATORY_REMOVE, target=signatory, data={"document": document.pk})
    signatory.delete()
