"""Every change of state of meetings and invitations, and the delivery of their emails: one module a job.

- `schedule`: a meeting's status changes and what the secretariat edits of it;
- `agenda`: its agenda items and documents;
- `invitations`: who is invited, answers, and what a change owes invitees (an update, a cancellation);
- `nominations`: alternates nominated by invitees; `attendance`: who attended; `feed`: the calendar feed key;
- `delivery`: sending invitations, updates and cancellations in batches through the outbox;
- `reminders`: meeting reminders, due once each;
- `outcomes`: the documents adopted at meetings (protocols, declarations…), their signatories and scans.

Callers import from `meetings.services`; the names below are the public ones.
"""

from meetings.services.agenda import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_update,
    document_add,
    document_remove,
    document_update,
)
from meetings.services.attendance import attendance_record, attendance_remove, attendance_update
from meetings.services.delivery import (
    SEND_INVITATION,
    SEND_REMINDER,
    dispatch_invitations,
    dispatch_reminders,
    invitation_send,
    invitations_send_batch,
    may_have_been_sent,
    owed_message,
)
from meetings.services.errors import MeetingError
from meetings.services.feed import user_calendar_token_rotate
from meetings.services.invitations import (
    EMAIL_MAX_LENGTH,
    check_can_invite,
    invitation_add,
    invitation_removable,
    invitation_remove,
    invitation_respond,
    invitation_update,
    invitations_add_members,
    invitations_queue_cancellation,
    invitations_queue_update,
    invitations_retry_failed,
    invitations_send,
    valid_email,
)
from meetings.services.nominations import nomination_confirm, nomination_refuse, nomination_request
from meetings.services.outcomes import (
    OUTCOME_FIELDS,
    OUTCOME_FIXED_ONCE_PUBLISHED,
    SIGNATORY_FIELDS,
    outcome_create,
    outcome_publish,
    outcome_scan_upload,
    outcome_update,
    signatory_add,
    signatory_remove,
    signatory_update,
)
from meetings.services.reminders import reminder_keys_due, reminder_send, reminders_queue_due
from meetings.services.schedule import (
    ANSWERS_RESET_BY_A_CHANGE,
    MEETING_FIELDS_NOT_EDITED,
    TIME_AND_PLACE,
    TRANSITIONS,
    MeetingUpdate,
    meeting_cancel,
    meeting_changed,
    meeting_create,
    meeting_deletable,
    meeting_delete,
    meeting_transition,
    meeting_update,
    minutes_approve,
)

__all__ = [
    "ANSWERS_RESET_BY_A_CHANGE",
    "EMAIL_MAX_LENGTH",
    "MEETING_FIELDS_NOT_EDITED",
    "OUTCOME_FIELDS",
    "OUTCOME_FIXED_ONCE_PUBLISHED",
    "SEND_INVITATION",
    "SEND_REMINDER",
    "SIGNATORY_FIELDS",
    "TIME_AND_PLACE",
    "TRANSITIONS",
    "MeetingError",
    "MeetingUpdate",
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_update",
    "attendance_record",
    "attendance_remove",
    "attendance_update",
    "check_can_invite",
    "dispatch_invitations",
    "dispatch_reminders",
    "document_add",
    "document_remove",
    "document_update",
    "invitation_add",
    "invitation_removable",
    "invitation_remove",
    "invitation_respond",
    "invitation_send",
    "invitation_update",
    "invitations_add_members",
    "invitations_queue_cancellation",
    "invitations_queue_update",
    "invitations_retry_failed",
    "invitations_send",
    "invitations_send_batch",
    "may_have_been_sent",
    "meeting_cancel",
    "meeting_changed",
    "meeting_create",
    "meeting_deletable",
    "meeting_delete",
    "meeting_transition",
    "meeting_update",
    "minutes_approve",
    "nomination_confirm",
    "nomination_refuse",
    "nomination_request",
    "outcome_create",
    "outcome_publish",
    "outcome_scan_upload",
    "outcome_update",
    "owed_message",
    "reminder_keys_due",
    "reminder_send",
    "reminders_queue_due",
    "signatory_add",
    "signatory_remove",
    "signatory_update",
    "user_calendar_token_rotate",
    "valid_email",
]
