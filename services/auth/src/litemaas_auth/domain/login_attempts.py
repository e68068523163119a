"""A login through an identity provider, in flight. No I/O.

The browser carries only the opaque ``state``; the PKCE verifier and the nonce stay with the
server, and an attempt can be finished once, within ten minutes of its start, and only by the
browser that started it: ``/login`` gives that browser a random ``binding`` in an HttpOnly
cookie and keeps its SHA-256; ``/callback`` refuses a state whose binding does not come back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

LIFETIME = timedelta(minutes=10)


class LoginAttemptRefused(Exception):
    """The ``state`` names no attempt of this provider, or one already finished or expired."""


class LoginNotBound(LoginAttemptRefused):
    """The browser finishing the login is not the one that started it (no matching cookie)."""


@dataclass(frozen=True)
class Attempt:
    state: str
    code_verifier: str
    nonce: str
    redirect_uri: str
    #: the browser's secret (its cookie); kept server-side only as ``binding_hash``
    binding: str = ""


def new_attempt(redirect_uri: str) -> Attempt:
    """Unguessable state, nonce and binding; a PKCE verifier of 86 characters (RFC 7636)."""
    return Attempt(
        state=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        nonce=secrets.token_urlsafe(32),
        redirect_uri=redirect_uri,
        binding=secrets.token_urlsafe(32),
    )


def binding_hash(binding: str) -> str:
    return hashlib.sha256(binding.encode()).hexdigest()


def check_bound(stored_hash: str | None, binding: str | None) -> None:
    """Refuse a callback that does not carry the cookie of the browser that started the login."""
    if not binding:
        raise LoginNotBound(
            "this login was started in another browser (its login cookie is missing);"
            " start the login again"
        )
    if stored_hash is None or not hmac.compare_digest(stored_hash, binding_hash(binding)):
        raise LoginNotBound(
            "this login was started in another browser (its login cookie does not match);"
            " start the login again"
        )


def code_challenge(verifier: str) -> str:
    """PKCE S256 (RFC 7636): base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def check_finishable(expires_at: datetime, used_at: datetime | None, now: datetime) -> None:
    """Refuse an attempt that was finished before (a replay) or has expired."""
    if used_at is not None:
        raise LoginAttemptRefused("this login was already completed once; start the login again")
    if expires_at <= now:
        raise LoginAttemptRefused("this login took longer than ten minutes; start the login again")
