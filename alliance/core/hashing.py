"""How secrets sent by e-mail or in addresses are stored: only their SHA-256, never the secret
(access tokens, invitation links, calendar feed addresses)."""

from __future__ import annotations

import hashlib


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
