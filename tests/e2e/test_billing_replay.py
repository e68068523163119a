"""``litemaas replay billing`` against the real stack: billing's read model rebuilt from
offset 0 of the spend topic (and of the keys topic, for attribution) into a fresh schema has
the live aggregates' checksum; spend no one owns is left out, as live, and counted. A team's
statement for a closed month is stored once, readable by admins (not by others), and the
replay regenerates it byte for byte."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.support.billing import produce, published_long_ago, spend
from tests.support.clients import eventually
from tests.support.journeys import api, make_key, subscribe
from tests.support.stack import ROOT, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def _replay(stack: Stack, *args: str) -> tuple[int, dict[str, Any], str]:
    """The operators' command as they run it: broker and billing's database from the env."""
    env = {**os.environ, "BILLING_DATABASE_URL": stack.endpoints["BILLING_DATABASE_URL"]}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "litemaas_cli",
        "replay",
        "billing",
        *args,
        "--bootstrap",
        stack.endpoints["KAFKA_BOOTSTRAP"],
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    code = process.returncode
    assert code is not None
    return code, json.loads(out) if out.strip() else {}, err.decode()


async def test_a_replay_from_offset_0_has_the_live_checksum(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    alice, alice_id = await api(stack, f"replayer-{tag}")
    admin, _ = await api(stack, "admin")
    try:
        await subscribe(alice, "mock-gpt")
        key = await make_key(alice, ["mock-gpt"])
        await _run(stack, tag, key, alice_id, alice, admin)
    finally:
        await alice.aclose()
        await admin.aclose()


async def _run(
    stack: Stack,
    tag: str,
    key: dict[str, Any],
    alice_id: str,
    alice: httpx.AsyncClient,
    admin: httpx.AsyncClient,
) -> None:
    key_hash = hashlib.sha256(key["key"].encode()).hexdigest()
    # the 10th of a month that closed long ago. One request only (and its copy from the other
    # source): billing may write the month's statement as soon as the first record is in, so a
    # second request could land after it and the statement would rightly differ from a replay

    month = datetime.now(UTC).replace(day=1) - timedelta(days=45)
    at = month.replace(day=10, hour=5, minute=7, second=0, microsecond=0)
    team = f"team-{tag}"
    # user, team and key named by the record itself, as sync fills them from LiteLLM's log: the
    # statement must not depend on billing having read the key's ApiKeyCreated already (spend
    # naming no user waits for it, and a replay must not depend on that wait)
    first = spend(key_hash, at, "0.0000135", team_id=team, user_id=alice_id, key_id=key["id"])
    await produce(
        stack,
        first,
        first.model_copy(update={"source": "push"}),  # the other source: counted once
        # no one's, and published long ago (no key's creation is still on its way): dead-lettered
        published_long_ago(spend(hashlib.sha256(tag.encode()).hexdigest(), at, "1")),
    )

    async def statement() -> dict[str, Any] | None:
        got = await admin.get("/api/v1/statements", params={"team_id": team})
        assert got.status_code == 200, got.text
        return got.json()[0] if got.json() else None

    kept = await eventually(statement, within=30, what="the closed month's statement")
    assert hashlib.sha256(kept["body"].encode()).hexdigest() == kept["sha256"]
    body = json.loads(kept["body"])
    assert body["total"]["cost"] == "0.0000135" and body["total"]["requests"] == 1
    assert [k["key_id"] for k in body["by_key"]] == [key["id"]]
    refused = await alice.get("/api/v1/statements", params={"team_id": team})
    assert refused.status_code == 403

    schema = f"replay_e2e_{tag}"
    code, summary, err = await _replay(stack, "--into", schema)
    assert code == 0, (summary, err)
    assert summary["equal"] is True
    assert summary["replay_checksum"] == summary["live_checksum"]
    assert summary["schema"] == schema
    # the orphan: dead-lettered live by now (parked) or still being retried (unknown owner)
    assert summary["unknown_owner"] + summary["parked"] >= 1 and summary["ledger_rows"] >= 1
    assert summary["keys"] >= 1
    assert summary["statements_checked"] >= 1 and summary["statements_differing"] == []

    again, _, err = await _replay(stack, "--into", schema)  # never into a schema that exists
    assert again != 0 and "already exists" in err
