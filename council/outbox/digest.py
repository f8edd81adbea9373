"""The daily digest: notices that may wait, held for those who chose one e-mail a day, sent as one outbox row.

A kind registered `digestible` (consensus notices, report reminders) is queued held (`held_for_digest`) when its
recipient takes a digest (services.message_queue); it is never sent alone and the sweep leaves it be. Once a day
(beat: `digests_send`) each recipient's held notices are gathered into one `DIGEST` row, queued and delivered like
any other message: claimed, retried, swept. The digest builds each notice with its own kind's builder, in the
digest's language, and leaves out those no longer owed (a round that closed before its reminder would have gone).
Invitations, cancellations and account e-mails are not digestible: they always go at once.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext

from council.outbox.build import render_email, subject_prefix
from council.outbox.models import OutboxMessage, SendState
from council.outbox.registry import kind_get
from council.outbox.services import message_queue

DIGEST = "council.outbox.digest"


def held_rows():
    """Notices held for a digest and not yet gathered into one."""
    return OutboxMessage.objects.filter(held_for_digest=True, digest__isnull=True, send_state=SendState.QUEUED)


def digests_queue(*, now=None) -> int:
    """Gather each recipient's held notices into one digest row (committed with the gathering); returns how many
    digests were queued. Safe to run twice: a gathered notice is in one digest only."""
    from council.models import User

    now = now or timezone.now()
    queued = 0
    recipient_ids = sorted(set(held_rows().exclude(recipient=None).values_list("recipient_id", flat=True)))
    for recipient_id in recipient_ids:
        with transaction.atomic():
            rows = list(held_rows().filter(recipient_id=recipient_id).select_for_update().order_by("created_at", "id"))
            person = User.objects.filter(pk=recipient_id, is_active=True).first()
            if not rows or person is None:
                continue
            ids = [row.pk for row in rows]
            digest = message_queue(
                kind=DIGEST,
                key=f"digest:{recipient_id}:{ids[0]}",
                email=person.email,
                language=person.preferred_language,
                recipient=person,
                subject=person,
                context={"messages": ids, "day": timezone.localdate(now).isoformat()},
            )
            if digest is not None:
                OutboxMessage.objects.filter(pk__in=ids).update(digest=digest)
                queued += 1
    return queued


def _items(row: OutboxMessage) -> list[dict]:
    """Each notice of the digest still owed, built by its own kind in the digest's language."""
    items = []
    notices = OutboxMessage.objects.filter(pk__in=row.context.get("messages", [])).order_by("created_at", "id")
    for notice in notices:
        kind = kind_get(notice.kind)
        notice.language = row.language  # built for this e-mail only, never saved
        if kind.not_owed(notice):
            continue
        message = kind.build(notice)
        subject = str(message.subject)
        with translation.override(row.language):
            prefix = subject_prefix()  # each notice's subject carries it; the digest's own subject has it once
        if prefix and subject.startswith(prefix):
            subject = subject[len(prefix) :]
        items.append({"subject": subject, "body": message.body})
    return items


def build_digest(row: OutboxMessage):
    items = _items(row)
    with translation.override(row.language):
        subject = ngettext(
            "%(count)d notice from the Regional Expert Council",
            "%(count)d notices from the Regional Expert Council",
            len(items),
        ) % {"count": len(items)}
    return render_email(
        template="digest",
        context={"items": items, "site_url": settings.SITE_URL},
        subject=subject,
        to=row.email,
        language=row.language,
        message_id=row.message_id,
    )


def digest_not_owed(row: OutboxMessage) -> str:
    """A digest whose every notice stopped being owed is not sent (an empty e-mail tells nobody anything)."""
    return "" if _items(row) else "Nothing held for this digest is owed any more."
