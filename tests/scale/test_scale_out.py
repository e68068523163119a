"""Two of every service and relay (``stack.py up --scale 2``): the platform works as with one,
each effect happens once, one key's changes arrive in order, and killing one instance of
everything in the middle of a burst loses nothing: the gateway passes over the dead instances,
the other relay of each service publishes their outbox, and Kafka hands the dead consumers'
partitions to the live ones (seen in the groups' members)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
import pytest

from litemaas_contracts.topics import KEYS_APIKEYS
from tests.scale.checks import (
    MODEL,
    Outcome,
    burst,
    group_members,
    litellm_live_keys,
    new_key,
    one_user,
    served,
)
from tests.support.clients import TOKENS_SEEN, dev_login, eventually, records
from tests.support.journeys import api, caught_up, chat, groups_of, subscribe
from tests.support.stack import LocalStack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
SERVICES = ("auth", "catalog", "keys", "billing", "sync")
SECOND = [f"{s}-2" for s in SERVICES] + [f"{s}-relay-2" for s in SERVICES] + ["gateway-2"]


async def _admin(stack: LocalStack) -> httpx.AsyncClient:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    return httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=30, headers=headers)


async def _keys_held(admin: httpx.AsyncClient, user_id: str) -> int:
    page = await admin.get("/api/v1/api-keys", params={"user_id": user_id})
    assert page.status_code == 200, page.text
    return sum(1 for k in page.json()["items"] if k["status"] == "active")


async def _settled(stack: LocalStack) -> bool:
    """Every consumer group of sync (LiteLLM's writer) has read all there is."""
    return all([await caught_up(stack, g) for g in await groups_of(stack, "sync")])


async def test_the_gateway_spreads_requests_over_both_instances(scaled: LocalStack) -> None:
    auth = scaled.endpoints["AUTH_URLS"].split(",")
    assert len(auth) == 2
    before = [await served(url, "/api/v1/auth/me") for url in auth]
    user, _ = await api(scaled, "spread")
    async with user:
        for _ in range(10):
            assert (await user.get("/api/v1/auth/me")).status_code == 200
    after = [await served(url, "/api/v1/auth/me") for url in auth]
    assert [a - b for a, b in zip(after, before, strict=True)] == [5, 5]  # in turn


async def test_a_journey_with_two_of_everything(scaled: LocalStack) -> None:
    outcome = await one_user(scaled, "scale-journey")
    assert outcome.key is not None and not outcome.failures, outcome.failures
    secret = outcome.key["key"]

    async def works() -> bool:
        return await chat(scaled, secret, MODEL) == 200

    await eventually(works, within=60, what="the key working in LiteLLM")


async def test_a_burst_takes_effect_once_each(scaled: LocalStack) -> None:
    outcomes = await burst(scaled, "scale-burst", 12)
    assert not [o.failures for o in outcomes if o.failures]
    await _each_key_once(scaled, outcomes)
    ids = {o.key["id"] for o in outcomes if o.key}
    created = Counter(
        r["key"]
        for r in await records(scaled.endpoints, KEYS_APIKEYS.name)
        if r["key"] in ids and "ApiKeyCreated" in r["headers"].get("ce_type", "")
    )
    assert created == Counter(ids), "each key's creation published once by the two relays"


async def _each_key_once(stack: LocalStack, outcomes: list[Outcome]) -> None:
    """Every key the keys service holds for these users is in LiteLLM exactly once."""
    admin = await _admin(stack)
    async with admin:
        held = {o.user_id: await _keys_held(admin, o.user_id) for o in outcomes if o.user_id}

    async def arrived() -> bool:
        return all([await litellm_live_keys(stack, u) == n for u, n in held.items()])

    await eventually(arrived, within=120, interval=1, what="every key in LiteLLM")
    await eventually(lambda: _settled(stack), within=60, interval=1, what="sync caught up")
    assert await arrived(), "nothing more arrived once every event was read"


async def test_a_keys_changes_arrive_in_order(scaled: LocalStack) -> None:
    """Made, rotated and revoked at once, for several users in parallel: each ends revoked in
    LiteLLM, however the two instances and relays shared the work."""

    results = await asyncio.gather(*(_churn(scaled, n) for n in range(6)))

    async def revoked() -> bool:
        return all([await litellm_live_keys(scaled, user) == 0 for user, _ in results])

    await eventually(revoked, within=90, interval=1, what="every key revoked in LiteLLM")
    await eventually(lambda: _settled(scaled), within=60, interval=1, what="sync caught up")
    assert await revoked()
    for _, secrets in results:
        assert [await chat(scaled, s, MODEL) for s in secrets] == [401] * len(secrets)


async def _churn(stack: LocalStack, n: int) -> tuple[str, list[str]]:
    """A key made, rotated with no overlap and the new one revoked, each call at once."""
    user, user_id = await api(stack, f"scale-order{n}-{time.monotonic_ns() % 10**8}")
    async with user:
        await subscribe(user, MODEL)
        key = await new_key(user, Outcome())
        assert key is not None
        rotated = await user.post(
            f"/api/v1/api-keys/{key['id']}/rotate", json={"overlap_seconds": 0}
        )
        assert rotated.status_code in (200, 201), rotated.text
        TOKENS_SEEN.append(rotated.json()["key"])
        revoked = await user.delete(f"/api/v1/api-keys/{rotated.json()['id']}")
        assert revoked.json()["status"] == "revoked"
    return user_id, [key["key"], rotated.json()["key"]]


async def test_killing_one_instance_of_everything_mid_burst_loses_nothing(
    scaled: LocalStack,
) -> None:
    before = await group_members(scaled)
    shared = {g for g, n in before.items() if n == 2}  # a consumer in each instance
    for prefix in (*SERVICES, "gateway"):
        assert any(g.startswith(prefix) for g in shared), (prefix, before)
    tasks = [asyncio.create_task(one_user(scaled, "scale-kill")) for _ in range(16)]

    async def under_way() -> bool:
        return sum(t.done() for t in tasks) >= 3

    await eventually(under_way, within=120, what="the burst under way")
    pending = sum(not t.done() for t in tasks)
    for name in SECOND:  # SIGKILL: no goodbye to Kafka, no commit, no relay's last mark
        await asyncio.to_thread(scaled.kill, name)
    killed_at = time.monotonic()
    outcomes = list(await asyncio.gather(*tasks))
    assert pending > 0, "the burst was over before the kill"

    # only a request in flight on an instance as it died may fail (it may have been done: it
    # is not sent again); afterwards the gateway passes over the dead instances
    late = [f for o in outcomes for at, f in o.failures if at > killed_at + 1.0]
    assert not late, late
    assert sum(1 for o in outcomes if o.key) >= 16 - sum(1 for o in outcomes if o.failures)
    await _each_key_once(scaled, outcomes)

    async def rebalanced() -> bool:
        now = await group_members(scaled)
        return all(now.get(g) == 1 for g in shared)

    await eventually(rebalanced, within=90, interval=1, what="every group down to one member")
    for name in SECOND:  # back again: each group takes its second member in again
        await asyncio.to_thread(scaled.start, name)

    async def rejoined() -> bool:
        now = await group_members(scaled)
        return all(now.get(g) == 2 for g in shared)

    await eventually(rejoined, within=90, interval=1, what="every group back to two members")
