"""The two figures of billing_ingest.py that are not about ingestion: a threshold crossing →
BudgetThresholdCrossed on the alerts topic, and the usage API's latency for a 30-day question
over 1,000,000 ledger rows. Both work as users and admins would (dev-login through the
gateway, billing's admin API); the million rows are written straight into the ledger and the
aggregates of one made-up user (what billing's consumer would have made of them), and
deleted afterwards."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from litemaas_contracts import Envelope
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.topics import BILLING_ALERTS, BILLING_SPEND

CROSSED = "litemaas.billing.BudgetThresholdCrossed.v1"


async def _login(gateway: str, username: str) -> tuple[httpx.AsyncClient, str]:
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        response = await http.post("/api/v1/auth/dev-login", json={"username": username})
    response.raise_for_status()
    body = response.json()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    return httpx.AsyncClient(base_url=gateway, timeout=30, headers=headers), body["user"]["id"]


def _spend(run: str, user_id: str, cost: str) -> SpendRecorded:
    now = datetime.now(UTC)
    return SpendRecorded(
        request_id=f"bench-{run}-{uuid.uuid4().hex}",
        key_hash=f"benchkey-{run}",
        user_id=user_id,
        model="mock-gpt",
        prompt_tokens=10,
        completion_tokens=20,
        cost=Decimal(cost),
        started_at=now,
        ended_at=now,
        source="pull",
        recorded_at=now,
    )


async def _send(producer: AIOKafkaProducer, event: SpendRecorded) -> None:
    envelope = Envelope.new(type=event.event_type, source="/bench", subject=event.key_hash)
    await producer.send_and_wait(
        BILLING_SPEND.name,
        event.model_dump_json().encode(),
        key=event.key_hash.encode(),
        headers=envelope.to_headers(),
    )


async def _crossed(consumer: AIOKafkaConsumer, budget_id: str) -> None:
    async for record in consumer:
        headers = {k: v.decode() for k, v in record.headers}
        value = json.loads(record.value or b"{}")
        if headers.get("ce_type") == CROSSED and value.get("budget_id") == budget_id:
            return


async def threshold_latency(env: dict[str, str], run: str, tries: int = 5) -> list[float]:
    """Per try: a new user with a day budget of 1 (threshold 90 %) already at 85 %, then one
    event of 0.10; the ms from its produce to BudgetThresholdCrossed on the alerts topic."""
    admin, _ = await _login(env["GATEWAY_URL"], "admin")
    producer = AIOKafkaProducer(bootstrap_servers=env["KAFKA_BOOTSTRAP"], acks="all")
    consumer = AIOKafkaConsumer(BILLING_ALERTS.name, bootstrap_servers=env["KAFKA_BOOTSTRAP"])
    await producer.start()
    await consumer.start()
    lags: list[float] = []
    budgets: list[str] = []
    users: list[str] = []
    try:
        for n in range(tries):
            user, user_id = await _login(env["GATEWAY_URL"], f"bench-{run}-{n}")
            await user.aclose()
            users.append(user_id)
            budgets.append(await _budget(admin, user_id))
            await _send(producer, _spend(run, user_id, "0.85"))
            await _until_spent(admin, budgets[-1], Decimal("0.85"))
            await consumer.seek_to_end()
            event = _spend(run, user_id, "0.10")
            started = time.monotonic()
            await _send(producer, event)
            await asyncio.wait_for(_crossed(consumer, budgets[-1]), timeout=30)
            lags.append((time.monotonic() - started) * 1000)
    finally:
        for budget_id in budgets:
            await admin.delete(f"/api/v1/admin/budgets/{budget_id}")
        await _forget(env, run, users)
        await consumer.stop()
        await producer.stop()
        await admin.aclose()
    return lags


async def _forget(env: dict[str, str], run: str, users: list[str]) -> None:
    """The bench users' spend leaves the ledger and the aggregates (the users stay)."""
    db = await asyncpg.connect(env["BILLING_DATABASE_URL"].replace("+asyncpg", ""))
    try:
        for user_id in users:
            await unload(db, run, user_id)
    finally:
        await db.close()


async def _budget(admin: httpx.AsyncClient, user_id: str) -> str:
    """A day budget of 1 with one threshold at 90 %, once billing knows the new user."""
    body = {"scope": "user", "subject_id": user_id, "period": "day"}
    while True:
        made = await admin.post(
            "/api/v1/admin/budgets", json={**body, "hard_limit": "1", "thresholds": [90]}
        )
        if made.status_code != 404:
            made.raise_for_status()
            return str(made.json()["id"])
        await asyncio.sleep(0.2)


async def _until_spent(admin: httpx.AsyncClient, budget_id: str, spend: Decimal) -> None:
    """The budget is "near its limit" once billing has the first event (poll: no event says so)."""
    while True:
        seen: dict[str, Any] = (await admin.get(f"/api/v1/budgets/{budget_id}")).json()
        if Decimal(seen.get("usage", {}).get("spend", "0")) >= spend:
            return
        await asyncio.sleep(0.1)


_LEDGER = """
INSERT INTO spend_ledger (request_id, event_id, key_hash, key_id, user_id, team_id, model,
    provider, prompt_tokens, completion_tokens, cost, status, started_at, ended_at, source,
    recorded_at)
SELECT 'bench-' || $1 || '-' || n, md5(n::text), 'benchkey-' || $1 || '-' || n % 50, NULL,
    $2, NULL, CASE WHEN n % 3 = 0 THEN 'mock-claude' ELSE 'mock-gpt' END, 'openai', 10, 20,
    0.0000135, 'success', at, at, 'pull', at
FROM (SELECT n, $3::timestamptz - (n * $4::float8) * interval '1 second' AS at
      FROM generate_series(1, $5::int) AS n) AS made
"""
_AGGREGATE = """
INSERT INTO {table} (bucket, user_id, key_hash, model, team_id, provider, key_id, requests,
    failures, prompt_tokens, completion_tokens, cost)
SELECT date_trunc($3, started_at), user_id, key_hash, model, '', provider, NULL, count(*), 0,
    sum(prompt_tokens), sum(completion_tokens), sum(cost)
FROM spend_ledger WHERE request_id LIKE $1 AND user_id = $2
GROUP BY 1, 2, 3, 4, 6
"""


async def load(db: asyncpg.Connection, run: str, user_id: str, rows: int) -> float:
    """``rows`` ledger rows over the last 30 days and their aggregates; returns seconds."""
    started = time.monotonic()
    now = datetime.now(UTC)
    step = timedelta(days=30).total_seconds() / rows
    async with db.transaction():
        await db.execute(_LEDGER, run, user_id, now, step, rows)
        for table, unit in (("usage_hourly", "hour"), ("usage_daily", "day")):
            sql = _AGGREGATE.format(table=table)
            await db.execute(sql, f"bench-{run}-%", user_id, unit)
    return time.monotonic() - started


async def unload(db: asyncpg.Connection, run: str, user_id: str) -> None:
    await db.execute("DELETE FROM spend_ledger WHERE request_id LIKE $1", f"bench-{run}-%")
    for table in ("usage_hourly", "usage_daily"):
        await db.execute(f"DELETE FROM {table} WHERE user_id = $1", user_id)  # noqa: S608


async def usage_latency(env: dict[str, str], user_id: str, queries: int) -> dict[str, list[float]]:
    """ms per answer of the admin usage API for the last 30 days of ``user_id``."""
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    window = {
        "from": (hour - timedelta(days=30)).isoformat(),
        "to": (hour + timedelta(hours=1)).isoformat(),
    }
    asks = {
        "summary": ("summary", {}),
        "series (day)": ("series", {"granularity": "day"}),
        "series (hour)": ("series", {"granularity": "hour"}),
        "breakdown by key": ("breakdown", {"by": "key"}),
        "breakdown by model": ("breakdown", {"by": "model"}),
    }
    admin, _ = await _login(env["GATEWAY_URL"], "admin")
    found: dict[str, list[float]] = {name: [] for name in asks}
    try:
        for _ in range(queries):
            for name, (path, extra) in asks.items():
                params = {**window, "user_id": user_id, **extra}
                started = time.monotonic()
                response = await admin.get(f"/api/v1/admin/usage/{path}", params=params)
                found[name].append((time.monotonic() - started) * 1000)
                response.raise_for_status()
    finally:
        await admin.aclose()
    return found


def quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
