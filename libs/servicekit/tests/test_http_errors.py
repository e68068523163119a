"""Every service maps the database's refusals to what they mean for the caller, never a 500."""

from __future__ import annotations

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import exc as sa

from litemaas_servicekit.http import create_app

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
