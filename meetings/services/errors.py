"""The error of every meeting service: a change the rules do not allow, with a message for the person."""

from django.core.exceptions import ValidationError


class MeetingError(ValidationError):
    """A change to a meeting or an invitation that the rules do not allow."""
