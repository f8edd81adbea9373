"""Second-factor secrets at rest, and the one way an administrator removes someone's authenticator.

allauth stores a TOTP secret and a recovery-code seed in `Authenticator.data`; its MFA adapter passes
them through `encrypt`/`decrypt` (council.adapters.MFAAdapter), which use this module. The secrets are
Fernet tokens (AES-128-CBC with HMAC-SHA256) under the keys of settings.MFA_ENCRYPTION_KEYS (the
environment's MFA_ENCRYPTION_KEY, newest first). Without that setting the key is derived from SECRET_KEY
with HKDF, so it differs from every other use of SECRET_KEY; keys derived from SECRET_KEY_FALLBACKS, and
from SECRET_KEY when explicit keys are set, still decrypt, so either key can be rotated: set the new
key first, then run `manage.py mfa_reencrypt`.
"""

import base64

from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

# Where allauth keeps secrets inside Authenticator.data, by authenticator type.
SECRET_FIELDS = {Authenticator.Type.TOTP: ("secret",), Authenticator.Type.RECOVERY_CODES: ("seed",)}
SECRET_LISTS = {Authenticator.Type.RECOVERY_CODES: ("migrated_codes",)}


class UndecryptableSecret(ImproperlyConfigured):
    """A stored secret matches none of the keys: MFA_ENCRYPTION_KEY or SECRET_KEY changed without a fallback."""


def _derived_key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"council.mfa", info=b"authenticator secrets at rest")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


def _keys() -> list[bytes]:
    explicit = [key.encode() if isinstance(key, str) else key for key in settings.MFA_ENCRYPTION_KEYS]
    derived = [_derived_key(key) for key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]]
    return explicit + derived


def _box() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except ValueError as error:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes), separated by commas. "
            'Make one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
        ) from error


def check_keys() -> None:
    """Raise ImproperlyConfigured when a configured key is not a Fernet key."""
    _box()


def secret_encrypt(text: str) -> str:
    return _box().encrypt(text.encode()).decode()


def secret_decrypt(token: str) -> str:
    try:
        return _box().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise UndecryptableSecret(
            "A second-factor secret cannot be decrypted with MFA_ENCRYPTION_KEY nor with SECRET_KEY (or its "
            "fallbacks). Put the previous key back (after the new one) and run `manage.py mfa_reencrypt`."
        ) from error


def is_encrypted(value: str) -> bool:
    try:
        _box().decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def data_reencrypted(kind: str, data: dict, *, encrypt=secret_encrypt, decrypt=secret_decrypt) -> dict:
    """The authenticator data with its secrets under the newest key (secrets stored in clear get encrypted)."""

    def again(value: str) -> str:
        return encrypt(decrypt(value) if is_encrypted(value) else value)

    data = dict(data)
    for name in SECRET_FIELDS.get(kind, ()):
        if isinstance(data.get(name), str):
            data[name] = again(data[name])
    for name in SECRET_LISTS.get(kind, ()):
        if isinstance(data.get(name), list):
            data[name] = [again(value) for value in data[name]]
    return data


def data_decrypted(kind: str, data: dict) -> dict:
    """The authenticator data with its secrets in clear, as allauth stores them without an adapter."""
    return data_reencrypted(kind, data, encrypt=lambda text: text)


@transaction.atomic
def authenticators_reencrypt(authenticators) -> int:
    """Re-encrypt the secrets of the given authenticators (a queryset) under the newest key; returns how many."""
    count = 0
    for authenticator in authenticators.select_for_update().filter(type__in=SECRET_FIELDS):
        authenticator.data = data_reencrypted(authenticator.type, authenticator.data)
        authenticator.save(update_fields=["data"])
        count += 1
    return count


@transaction.atomic
def authenticator_remove(*, authenticator, by) -> None:
    """An administrator removes someone's authenticator (e.g. a lost phone); recovery codes left alone go too.

    The person is then asked to set up a new second factor at their next request, if they must use one.
    """
    from council.audit import AuditAction, audit_record

    authenticator = Authenticator.objects.select_for_update().select_related("user").filter(pk=authenticator.pk).first()
    if authenticator is None:  # already gone (with the authenticator it backed up)
        return
    user = authenticator.user
    audit_record(actor=by, action=AuditAction.AUTHENTICATOR_REMOVE, target=user, data={"type": authenticator.type})
    authenticator.delete()
    rest = Authenticator.objects.filter(user_id=user.pk)
    if not rest.exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
        rest.delete()
