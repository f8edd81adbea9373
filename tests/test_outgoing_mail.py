"""Every outgoing email goes through the outbox: no module of the portal sends mail any other way.

The source of the portal (not the tests, not the benchmarks, which drive SMTP on purpose) is read as Python
syntax trees. Only the outbox's email backend and its delivery module open connections and send; builder
modules construct messages and hand them back to the outbox; nobody else calls Django's or smtplib's
sending functions, or `.send()` on a message.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", ".git", "tests", "bench", "var", "node_modules", "staticfiles", "__pycache__"}

# The one way out: the outbox's email backend (the reused SMTP session) and its delivery (send and record).
SENDERS = {"council/outbox/backend.py", "council/outbox/delivery.py"}
# Modules that construct messages for the outbox, which sends them; they must never send one themselves.
BUILDERS = {"council/outbox/build.py", "council/outbox/registry.py", "meetings/emails.py"}

SENDING_NAMES = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "get_connection",
    "send_messages",
    "sendmail",  # smtplib
    "send_message",  # smtplib
    "SMTP",
    "SMTP_SSL",
    "LMTP",
}
MESSAGE_CLASSES = {"EmailMessage", "EmailMultiAlternatives"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _sends_a_message(call: ast.Call) -> bool:
    """`message.send()` or `message.send(fail_silently=...)`: a signal's send() always names its sender."""
    if _name(call.func) != "send" or not isinstance(call.func, ast.Attribute):
        return False
    positional_ok = all(isinstance(a, ast.Constant) and isinstance(a.value, bool) for a in call.args)
    return len(call.args) <= 1 and positional_ok and all(k.arg == "fail_silently" for k in call.keywords)


def mail_sent_directly(source: str) -> list[str]:
    """What in a module's source sends mail, or builds a message to send: "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in ("django.core.mail", "smtplib"):
            found += [f"{node.lineno}: imports {a.name}" for a in node.names if a.name in SENDING_NAMES]
        elif isinstance(node, ast.Call):
            name = _name(node.func)
            if name in SENDING_NAMES:
                found.append(f"{node.lineno}: calls {name}()")
            elif _sends_a_message(node):
                found.append(f"{node.lineno}: calls .send() on a message")
    return found


def messages_built(source: str) -> list[str]:
    return [
        f"{node.lineno}: constructs {_name(node.func)}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and _name(node.func) in MESSAGE_CLASSES
    ]


def portal_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not SKIPPED.intersection(relative.parts[:-1]) and not relative.parts[0].startswith("."):
            yield relative.as_posix(), path.read_text(encoding="utf-8")


def test_only_the_outbox_sends_mail():
    modules = dict(portal_modules())
    assert modules.keys() >= SENDERS | BUILDERS, "an allowed module moved: update the lists above"
    offenders = {
        name: found for name, source in modules.items() if name not in SENDERS and (found := mail_sent_directly(source))
    }
    assert offenders == {}, "queue an OutboxMessage (council.outbox.message_queue) instead of sending"


def test_only_the_outbox_and_its_builders_construct_messages():
    offenders = {
        name: found
        for name, source in portal_modules()
        if name not in SENDERS | BUILDERS and (found := messages_built(source))
    }
    assert offenders == {}, "build messages in a builder the outbox calls (a kind registered in ready())"


def test_the_scan_recognises_each_way_of_sending():
    sending = [
        "from django.core.mail import send_mail\nsend_mail('s', 'b', None, ['a@example.org'])",
        "from django.core import mail\nmail.mail_admins('s', 'b')",
        "import django.core.mail\ndjango.core.mail.mail_managers('s', 'b')",
        "EmailMessage('s', 'b', to=['a@example.org']).send()",
        "message = build(row)\nmessage.send(fail_silently=False)",
        "get_connection().send_messages([message])",
        "import smtplib\nsmtplib.SMTP('localhost').sendmail('a', ['b'], 'data')",
        "get_adapter().send_mail('account/email/unknown_account', 'a@example.org', {})",
    ]
    for source in sending:
        assert mail_sent_directly(source), source
    quiet = [
        "password_reset.send(sender=User, request=None, user=user)",
        "message = render_email(template='x', context={}, subject='s', to='a', language='en', message_id='<m>')",
        "import smtplib\nerrors = (smtplib.SMTPException, OSError)",
        "class Adapter:\n    def send_mail(self, template, email, context):\n        queue(template)",
    ]
    for source in quiet:
        assert not mail_sent_directly(source), source
    assert messages_built("EmailMultiAlternatives(subject='s', body='b', to=['a'])")


def test_django_mails_no_error_report_around_the_outbox():
    """Django mails errors to ADMINS and broken links to MANAGERS by itself: neither is configured."""
    assert not settings.ADMINS and not settings.MANAGERS
    assert "django.middleware.common.BrokenLinkEmailsMiddleware" not in settings.MIDDLEWARE
