"""Secrets and signatures as Standard Webhooks defines them (https://www.standardwebhooks.com/).

A secret is `whsec_` and 32 random bytes in base64; the portal makes it, nobody types it. A message is signed
with HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` under the secret's bytes, and sent as
`v1,<base64 signature>`; during a rotation the previous secret signs too, the two separated by a space, so a
receiver holding either secret accepts the message.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)


def signature(secret: str, *, webhook_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,` signature of a message under one secret."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(secrets_: list[str], *, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header: one signature per secret still valid, separated by spaces."""
    return " ".join(signature(s, webhook_id=webhook_id, timestamp=timestamp, body=body) for s in secrets_)
