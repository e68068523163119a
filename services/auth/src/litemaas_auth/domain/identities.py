"""External identities: (issuer, subject) says who someone is; a username is only a label.

A first login whose wanted username already belongs to a user linked to another identity gets
a distinct user with the next free label (``alice-2``) and a note saying so: never a takeover.
No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from litemaas_auth.domain.text import USERNAME

#: the development login's issuer; its subject is the username typed in
DEV_ISSUER = "dev"
MAX_USERNAME = 64


@dataclass(frozen=True)
class ProviderIdentity:
    """Who an identity provider (or the development login) says is logging in."""

    issuer: str
    subject: str
    username: str
    email: str | None
    full_name: str | None
    groups: tuple[str, ...] = ()


def candidate_usernames(wanted: str, tries: int = 50) -> list[str]:
    """``wanted``, then ``wanted-2``, ``wanted-3``...: each cut to fit 64 characters."""
    names = [wanted]
    for n in range(2, tries + 2):
        suffix = f"-{n}"
        names.append(wanted[: MAX_USERNAME - len(suffix)] + suffix)
    return [name for name in names if USERNAME.fullmatch(name)]


def renamed_notice(wanted: str, given: str) -> str | None:
    if wanted == given:
        return None
    return (
        f"the username {wanted!r} belongs to another account (another identity provider or"
        f" subject); this login created a separate account named {given!r}"
    )
