"""Encryption at rest for personal data (passport details and scans): Fernet, with key rotation.

The keys come from ``ALLIANCE_FIELD_ENCRYPTION_KEY``: one Fernet key, or several separated by
commas. The first key encrypts; every key decrypts. To rotate, put a new key first and keep the
old ones after it until no stored value needs them (``rotate`` re-encrypts a value with the
first key). Without a key, development derives one from ``SECRET_KEY`` so that the demo works;
production refuses to start.

Settings import this module, so it touches ``django.conf.settings`` only inside functions.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

VARIABLE = "ALLIANCE_FIELD_ENCRYPTION_KEY"
GENERATE = (
    'python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class DecryptionError(Exception):
    """A stored value that none of the configured keys opens (a key was dropped or changed,
    or the value was altered)."""


def development_key(secret_key: str) -> str:
    """A Fernet key derived from the secret key (HKDF-SHA256): the same on every start, so
    the development database stays readable; never used in production."""
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"alliance.core.crypto",
        info=b"field encryption key, development only",
    ).derive(secret_key.encode("utf-8"))
    return base64.urlsafe_b64encode(derived).decode("ascii")


def keys_setting(keys: list[str], *, production: bool, secret_key: str) -> list[str]:
    """The keys for ``settings.FIELD_ENCRYPTION_KEYS``: checked, or derived in development."""
    if not keys:
        if production:
            raise ImproperlyConfigured(
                f"{VARIABLE} (or {VARIABLE}_FILE) must be set in production: it encrypts "
                f"passport details at rest. Generate one with: {GENERATE}"
            )
        return [development_key(secret_key)]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"{VARIABLE}: key number {position} is not a Fernet key (32 bytes in URL-safe "
                f"base64, 44 characters). Generate one with: {GENERATE}"
            ) from None
    return keys


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _fernet() -> MultiFernet:
    from django.conf import settings

    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured(f"{VARIABLE} holds no key.")
    return _multi_fernet(keys)


def encrypt_bytes(data: bytes) -> bytes:
    """``data`` encrypted and authenticated with the first key (a Fernet token)."""
    return _fernet().encrypt(bytes(data))


def decrypt_bytes(token: bytes | memoryview) -> bytes:
    """The bytes inside a token made by ``encrypt_bytes`` with any of the configured keys."""
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken:
        raise DecryptionError(
            f"This value cannot be decrypted with the keys in {VARIABLE}: it was encrypted "
            "with a key that is no longer configured, or it was altered. Put the old key back "
            "after the new one."
        ) from None


def encrypt_json(obj: Any) -> bytes:
    """A JSON-serialisable object, encrypted."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return encrypt_bytes(text.encode("utf-8"))


def decrypt_json(token: bytes | memoryview) -> Any:
    """The object stored by ``encrypt_json``."""
    return json.loads(decrypt_bytes(token).decode("utf-8"))


def rotate(token: bytes | memoryview) -> bytes:
    """The same value re-encrypted with the first (newest) key."""
    try:
        return _fernet().rotate(bytes(token))
    except InvalidToken:
        raise DecryptionError(
            f"This value cannot be decrypted with the keys in {VARIABLE}, so it cannot be "
            "re-encrypted."
        ) from None
