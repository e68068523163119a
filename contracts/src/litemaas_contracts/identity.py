"""Identity events published by the auth service (users and teams)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from litemaas_contracts.base import Event
from litemaas_contracts.topics import AUTH_TEAMS, AUTH_USERS

Role = Literal["admin", "admin-readonly", "user"]
MembershipSource = Literal["manual", "idp_group"]


class _UserEvent(Event):
    topic = AUTH_USERS.name
    subject_field = "user_id"
    user_id: str


class UserCreated(_UserEvent):
    """A user logged in for the first time and now exists in LiteMaaS."""

    event_type = "litemaas.auth.UserCreated.v1"
    username: str
    email: str | None = None
    full_name: str | None = None
    roles: tuple[Role, ...] = ("user",)
    created_at: datetime


class UserUpdated(_UserEvent):
    """A user's profile or roles changed (the new values, complete)."""

    event_type = "litemaas.auth.UserUpdated.v1"
    username: str
    email: str | None = None
    full_name: str | None = None
    roles: tuple[Role, ...] = ("user",)
    updated_at: datetime


class UserDeactivated(_UserEvent):
    """A user may no longer use LiteMaaS; their keys must stop working."""

    event_type = "litemaas.auth.UserDeactivated.v1"
    reason: str = ""
    deactivated_at: datetime


class UserReactivated(_UserEvent):
    """An admin let a deactivated user back in; keys blocked by the deactivation work again."""

    event_type = "litemaas.auth.UserReactivated.v1"
    reason: str = ""
    reactivated_by: str
    reactivated_at: datetime


class _TeamEvent(Event):
    topic = AUTH_TEAMS.name
    subject_field = "team_id"
    team_id: str


class TeamCreated(_TeamEvent):
    event_type = "litemaas.auth.TeamCreated.v1"
    name: str
    description: str = ""
    max_budget: Decimal | None = Field(default=None, ge=0)
    budget_duration: str | None = None
    tpm_limit: int | None = Field(default=None, ge=0)
    rpm_limit: int | None = Field(default=None, ge=0)
    created_by: str
    created_at: datetime


class TeamUpdated(_TeamEvent):
    """A team's name, limits or status changed (the new values, complete)."""

    event_type = "litemaas.auth.TeamUpdated.v1"
    name: str
    description: str = ""
    max_budget: Decimal | None = Field(default=None, ge=0)
    budget_duration: str | None = None
    tpm_limit: int | None = Field(default=None, ge=0)
    rpm_limit: int | None = Field(default=None, ge=0)
    archived: bool = False
    updated_by: str
    updated_at: datetime


class TeamMemberAdded(_TeamEvent):
    event_type = "litemaas.auth.TeamMemberAdded.v1"
    user_id: str
    role: Literal["owner", "admin", "member"] = "member"
    source: MembershipSource = "manual"
    added_by: str
    added_at: datetime


class TeamMemberRemoved(_TeamEvent):
    event_type = "litemaas.auth.TeamMemberRemoved.v1"
    user_id: str
    source: MembershipSource = "manual"
    #: the team's setting when the member left: its keys made by them keep working for the
    #: team ("keep") or are revoked ("revoke"); either way the member loses power over them
    member_keys: Literal["keep", "revoke"] = "keep"
    removed_by: str
    removed_at: datetime
