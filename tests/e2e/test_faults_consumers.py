"""Each consuming service SIGKILLed while it handles an event (after the handler, before the
commit) applies that event exactly once after a restart; and each consumer fed every event of
its topics again, from offset 0, changes nothing."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from litemaas_contracts import Envelope
from litemaas_contracts.catalog import ModelDiscovered, ModelRetired
from litemaas_contracts.topics import CATALOG_MODELS, KEYS_APIKEYS, SYNC_AUDIT
from tests.support.clients import dev_login, eventually, litellm_user, query, records
from tests.support.journeys import (
    api,
    caught_up,
    committed,
    consumed,
    groups_of,
    litellm_key_models,
    make_key,
    rewind,
    subscribe,
)
from tests.support.stack import LocalStack, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
CONSUMER_UNDER_TEST = {
    "sync": "sync.litellm-push",
    "keys": "keys.entitlements",
    "catalog": "catalog.models-projection",
}


@pytest.fixture
def doomed(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Restart a service with the crash_in_handler failpoint; restart it clean at the end."""
    if not isinstance(stack, LocalStack):
        pytest.skip("failpoints are set through the local launcher")
    armed: list[str] = []

    def arm(service: str) -> None:
        variable = f"LITEMAAS_EXTRA_{service.upper()}_{service.upper()}_CONSUMER_FAILPOINT"
        # only the consumer under test: others (budgets, alerts) see unrelated events meanwhile
        monkeypatch.setenv(variable, f"crash_in_handler:{CONSUMER_UNDER_TEST[service]}")
        stack.stop(service)
        stack.start(service)
        monkeypatch.delenv(variable)
        armed.append(service)

    yield arm
    for service in armed:
        stack.start(service)  # idempotent when it already runs


def _gone(pid_file: Path) -> bool:
    pid = json.loads(pid_file.read_text())["pid"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] == "Z"  # killed, not yet reaped


def _dead(stack: Stack, service: str) -> Callable[[], Awaitable[bool]]:
    """Every instance armed is dead: the one given the event first dies in its handler, and the
    event, never committed, goes to the next after the rebalance, which dies the same way."""
    assert isinstance(stack, LocalStack)
    pid_files = stack.pid_files(service)

    async def probe() -> bool:
        return all(_gone(pid_file) for pid_file in pid_files)

    return probe


async def test_sync_killed_mid_handler_creates_the_user_once(stack: Stack, doomed) -> None:
    doomed("sync")
    login = await dev_login(stack.endpoints["GATEWAY_URL"], f"killed-{uuid.uuid4().hex[:8]}")
    user_id = login["user"]["id"]
    await eventually(_dead(stack, "sync"), within=30, what="sync killed in its handler")
    stack.start("sync")
    found = await eventually(
        lambda: litellm_user(stack.endpoints, user_id), within=30, what="the user in LiteLLM"
    )
    assert found["user_alias"] == login["user"]["username"]
    audit = await eventually(
        lambda: _audit(stack, user_id), within=15, what="sync's audit of the user"
    )
    assert len(audit) == 1, f"applied once, audited once: {audit}"


async def _audit(stack: Stack, entity: str) -> list[dict]:
    return [
        r["value"] for r in await records(stack.endpoints, SYNC_AUDIT.name) if r["key"] == entity
    ]


async def test_keys_killed_mid_handler_drops_the_cancelled_model_once(stack: Stack, doomed) -> None:
    user, _ = await api(stack, f"kk-{uuid.uuid4().hex[:8]}")
    _, claude = await subscribe(user, "mock-gpt", "mock-claude")
    key = await make_key(user, ["mock-gpt", "mock-claude"])
    doomed("keys")
    assert (await user.delete(f"/api/v1/subscriptions/{claude['id']}")).status_code == 200
    await eventually(_dead(stack, "keys"), within=30, what="keys killed in its handler")
    stack.start("keys")

    async def dropped() -> bool:
        mine = (await user.get(f"/api/v1/api-keys/{key['id']}")).json()
        return mine["models"] == ["mock-gpt"]

    await eventually(dropped, within=30, what="the cancelled model leaving the key")
    await eventually(
        lambda: _models_are(stack, key["key"], ["mock-gpt"]), within=30, what="LiteLLM"
    )
    updates = [
        r
        for r in await records(stack.endpoints, KEYS_APIKEYS.name)
        if r["key"] == key["id"] and r["headers"]["ce_type"].endswith("ApiKeyUpdated.v1")
    ]
    assert len(updates) == 1, "the cancellation was applied to the key once"


async def _models_are(stack: Stack, secret: str, models: list[str]) -> bool:
    return await litellm_key_models(stack, secret) == models


async def test_catalog_killed_mid_handler_projects_the_model_once(stack: Stack, doomed) -> None:
    model_id = f"fault-model-{uuid.uuid4().hex[:8]}"
    doomed("catalog")
    discovered = ModelDiscovered(
        model_id=model_id, provider="openai", discovered_at=datetime.now(UTC)
    )
    event_id = await _publish(stack, discovered)
    await eventually(_dead(stack, "catalog"), within=30, what="catalog killed in its handler")
    stack.start("catalog")
    admin, _ = await api(stack, "admin")
    try:
        found = await eventually(
            lambda: _model(admin, model_id), within=30, what="the model in the catalog"
        )
        assert found["provider"] == "openai"
        rows = await query(
            stack.endpoints["CATALOG_DATABASE_URL"],
            "SELECT count(*) AS n FROM inbox WHERE event_id = $1",
            event_id,
        )
        assert rows[0]["n"] == 1, "recorded once by the inbox"
    finally:
        await _publish(stack, ModelRetired(model_id=model_id, retired_at=datetime.now(UTC)))


async def _publish(stack: Stack, event: ModelDiscovered | ModelRetired) -> str:
    """Sync's part, played by the test: a model event on the catalog's topic."""
    envelope = Envelope.new(type=event.event_type, source="/tests/faults", subject=event.model_id)
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            CATALOG_MODELS.name,
            event.model_dump_json().encode(),
            key=event.model_id.encode(),
            headers=envelope.to_headers(),
        )
    finally:
        await producer.stop()
    return envelope.id


async def _model(admin: httpx.AsyncClient, model_id: str) -> dict | None:
    response = await admin.get(f"/api/v1/models/{model_id}")
    return response.json() if response.status_code == 200 else None


@pytest.mark.parametrize("service", ["sync", "keys", "catalog"])
async def test_every_event_replayed_from_offset_zero_changes_nothing(
    stack: Stack, service: str
) -> None:
    groups = await groups_of(stack, service)
    assert groups, f"{service} has consumer groups"
    before = await _state(stack, service)
    stack.stop(service)
    try:
        positions = sum([await committed(stack, group) for group in groups])
        replayed = sum([await rewind(stack, group) for group in groups])
    finally:
        stack.start(service)
    for group in groups:
        await eventually(lambda g=group: caught_up(stack, g), within=120, what=f"{group}")
    # events published meanwhile (billing closes budget periods on its own) are new work
    new = sum([await committed(stack, group) for group in groups]) - positions
    outcomes = await consumed(stack, service)
    applied = sum(n for (_, outcome), n in outcomes.items() if outcome == "processed")
    duplicates = sum(n for (_, outcome), n in outcomes.items() if outcome == "duplicate")
    assert applied <= new, f"{applied - new} replayed event(s) applied a second time"
    assert replayed > 0 and duplicates > 0
    if new == 0:
        assert await _state(stack, service) == before


async def _state(stack: Stack, service: str) -> list:
    """What the service's consumers own: its projection tables, or LiteLLM for sync."""
    if service == "sync":
        return [await _litellm_list(stack, path) for path in ("/user/list", "/key/list")]
    tables = {"keys": ("entitlements", "team_members", "user_status"), "catalog": ("models",)}[
        service
    ]
    url = stack.endpoints[f"{service.upper()}_DATABASE_URL"]
    return [
        [dict(r) for r in await query(url, f"SELECT * FROM {t} ORDER BY 1, 2")]  # noqa: S608
        for t in tables
    ]


async def _litellm_list(stack: Stack, path: str) -> object:
    params = {"page_size": 100, "size": 100, "return_full_object": "true"}
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=30) as http:
        response = await http.get(
            path,
            params=params,
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    response.raise_for_status()
    body = response.json()
    rows = body.get("users") or body.get("keys") or []
    drop = {"updated_at", "spend", "last_active", "model_spend", "model_max_budget"}
    return sorted(
        (
            json.dumps({k: v for k, v in r.items() if k not in drop}, sort_keys=True, default=str)
            if isinstance(r, dict)
            else str(r)
        )
        for r in rows
    )
