"""Teams through the gateway: owners, members, limits set by admins, and LiteLLM's copy."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.e2e.test_teams_to_litellm import _litellm_team
from tests.support.clients import dev_login, eventually
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


class Person:
    def __init__(self, client: httpx.AsyncClient, user_id: str, username: str) -> None:
        self.http, self.id, self.username = client, user_id, username


@pytest.fixture
async def people(stack: Stack) -> AsyncIterator[dict[str, Person]]:
    clients = {}
    for role in ("owner", "member", "outsider", "admin"):
        name = "admin" if role == "admin" else f"{role}-{uuid.uuid4().hex[:8]}"
        login = await dev_login(stack.endpoints["GATEWAY_URL"], name)
        client = httpx.AsyncClient(
            base_url=stack.endpoints["GATEWAY_URL"],
            timeout=15,
            headers={"Authorization": f"Bearer {login['access_token']}"},
        )
        clients[role] = Person(client, login["user"]["id"], login["user"]["username"])
    yield clients
    for person in clients.values():
        await person.http.aclose()


async def _members(stack: Stack, team_id: str) -> set[str]:
    info = await _litellm_team(stack, team_id) or {}
    return {m["user_id"] for m in info.get("members_with_roles", [])}


async def test_team_lifecycle_reaches_litellm_and_rights_hold(
    stack: Stack, people: dict[str, Person]
) -> None:
    owner, member, outsider, admin = (people[k] for k in ("owner", "member", "outsider", "admin"))
    name = f"team-{uuid.uuid4().hex[:8]}"
    limited = await owner.http.post(
        "/api/v1/teams", json={"name": name, "limits": {"max_budget": 5}}
    )
    assert limited.status_code == 403, "budgets are set by platform admins"
    made = await owner.http.post("/api/v1/teams", json={"name": name, "description": "R&D"})
    assert made.status_code == 201
    team_id = made.json()["id"]
    assert made.json()["members"] == [
        {"user_id": owner.id, "role": "owner", "username": owner.username}
    ]
    assert (await owner.http.post("/api/v1/teams", json={"name": name})).status_code == 409

    limits = {"max_budget": 25, "budget_duration": "30d", "tpm_limit": 2000, "rpm_limit": 20}
    assert (
        await owner.http.patch(f"/api/v1/teams/{team_id}", json={"limits": limits})
    ).status_code == 403
    assert (
        await admin.http.patch(f"/api/v1/teams/{team_id}", json={"limits": limits})
    ).status_code == 200
    # people know each other by username: a member is added by it (or by id, below)
    members_of = f"/api/v1/teams/{team_id}/members"
    unknown = await owner.http.post(members_of, json={"username": f"nobody-{uuid.uuid4().hex}"})
    assert unknown.status_code == 404
    both = await owner.http.post(members_of, json={"user_id": member.id, "username": "x"})
    assert both.status_code == 422
    added = await owner.http.post(members_of, json={"username": member.username.upper()})
    assert added.status_code == 201
    assert {"user_id": member.id, "role": "member", "username": member.username} in added.json()[
        "members"
    ]

    async def in_litellm() -> dict[str, Any] | None:
        info = await _litellm_team(stack, team_id)
        ok = info and info["max_budget"] == 25 and member.id in await _members(stack, team_id)
        return info if ok else None

    team = await eventually(in_litellm, within=20, what="the team, its limits and member")
    assert (team["team_alias"], team["tpm_limit"], team["rpm_limit"]) == (name, 2000, 20)

    assert team_id in {t["id"] for t in (await member.http.get("/api/v1/teams")).json()}
    assert (await outsider.http.get(f"/api/v1/teams/{team_id}")).status_code == 404
    assert (
        await outsider.http.post(f"/api/v1/teams/{team_id}/members", json={"user_id": outsider.id})
    ).status_code == 404
    assert (
        await member.http.post(f"/api/v1/teams/{team_id}/members", json={"user_id": outsider.id})
    ).status_code == 403
    assert (await member.http.post(f"/api/v1/teams/{team_id}/archive")).status_code == 403

    # a role changes in place (the member is not removed and added again); owners by owners
    role_of = f"/api/v1/teams/{team_id}/members/{member.id}"
    assert (await member.http.put(role_of, json={"role": "admin"})).status_code == 403
    promoted = await owner.http.put(role_of, json={"role": "admin"})
    assert promoted.status_code == 200
    seen = (await member.http.get(f"/api/v1/teams/{team_id}")).json()["members"]
    assert {"user_id": member.id, "role": "admin", "username": member.username} in seen
    unmake = {"role": "member"}
    owner_role = f"/api/v1/teams/{team_id}/members/{owner.id}"
    assert (await member.http.put(owner_role, json=unmake)).status_code == 403
    assert (await owner.http.put(owner_role, json=unmake)).status_code == 409, "one owner stays"
    assert (await owner.http.put(role_of, json={"role": "boss"})).status_code == 422

    removed = await owner.http.delete(f"/api/v1/teams/{team_id}/members/{member.id}")
    assert removed.status_code == 200
    await eventually(
        lambda: _gone(stack, team_id, member.id), within=20, what="the member removed in LiteLLM"
    )
    archived = await owner.http.post(f"/api/v1/teams/{team_id}/archive")
    assert archived.json()["archived"] is True

    async def blocked() -> bool:
        return bool((await _litellm_team(stack, team_id) or {}).get("blocked"))

    await eventually(blocked, within=20, what="the archived team blocked in LiteLLM")


async def _gone(stack: Stack, team_id: str, user_id: str) -> bool:
    return user_id not in await _members(stack, team_id)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "x", "owner": "me"},
        {"name": "x", "limits": {"max_budget": -1}},
        {"name": "x", "limits": {"budget_duration": "monthly"}},
    ],
)
async def test_bad_team_input_gets_problem_json(
    people: dict[str, Person], body: dict[str, Any]
) -> None:
    response = await people["admin"].http.post("/api/v1/teams", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
