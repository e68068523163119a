"""How fast billing turns SpendRecorded into its ledger and aggregates, beside a bare baseline.

    .venv/bin/python benchmarks/billing_ingest.py [--state-dir .stack] [--events 100000]
                                                  [--rate 1000] [--seconds 20]

Against a running stack, in one run. Use a throwaway one (the test stack's state dir, or a
fresh ``--state-dir``): the made-up spend stays on the spend topic (the audit record) while its
rows are deleted from the ledger afterwards, so a later ``litemaas replay billing`` there
counts spend the live ledger no longer has.
1. baseline: the same events on a scratch topic, read with aiokafka ``getmany`` and written
   with one batched insert per batch into a scratch table: what the machine can do bare;
2. backlog: ``--events`` SpendRecorded produced on the spend topic while every billing
   instance is paused (SIGSTOP, so they pile up as behind an outage); from the moment billing
   goes on (SIGCONT), the time until its ledger holds them all, and the events/s that makes;
3. latency: ``--rate`` events/s for ``--seconds``; produce → ledger row, p50 / p99;
4. threshold: a user's budget at 85 %, one event crossing 90 % → BudgetThresholdCrossed on
   the alerts topic (``--tries`` times, each a new user);
5. usage API: ``--usage-rows`` ledger rows (and their aggregates) of one made-up user over 30
   days, then the admin usage API for those 30 days ``--queries`` times: p50 / p95 per question.
``--skip-ingest`` runs 4 and 5 only.
The events are made-up spend of made-up users (``bench-*``), deleted from the ledger and
aggregates afterwards. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import asyncpg
import billing_alerts_usage as extra
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from litemaas_contracts import Envelope
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.topics import BILLING_SPEND

Record = tuple[bytes, bytes, list[tuple[str, bytes]]]


def _env(state_dir: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (state_dir / "endpoints.env").read_text().splitlines())
    return {k: v for k, v in (p for p in pairs if len(p) == 2) if not k.startswith("#")}


def _event(run: str, n: int) -> Record:
    now = datetime.now(UTC)
    event = SpendRecorded(
        request_id=f"bench-{run}-{n}",
        key_hash=f"benchkey-{run}-{n % 50}",
        user_id=f"bench-user-{run}-{n % 20}",
        model="mock-gpt",
        provider="openai",
        prompt_tokens=10,
        completion_tokens=20,
        cost=Decimal("0.0000135"),
        started_at=now,
        ended_at=now,
        source="pull",
        recorded_at=now,
    )
    envelope = Envelope.new(type=event.event_type, source="/bench", subject=event.key_hash)
    return event.key_hash.encode(), event.model_dump_json().encode(), envelope.to_headers()


async def _produce(bootstrap: str, topic: str, run: str, count: int, rate: float = 0) -> float:
    """``count`` events at ``rate`` a second, each made as it is sent (its ``recorded_at`` is
    its produce time); with no rate, all made first, then sent as fast as possible. Returns
    when the first record went out."""
    made = [] if rate else [_event(run, i) for i in range(count)]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        started, pending = time.monotonic(), []
        for i in range(count):
            if rate:
                wait = started + i / rate - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            key, value, headers = made[i] if made else _event(run, i)
            pending.append(await producer.send(topic, value, key=key, headers=headers))
        await asyncio.gather(*pending)
        return started  # when the first record went out
    finally:
        await producer.stop()


async def baseline(env: dict[str, str], run: str, events: int) -> float:
    bootstrap, topic = env["KAFKA_BOOTSTRAP"], f"bench.baseline.{run}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(topic, 3, 1)])
    await _produce(bootstrap, topic, run, events)
    db = await asyncpg.connect(_pg(env["BILLING_DATABASE_URL"]))
    table = f"bench_baseline_{run}"
    await db.execute(f"CREATE TABLE {table} (request_id text PRIMARY KEY, body jsonb)")
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        started, seen = time.monotonic(), 0
        while seen < events:
            batch = await consumer.getmany(timeout_ms=1000, max_records=2000)
            rows = [
                (f"{p.partition}-{r.offset}", r.value.decode())
                for p, records_ in batch.items()
                for r in records_
                if r.value is not None
            ]
            await db.executemany(f"INSERT INTO {table} VALUES ($1, $2::jsonb)", rows)  # noqa: S608
            seen += len(rows)
        return events / (time.monotonic() - started)
    finally:
        await consumer.stop()
        await db.execute(f"DROP TABLE {table}")
        await db.close()
        await admin.delete_topics([topic])
        await admin.close()


def _pg(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _ledger_count(db: asyncpg.Connection, run: str) -> int:
    return int(
        await db.fetchval(
            "SELECT count(*) FROM spend_ledger WHERE request_id LIKE $1", f"bench-{run}-%"
        )
    )


async def _until_ledger_holds(db: asyncpg.Connection, run: str, events: int) -> None:
    """Poll the ledger (another process fills it: there is nothing to wait on but the table)."""
    while await _ledger_count(db, run) < events:  # noqa: ASYNC110
        await asyncio.sleep(0.2)


def _billing_pids(state_dir: Path) -> list[int]:
    """Every billing instance the launcher started (not its relays)."""
    found = [state_dir / "pids" / "billing.json", *(state_dir / "pids").glob("billing-[0-9].json")]
    return [int(json.loads(f.read_text())["pid"]) for f in found if f.exists()]


async def backlog(
    env: dict[str, str], run: str, events: int, state_dir: Path
) -> tuple[float, float, float]:
    """A real backlog: billing paused (SIGSTOP) while ``events`` are produced, then let go
    (SIGCONT); the time from then until its ledger holds them all. Returns the produce time,
    the drain time and events/s."""
    pids = _billing_pids(state_dir)
    if not pids:
        raise SystemExit(f"no billing pid in {state_dir}/pids: is the stack running there?")
    db = await asyncpg.connect(_pg(env["BILLING_DATABASE_URL"]))
    try:
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        try:
            started = await _produce(env["KAFKA_BOOTSTRAP"], BILLING_SPEND.name, run, events)
            produced = time.monotonic() - started
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGCONT)
        resumed = time.monotonic()
        await _until_ledger_holds(db, run, events)
        drained = time.monotonic() - resumed
        return produced, drained, events / drained
    finally:
        await db.close()


async def latency(env: dict[str, str], run: str, rate: float, seconds: float) -> list[float]:
    events = int(rate * seconds)
    await _produce(env["KAFKA_BOOTSTRAP"], BILLING_SPEND.name, run, events, rate)
    db = await asyncpg.connect(_pg(env["BILLING_DATABASE_URL"]))
    try:
        await _until_ledger_holds(db, run, events)
        rows = await db.fetch(
            "SELECT extract(epoch FROM ingested_at - recorded_at) AS lag FROM spend_ledger"
            " WHERE request_id LIKE $1",
            f"bench-{run}-%",
        )
        return sorted(float(r["lag"]) * 1000 for r in rows)
    finally:
        await db.close()


async def _clean(env: dict[str, str], runs: list[str]) -> None:
    db = await asyncpg.connect(_pg(env["BILLING_DATABASE_URL"]))
    try:
        for run in runs:
            await db.execute("DELETE FROM spend_ledger WHERE request_id LIKE $1", f"bench-{run}-%")
            for table in ("usage_hourly", "usage_daily"):
                await db.execute(
                    f"DELETE FROM {table} WHERE user_id LIKE $1",  # noqa: S608 - two fixed names
                    f"bench-user-{run}-%",
                )
    finally:
        await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state-dir", default=".stack", type=Path)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--usage-rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    env = _env(args.state_dir)
    if not args.skip_ingest:
        await ingest(env, args)
    await alerts_and_usage(env, args)


async def alerts_and_usage(env: dict[str, str], args: argparse.Namespace) -> None:
    run = uuid.uuid4().hex[:8]
    lags = await extra.threshold_latency(env, run, args.tries)
    print(
        f"threshold crossed → BudgetThresholdCrossed on the alerts topic ({len(lags)} tries):"
        f" median {statistics.median(lags):.0f} ms, max {max(lags):.0f} ms"
    )
    db = await asyncpg.connect(_pg(env["BILLING_DATABASE_URL"]))
    user_id = f"bench-user-{run}-usage"
    try:
        loaded = await extra.load(db, run, user_id, args.usage_rows)
        print(
            f"usage API over {args.usage_rows:,} ledger rows (loaded in {loaded:.1f} s), 30 days:"
        )
        for name, times in (await extra.usage_latency(env, user_id, args.queries)).items():
            p50, p95 = extra.quantiles(times)
            print(f"  {name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({len(times)} asks)")
    finally:
        await extra.unload(db, run, user_id)
        await _clean(env, [run])
        await db.close()


async def ingest(env: dict[str, str], args: argparse.Namespace) -> None:
    runs = [uuid.uuid4().hex[:8] for _ in range(3)]
    try:
        bare = await baseline(env, runs[0], args.events)
        produced, drained, rate = await backlog(env, runs[1], args.events, args.state_dir)
        lags = await latency(env, runs[2], args.rate, args.seconds)
    finally:
        await _clean(env, runs)
    p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
    print(f"baseline (getmany + one insert per batch): {bare:,.0f} events/s")
    print(
        f"billing, a backlog of {args.events:,} (produced in {produced:.1f} s while billing was"
        f" paused): drained in {drained:.1f} s = {rate:,.0f} events/s ({rate / bare:.0%} of the"
        " baseline)"
    )
    print(
        f"billing at {args.rate:,.0f} events/s for {args.seconds:.0f} s: produce → ledger"
        f" p50 {statistics.median(lags):.0f} ms, p99 {p99:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
