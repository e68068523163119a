"""SQL for teams: the only place their queries live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_auth.adapters.tables import users
from litemaas_auth.adapters.team_tables import team_members, teams
from litemaas_auth.domain.teams import Limits, Member, Team
from litemaas_contracts import Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Conflict
from litemaas_servicekit.outbox import Outbox


def _team(r: Any) -> Team:
    return Team(
        r.id,
        r.name,
        r.description,
        Limits(r.max_budget, r.budget_duration, r.tpm_limit, r.rpm_limit),
        r.archived,
        r.created_by,
        r.created_at,
        r.updated_at,
        r.member_keys_on_leave,
    )


def _values(team: Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "description": team.description,
        "max_budget": team.limits.max_budget,
        "budget_duration": team.limits.budget_duration,
        "tpm_limit": team.limits.tpm_limit,
        "rpm_limit": team.limits.rpm_limit,
        "archived": team.archived,
        "member_keys_on_leave": team.member_keys_on_leave,
        "updated_at": team.updated_at,
    }


class TeamUnitOfWork:
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session = session
        self.outbox = outbox

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)

    async def team(self, team_id: str, *, lock: bool = False) -> Team | None:
        stmt = select(teams).where(teams.c.id == team_id)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()
        return _team(row) if row else None

    async def name_taken(self, name: str, *, other_than: str = "") -> bool:
        stmt = select(exists().where(teams.c.name == name, teams.c.id != other_than))
        return bool((await self.session.execute(stmt)).scalar())

    async def user_exists(self, user_id: str) -> bool:
        stmt = select(exists().where(users.c.id == user_id, users.c.active.is_(True)))
        return bool((await self.session.execute(stmt)).scalar())

    async def teams_of(self, user_id: str | None) -> list[Team]:
        stmt = select(teams).order_by(teams.c.name)
        if user_id is not None:
            stmt = stmt.join(team_members, team_members.c.team_id == teams.c.id).where(
                team_members.c.user_id == user_id
            )
        return [_team(r) for r in (await self.session.execute(stmt)).all()]

    async def members(self, team_id: str) -> dict[str, Member]:
        rows = (
            await self.session.execute(
                select(team_members, users.c.username)
                .outerjoin(users, users.c.id == team_members.c.user_id)
                .where(team_members.c.team_id == team_id)
            )
        ).all()
        return {r.user_id: Member(r.team_id, r.user_id, r.role, r.username) for r in rows}

    async def user_named(self, username: str) -> str | None:
        stmt = select(users.c.id).where(users.c.username == username, users.c.active.is_(True))
        found: str | None = (await self.session.execute(stmt)).scalar_one_or_none()
        return found

    async def add_team(self, team: Team) -> None:
        stmt = insert(teams).values(
            id=team.id, created_by=team.created_by, created_at=team.created_at, **_values(team)
        )
        await self._insert(stmt, f"a team named {team.name!r} exists")

    async def _insert(self, stmt: Any, conflict: str) -> None:
        """A unique constraint lost to a concurrent request is a conflict (409), not a 500."""
        try:
            await self.session.execute(stmt)
        except IntegrityError as exc:
            raise Conflict(conflict) from exc

    async def save_team(self, team: Team) -> None:
        await self.session.execute(
            update(teams).where(teams.c.id == team.id).values(**_values(team))
        )

    async def add_member(self, member: Member, at: datetime) -> None:
        stmt = insert(team_members).values(
            team_id=member.team_id, user_id=member.user_id, role=member.role, added_at=at
        )
        await self._insert(stmt, "the user is already a member")

    async def set_role(self, member: Member) -> None:
        await self.session.execute(
            update(team_members)
            .where(
                team_members.c.team_id == member.team_id,
                team_members.c.user_id == member.user_id,
            )
            .values(role=member.role)
        )

    async def remove_member(self, team_id: str, user_id: str) -> None:
        await self.session.execute(
            delete(team_members).where(
                team_members.c.team_id == team_id, team_members.c.user_id == user_id
            )
        )


class TeamTransactions:
    def __init__(self, sessions: Sessions, outbox: Outbox) -> None:
        self.sessions = sessions
        self.outbox = outbox

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[TeamUnitOfWork]:
        async with self.sessions.begin() as session:
            yield TeamUnitOfWork(session, self.outbox)
