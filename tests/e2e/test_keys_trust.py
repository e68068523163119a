"""Access to keys ends when it should, proven from LiteLLM's side and by the next API call:
deactivation blocks a user's keys (reactivation lifts it), a removed member loses the team
key they made while the team keeps it, and key creations racing a cancel keep no cancelled
model."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from tests.support.clients import TOKENS_SEEN, eventually, records
from tests.support.journeys import api, chat, litellm_key_models, make_key, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def test_deactivation_blocks_the_users_keys_and_reactivation_unblocks_them(
    stack: Stack,
) -> None:
    user, user_id = await api(stack, f"deact-{uuid.uuid4().hex[:8]}")
    admin, _ = await api(stack, "admin")
    try:
        await subscribe(user, "mock-gpt")
        key = await make_key(user, ["mock-gpt"])
        await eventually(
            lambda: _status_is(stack, key["key"], 200), within=30, what="the key working"
        )

        off = await admin.post(
            f"/api/v1/admin/users/{user_id}/deactivate", json={"reason": "left the company"}
        )
        assert off.status_code == 200, off.text
        await eventually(
            lambda: _status_is(stack, key["key"], 401), within=30, what="LiteLLM refusing the key"
        )
        seen = (await admin.get(f"/api/v1/api-keys/{key['id']}")).json()
        assert (seen["status"], seen["blocked"]) == ("active", True), seen
        made = await user.post("/api/v1/api-keys", json={"name": "again", "models": ["mock-gpt"]})
        assert made.status_code in (401, 403), "a deactivated user's token creates nothing"

        on = await admin.post(f"/api/v1/admin/users/{user_id}/reactivate", json={"reason": "back"})
        assert on.status_code == 200, on.text
        await eventually(
            lambda: _status_is(stack, key["key"], 200), within=30, what="the key working again"
        )
        assert (await admin.get(f"/api/v1/api-keys/{key['id']}")).json()["blocked"] is False
    finally:
        await user.aclose()
        await admin.aclose()


async def _chat_text(stack: Stack, secret: str) -> object:
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=30) as http:
        response = await http.post(
            "/v1/chat/completions",
            headers={"Authorization": f"Bearer {secret}"},
            json={"model": "mock-gpt", "messages": [{"role": "user", "content": "hello"}]},
        )
    return 200 if response.status_code == 200 else response.text


async def _left_litellm_team(stack: Stack, team_id: str, user_id: str) -> bool:
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=10) as http:
        response = await http.get(
            "/team/info",
            params={"team_id": team_id},
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    members = response.json()["team_info"]["members_with_roles"]
    return user_id not in {m.get("user_id") for m in members}


async def _status_is(stack: Stack, secret: str, status: int) -> bool:
    return await chat(stack, secret, "mock-gpt") == status


@pytest.mark.parametrize(("setting", "decision"), [("keep", "kept"), ("revoke", "revoked")])
async def test_a_removed_member_loses_power_over_their_team_key_and_the_team_setting_decides(
    stack: Stack, setting: str, decision: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    owner, _ = await api(stack, f"kowner-{tag}")
    maker, maker_id = await api(stack, f"kmaker-{tag}")
    try:
        team = (await owner.post("/api/v1/teams", json={"name": f"custody-{tag}"})).json()
        if setting == "revoke":
            changed = await owner.patch(
                f"/api/v1/teams/{team['id']}", json={"member_keys_on_leave": "revoke"}
            )
            assert changed.status_code == 200, changed.text
        added = await owner.post(
            f"/api/v1/teams/{team['id']}/members", json={"user_id": maker_id, "role": "admin"}
        )
        assert added.status_code == 201, added.text
        await subscribe(maker, "mock-gpt")
        key = await make_key(maker, ["mock-gpt"], team_id=team["id"])
        await eventually(lambda: _status_is(stack, key["key"], 200), within=30, what="team key")

        removed = await owner.delete(f"/api/v1/teams/{team['id']}/members/{maker_id}")
        assert removed.status_code == 200, removed.text

        async def unseen() -> bool:  # looking changes nothing, unlike a rotation that succeeds
            return (await maker.get(f"/api/v1/api-keys/{key['id']}")).status_code in (401, 404)

        await eventually(unseen, within=30, what="the removal reaching keys")
        rotate = await maker.post(f"/api/v1/api-keys/{key['id']}/rotate", json={})
        revoke = await maker.delete(f"/api/v1/api-keys/{key['id']}")
        assert {rotate.status_code, revoke.status_code} <= {401, 403, 404}, rotate.text
        after = (await owner.get(f"/api/v1/api-keys/{key['id']}")).json()
        wanted = "active" if setting == "keep" else "revoked"
        assert (after["status"], after["team_id"]) == (wanted, team["id"])
        if setting == "keep":
            # LiteLLM's member removal deletes the member's keys in the team: only once sync
            # has made it does a working key prove the team kept it
            await eventually(
                lambda: _left_litellm_team(stack, team["id"], maker_id),
                within=30,
                what="sync removing the member from the LiteLLM team",
            )
            assert await _chat_text(stack, key["key"]) == 200, "the team keeps a working key"
        else:
            await eventually(lambda: _status_is(stack, key["key"], 401), within=30, what="401")

        async def audited() -> list[dict[str, Any]]:
            return [
                r
                for r in await records(stack.endpoints, "litemaas.keys.apikeys.v1")
                if r["key"] == key["id"] and "CustodyChanged" in r["headers"].get("ce_type", "")
            ]

        custody = await eventually(audited, within=20, what="the custody record")
        assert [(c["value"]["former_custodian"], c["value"]["decision"]) for c in custody] == [
            (maker_id, decision)
        ]
    finally:
        await owner.aclose()
        await maker.aclose()


async def test_key_creations_racing_a_cancel_keep_no_cancelled_model(stack: Stack) -> None:
    user, _ = await api(stack, f"race-{uuid.uuid4().hex[:8]}")
    try:
        subs = await subscribe(user, "mock-gpt", "mock-claude")
        both = ["mock-gpt", "mock-claude"]
        await make_key(user, both)  # the entitlements have reached keys

        async def create(delay: float) -> httpx.Response:
            await asyncio.sleep(delay)
            return await user.post("/api/v1/api-keys", json={"name": "race", "models": both})

        cancelled, *made = await asyncio.gather(
            user.delete(f"/api/v1/subscriptions/{subs[1]['id']}"),
            *(create(i * 0.015) for i in range(20)),
        )
        assert cancelled.status_code == 200, cancelled.text
        assert {r.status_code for r in made} <= {201, 403}, [r.text for r in made]
        secrets = [r.json()["key"] for r in made if r.status_code == 201]
        TOKENS_SEEN.extend(secrets)

        async def settled() -> list[dict[str, Any]] | None:
            page = (await user.get("/api/v1/api-keys", params={"page_size": 100})).json()
            keys = page["items"]
            live = [k for k in keys if k["status"] == "active"]
            return None if any("mock-claude" in k["models"] for k in live) else keys

        keys = await eventually(settled, within=30, what="keys dropping the cancelled model")
        assert len(keys) == 1 + len(secrets)
        for secret in secrets:
            models = await eventually(
                lambda s=secret: _without_claude(stack, s), within=60, what="LiteLLM's key"
            )
            assert models == ["mock-gpt"]
    finally:
        await user.aclose()


async def _without_claude(stack: Stack, secret: str) -> list[str] | None:
    models = await litellm_key_models(stack, secret)
    return models if models is not None and "mock-claude" not in models else None
