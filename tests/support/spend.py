"""How the spend tests read LiteLLM's own figures and billing's usage API."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from tests.support.stack import Stack


async def litellm_get(stack: Stack, path: str, **params: str) -> dict[str, Any]:
    """A LiteLLM admin read (master key); numbers parsed as exact decimals, so a float that
    LiteLLM accumulated is compared as the digits it sent."""
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=10) as http:
        response = await http.get(
            path,
            params=params,
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    response.raise_for_status()
    body: dict[str, Any] = json.loads(response.text, parse_float=Decimal)
    return body


async def litellm_spend(stack: Stack, kind: str, subject: str) -> Decimal:
    """LiteLLM's running spend of a key (by hash), user or team (``/{kind}/info``)."""
    param = {"key": "key", "user": "user_id", "team": "team_id"}[kind]
    body = await litellm_get(stack, f"/{kind}/info", **{param: subject})
    info = body.get("info") or body.get("user_info") or body.get("team_info") or {}
    return Decimal(str(info.get("spend") or 0))


async def litellm_logged(stack: Stack, **filters: str) -> dict[str, Decimal]:
    """LiteLLM's spend-log rows (today ± a day) matching ``filters``: request id → cost."""
    today = datetime.now(UTC).date()
    found: dict[str, Decimal] = {}
    page = 1
    while True:
        body = await litellm_get(
            stack,
            "/spend/logs/v2",
            start_date=str(today - timedelta(days=1)),
            end_date=str(today + timedelta(days=1)),
            page=str(page),
            page_size="1000",
            **filters,
        )
        found.update({r["request_id"]: Decimal(str(r["spend"])) for r in body["data"]})
        if page >= int(body.get("total_pages") or 1):
            return found
        page += 1


def this_hour() -> dict[str, str]:
    """A usage-API range on whole hours that holds everything spent in the last half hour."""
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return {
        "from": (hour - timedelta(hours=1)).isoformat(),
        "to": (hour + timedelta(hours=2)).isoformat(),
    }


async def usage(admin: httpx.AsyncClient, **filters: str) -> dict[str, Any]:
    """Everyone's usage summary (admin) over :func:`this_hour`, narrowed by ``filters``."""
    response = await admin.get("/api/v1/admin/usage/summary", params={**this_hour(), **filters})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def usage_by_key(admin: httpx.AsyncClient, user_id: str) -> dict[str, dict[str, Any]]:
    """A user's usage per key id (admin breakdown over :func:`this_hour`)."""
    params = {**this_hour(), "by": "key", "user_id": user_id, "page_size": "100"}
    response = await admin.get("/api/v1/admin/usage/breakdown", params=params)
    assert response.status_code == 200, response.text
    return {item["key_id"]: item for item in response.json()["items"]}


async def early_in_a_minute(needed: float) -> None:
    """Return with at least ``needed`` seconds left in the current UTC minute (a ``minute``
    period must not roll over in the middle of what a test does in it)."""
    now = datetime.now(UTC)
    if 60 - now.second - now.microsecond / 1e6 < needed:
        await asyncio.sleep(60.2 - now.second - now.microsecond / 1e6)
