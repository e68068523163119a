"""Every service maps the database's refusals to what they mean for the caller, never a 500."""

from __future__ import annotations

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlalchemy import exc as sa

from litemaas_servicekit.http import create_app
from litemaas_servicekit.logs import correlation_id

pytestmark = pytest.mark.unit


class _Orig(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


def _client(error: Exception) -> TestClient:
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise error

    return TestClient(create_app(title="t", routers=[router]), raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (sa.IntegrityError("INSERT", {}, _Orig("23505")), 409),  # a unique race
        (sa.IntegrityError("INSERT", {}, _Orig("23503")), 409),  # a row gone meanwhile
        (sa.DataError("INSERT", {}, _Orig("22003")), 422),  # numeric value out of range
        (sa.OperationalError("SELECT", {}, ConnectionRefusedError()), 503),
        (ConnectionResetError("redis went away"), 503),
        (ValueError("a bug"), 500),
    ],
    ids=["unique", "foreign-key", "out-of-range", "db-down", "redis-down", "bug"],
)
def test_database_refusals_answer_what_they_mean(error: Exception, status: int) -> None:
    response = _client(error).get("/boom")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"]
    if status == 503:
        assert response.headers["retry-after"] == "5"


def test_every_answer_carries_the_callers_correlation_id_or_a_new_one() -> None:
    router = APIRouter()
    seen: list[str | None] = []

    @router.get("/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        seen.append(correlation_id.get())  # what the service's log lines carry
        return {"id": thing_id}

    client = TestClient(create_app(title="t", routers=[router]))
    labels = {"method": "GET", "route": "/things/{thing_id}", "status": "200"}
    before = _count(labels)
    given = client.get("/things/1", headers={"X-Correlation-ID": "abc-123"})
    fresh = client.get("/things/2")
    refused = client.get("/nowhere", headers={"X-Correlation-ID": "x" * 300})
    assert given.headers["x-correlation-id"] == "abc-123" and seen[0] == "abc-123"
    assert (
        len(fresh.headers["x-correlation-id"]) == 36
        and seen[1] == fresh.headers["x-correlation-id"]
    )
    assert refused.status_code == 404 and refused.headers["x-correlation-id"] == "x" * 100
    assert [v for k, v in given.headers.items() if k == "x-correlation-id"] == ["abc-123"]
    assert _count(labels) == before + 2  # counted by route, not by path


def _count(labels: dict[str, str]) -> float:
    found = REGISTRY.get_sample_value("litemaas_http_request_duration_seconds_count", labels)
    return found or 0.0
