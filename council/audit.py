"""The audit trail: one function that every service calls when a change matters, and what it names."""

from django.db import models
from django.db.models import Q

from council.models import AuditRecord, User


class AuditAction(models.TextChoices):
    """Every kind of change the audit trail records; `audit_record` accepts nothing else."""

    # Accounts
    USER_CREATE = "user.create"
    USER_UPDATE = "user.update"
    USER_DEACTIVATE = "user.deactivate"
    USER_DELETE = "user.delete"
    USER_SEND_SET_PASSWORD_LINK = "user.send_set_password_link"  # noqa: S105 - an action, not a password
    USER_EMAIL_VERIFIED = "user.email_verified"
    USER_CALENDAR_TOKEN_ROTATE = "user.calendar_token_rotate"  # noqa: S105 - an action, not a token
    AUTHENTICATOR_REMOVE = "authenticator.remove"
    # The council's structure
    MEMBERSHIP_CREATE = "membership.create"
    MEMBERSHIP_UPDATE = "membership.update"
    MEMBERSHIP_END = "membership.end"
    MEMBERSHIP_DELETE = "membership.delete"
    REFERENCE_CREATE = "reference.create"
    REFERENCE_UPDATE = "reference.update"
    REFERENCE_DELETE = "reference.delete"
    # Meetings
    MEETING_CREATE = "meeting.create"
    MEETING_UPDATE = "meeting.update"
    MEETING_DELETE = "meeting.delete"
    MEETING_STATUS = "meeting.status"
    MEETING_RESCHEDULE = "meeting.reschedule"
    AGENDA_ITEM_ADD = "agenda_item.add"
    AGENDA_ITEM_UPDATE = "agenda_item.update"
    AGENDA_ITEM_REMOVE = "agenda_item.remove"
    DOCUMENT_ADD = "document.add"
    DOCUMENT_UPDATE = "document.update"
    DOCUMENT_REMOVE = "document.remove"
    INVITATION_ADD = "invitation.add"
    INVITATION_ADD_MEMBERS = "invitation.add_members"
    INVITATION_UPDATE = "invitation.update"
    INVITATION_REMOVE = "invitation.remove"
    INVITATION_SEND = "invitation.send"
    INVITATION_RETRY = "invitation.retry"
    INVITATION_RESPOND = "invitation.respond"
    INVITATION_WITHDRAW = "invitation.withdraw"
    NOMINATION_REQUEST = "nomination.request"
    NOMINATION_CONFIRM = "nomination.confirm"
    NOMINATION_REFUSE = "nomination.refuse"
    ATTENDANCE_RECORD = "attendance.record"
    ATTENDANCE_REMOVE = "attendance.remove"
    # Recommendations
    RECOMMENDATION_CREATE = "recommendation.create"
    RECOMMENDATION_UPDATE = "recommendation.update"
    RECOMMENDATION_VERSION = "recommendation.version"
    RECOMMENDATION_STATUS = "recommendation.status"
    ROUND_OPEN = "round.open"
    ROUND_END = "round.end"
    ROUND_CLOSE = "round.close"
    POSITION_RECORD = "position.record"
    IMPLEMENTATION_REPORT = "implementation.report"
    IMPLEMENTATION_REPORT_DRAFT = "implementation.report_draft"
    PARTNER_COMMENT_ADD = "partner_comment.add"
    # Partner API
    PARTNER_KEY_ISSUE = "partner_key.issue"
    PARTNER_KEY_UPDATE = "partner_key.update"
    PARTNER_KEY_REVOKE = "partner_key.revoke"
    # Webhooks of partner organisations
    WEBHOOK_ENDPOINT_CREATE = "webhook_endpoint.create"
    WEBHOOK_ENDPOINT_UPDATE = "webhook_endpoint.update"
    WEBHOOK_ENDPOINT_DELETE = "webhook_endpoint.delete"
    WEBHOOK_ENDPOINT_DISABLE = "webhook_endpoint.disable"
    WEBHOOK_ENDPOINT_ENABLE = "webhook_endpoint.enable"
    WEBHOOK_SECRET_ROTATE = "webhook_endpoint.rotate_secret"  # noqa: S105 - an action, not a secret
    WEBHOOK_TEST_SEND = "webhook_endpoint.send_test"
    WEBHOOK_DELIVERY_RETRY = "webhook_delivery.retry"
    # Regional figures (issue 12, part 3: figures)
    INDICATOR_CREATE = "indicator.create"
    INDICATOR_UPDATE = "indicator.update"
    FIGURE_VALUE_CREATE = "figure_value.create"
    FIGURE_VALUE_UPDATE = "figure_value.update"
    FIGURE_VALUE_SUBMIT = "figure_value.submit"
    FIGURE_VALUE_APPROVE = "figure_value.approve"
    FIGURE_VALUE_REJECT = "figure_value.reject"
    FIGURE_VALUE_SUPERSEDE = "figure_value.supersede"
    # Programme of work: roadmaps and activities (issue 12, item 1)
    ROADMAP_CREATE = "roadmap.create"
    ROADMAP_UPDATE = "roadmap.update"
    ROADMAP_STATUS = "roadmap.status"
    ACTIVITY_CREATE = "activity.create"
    ACTIVITY_UPDATE = "activity.update"
    ACTIVITY_STATUS = "activity.status"
    # Outcome documents of meetings (issue 12, part 2)
    OUTCOME_CREATE = "outcome.create"
    OUTCOME_UPDATE = "outcome.update"
    OUTCOME_PUBLISH = "outcome.publish"
    OUTCOME_SCAN_UPLOAD = "outcome.scan_upload"
    SIGNATORY_ADD = "signatory.add"
    SIGNATORY_UPDATE = "signatory.update"
    SIGNATORY_REMOVE = "signatory.remove"


def audit_record(*, actor, action: AuditAction, target: models.Model, data: dict | None = None) -> AuditRecord:
    """Append a row; the actor's name and address are copied as they are now, so later renames change nothing."""
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit_record needs an AuditAction, not {action!r}: add the action to the enumeration.")
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditRecord.objects.create(
        actor=actor,
        actor_name=actor.full_name_latin if actor is not None else "",
        actor_email=actor.email if actor is not None else "",
        action=action.value,
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
