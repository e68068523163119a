"""LiteLLM stopped for 60 s while users, teams and keys are created and changed: LiteMaaS goes
on answering at once, sync's circuit opens (shown on ``/health/integration``) and the work waits
in Kafka; once LiteLLM is back every change is in LiteLLM, once, and nothing is left behind."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest

from litemaas_contracts.topics import SYNC_AUDIT
from tests.e2e.test_teams_to_litellm import _litellm_team
from tests.support.clients import dev_login, eventually, litellm_user, records
from tests.support.journeys import api, chat, litellm_key_models, make_key, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]

OUTAGE_SECONDS = 60


async def _integration(stack: Stack) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.get(f"{stack.endpoints['SYNC_URL']}/health/integration")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def _circuit_opens(stack: Stack) -> dict[str, Any] | None:
    health = await _integration(stack)
    return health if health["litellm"]["state"] == "open" else None


async def _drained(stack: Stack) -> dict[str, Any] | None:
    """Closed circuit, no consumer behind, no event unpublished."""
    health = await _integration(stack)
    pending = health["pending"]
    lag = pending["consumer_lag"]
    done = (
        health["litellm"]["state"] == "closed"
        and lag is not None
        and not any(lag.values())
        and pending["outbox_unpublished"] == 0
    )
    return health if done else None


async def _key_status(stack: Stack, secret: str, model: str, status: int) -> bool:
    return await chat(stack, secret, model) == status


async def test_litellm_away_for_a_minute_loses_no_user_team_or_key_change(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    # earlier tests park keys on purpose (dead letters): this one must add none
    parked_before = (await _integration(stack))["pending"]["parked_keys"]
    owner, owner_id = await api(stack, f"out-owner-{tag}")
    member, member_id = await api(stack, f"out-member-{tag}")
    admin, _ = await api(stack, "admin")
    await subscribe(owner, "mock-gpt")
    doomed = await make_key(owner, ["mock-gpt"])  # revoked while LiteLLM is away
    await eventually(
        lambda: litellm_key_models(stack, doomed["key"]), within=30, what="the first key"
    )

    stack.stop("litellm")
    try:
        outage = time.monotonic()
        names = [f"out-new-{tag}-{n}" for n in range(3)]
        logins = [await dev_login(stack.endpoints["GATEWAY_URL"], name) for name in names]
        assert time.monotonic() - outage < 10, "logins must not wait for LiteLLM"
        new_email = f"moved-{tag}@example.org"
        await dev_login(stack.endpoints["GATEWAY_URL"], f"out-member-{tag}", email=new_email)

        team = (await owner.post("/api/v1/teams", json={"name": f"out-{tag}"})).json()
        limits = {"max_budget": 25, "tpm_limit": 2500, "rpm_limit": 25}
        changed = await admin.patch(f"/api/v1/teams/{team['id']}", json={"limits": limits})
        assert changed.status_code == 200, changed.text
        renamed = await owner.patch(f"/api/v1/teams/{team['id']}", json={"name": f"ren-{tag}"})
        assert renamed.status_code == 200, renamed.text
        added = await owner.post(f"/api/v1/teams/{team['id']}/members", json={"user_id": member_id})
        assert added.status_code in (200, 201), added.text

        personal = await make_key(owner, ["mock-gpt"], max_budget=5, rpm_limit=7)
        team_key = await make_key(owner, ["mock-gpt"], team_id=team["id"])
        revoked = await owner.delete(f"/api/v1/api-keys/{doomed['id']}")
        assert revoked.status_code in (200, 204), revoked.text

        shown = await eventually(
            lambda: _circuit_opens(stack), within=45, what="the circuit open on /health/integration"
        )
        assert shown["litellm"]["times_opened"] >= 1
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - outage)))
        waiting = (await _integration(stack))["pending"]
        assert waiting["consumer_lag"] and sum(waiting["consumer_lag"].values()) > 0, waiting
    finally:
        stack.start("litellm")

    try:
        await eventually(lambda: _drained(stack), within=120, what="the backlog drained")
        for login in logins:
            found = await eventually(
                lambda uid=login["user"]["id"]: litellm_user(stack.endpoints, uid),
                within=30,
                what=f"{login['user']['username']} in LiteLLM",
            )
            assert found["user_alias"] == login["user"]["username"]
        moved = await litellm_user(stack.endpoints, member_id)
        assert moved is not None and moved["user_email"] == new_email

        in_litellm = await _litellm_team(stack, team["id"])
        assert in_litellm is not None
        assert in_litellm["team_alias"] == f"ren-{tag}"
        assert (in_litellm["max_budget"], in_litellm["tpm_limit"], in_litellm["rpm_limit"]) == (
            25,
            2500,
            25,
        )
        members = {m["user_id"] for m in in_litellm["members_with_roles"]}
        assert {owner_id, member_id} <= members

        assert await litellm_key_models(stack, personal["key"]) == ["mock-gpt"]
        assert await litellm_key_models(stack, team_key["key"]) == ["mock-gpt"]
        await eventually(
            lambda: _key_status(stack, team_key["key"], "mock-gpt", 200), within=20, what="200"
        )
        assert await chat(stack, doomed["key"], "mock-gpt") == 401, "the revoked key is refused"

        audit = await records(stack.endpoints, SYNC_AUDIT.name)
        for login in logins:
            reached = [r for r in audit if r["key"] == login["user"]["id"]]
            assert len(reached) == 1, "each newcomer reached LiteLLM once"
        assert (await _integration(stack))["pending"]["parked_keys"] == parked_before
    finally:
        for client in (owner, member, admin):
            await client.aclose()
