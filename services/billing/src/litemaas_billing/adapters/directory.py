"""billing's projections of users (for mail), teams and their members (for team budgets)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budget_tables import team_members, teams, users


class SqlDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def user(self, user_id: str, username: str, email: str | None) -> None:
        values = {"username": username, "email": email}
        stmt = insert(users).values(user_id=user_id, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["user_id"], set_=values)
        )

    async def team(self, team_id: str) -> None:
        await self.session.execute(insert(teams).values(team_id=team_id).on_conflict_do_nothing())

    async def member(self, team_id: str, user_id: str, role: str) -> None:
        await self.team(team_id)
        stmt = insert(team_members).values(team_id=team_id, user_id=user_id, role=role)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["team_id", "user_id"], set_={"role": role})
        )

    async def left(self, team_id: str, user_id: str) -> None:
        await self.session.execute(
            delete(team_members).where(
                team_members.c.team_id == team_id, team_members.c.user_id == user_id
            )
        )
