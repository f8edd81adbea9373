"""The private calendar feed's key."""

from django.db import transaction

from council.audit import AuditAction, audit_record
from council.models import User, new_calendar_token


@transaction.atomic
def user_calendar_token_rotate(*, user: User) -> User:
    """Give a person a new key for their private calendar feed; the old key stops working at once."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.calendar_token = new_calendar_token()
    locked.save(update_fields=["calendar_token"])
    # The key is a credential: the audit row says that it changed, never what it is.
    audit_record(actor=locked, action=AuditAction.USER_CALENDAR_TOKEN_ROTATE, target=locked)
    user.calendar_token = locked.calendar_token
    return locked
