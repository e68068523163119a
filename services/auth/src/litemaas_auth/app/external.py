"""Changes to a user or team made directly in LiteLLM that sync found newer than ours (policy
``newest_wins`` or ``litellm_wins``), adopted through auth's own rules so UserUpdated and
TeamUpdated say so. A team's alias in LiteLLM is its name; a member added or removed there joins
or leaves by auth's team rules (TeamMemberAdded / TeamMemberRemoved, by ``litellm``).

LiteLLM's ``user_email`` is the user's email and its ``user_alias`` their username (that is
what sync writes there). A value auth cannot accept (not an email, not a username, a username
someone else has) is refused: the record goes to the dead-letter topic with that reason and an
operator decides. Other fields and other entities are not auth's to adopt."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime

from litemaas_auth.app.ports import UnitOfWork
from litemaas_auth.app.teams import TeamStore
from litemaas_auth.domain import teams as rules
from litemaas_auth.domain.text import (
    InvalidUser,
    check_email,
    control_characters,
    normalize_username,
)
from litemaas_auth.domain.users import updated_event
from litemaas_contracts.sync import ExternalChangeDetected

log = logging.getLogger(__name__)
#: a team's member, as sync names the field (its value: true while a member)
MEMBER = "member:"


class AdoptionRefused(ValueError):
    """LiteLLM's value cannot become the user's (the message says why): dead-lettered."""


async def adopt_external_change(uow: UnitOfWork, event: ExternalChangeDetected) -> None:
    """Idempotent: a value the user already has changes nothing. Runs in the caller's
    transaction."""
    if event.entity_type != "user" or event.field not in ("email", "alias"):
        return
    value = json.loads(event.value)
    if not isinstance(value, str) or not value:
        raise AdoptionRefused(f"LiteLLM's {event.field} {event.value[:80]!r} is empty")
    try:
        wanted = check_email(value) if event.field == "email" else normalize_username(value)
    except InvalidUser as exc:
        raise AdoptionRefused(f"LiteLLM's {event.field}: {exc}") from None
    user = await uow.user_by_id(event.entity_id, lock=True)
    if user is None:
        log.info("a LiteLLM change for a user auth does not know", extra={"field": event.field})
        return
    if event.field == "email":
        if user.email == wanted:
            return
        user = replace(user, email=wanted)
    else:
        if user.username == wanted:
            return
        holder = await uow.user_by_username(wanted)
        if holder is not None and holder.id != user.id:
            raise AdoptionRefused(f"the username {wanted!r} belongs to another user")
        user = replace(user, username=wanted)
    now = datetime.now(UTC)
    user = replace(user, updated_at=now)
    await uow.save_user(user)
    await uow.record(updated_event(user, now))


#: a team's name, as auth's API bounds it
TEAM_NAME_MAX = 100


async def adopt_team_change(store: TeamStore, event: ExternalChangeDetected) -> None:
    """A team's name set in LiteLLM (its alias), or a member added or removed there (with
    ``team.member=litellm_wins``). Idempotent: the name it has, a member already in or already
    out, changes nothing; an archived team keeps its name. Runs in the caller's transaction."""
    if event.entity_type == "team" and event.field.startswith(MEMBER):
        return await _adopt_membership(store, event, event.field.removeprefix(MEMBER))
    if event.entity_type != "team" or event.field != "alias":
        return
    name = json.loads(event.value)
    if not isinstance(name, str) or not name.strip():
        raise AdoptionRefused(f"LiteLLM's team alias {event.value[:80]!r} is empty")
    name = name.strip()
    if len(name) > TEAM_NAME_MAX or control_characters(name):
        raise AdoptionRefused("LiteLLM's team alias is too long or holds control characters")
    team = await store.team(event.entity_id, lock=True)
    if team is None or team.archived or team.name == name:
        return
    if await store.name_taken(name, other_than=team.id):
        raise AdoptionRefused(f"a team named {name!r} exists")
    now = datetime.now(UTC)
    changed, updated = rules.change(
        team, name=name, description=None, limits=None, archive=False, actor="litellm", now=now
    )
    if updated is not None:
        await store.save_team(changed)
        await store.record(updated)


async def _adopt_membership(store: TeamStore, event: ExternalChangeDetected, user_id: str) -> None:
    """A member added in LiteLLM joins as a plain member (roles are LiteMaaS's); one removed
    there leaves, by auth's rules: a team's last owner is refused, as in LiteMaaS."""
    team = await store.team(event.entity_id, lock=True)
    if team is None:
        return
    members = await store.members(team.id)
    joined, now = json.loads(event.value) is True, datetime.now(UTC)
    try:
        if joined and user_id not in members:
            if not await store.user_exists(user_id):
                raise AdoptionRefused(f"{user_id[:80]!r} is not an active LiteMaaS user")
            member, added = rules.add_member(team, members, user_id, "member", "litellm", now)
            await store.add_member(member, now)
            await store.record(added)
        elif not joined and user_id in members:
            removed = rules.remove_member(team, members, user_id, "litellm", now)
            await store.remove_member(team.id, user_id)
            await store.record(removed)
    except rules.TeamRuleBroken as exc:
        raise AdoptionRefused(str(exc)) from None
