"""Sending what each invitee is owed (the invitation, an update, the cancellation) in batches, through the outbox.

A run of the send task gets a list of invitation ids. It locks those not locked by another run (`SKIP LOCKED`),
reads the meeting after the locks (so it sees any change committed before them), claims the rows it owes
something in one statement, and sends them one after another over this worker's SMTP session, rendering what
invitees of one meeting share once (`emails.MessageBuilder`). Each send is recorded as it starts and as it ends,
so a worker killed mid-batch loses at most the message on the wire; the rows it still held go again when their
lease runs out (the sweep).

What an invitee was sent last always matches the meeting: a row sent at a sequence older than the one it owes
(the meeting changed, or was cancelled, while the message was on the wire) is queued and dispatched again.
"""

import datetime
import logging
import time
from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from council.outbox.claim import claim_batch, claim_name, held, lease, lease_renew
from council.outbox.delivery import deliver, record_error, records_without_waiting
from council.outbox.dispatch import dispatch
from council.outbox.models import AttemptOutcome
from council.outbox.results import SendResult
from council.outbox.retry import TRANSIENT_ERRORS, is_permanent_error, retry_delay
from meetings import emails
from meetings.models import DeliveryAttempt, Invitation, Meeting, SendState

logger = logging.getLogger(__name__)
Status = Meeting.Status

SEND_INVITATION = "meetings.tasks.send_invitation"
SEND_REMINDER = "meetings.tasks.send_reminder"


def dispatch_invitations(ids: Iterable[int]) -> None:
    """After the commit, hand the invitations to Celery in batches; a failed hand-over leaves them for the sweep."""
    dispatch(SEND_INVITATION, ids, batched=True)


def dispatch_reminders(ids: Iterable[int]) -> None:
    dispatch(SEND_REMINDER, ids)


def may_have_been_sent(invitation: Invitation) -> bool:
    """Its message may have reached the invitee: sent, or claimed by a run, or a send was started (its end
    unknown). Such a row is never deleted, and it is owed whatever the meeting becomes (an update, the
    cancellation)."""
    return invitation.sent_sequence is not None or invitation.attempts > 0 or invitation.send_state == SendState.SENDING


def may_have_been_sent_q() -> Q:
    """`may_have_been_sent`, for querysets."""
    return ~Q(sent_sequence=None) | Q(attempts__gt=0) | Q(send_state=SendState.SENDING)


def owed_message(invitation: Invitation, meeting: Meeting) -> str | None:
    """Which message the invitee is owed now, at the meeting's current sequence, if any."""
    if invitation.sent_sequence is not None and invitation.sent_sequence >= meeting.sequence:
        return None
    if meeting.status == Status.CANCELLED:
        return emails.Kind.CANCELLATION if may_have_been_sent(invitation) else None
    if meeting.status != Status.SCHEDULED:
        return None
    return emails.Kind.INVITATION if invitation.sent_sequence is None else emails.Kind.UPDATE


def invitation_send(*, invitation_id: int, task_id: str = "", retries: int = 0) -> SendResult:
    """Send what one invitee is owed: a batch of one."""
    outcome = invitations_send_batch(ids=[invitation_id], task_id=task_id, retries=retries)
    for result in (SendResult.SENT, SendResult.FAILED, SendResult.BUSY):
        if outcome[result]:
            return result
    return SendResult.NOTHING_OWED


def invitations_send_batch(*, ids: Iterable[int], task_id: str = "", retries: int = 0) -> dict[str, int]:
    """Send what each of these invitees is owed, at most once per sequence; returns how many were "sent",
    "failed" (an error retrying cannot fix, recorded on the row), "busy" (another run holds them) and
    "nothing owed". A transient SMTP error is recorded on its row, the rest of the batch is given back, and the
    error is raised so that the task retries."""
    now = timezone.now()
    name = claim_name(task_id)
    outcome = dict.fromkeys(SendResult, 0)
    ids = sorted(set(ids))
    with transaction.atomic():
        rows = list(
            Invitation.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("person")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        # Rows locked by another transaction are that transaction's: a claim sends them, a change dispatches them.
        outcome[SendResult.BUSY] += len(ids) - len(rows)
        # Read after the locks: a change of the meeting committed before them is seen here.
        meetings = Meeting.objects.in_bulk({row.meeting_id for row in rows})
        owed, settle = [], []
        for row in rows:
            row.meeting = meetings[row.meeting_id]
            # A failed row goes again only when the secretariat (or a change of the meeting) queues it again.
            kind = None if row.send_state == SendState.FAILED else owed_message(row, row.meeting)
            if held(row, now):
                outcome[SendResult.BUSY] += 1
            elif kind is None:
                outcome[SendResult.NOTHING_OWED] += 1
                settle.append(row)
            else:
                owed.append((row, kind))
        _settle_not_owed(settle)
        claim_batch(Invitation, [row for row, _kind in owed], name=name, now=now)
    sent, moved = [], []
    try:
        with records_without_waiting():
            _send_claimed(owed, name=name, task_id=task_id, retries=retries, outcome=outcome, sent=sent, moved=moved)
    finally:
        # Rows whose meeting changed while the batch went, and rows sent at an old sequence (the meeting changed
        # while they were on the wire), go again.
        dispatch_invitations(moved + (_owed_again(sent) if sent else []))
    return outcome


def _send_claimed(owed: list, *, name: str, task_id: str, retries: int, outcome: dict, sent: list, moved: list) -> None:
    """Send the claimed rows one after another on this worker's SMTP session, recording each as it goes."""
    builder = emails.MessageBuilder()
    renewed = time.monotonic()
    for position, (row, kind) in enumerate(owed):
        if time.monotonic() - renewed > lease().total_seconds() / 3:
            lease_renew(Invitation, [r.pk for r, _k in owed[position:]], name=name, now=timezone.now())
            renewed = time.monotonic()
        sequence = row.meeting.sequence
        attempt = _send_started(row, kind, sequence, task_id)
        if attempt is None:  # the meeting changed while the batch went: sent again from the meeting as it is now
            moved.append(row.pk)
            continue
        try:
            deliver(builder.build(invitation=row, kind=kind, message_id=attempt.message_id))
        except TRANSIENT_ERRORS as exc:
            record_error(Invitation, row.pk, attempt, exc, retries=retries)
            if is_permanent_error(exc):  # this recipient refused for good: the rest of the batch goes on
                outcome[SendResult.FAILED] += 1
                continue
            # The mail server is down or busy: the rest waits for the retry of the task (or the sweep).
            _give_back([r.pk for r, _k in owed[position + 1 :]], name=name, exc=exc, retries=retries)
            if retry_delay(exc=exc, retries=retries) is None:
                outcome[SendResult.FAILED] += 1
                return
            raise
        except DatabaseError:
            raise  # the database, not the message: the row stays claimed and goes again after its lease
        except Exception as exc:  # a message that cannot be built fails alone (and is logged); the batch goes on
            logger.exception("building or sending invitation %s failed for good", row.pk)
            record_error(Invitation, row.pk, attempt, exc, retries=retries)
            outcome[SendResult.FAILED] += 1
            continue
        _send_finished(row, sequence, attempt, name=name)
        sent.append(row.pk)
        outcome[SendResult.SENT] += 1


def _settle_not_owed(rows: list[Invitation]) -> None:
    """Rows queued (or left claimed) but owed nothing now: sent ones are `sent` again; never sent ones (the
    meeting went back to draft) wait for "send invitations"."""
    idle = [row for row in rows if row.send_state in (SendState.QUEUED, SendState.SENDING)]
    sent = [row.pk for row in idle if row.sent_sequence is not None]
    waiting = [row.pk for row in idle if row.sent_sequence is None]
    if sent:
        Invitation.objects.filter(pk__in=sent).update(send_state=SendState.SENT, claimed_by="")
    if waiting:
        Invitation.objects.filter(pk__in=waiting).update(send_state=SendState.QUEUED, queued_at=None, claimed_by="")


def _send_started(row: Invitation, kind: str, sequence: int, task_id: str) -> DeliveryAttempt | None:
    """Record, before the message goes, that it may: the attempt in the log and the count on the row. None,
    and nothing recorded, when the meeting changed since the batch read it: the row goes back to the queue."""
    attempt = DeliveryAttempt(
        invitation=row,
        message=kind,
        sequence=sequence,
        message_id=emails.invitation_message_id(row, sequence),
        task_id=task_id,
    )
    if connection.vendor == "postgresql":
        started = _started_in_one_statement(attempt)
    else:
        with transaction.atomic():
            started = bool(Invitation.objects.filter(pk=row.pk, sequence=sequence).update(attempts=F("attempts") + 1))
            if started:
                attempt.save()
    if not started:
        Invitation.objects.filter(pk=row.pk).update(
            send_state=SendState.QUEUED, claimed_by="", queued_at=timezone.now()
        )
        return None
    row.attempts += 1
    return attempt


def _send_finished(row: Invitation, sequence: int, attempt: DeliveryAttempt, *, name: str) -> None:
    """Mark the row sent at `sequence`, unless another run took it over (its lease ran out): that run marks it."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        _finished_in_one_statement(row, sequence, attempt, name=name, now=now)
        return
    with transaction.atomic():
        Invitation.objects.filter(pk=row.pk, claimed_by=name).update(
            sent_sequence=sequence, send_state=SendState.SENT, sent_at=now, last_error="", claimed_by=""
        )
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(outcome=AttemptOutcome.SENT, finished_at=now)


# On PostgreSQL each record of a send is one statement (a data-modifying WITH), committed on its own: two round
# trips a message instead of six, which is most of what a batch costs beside SMTP. The ORM versions above do
# the same in a transaction (SQLite has no data-modifying WITH).


def _names(model, *fields: str) -> list[str]:
    return [connection.ops.quote_name(model._meta.db_table)] + [
        connection.ops.quote_name(model._meta.get_field(f).column) for f in fields
    ]


def _started_in_one_statement(attempt: DeliveryAttempt) -> bool:
    invitation, pk, attempts, sequence = _names(Invitation, "id", "attempts", "sequence")
    log, *columns = _names(
        DeliveryAttempt, "invitation", "message", "sequence", "message_id", "started_at", "outcome", "error", "task_id"
    )
    values = [
        attempt.message,
        attempt.sequence,
        attempt.message_id,
        attempt.started_at,
        attempt.outcome,
        "",
        attempt.task_id,
    ]
    sql = (
        f"WITH claimed AS (UPDATE {invitation} SET {attempts} = {attempts} + 1"  # noqa: S608
        f" WHERE {pk} = %s AND {sequence} = %s RETURNING {pk})"
        f" INSERT INTO {log} ({', '.join(columns)})"
        f" SELECT {pk}, {', '.join(['%s'] * len(values))} FROM claimed RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [attempt.invitation_id, attempt.sequence, *values])
        found = cursor.fetchone()
    if found is None:
        return False
    attempt.pk = found[0]
    attempt._state.adding, attempt._state.db = False, connection.alias
    return True


def _finished_in_one_statement(row: Invitation, sequence: int, attempt: DeliveryAttempt, *, name: str, now) -> None:
    invitation, pk, sent_sequence, send_state, sent_at, last_error, claimed_by = _names(
        Invitation, "id", "sent_sequence", "send_state", "sent_at", "last_error", "claimed_by"
    )
    log, log_pk, outcome, finished_at = _names(DeliveryAttempt, "id", "outcome", "finished_at")
    # Names from the models' meta, quoted; every value is a parameter.
    sql = (
        f"WITH logged AS (UPDATE {log} SET {outcome} = %s, {finished_at} = %s WHERE {log_pk} = %s)"  # noqa: S608
        f" UPDATE {invitation} SET {sent_sequence} = %s, {send_state} = %s, {sent_at} = %s, {last_error} = '',"
        f" {claimed_by} = '' WHERE {pk} = %s AND {claimed_by} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [AttemptOutcome.SENT, now, attempt.pk, sequence, SendState.SENT, now, row.pk, name])


def _owed_again(pks: list[int]) -> list[int]:
    """Of the rows just sent, those whose meeting changed while they were on the wire: queued again.

    (A change that came after a row was marked sent queued it itself, and dispatched it.)
    """
    again = Invitation.objects.filter(pk__in=pks, send_state=SendState.SENT, sequence__gt=F("sent_sequence"))
    ids = list(again.values_list("pk", flat=True))
    if ids:
        Invitation.objects.filter(pk__in=ids, send_state=SendState.SENT).update(
            send_state=SendState.QUEUED, queued_at=timezone.now()
        )
    return ids


def _give_back(pks: list[int], *, name: str, exc: Exception, retries: int) -> None:
    """The mail server failed: the rows of the batch not tried yet wait for the task's retry (or the sweep)."""
    delay = retry_delay(exc=exc, retries=retries) or 0
    Invitation.objects.filter(pk__in=pks, claimed_by=name, send_state=SendState.SENDING).update(
        send_state=SendState.QUEUED, claimed_by="", queued_at=timezone.now() + datetime.timedelta(seconds=delay)
    )
