"""``/health/integration``'s report: the breaker and latency as LiteLLM calls left them, pulls
timed, drift counted by whoever provides the counts, and an answer even with the database away."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import httpx
import pytest

from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.resilience import CircuitBreaker, DependencyUnavailable
from litemaas_sync.adapters.kafka_lag import ConsumerLag
from litemaas_sync.adapters.litellm import LiteLLMAdmin
from litemaas_sync.entrypoints.integration import Integration, PullHistory

pytestmark = pytest.mark.unit


class _Lag:
    async def by_group(self) -> dict[str, int]:
        return {"sync.litellm-keys": 7}


class _NoDatabase:
    def __call__(self) -> Any:
        raise ConnectionRefusedError("database away")


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused")


def _integration(**extra: Any) -> Integration:
    admin = LiteLLMAdmin("http://litellm", "sk-master", timeout=1, breaker=CircuitBreaker(2, 30))
    admin.http = httpx.AsyncClient(base_url="http://litellm", transport=httpx.MockTransport(_down))
    return Integration(
        "http://litellm",
        admin,
        cast(Sessions, _NoDatabase()),
        cast(Consumers, type("C", (), {"consumers": []})()),
        cast(ConsumerLag, _Lag()),
        **extra,
    )


async def test_an_outage_shows_as_an_open_circuit_and_the_database_away_as_unknowns() -> None:
    integration = _integration()
    for _ in range(2):
        with pytest.raises(DependencyUnavailable):
            await integration.litellm._call("POST", "/user/new", json={})
    report = await integration.report()
    litellm = cast(dict[str, Any], report["litellm"])
    assert litellm["state"] == "open" and litellm["consecutive_failures"] == 2
    assert cast(dict[str, Any], litellm["latency"])["calls"] == 2
    pending = cast(dict[str, Any], report["pending"])
    assert pending["consumer_lag"] == {"sync.litellm-keys": 7}
    assert pending["outbox_unpublished"] is None and pending["error"] == "database unavailable"
    assert report["drift_counts"] == {}, "no drift detection wired: an empty count"


async def test_drift_counts_come_from_the_provider_and_a_failing_one_shows_unknown() -> None:
    async def counted() -> Mapping[str, int]:
        return {"keys": 3, "users": 1}

    async def broken() -> Mapping[str, int]:
        raise RuntimeError("drift table missing")

    assert (await _integration(drift_counts=counted).report())["drift_counts"] == {
        "keys": 3,
        "users": 1,
    }
    assert (await _integration(drift_counts=broken).report())["drift_counts"] is None


async def test_a_pull_keeps_its_last_success_and_duration_through_a_failure() -> None:
    history = PullHistory()
    async with history.timed():
        pass
    first = history.snapshot()
    assert first["last_success_at"] and isinstance(first["last_success_seconds"], float)
    with pytest.raises(DependencyUnavailable):
        async with history.timed():
            raise DependencyUnavailable("LiteLLM answered 503 on /model/info")
    after = history.snapshot()
    assert after["last_success_at"] == first["last_success_at"]
    assert after["last_error"] == "LiteLLM answered 503 on /model/info"
