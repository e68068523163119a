"""``/api/v1/teams``: teams, their members, budgets and limits."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field, model_validator

from litemaas_auth.app import teams as uc
from litemaas_auth.domain.teams import Limits, MemberKeys, Team, TeamRole
from litemaas_auth.entrypoints.schemas import EntityId, Line, Paragraphs
from litemaas_servicekit.security import Principal, Verifier, authenticated

#: the INTEGER columns' (and LiteLLM's) upper bound
INT32_MAX = 2**31 - 1
TeamId = Annotated[EntityId, Path()]
UserId = Annotated[EntityId, Path()]


class LimitsIn(BaseModel):
    """Bounded to the columns: max_budget NUMERIC(14, 4), tpm/rpm INTEGER."""

    model_config = ConfigDict(extra="forbid")
    max_budget: Decimal | None = Field(
        None, ge=0, le=10_000_000, max_digits=14, decimal_places=4, allow_inf_nan=False
    )
    # LiteLLM refuses a zero period ("0d", "0000d"): a team it refuses is parked in sync
    budget_duration: str | None = Field(None, pattern=r"^[1-9][0-9]{0,3}[smhd]$", examples=["30d"])
    tpm_limit: int | None = Field(None, ge=0, le=INT32_MAX)
    rpm_limit: int | None = Field(None, ge=0, le=INT32_MAX)

    def limits(self) -> Limits:
        return Limits(self.max_budget, self.budget_duration, self.tpm_limit, self.rpm_limit)


class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Line = Field(min_length=1, max_length=100)
    description: Paragraphs = Field("", max_length=1000)
    limits: LimitsIn | None = None


class TeamPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Line | None = Field(None, min_length=1, max_length=100)
    description: Paragraphs | None = Field(None, max_length=1000)
    limits: LimitsIn | None = None
    #: owners and platform admins only: a leaving member's keys keep working or are revoked
    member_keys_on_leave: MemberKeys | None = None


class MemberIn(BaseModel):
    """The new member by id or by username: one of the two."""

    model_config = ConfigDict(extra="forbid")
    user_id: EntityId | None = None
    username: Annotated[Line, Field(min_length=1, max_length=64)] | None = None
    role: TeamRole = "member"

    @model_validator(mode="after")
    def _one_of_them(self) -> "MemberIn":
        if (self.user_id is None) == (self.username is None):
            raise ValueError("give user_id or username (one of them)")
        return self


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: TeamRole


class MemberOut(BaseModel):
    user_id: str
    role: str
    username: str | None = None


class TeamOut(BaseModel):
    id: str
    name: str
    description: str
    max_budget: Decimal | None
    budget_duration: str | None
    tpm_limit: int | None
    rpm_limit: int | None
    archived: bool
    member_keys_on_leave: MemberKeys
    created_by: str
    created_at: datetime
    members: list[MemberOut] | None = None

    @classmethod
    def of(cls, view: uc.TeamView | Team, with_members: bool = True) -> "TeamOut":
        team = view.team if isinstance(view, uc.TeamView) else view
        members = (
            [
                MemberOut(user_id=m.user_id, role=m.role, username=m.username)
                for m in view.members.values()
            ]
            if isinstance(view, uc.TeamView) and with_members
            else None
        )
        limits = team.limits
        return cls(
            id=team.id,
            name=team.name,
            description=team.description,
            max_budget=limits.max_budget,
            budget_duration=limits.budget_duration,
            tpm_limit=limits.tpm_limit,
            rpm_limit=limits.rpm_limit,
            archived=team.archived,
            member_keys_on_leave=team.member_keys_on_leave,
            created_by=team.created_by,
            created_at=team.created_at,
            members=members,
        )


def router(tx: uc.TeamTransactions, verifier: Verifier) -> APIRouter:
    api = APIRouter(prefix="/api/v1/teams", tags=["teams"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.post(
        "",
        response_model=TeamOut,
        status_code=201,
        summary="Create a team (you become its owner; limits: platform admins only)",
    )
    async def create(body: TeamIn, caller: Caller) -> TeamOut:
        limits = body.limits.limits() if body.limits else Limits()
        return TeamOut.of(await uc.create_team(tx, caller, body.name, body.description, limits))

    @api.get("", response_model=list[TeamOut], summary="My teams (admins: ?all=true)")
    async def mine(caller: Caller, all: bool = False) -> list[TeamOut]:
        return [TeamOut.of(t) for t in await uc.list_teams(tx, caller, everyone=all)]

    @api.get("/{team_id}", response_model=TeamOut, summary="A team and its members")
    async def one(team_id: TeamId, caller: Caller) -> TeamOut:
        return TeamOut.of(await uc.get_team(tx, caller, team_id))

    @api.patch("/{team_id}", response_model=TeamOut, summary="Rename, describe, set limits")
    async def change(team_id: TeamId, body: TeamPatch, caller: Caller) -> TeamOut:
        limits = body.limits.limits() if body.limits else None
        return TeamOut.of(
            await uc.change_team(
                tx,
                caller,
                team_id,
                name=body.name,
                description=body.description,
                limits=limits,
                member_keys_on_leave=body.member_keys_on_leave,
            )
        )

    @api.post("/{team_id}/archive", response_model=TeamOut, summary="Archive (owners, admins)")
    async def archive(team_id: TeamId, caller: Caller) -> TeamOut:
        return TeamOut.of(await uc.change_team(tx, caller, team_id, archive=True))

    @api.post(
        "/{team_id}/members",
        response_model=TeamOut,
        status_code=201,
        summary="Add a member with a role",
    )
    async def add(team_id: TeamId, body: MemberIn, caller: Caller) -> TeamOut:
        username = body.username.strip().lower() if body.username else None
        view = await uc.add_member(tx, caller, team_id, body.user_id, body.role, username)
        return TeamOut.of(view)

    @api.put(
        "/{team_id}/members/{user_id}",
        response_model=TeamOut,
        summary="Change a member's role (owners: owners and platform admins only)",
    )
    async def role(team_id: TeamId, user_id: UserId, body: RoleIn, caller: Caller) -> TeamOut:
        return TeamOut.of(await uc.change_role(tx, caller, team_id, user_id, body.role))

    @api.delete(
        "/{team_id}/members/{user_id}",
        response_model=TeamOut,
        summary="Remove a member (or leave the team)",
    )
    async def remove(team_id: TeamId, user_id: UserId, caller: Caller) -> TeamOut:
        return TeamOut.of(await uc.remove_member(tx, caller, team_id, user_id))

    return api
