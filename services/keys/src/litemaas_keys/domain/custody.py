"""Who may see and manage a key, and how a person's departure reaches their keys. No I/O.

A personal key belongs to its owner. A team key belongs to the team: power over it comes from
the caller's current team role (owner or admin), never from having created it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Literal

from litemaas_contracts import Event
from litemaas_contracts.keys import (
    ApiKeyBlocked,
    ApiKeyCustodyChanged,
    ApiKeyRevoked,
    ApiKeyUnblocked,
)
from litemaas_keys.domain.keys import ApiKey

TEAM_MANAGERS = frozenset({"owner", "admin"})
#: the cause recorded on keys blocked because their custodian was deactivated
OWNER_DEACTIVATED = "owner_deactivated"


def may_see(key: ApiKey, user_id: str, team_role: str | None, reads_everything: bool) -> bool:
    if reads_everything:
        return True
    if key.team_id is not None:
        return team_role is not None
    return key.owner_user_id == user_id


def may_manage(key: ApiKey, user_id: str, team_role: str | None) -> bool:
    """Without a platform admin's role: the owner of a personal key, a team's managers."""
    if key.team_id is not None:
        return team_role in TEAM_MANAGERS
    return key.owner_user_id == user_id


def block(key: ApiKey, cause: str, reason: str, now: datetime) -> tuple[ApiKey, Event | None]:
    """An active key stops working but is kept; a key already blocked keeps its first cause."""
    if key.status != "active" or key.blocked is not None:
        return key, None
    return replace(key, blocked=cause, updated_at=now), ApiKeyBlocked(
        key_id=key.id,
        key_hash=key.key_hash,
        owner_user_id=key.owner_user_id,
        reason=reason,
        blocked_at=now,
    )


def unblock(key: ApiKey, cause: str, reason: str, now: datetime) -> tuple[ApiKey, Event | None]:
    """Only a block of this ``cause`` is lifted: a key blocked for another reason stays so."""
    if key.status != "active" or key.blocked != cause:
        return key, None
    return replace(key, blocked=None, updated_at=now), ApiKeyUnblocked(
        key_id=key.id,
        key_hash=key.key_hash,
        owner_user_id=key.owner_user_id,
        reason=reason,
        unblocked_at=now,
    )


def leave_team(
    key: ApiKey, member: str, member_keys: Literal["keep", "revoke"], now: datetime
) -> tuple[ApiKey, list[Event]]:
    """The creator of a team key left the team: they lose custody; the team keeps the key or
    revokes it, by its setting. Nothing changes for a key they no longer answer for."""
    if key.team_id is None or key.custodian != member or key.status != "active":
        return key, []
    events: list[Event] = []
    if member_keys == "revoke":
        key = replace(key, status="revoked", revoke_at=None)
        events.append(
            ApiKeyRevoked(
                key_id=key.id,
                key_hash=key.key_hash,
                reason=f"its creator {member} left team {key.team_id}; the team revokes such keys",
                revoked_by="system",
                revoked_at=now,
            )
        )
    else:
        # the block was about that person; the team keeps a working key
        key, lifted = unblock(key, OWNER_DEACTIVATED, "kept by the team", now)
        events.extend([lifted] if lifted else [])
    events.append(
        ApiKeyCustodyChanged(
            key_id=key.id,
            key_hash=key.key_hash,
            team_id=key.team_id,
            former_custodian=member,
            decision="revoked" if member_keys == "revoke" else "kept",
            changed_at=now,
        )
    )
    return replace(key, custodian=None, updated_at=now), events
