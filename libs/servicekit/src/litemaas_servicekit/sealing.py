"""Sealed secrets: AES-256-GCM for an API key secret on its way from keys to sync.

The key is derived from one shared setting (``*_PROVISIONING_KEY``) that only keys and sync
hold; the record's id is the associated data, so a ciphertext moved to another key fails.

Rotation: the setting may list several keys, comma-separated (``new,old``). The first seals;
every one of them opens. To rotate, give sync ``new,old`` first, then keys ``new,old`` (or just
``new``), and drop ``old`` everywhere once nothing sealed with it can still arrive: the
provisioning topic keeps records for one hour, and sync prunes what it holds after one hour.
A key therefore cannot contain a comma.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class SealBroken(ValueError):
    """The ciphertext was altered, belongs to another record, or was sealed with another key."""


def provisioning_keys(setting: str) -> list[str]:
    """The keys a ``*_PROVISIONING_KEY`` setting lists, preferred (sealing) key first."""
    return [key.strip() for key in setting.split(",") if key.strip()]


class Sealer:
    def __init__(self, secret: str) -> None:
        keys = provisioning_keys(secret)
        if not keys:
            raise ValueError("a provisioning key is required to seal or open secrets")
        self._aeads = [AESGCM(hashlib.sha256(key.encode()).digest()) for key in keys]

    def seal(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aeads[0].encrypt(nonce, plaintext.encode(), context.encode())
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, token: str, context: str) -> str:
        try:
            raw = base64.urlsafe_b64decode(token.encode())
        except ValueError as exc:
            raise SealBroken("the sealed secret cannot be opened (not base64)") from exc
        for aead in self._aeads:  # a wrong key fails its tag check: no key is ever confused
            try:
                return aead.decrypt(raw[:12], raw[12:], context.encode()).decode()
            except (InvalidTag, ValueError):
                continue
        raise SealBroken("the sealed secret cannot be opened with any provisioning key held")
