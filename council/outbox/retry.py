"""The retry policy of every outgoing message, in one function, and what counts as a permanent error."""

import smtplib
from smtplib import SMTPException

from django.conf import settings

# Errors worth trying again later: the mail server or the network may be back.
TRANSIENT_ERRORS = (SMTPException, OSError)


def is_permanent_error(exc: BaseException) -> bool:
    """An error that retrying cannot fix: a malformed message, or a refusal for good (an SMTP 5xx reply to
    the recipient, the sender or the message). Connection errors, 4xx replies and the rest are transient."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, (smtplib.SMTPDataError, smtplib.SMTPSenderRefused)):
        return 500 <= exc.smtp_code < 600
    # BadHeaderError and encoding errors are ValueErrors: the same message would fail the same way again.
    return isinstance(exc, ValueError)


def retry_delay(*, exc: BaseException, retries: int) -> float | None:
    """Seconds to wait before the next try after `retries` earlier retries, or None: give up (`failed`).

    A permanent error fails at once; a transient one waits OUTBOX_RETRY_DELAYS[retries], and after the last
    entry the row is `failed` (which the secretariat sees and can retry).
    """
    if is_permanent_error(exc) or not isinstance(exc, TRANSIENT_ERRORS):
        return None
    delays = settings.OUTBOX_RETRY_DELAYS
    return delays[retries] if retries < len(delays) else None
