"""Operators read the real event log with ``litemaas events list`` and ``litemaas events tail``."""

from __future__ import annotations

import json
import uuid

import pytest

from litemaas_contracts.topics import AUTH_USERS
from tests.support.clients import dev_login, eventually, litemaas_cli
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def _cli(stack: Stack, *args: str) -> tuple[int, str, str]:
    return await litemaas_cli(stack.endpoints, *args)


async def test_events_list_shows_topics_partitions_and_end_offsets(stack: Stack) -> None:
    await dev_login(stack.endpoints["GATEWAY_URL"], f"ops-{uuid.uuid4().hex[:8]}")
    code, out, _ = await _cli(stack, "events", "list")
    assert code == 0
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert set(rows) >= {AUTH_USERS.name, AUTH_USERS.dlq_name, "litemaas.billing.spend.v1"}
    assert rows[AUTH_USERS.name][1] == "3"
    assert int(rows[AUTH_USERS.name][2]) >= 1


async def test_events_tail_prints_a_users_event_as_json(stack: Stack) -> None:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], f"tail-{uuid.uuid4().hex[:8]}")
    user_id = login["user"]["id"]

    async def published() -> dict | None:
        _, out, _ = await _cli(stack, "events", "tail", AUTH_USERS.name)
        lines = [json.loads(line) for line in out.splitlines()]
        return next((r for r in lines if r["key"] == user_id), None)

    record = await eventually(published, within=15, what="the UserCreated record in the tail")
    assert record["headers"]["ce_type"] == "litemaas.auth.UserCreated.v1"
    assert record["value"]["username"] == login["user"]["username"]


async def test_tailing_an_unknown_topic_says_so(stack: Stack) -> None:
    code, _, err = await _cli(stack, "events", "tail", "litemaas.nope.v1")
    assert code == 1
    assert "no topic named 'litemaas.nope.v1'" in err
