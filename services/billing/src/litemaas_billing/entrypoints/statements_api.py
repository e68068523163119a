"""A team's statements: read by its owners and admins, and by platform admins."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from litemaas_billing.adapters.replay import ReplayTables
from litemaas_servicekit.errors import Forbidden
from litemaas_servicekit.security import Principal, Verifier, authenticated

TeamId = Annotated[str, Query(min_length=1, max_length=100)]


class StatementOut(BaseModel):
    team_id: str
    period_start: str
    period_end: str
    #: SHA-256 of ``body``'s UTF-8 bytes, as stored when the period closed
    sha256: str
    #: the statement's canonical JSON, exactly as stored (its bytes are what is hashed)
    body: str


def router(tables: ReplayTables, verifier: Verifier) -> APIRouter:
    api = APIRouter(tags=["statements"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.get(
        "/api/v1/statements",
        response_model=list[StatementOut],
        summary="A team's statements, one per closed UTC month, oldest first",
    )
    async def statements(team_id: TeamId, caller: Caller) -> list[StatementOut]:
        async with tables.statements(None) as store:
            if not caller.can_read_everything:
                role = await store.team_role(team_id, caller.user_id)
                if role not in {"owner", "admin"}:
                    raise Forbidden("only the team's owners and admins see its statements")
            kept = await store.stored(team_id)
        return [
            StatementOut(
                team_id=team,
                period_start=start.isoformat(),
                period_end=end.isoformat(),
                sha256=sha,
                body=body.decode(),
            )
            for team, start, end, body, sha in kept
        ]

    return api
