"""The catalog never answers 5xx to what a user can send: identical subscribes at once take
turns (one subscription, the rest 409), and unbounded pages or control characters are 422."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.clients import dev_login, eventually
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture
async def user(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], f"cattrust-{uuid.uuid4().hex[:8]}")
    async with httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=30,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    ) as client:
        yield client


async def test_eight_identical_subscribes_at_once_make_one_subscription(
    user: httpx.AsyncClient,
) -> None:
    async def catalog() -> bool:
        page = (await user.get("/api/v1/models", params={"page_size": 100})).json()
        return "mock-gpt" in {m["id"] for m in page["items"]}

    await eventually(catalog, within=90, what="the catalog")
    answers = await asyncio.gather(
        *(user.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"}) for _ in range(8))
    )
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201] + [409] * 7, [r.text for r in answers]
    for refused in (r for r in answers if r.status_code == 409):
        assert refused.headers["content-type"].startswith("application/problem+json")
    mine = (await user.get("/api/v1/subscriptions")).json()
    assert [s["model_id"] for s in mine["items"]] == ["mock-gpt"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/models", {"page": 10**12}),
        ("/api/v1/subscriptions", {"page": 10**12}),
        ("/api/v1/api-keys", {"page": 10**12}),
        ("/api/v1/models", {"search": "gpt\x00"}),
        ("/api/v1/models", {"capability": "chat\x00"}),
        ("/api/v1/models", {"max_input_cost": "1e400"}),
        ("/api/v1/models", {"max_input_cost": "NaN"}),
        ("/api/v1/models/mock%00gpt", {}),
        ("/api/v1/subscriptions/" + "x" * 37, {}),
        ("/api/v1/subscriptions/a%00b", {}),
    ],
    ids=lambda v: repr(v)[:40],
)
async def test_out_of_bounds_queries_get_problem_json(
    user: httpx.AsyncClient, path: str, params: dict[str, object]
) -> None:
    response = await user.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_control_characters_in_a_subscription_or_reason_are_refused(
    user: httpx.AsyncClient,
) -> None:
    bad = await user.post("/api/v1/subscriptions", json={"model_id": "mock-gpt\u0000"})
    assert bad.status_code == 422 and "control characters" in bad.json()["detail"]
    assert (await user.get("/api/v1/subscriptions")).json()["total"] == 0
