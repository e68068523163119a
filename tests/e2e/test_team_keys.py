"""A team with two members and a team key: both see it; the team's limits are in LiteLLM."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.test_teams_to_litellm import _litellm_team
from tests.support.clients import TOKENS_SEEN, dev_login, eventually
from tests.support.journeys import chat
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def _client(stack: Stack, username: str) -> tuple[httpx.AsyncClient, str]:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], username)
    client = httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    )
    return client, login["user"]["id"]


async def _litellm_key(stack: Stack, secret: str) -> dict[str, Any] | None:
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=5) as http:
        response = await http.get(
            "/key/info",
            params={"key": secret},
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    info: dict[str, Any] | None = response.json().get("info") if response.is_success else None
    return info


async def test_team_key_is_shared_by_members_and_spends_the_teams_budget(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    owner, _ = await _client(stack, f"towner-{tag}")
    member, member_id = await _client(stack, f"tmember-{tag}")
    outsider, _ = await _client(stack, f"toutsider-{tag}")
    admin, _ = await _client(stack, "admin")
    try:
        team = (await owner.post("/api/v1/teams", json={"name": f"keys-{tag}"})).json()
        limits = {"max_budget": 30, "tpm_limit": 3000, "rpm_limit": 30}
        await admin.patch(f"/api/v1/teams/{team['id']}", json={"limits": limits})
        await owner.post(f"/api/v1/teams/{team['id']}/members", json={"user_id": member_id})

        async def catalog() -> bool:
            page = (await owner.get("/api/v1/models")).json()
            return "mock-gpt" in {m["id"] for m in page["items"]}

        await eventually(catalog, within=90, what="the catalog")
        await owner.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"})
        refused = await member.post(
            "/api/v1/api-keys", json={"name": "t", "models": ["mock-gpt"], "team_id": team["id"]}
        )
        assert refused.status_code in (403, 404), "members do not create team keys"

        async def team_key() -> dict[str, Any] | None:
            made = await owner.post(
                "/api/v1/api-keys",
                json={"name": "shared", "models": ["mock-gpt"], "team_id": team["id"]},
            )
            return made.json() if made.status_code == 201 else None

        key = await eventually(team_key, within=15, what="the team key")
        TOKENS_SEEN.append(key["key"])
        seen = (await member.get("/api/v1/api-keys")).json()["items"]
        assert [k["id"] for k in seen] == [key["id"]] and seen[0]["team_id"] == team["id"]
        assert (await member.get(f"/api/v1/api-keys/{key['id']}")).status_code == 200
        assert (await member.delete(f"/api/v1/api-keys/{key['id']}")).status_code == 403
        assert (await outsider.get(f"/api/v1/api-keys/{key['id']}")).status_code == 404
        # ?team_id= narrows to the team's keys; an outsider sees none of them
        by_team = {"team_id": team["id"]}
        narrowed = (await owner.get("/api/v1/api-keys", params=by_team)).json()["items"]
        assert [k["id"] for k in narrowed] == [key["id"]]
        assert (await outsider.get("/api/v1/api-keys", params=by_team)).json()["items"] == []

        in_litellm = await eventually(
            lambda: _litellm_key(stack, key["key"]), within=20, what="the team key in LiteLLM"
        )
        assert in_litellm["team_id"] == team["id"]

        async def limited() -> dict[str, Any] | None:
            # the team's events and the key's travel on separate consumers: the limits may
            # land a moment after the key
            found = await _litellm_team(stack, team["id"])
            return found if found and found.get("max_budget") is not None else None

        litellm_team = await eventually(limited, within=20, what="the team's limits in LiteLLM")
        assert (
            litellm_team["max_budget"],
            litellm_team["tpm_limit"],
            litellm_team["rpm_limit"],
        ) == (30, 3000, 30)
        assert await chat(stack, key["key"], "mock-gpt") == 200
    finally:
        for client in (owner, member, outsider, admin):
            await client.aclose()
