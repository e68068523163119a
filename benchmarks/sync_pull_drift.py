"""For ``sync_pull.py``: the admin token, sync's pid and schedule, and the time from a drift
made in LiteLLM to its SyncConflict event at that schedule (no cycle asked for)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer

from litemaas_contracts.topics import SYNC_CONFLICTS
from litemaas_sync.settings import SyncSettings


async def _login(env: dict[str, str], username: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=env["GATEWAY_URL"], timeout=30) as http:
        response = await http.post("/api/v1/auth/dev-login", json={"username": username})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


async def admin_token(env: dict[str, str]) -> str:
    """A fresh access token of the dev "admin" (each cycle may outlive the last one's)."""
    return str((await _login(env, "admin"))["access_token"])


def sync_pid(state_dir: Path) -> int:
    return int(json.loads((state_dir / "pids" / "sync.json").read_text())["pid"])


def reconcile_seconds(pid: int) -> float:
    """The schedule the running sync has: its SYNC_RECONCILE_SECONDS, else the default."""
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    for item in environ:
        name, _, value = item.decode(errors="replace").partition("=")
        if name == "SYNC_RECONCILE_SECONDS":
            return float(value)
    return float(SyncSettings.model_fields["reconcile_seconds"].default)


async def _our_key(env: dict[str, str], litellm: httpx.AsyncClient) -> tuple[str, str, str]:
    """A key made through LiteMaaS by a new bench user, once it is in LiteLLM:
    (the owner's access token, the key's id, its hash)."""
    login = await _login(env, f"bench-{uuid.uuid4().hex[:8]}")
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    async with httpx.AsyncClient(base_url=env["GATEWAY_URL"], timeout=30, headers=headers) as api:
        for _ in range(120):  # the catalog's models, then the subscription reaching keys
            made = await api.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"})
            if made.status_code in (201, 409):
                break
            await asyncio.sleep(1)
        for _ in range(120):
            body = {"name": "bench", "models": ["mock-gpt"], "max_budget": "5"}
            response = await api.post("/api/v1/api-keys", json=body)
            if response.status_code == 201:
                break
            await asyncio.sleep(1)
        response.raise_for_status()
    key = response.json()
    key_hash = hashlib.sha256(key["key"].encode()).hexdigest()
    for _ in range(120):
        if (await litellm.get("/key/info", params={"key": key_hash})).status_code == 200:
            break
        await asyncio.sleep(0.5)
    return login["access_token"], key["id"], key_hash


async def _gone(litellm: httpx.AsyncClient, key_hash: str) -> None:
    """Until sync has deleted the revoked key in LiteLLM (its write is not the next cycle's)."""
    for _ in range(120):
        response = await litellm.get("/key/info", params={"key": key_hash})
        if response.status_code != 200 or response.json()["info"].get("status") == "deleted":
            return
        await asyncio.sleep(0.5)


async def _conflict_for(consumer: AIOKafkaConsumer, key_hash: str, deadline: float) -> Any:
    while time.monotonic() < deadline:
        batch = await consumer.getmany(timeout_ms=500)
        for record in (r for records in batch.values() for r in records):
            if record.key == key_hash.encode() and record.value:
                event = json.loads(record.value)
                if event.get("field") == "max_budget":
                    return event
    return None


async def report(env: dict[str, str], litellm: httpx.AsyncClient, pid: int, tries: int) -> None:
    interval = reconcile_seconds(pid)
    token, key_id, key_hash = await _our_key(env, litellm)
    consumer = AIOKafkaConsumer(
        SYNC_CONFLICTS.name, bootstrap_servers=env["KAFKA_BOOTSTRAP"], enable_auto_commit=False
    )
    await consumer.start()
    lags: list[float] = []
    try:
        while not consumer.assignment():  # no group: every partition, once metadata is in
            await consumer.getmany(timeout_ms=200)
        await consumer.seek_to_end()
        for part in consumer.assignment():
            await consumer.position(part)  # the end, fixed now: nothing older is read
        for n in range(tries):
            # at a random moment of the schedule, as a drift would come
            await asyncio.sleep(random.uniform(0, interval))  # noqa: S311 - not a secret
            update = {"key": key_hash, "max_budget": 900 + n}
            (await litellm.post("/key/update", json=update)).raise_for_status()
            changed = time.monotonic()
            event = await _conflict_for(consumer, key_hash, changed + 3 * interval + 600)
            if event is None:
                print(f"  drift {n + 1}: no SyncConflict within {3 * interval + 600:.0f} s")
                continue
            lags.append(time.monotonic() - changed)
            print(f"  drift {n + 1}: SyncConflict after {lags[-1]:.1f} s ({event['decision']})")
    finally:
        await consumer.stop()
        async with httpx.AsyncClient(base_url=env["GATEWAY_URL"], timeout=30) as api:
            await api.delete(
                f"/api/v1/api-keys/{key_id}", headers={"Authorization": f"Bearer {token}"}
            )
        await _gone(litellm, key_hash)
    if lags:
        print(
            f"drift made in LiteLLM → its SyncConflict at the {interval:.0f} s schedule"
            f" ({len(lags)} tries, each at a random moment): median"
            f" {statistics.median(lags):.1f} s, max {max(lags):.1f} s"
        )
