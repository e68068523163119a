"""Sealed secrets: AES-256-GCM for an API key secret on its way from keys to sync.

The key is derived from one shared setting (``*_PROVISIONING_KEY``) that only keys and sync
hold; the record's id is the associated data, so a ciphertext moved to another key fails.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class SealBroken(ValueError):
    """The ciphertext was altered, belongs to another record, or was sealed with another key."""


class Sealer:
    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("a provisioning key is required to seal or open secrets")
        self._aead = AESGCM(hashlib.sha256(secret.encode()).digest())

    def seal(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), context.encode())
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, token: str, context: str) -> str:
        try:
            raw = base64.urlsafe_b64decode(token.encode())
            return self._aead.decrypt(raw[:12], raw[12:], context.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise SealBroken("the sealed secret cannot be opened") from exc
