"""SQL for keys and entitlements: the only place their queries live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Event
from litemaas_contracts.keys import KeyLimits
from litemaas_keys.adapters.tables import (
    api_keys,
    entitlements,
    quota_holds,
    team_members,
    user_status,
)
from litemaas_keys.domain.keys import ApiKey
from litemaas_keys.domain.quotas import QuotaHold
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.outbox import Outbox


def _key(r: Any) -> ApiKey:
    return ApiKey(
        r.id,
        r.owner_user_id,
        r.team_id,
        r.name,
        tuple(r.models),
        KeyLimits.model_validate(r.limits),
        r.key_prefix,
        r.key_hash,
        r.status,
        r.expires_at,
        r.revoke_at,
        r.created_at,
        r.updated_at,
        r.custodian_user_id,
        r.blocked,
        tuple(r.withdrawn or ()),
    )


class KeysUnitOfWork:
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session = session
        self.outbox = outbox

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)

    async def entitled(self, user_id: str, *, lock: bool = False) -> set[str]:
        """With ``lock``, the rows are held (FOR SHARE) until commit: an ending subscription's
        upsert waits, and then sees the keys this transaction made."""
        stmt = select(entitlements.c.model_id).where(
            entitlements.c.user_id == user_id, entitlements.c.status == "active"
        )
        rows = await self.session.execute(stmt.with_for_update(read=True) if lock else stmt)
        return set(rows.scalars())

    async def hold_user(self, user_id: str, *, exclusive: bool) -> None:
        # an advisory lock also covers a user with no status row yet (never deactivated)
        lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        await self.session.execute(
            text(f"SELECT {lock}(hashtextextended(:k, 0))"), {"k": f"keys.user:{user_id}"}
        )

    async def deactivated(self, user_id: str) -> bool:
        row = await self.session.execute(
            select(user_status.c.deactivated).where(user_status.c.user_id == user_id)
        )
        return bool(row.scalar_one_or_none())

    async def set_user_state(self, user_id: str, deactivated: bool, at: datetime) -> bool:
        stmt = insert(user_status).values(user_id=user_id, deactivated=deactivated, changed_at=at)
        applied = await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["user_id"],
                set_={"deactivated": deactivated, "changed_at": at},
                where=user_status.c.changed_at <= at,
            ).returning(user_status.c.user_id)
        )
        return applied.first() is not None

    async def custody_keys(self, user_id: str, team_id: str | None = None) -> list[ApiKey]:
        stmt = select(api_keys).where(
            api_keys.c.custodian_user_id == user_id, api_keys.c.status == "active"
        )
        if team_id is not None:
            stmt = stmt.where(api_keys.c.team_id == team_id)
        rows = await self.session.execute(stmt.order_by(api_keys.c.id).with_for_update())
        return [_key(r) for r in rows.all()]

    async def teams_of(self, user_id: str) -> dict[str, str]:
        rows = await self.session.execute(
            select(team_members.c.team_id, team_members.c.role).where(
                team_members.c.user_id == user_id
            )
        )
        return {r.team_id: r.role for r in rows.all()}

    async def set_member(self, team_id: str, user_id: str, role: str) -> None:
        stmt = insert(team_members).values(team_id=team_id, user_id=user_id, role=role)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["team_id", "user_id"], set_={"role": stmt.excluded.role}
            )
        )

    async def drop_member(self, team_id: str, user_id: str) -> None:
        await self.session.execute(
            delete(team_members).where(
                team_members.c.team_id == team_id, team_members.c.user_id == user_id
            )
        )

    async def set_entitlement(
        self, user_id: str, model_id: str, subscription_id: str, status: str, at: datetime
    ) -> None:
        stmt = insert(entitlements).values(
            user_id=user_id,
            model_id=model_id,
            subscription_id=subscription_id,
            status=status,
            updated_at=at,
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["user_id", "model_id"],
                set_={
                    "subscription_id": stmt.excluded.subscription_id,
                    "status": stmt.excluded.status,
                    "updated_at": stmt.excluded.updated_at,
                },
            )
        )

    async def key(self, key_id: str, *, lock: bool = False) -> ApiKey | None:
        stmt = select(api_keys).where(api_keys.c.id == key_id)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()
        return _key(row) if row else None

    async def keys(
        self, owner: str | None, page: int, size: int, team_id: str | None = None
    ) -> tuple[list[ApiKey], int]:
        """``owner``'s personal keys and their teams' keys; everyone's when ``owner`` is None.

        A team key someone made for a team they left is the team's: it is not listed as theirs.
        """
        stmt = select(api_keys)
        if owner is not None:
            teams = select(team_members.c.team_id).where(team_members.c.user_id == owner)
            personal = and_(api_keys.c.owner_user_id == owner, api_keys.c.team_id.is_(None))
            stmt = stmt.where(or_(personal, api_keys.c.team_id.in_(teams)))
        if team_id is not None:
            stmt = stmt.where(api_keys.c.team_id == team_id)
        total = await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        rows = await self.session.execute(
            stmt.order_by(api_keys.c.created_at.desc()).limit(size).offset((page - 1) * size)
        )
        return [_key(r) for r in rows.all()], int(total.scalar_one())

    async def active_keys_with(self, user_id: str, model_id: str) -> list[ApiKey]:
        rows = await self.session.execute(
            select(api_keys)
            .where(
                api_keys.c.owner_user_id == user_id,
                api_keys.c.status == "active",
                api_keys.c.models.any(model_id),
            )
            .with_for_update()
        )
        return [_key(r) for r in rows.all()]

    async def due(self, now: datetime, warn_before: datetime) -> tuple[list[ApiKey], list[ApiKey]]:
        """Keys whose rotation overlap ended or who expired, and keys to warn about."""
        active = api_keys.c.status == "active"
        ending = (
            select(api_keys)
            .where(active, (api_keys.c.revoke_at <= now) | (api_keys.c.expires_at <= now))
            .with_for_update(skip_locked=True)
        )
        warn = (
            select(api_keys)
            .where(
                active,
                api_keys.c.expiry_warned_at.is_(None),
                and_(api_keys.c.expires_at > now, api_keys.c.expires_at <= warn_before),
            )
            .with_for_update(skip_locked=True)
        )
        return (
            [_key(r) for r in (await self.session.execute(ending)).all()],
            [_key(r) for r in (await self.session.execute(warn)).all()],
        )

    async def warned(self, key_id: str, at: datetime) -> None:
        await self.session.execute(
            update(api_keys).where(api_keys.c.id == key_id).values(expiry_warned_at=at)
        )

    async def entitlement(self, user_id: str, model_id: str) -> str | None:
        row = await self.session.execute(
            select(entitlements.c.subscription_id).where(
                entitlements.c.user_id == user_id,
                entitlements.c.model_id == model_id,
                entitlements.c.status == "active",
            )
        )
        return row.scalar_one_or_none()

    async def hold(self, budget_id: str) -> QuotaHold | None:
        stmt = select(quota_holds).where(quota_holds.c.budget_id == budget_id).with_for_update()
        r = (await self.session.execute(stmt)).first()
        if r is None:
            return None
        return QuotaHold(
            r.budget_id, r.user_id, r.model_id, r.subscription_id, r.held_since, r.closed_through
        )

    async def save_hold(self, hold: QuotaHold) -> None:
        values = {
            "user_id": hold.user_id,
            "model_id": hold.model_id,
            "subscription_id": hold.subscription_id,
            "held_since": hold.held_since,
            "closed_through": hold.closed_through,
        }
        stmt = insert(quota_holds).values(budget_id=hold.budget_id, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["budget_id"], set_=values)
        )

    async def held_models(self, user_id: str) -> set[str]:
        rows = await self.session.execute(
            select(quota_holds.c.model_id).where(
                quota_holds.c.user_id == user_id, quota_holds.c.held_since.is_not(None)
            )
        )
        return set(rows.scalars())

    async def keys_withdrawn(self, user_id: str, model_id: str) -> list[ApiKey]:
        rows = await self.session.execute(
            select(api_keys)
            .where(
                api_keys.c.owner_user_id == user_id,
                api_keys.c.status == "active",
                api_keys.c.withdrawn.any(model_id),
            )
            .with_for_update()
        )
        return [_key(r) for r in rows.all()]

    async def save(self, key: ApiKey) -> None:
        values = {
            "owner_user_id": key.owner_user_id,
            "team_id": key.team_id,
            "name": key.name,
            "models": list(key.models),
            "limits": key.limits.model_dump(mode="json"),
            "key_prefix": key.key_prefix,
            "key_hash": key.key_hash,
            "status": key.status,
            "expires_at": key.expires_at,
            "revoke_at": key.revoke_at,
            "created_at": key.created_at,
            "updated_at": key.updated_at,
            "custodian_user_id": key.custodian,
            "blocked": key.blocked,
            "withdrawn": list(key.withdrawn),
        }
        stmt = insert(api_keys).values(id=key.id, **values)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))


class KeysTransactions:
    def __init__(self, sessions: Sessions, outbox: Outbox) -> None:
        self.sessions = sessions
        self.outbox = outbox

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[KeysUnitOfWork]:
        async with self.sessions.begin() as session:
            yield KeysUnitOfWork(session, self.outbox)
