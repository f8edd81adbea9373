"""Signed, expiring tokens for RSVP links: they name one invitation and its address."""

from django.conf import settings
from django.core import signing

SALT = "meetings.rsvp"


class BadToken(Exception):
    """The link was forged, altered or has expired."""


def rsvp_token(invitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email.lower()}, salt=SALT, compress=True)


def rsvp_token_read(token: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.MEETINGS_RSVP_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadToken("expired") from exc
    except signing.BadSignature as exc:
        raise BadToken("bad signature") from exc
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("e"), str):
        raise BadToken("malformed")
    return data["i"], data["e"]
