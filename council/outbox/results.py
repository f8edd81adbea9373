"""What one run of a send function says it did with a row."""

import enum


class SendResult(enum.StrEnum):
    SENT = "sent"
    FAILED = "failed"  # an error that retrying cannot fix, recorded on the row
    BUSY = "busy"  # another run holds the row
    NOTHING_OWED = "nothing owed"
