"""Operators export a time window of a topic for an audit: the file holds exactly the window's
records, and the summary's counts, offsets and SHA-256 can be checked against it."""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from litemaas_contracts.topics import AUTH_USERS
from tests.support.clients import dev_login, eventually, litemaas_cli, records
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def test_a_windows_export_matches_the_topic(stack: Stack, tmp_path: Path) -> None:
    start = datetime.now(UTC) - timedelta(seconds=1)
    users = [
        (await dev_login(stack.endpoints["GATEWAY_URL"], f"audit-{uuid.uuid4().hex[:8]}"))["user"]
        for _ in range(3)
    ]
    ids = {u["id"] for u in users}

    async def published() -> bool:
        return ids <= {r["key"] for r in await records(stack.endpoints, AUTH_USERS.name)}

    await eventually(published, within=15, what="the logins' events")
    end = datetime.now(UTC)  # every record of the window is on the topic by now
    expected = [
        r
        for r in await records(stack.endpoints, AUTH_USERS.name)
        if start <= datetime.fromisoformat(r["timestamp"]) < end
    ]

    out = tmp_path / "users.jsonl"
    window = ["--from", start.isoformat(), "--to", end.isoformat()]
    code, stdout, err = await litemaas_cli(
        stack.endpoints, "events", "export", AUTH_USERS.name, *window, "--out", str(out)
    )
    assert code == 0, err
    summary = json.loads(stdout)
    lines = out.read_text().splitlines()
    assert summary["records"] == len(lines) == len(expected)
    assert ids <= {json.loads(line)["key"] for line in lines}
    assert summary["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    for partition, seen in summary["partitions"].items():
        offsets = [r["offset"] for r in expected if r["partition"] == int(partition)]
        assert (seen["first_offset"], seen["last_offset"]) == (min(offsets), max(offsets))

    as_csv = tmp_path / "users.csv"
    code, stdout, err = await litemaas_cli(
        stack.endpoints,
        "events",
        "export",
        AUTH_USERS.name,
        *window,
        "--format",
        "csv",
        "--out",
        str(as_csv),
    )
    assert code == 0, err
    rows = list(csv.DictReader(as_csv.open()))
    assert len(rows) == len(expected) == json.loads(stdout)["records"]
    assert {r["ce_type"] for r in rows} >= {"litemaas.auth.UserCreated.v1"}
