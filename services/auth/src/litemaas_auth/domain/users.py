"""Users: who may exist, with which roles, and which events their changes produce. No I/O.

A user's roles come from two sources kept apart: ``admin_roles``, set by hand by a platform
admin, and ``granted_roles``, what the identity provider's groups (and AUTH_INITIAL_ADMINS)
grant, recomputed at every login. The effective roles are their union, plus ``user``.
``token_epoch`` moves forward whenever access must end for the tokens already issued
(deactivation, reactivation, any change of the effective roles).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from litemaas_contracts.identity import (
    Role,
    UserCreated,
    UserDeactivated,
    UserReactivated,
    UserUpdated,
)

EVERYONE: Role = "user"


class AccountDisabled(Exception):
    """The user exists but has been deactivated."""


def _roles(*sources: tuple[Role, ...]) -> tuple[Role, ...]:
    return tuple(sorted({EVERYONE, *(r for source in sources for r in source)}))


@dataclass(frozen=True)
class User:
    id: str
    username: str
    email: str | None
    full_name: str | None
    admin_roles: tuple[Role, ...]
    active: bool
    created_at: datetime
    updated_at: datetime
    granted_roles: tuple[Role, ...] = ()
    token_epoch: int = 0

    @property
    def roles(self) -> tuple[Role, ...]:
        """The effective roles: by hand, by groups, and ``user`` for everyone."""
        return _roles(self.admin_roles, self.granted_roles)


def roles_for(username: str, initial_admins: tuple[str, ...]) -> tuple[Role, ...]:
    return ("admin", "user") if username in initial_admins else ("user",)


def register(
    username: str,
    email: str | None,
    full_name: str | None,
    granted: tuple[Role, ...],
    now: datetime,
) -> tuple[User, UserCreated]:
    user = User(str(uuid.uuid4()), username, email, full_name, (), True, now, now, _roles(granted))
    event = UserCreated(
        user_id=user.id,
        username=username,
        email=email,
        full_name=full_name,
        roles=user.roles,
        created_at=now,
    )
    return user, event


def updated_event(user: User, now: datetime) -> UserUpdated:
    """The complete new profile of a user, as every change of it records."""
    return UserUpdated(
        user_id=user.id,
        username=user.username,
        email=user.email,
        full_name=user.full_name,
        roles=user.roles,
        updated_at=now,
    )


def _with_epoch(before: User, after: User) -> User:
    """A change of the effective roles ends the tokens issued before it."""
    if after.roles != before.roles:
        return replace(after, token_epoch=before.token_epoch + 1)
    return after


def update_profile(
    user: User, email: str | None, full_name: str | None, granted: tuple[Role, ...], now: datetime
) -> tuple[User, UserUpdated | None]:
    """Apply what the identity provider says now: the group-granted roles become exactly
    ``granted`` (a lost group takes its role away); roles set by an admin stay."""
    changed = replace(
        user,
        email=email or user.email,
        full_name=full_name or user.full_name,
        granted_roles=_roles(granted),
    )
    if changed == user:
        return user, None
    changed = replace(_with_epoch(user, changed), updated_at=now)
    return changed, updated_event(changed, now)


def assign_roles(
    user: User, roles: tuple[Role, ...], now: datetime
) -> tuple[User, UserUpdated | None]:
    """An admin sets the roles they grant by hand; roles from provider groups are not theirs."""
    wanted = _roles(roles)
    if wanted == _roles(user.admin_roles):
        return user, None
    changed = replace(_with_epoch(user, replace(user, admin_roles=wanted)), updated_at=now)
    return changed, updated_event(changed, now)


def deactivate(user: User, reason: str, now: datetime) -> tuple[User, UserDeactivated | None]:
    """Access ends at once: the epoch moves, so every token issued before is refused."""
    if not user.active:
        return user, None
    changed = replace(user, active=False, updated_at=now, token_epoch=user.token_epoch + 1)
    return changed, UserDeactivated(user_id=user.id, reason=reason, deactivated_at=now)


def reactivate(
    user: User, reason: str, actor: str, now: datetime
) -> tuple[User, UserReactivated | None]:
    """The user may log in again; tokens from before the deactivation stay ended."""
    if user.active:
        return user, None
    changed = replace(user, active=True, updated_at=now, token_epoch=user.token_epoch + 1)
    return changed, UserReactivated(
        user_id=user.id, reason=reason, reactivated_by=actor, reactivated_at=now
    )


def roles_from_groups(
    groups: tuple[str, ...], admin_groups: tuple[str, ...], readonly_groups: tuple[str, ...]
) -> tuple[Role, ...]:
    """The roles an identity provider's groups grant (by setting); everyone is a ``user``."""
    roles: list[Role] = [EVERYONE]
    if set(groups) & set(admin_groups):
        roles.append("admin")
    if set(groups) & set(readonly_groups):
        roles.append("admin-readonly")
    return tuple(sorted(roles))
