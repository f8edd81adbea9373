"""The agenda and the documents of a meeting."""

from django.db import transaction

from council.audit import AuditAction, audit_record
from council.models import User
from council.services import model_update
from council.uploads import display_name
from meetings.models import AgendaItem, MeetingDocument


@transaction.atomic
def agenda_item_add(*, item: AgendaItem, by: User | None) -> AgendaItem:
    item.full_clean()
    item.save()
    audit_record(actor=by, action=AuditAction.AGENDA_ITEM_ADD, target=item, data={"meeting": item.meeting_id})
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by: User | None) -> AgendaItem:
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    changed = model_update(instance=locked, fields=list(data), data=data)
    if changed:
        audit_record(actor=by, action=AuditAction.AGENDA_ITEM_UPDATE, target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User | None) -> None:
    audit_record(actor=by, action=AuditAction.AGENDA_ITEM_REMOVE, target=item, data={"meeting": item.meeting_id})
    item.delete()


@transaction.atomic
def document_add(*, document: MeetingDocument, by: User | None) -> MeetingDocument:
    """Attach a document (a checked PDF) to a meeting; its original file name is kept for downloads."""
    document.original_name = display_name(document.file.name, limit=255)
    document.full_clean()
    document.save()
    audit_record(
        actor=by,
        action=AuditAction.DOCUMENT_ADD,
        target=document,
        data={"meeting": document.meeting_id, "access": document.access},
    )
    return document


@transaction.atomic
def document_update(*, document: MeetingDocument, data: dict, by: User | None) -> MeetingDocument:
    """Change a document's title, language, access, agenda item or file."""
    locked = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    if data.get("file"):
        data = {**data, "original_name": display_name(data["file"].name, limit=255)}
    changed = model_update(instance=locked, fields=list(data), data=data)
    if changed:
        audit_record(
            actor=by,
            action=AuditAction.DOCUMENT_UPDATE,
            target=locked,
            data={"fields": changed, "access": locked.access},
        )
    return locked


@transaction.atomic
def document_remove(*, document: MeetingDocument, by: User | None) -> None:
    audit_record(actor=by, action=AuditAction.DOCUMENT_REMOVE, target=document, data={"meeting": document.meeting_id})
    document.delete()
