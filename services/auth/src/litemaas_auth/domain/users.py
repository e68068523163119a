"""Users: who may exist, with which roles, and which events their changes produce. No I/O."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from litemaas_contracts.identity import Role, UserCreated, UserDeactivated, UserUpdated

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidUser(ValueError):
    """A username or email that LiteMaaS cannot accept."""


class AccountDisabled(Exception):
    """The user exists but has been deactivated."""


@dataclass(frozen=True)
class User:
    id: str
    username: str
    email: str | None
    full_name: str | None
    roles: tuple[Role, ...]
    active: bool
    created_at: datetime
    updated_at: datetime


def normalize_username(raw: str) -> str:
    username = raw.strip().lower()
    if not USERNAME.fullmatch(username):
        raise InvalidUser(
            "username must be 1-64 characters: lower-case letters, digits, '.', '_', '-' or '@',"
            " starting with a letter or digit"
        )
    return username


def check_email(email: str) -> str:
    email = email.strip()
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise InvalidUser(f"{email!r} is not an email address")
    return email.lower()


def roles_for(username: str, initial_admins: tuple[str, ...]) -> tuple[Role, ...]:
    return ("admin", "user") if username in initial_admins else ("user",)


def register(
    username: str, email: str | None, full_name: str | None, roles: tuple[Role, ...], now: datetime
) -> tuple[User, UserCreated]:
    user = User(str(uuid.uuid4()), username, email, full_name, roles, True, now, now)
    event = UserCreated(
        user_id=user.id,
        username=username,
        email=email,
        full_name=full_name,
        roles=roles,
        created_at=now,
    )
    return user, event


def update_profile(
    user: User, email: str | None, full_name: str | None, roles: tuple[Role, ...], now: datetime
) -> tuple[User, UserUpdated | None]:
    """Apply what the identity provider says now; an event only when something changed."""
    changed = replace(
        user,
        email=email or user.email,
        full_name=full_name or user.full_name,
        roles=tuple(sorted(set(user.roles) | set(roles))),
    )
    if changed == user:
        return user, None
    changed = replace(changed, updated_at=now)
    return changed, UserUpdated(
        user_id=user.id,
        username=user.username,
        email=changed.email,
        full_name=changed.full_name,
        roles=changed.roles,
        updated_at=now,
    )


def assign_roles(
    user: User, roles: tuple[Role, ...], now: datetime
) -> tuple[User, UserUpdated | None]:
    """An admin sets a user's roles outright; everyone keeps ``user``."""
    everyone: Role = "user"
    wanted: tuple[Role, ...] = tuple(sorted({*roles, everyone}))
    if wanted == tuple(sorted(user.roles)):
        return user, None
    changed = replace(user, roles=wanted, updated_at=now)
    return changed, UserUpdated(
        user_id=user.id,
        username=user.username,
        email=user.email,
        full_name=user.full_name,
        roles=wanted,
        updated_at=now,
    )


def deactivate(user: User, reason: str, now: datetime) -> tuple[User, UserDeactivated | None]:
    if not user.active:
        return user, None
    return replace(user, active=False, updated_at=now), UserDeactivated(
        user_id=user.id, reason=reason, deactivated_at=now
    )


def roles_from_groups(
    groups: tuple[str, ...], admin_groups: tuple[str, ...], readonly_groups: tuple[str, ...]
) -> tuple[Role, ...]:
    """The roles an identity provider's groups grant (by setting); everyone is a ``user``."""
    roles: list[Role] = ["user"]
    if set(groups) & set(admin_groups):
        roles.append("admin")
    if set(groups) & set(readonly_groups):
        roles.append("admin-readonly")
    return tuple(sorted(roles))


@dataclass(frozen=True)
class ProviderIdentity:
    """Who an identity provider (or the development login) says is logging in."""

    username: str
    email: str | None
    full_name: str | None
    groups: tuple[str, ...] = ()
