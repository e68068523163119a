"""Small clients the cross-service tests use to act as a user, an operator or LiteLLM's admin."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import asyncpg
import httpx
from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from litemaas_cli.events import tail

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]

#: access tokens the suite was given; the final secret scan looks for each of them
TOKENS_SEEN: list[str] = []


async def eventually(
    probe: Callable[[], Awaitable[T | None]],
    *,
    within: float,
    interval: float = 0.25,
    what: str = "condition",
) -> T:
    """Poll until ``probe`` returns something truthy; fail with ``what`` after ``within`` s."""
    deadline = time.monotonic() + within
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within}s waiting for {what}")
        await asyncio.sleep(interval)


async def dev_login(
    gateway: str, username: str, *, headers: dict[str, str] | None = None, **profile: str
) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        response = await http.post(
            "/api/v1/auth/dev-login", json={"username": username, **profile}, headers=headers
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    TOKENS_SEEN.append(body["access_token"])
    if "refresh_token" in body:
        TOKENS_SEEN.append(body["refresh_token"])
    return body


async def litellm_user(endpoints: dict[str, str], user_id: str) -> dict[str, Any] | None:
    """The user as LiteLLM's admin API reports it, or None while it does not exist.

    An unreachable or failing LiteLLM raises: "absent" must never be read from an outage."""
    async with httpx.AsyncClient(base_url=endpoints["LITELLM_URL"], timeout=5) as http:
        response = await http.get(
            "/user/info",
            params={"user_id": user_id},
            headers={"Authorization": f"Bearer {endpoints['LITELLM_MASTER_KEY']}"},
        )
    if response.status_code == 404:
        return None
    response.raise_for_status()
    info: dict[str, Any] | None = response.json().get("user_info")
    return info if info and info.get("user_id") else None


async def records(endpoints: dict[str, str], topic: str) -> list[dict[str, Any]]:
    """Every record of ``topic`` so far, as ``litemaas events tail`` prints them."""
    return [r async for r in tail(endpoints["KAFKA_BOOTSTRAP"], topic, follow=False, idle_ms=300)]


async def query(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def committed_past(endpoints: dict[str, str], group: str, record: dict[str, Any]) -> bool:
    """Has consumer group ``group`` committed an offset beyond ``record``?"""
    admin = AIOKafkaAdminClient(bootstrap_servers=endpoints["KAFKA_BOOTSTRAP"])
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    meta = offsets.get(TopicPartition(record["topic"], record["partition"]))
    return meta is not None and meta.offset > record["offset"]


async def litemaas_cli(endpoints: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Run the operators' ``litemaas`` command against the stack: exit code, stdout, stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "litemaas_cli",
        *args,
        "--bootstrap",
        endpoints["KAFKA_BOOTSTRAP"],
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return cast(int, process.returncode), out.decode(), err.decode()  # it has exited
