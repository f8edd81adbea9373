"""An email backend that keeps one session of the real backend per worker thread, between messages.

A new SMTP session per message costs a TCP connection, the greeting, EHLO and QUIT, as much as sending the
message itself. A session is renewed after a while, as MTAs do, and one idle for a moment is checked with NOOP
first, since servers drop idle sessions; one that failed in any way is thrown away, so the retry starts
afresh. The real backend is EMAIL_BACKEND (SMTP in production, files under `make run`, memory in tests).
"""

import contextlib
import dataclasses
import os
import threading
import time
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

from council.outbox.retry import is_permanent_error

SMTP_SESSION_SECONDS = 60
SMTP_IDLE_CHECK_SECONDS = 1
_local = threading.local()


@dataclasses.dataclass
class _Session:
    key: tuple
    connection: BaseEmailBackend
    opened_at: float
    used_at: float


def _key() -> tuple:
    return (
        os.getpid(),
        settings.EMAIL_BACKEND,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER,
        settings.EMAIL_USE_TLS,
        settings.EMAIL_USE_SSL,
    )


def _alive(connection) -> bool:
    smtp = getattr(connection, "connection", None)  # the smtplib session of Django's SMTP backend
    if smtp is None:
        return True  # a backend without a session (locmem, file, console) has nothing to go stale
    try:
        return smtp.noop()[0] == 250
    except (SMTPException, OSError):
        return False


def _session() -> _Session:
    now = time.monotonic()
    session = getattr(_local, "session", None)
    if session is not None:
        if now - session.used_at > SMTP_IDLE_CHECK_SECONDS and not _alive(session.connection):
            drop_session(polite=False)
            session = None
        elif session.key != _key() or now - session.opened_at > SMTP_SESSION_SECONDS:
            drop_session(polite=True)
            session = None
    if session is None:
        connection = get_connection(settings.EMAIL_BACKEND, fail_silently=False)
        connection.open()
        session = _Session(key=_key(), connection=connection, opened_at=now, used_at=now)
        _local.session = session
    return session


def drop_session(*, polite: bool) -> None:
    """Forget this thread's session: QUIT when it is healthy, just close the socket when it failed."""
    session, _local.session = getattr(_local, "session", None), None
    if session is None:
        return
    with contextlib.suppress(SMTPException, OSError):
        smtp = getattr(session.connection, "connection", None)
        if polite or smtp is None:
            session.connection.close()
        else:
            smtp.close()
            session.connection.connection = None


def _send_serialized(connection: SMTPBackend, message, data: bytes) -> int:
    """Send bytes already serialized as Django's SMTP backend would (its `_send`), without serializing again."""
    if not message.recipients():
        return 0
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    connection.connection.sendmail(sender, recipients, data)
    return 1


class ReusedSessionBackend(BaseEmailBackend):
    """Sends each message on this thread's long-lived session of EMAIL_BACKEND; errors always raise.

    A message may carry `serialized`: the bytes (CRLF line ends) that Django would make of it, put together by
    its builder at less cost. Over SMTP they are sent as they are; other backends (files, memory) serialize the
    message themselves.
    """

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            session = _session()
            data = getattr(message, "serialized", None)
            try:
                if data is not None and isinstance(session.connection, SMTPBackend):
                    sent += _send_serialized(session.connection, message, data)
                else:
                    sent += session.connection.send_messages([message]) or 0
            except BaseException as exc:
                # A message refused for good leaves the session ready for the next one (smtplib sent RSET).
                if not is_permanent_error(exc):
                    drop_session(polite=False)
                raise
            session.used_at = time.monotonic()
        return sent
