"""The relay killed between publish and mark: the event is delivered, its effect happens once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid

import pytest

from litemaas_contracts.topics import AUTH_USERS, SYNC_AUDIT
from tests.support.clients import (
    committed_past,
    dev_login,
    eventually,
    litellm_user,
    query,
    records,
)
from tests.support.stack import ROOT, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def _unpublished(stack: Stack, user_id: str) -> list:
    return await query(
        stack.endpoints["AUTH_DATABASE_URL"],
        "SELECT event_id FROM outbox WHERE key = $1 AND published_at IS NULL",
        user_id,
    )


async def _published_copies(stack: Stack, user_id: str) -> list[dict]:
    return [r for r in await records(stack.endpoints, AUTH_USERS.name) if r["key"] == user_id]


async def test_relay_crash_redelivers_and_consumer_applies_once(stack: Stack) -> None:
    stack.stop("auth-relay")
    try:
        login = await dev_login(stack.endpoints["GATEWAY_URL"], f"crash-{uuid.uuid4().hex[:8]}")
        user_id = login["user"]["id"]
        [pending] = await _unpublished(stack, user_id)  # committed, not yet published
        await asyncio.sleep(1)
        assert await _published_copies(stack, user_id) == []

        # A relay that publishes the batch and is SIGKILLed before it can mark the row sent.
        env = {
            **os.environ,
            "LITEMAAS_ENV": "development",
            "AUTH_DATABASE_URL": stack.endpoints["AUTH_DATABASE_URL"],
            "KAFKA_BOOTSTRAP": stack.endpoints["KAFKA_BOOTSTRAP"],
            "AUTH_RELAY_FAILPOINT": "crash_after_publish",
        }
        doomed = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "litemaas_auth",
            "relay",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert await asyncio.wait_for(doomed.wait(), timeout=60) == -signal.SIGKILL
        assert len(await _published_copies(stack, user_id)) == 1
        assert [r["event_id"] for r in await _unpublished(stack, user_id)] == [pending["event_id"]]
    finally:
        stack.start("auth-relay")

    copies = await eventually(
        lambda: _two_copies(stack, user_id),
        within=15,
        what="a second copy of the event after the restart",
    )
    assert {c["headers"]["ce_id"] for c in copies} == {pending["event_id"]}
    assert await _unpublished(stack, user_id) == []

    await eventually(
        lambda: litellm_user(stack.endpoints, user_id), within=15, what="the user in LiteLLM"
    )
    last = max(copies, key=lambda c: c["offset"])
    await eventually(
        lambda: committed_past(stack.endpoints, "sync.litellm-push", last),
        within=15,
        what="sync to consume the duplicate",
    )
    audits = [r for r in await records(stack.endpoints, SYNC_AUDIT.name) if r["key"] == user_id]
    assert len(audits) == 1, "the duplicate delivery must not be applied a second time"
    processed = await query(
        stack.endpoints["SYNC_DATABASE_URL"],
        "SELECT count(*) AS n FROM inbox WHERE event_id = $1",
        pending["event_id"],
    )
    assert processed[0]["n"] == 1


async def _two_copies(stack: Stack, user_id: str) -> list[dict] | None:
    copies = await _published_copies(stack, user_id)
    return copies if len(copies) >= 2 else None
