"""Allowances per user and per address; past one, a refusal saying which and for how long; when
the counter store is away, requests go through rather than the API going down."""

from __future__ import annotations

from typing import Any

import pytest
from limits import parse_many
from limits.aio.storage import MemoryStorage

from litemaas_gateway.limiting import RedisLimiter

pytestmark = pytest.mark.unit


def _limiter(per_user: str, per_address: str) -> RedisLimiter:
    return RedisLimiter(MemoryStorage(), parse_many(per_user), parse_many(per_address))


async def test_a_user_past_their_allowance_is_refused_and_told_when_to_come_back() -> None:
    limiter = _limiter("2/minute", "100/minute")
    assert await limiter.check("alice", "10.0.0.1") is None
    assert await limiter.check("alice", "10.0.0.2") is None  # the user's, from anywhere
    refusal = await limiter.check("alice", "10.0.0.3")
    assert refusal is not None and refusal.scope == "user"
    assert 1 <= refusal.retry_after <= 60
    assert await limiter.check("bob", "10.0.0.1") is None  # another user's allowance


async def test_each_refusal_is_counted_by_whose_allowance_ran_out() -> None:
    from prometheus_client import REGISTRY

    def refused(scope: str) -> float:
        sample = "litemaas_gateway_rate_limited_total"
        return REGISTRY.get_sample_value(sample, {"scope": scope}) or 0.0

    before = refused("user"), refused("address")
    limiter = _limiter("1/minute", "100/minute")
    assert await limiter.check("carol", "10.0.0.1") is None
    assert await limiter.check("carol", "10.0.0.1") is not None
    assert (refused("user"), refused("address")) == (before[0] + 1, before[1])


async def test_an_address_past_its_allowance_is_refused_whoever_calls() -> None:
    limiter = _limiter("100/minute", "2/minute")
    assert await limiter.check(None, "10.0.0.1") is None
    assert await limiter.check("alice", "10.0.0.1") is None
    refusal = await limiter.check("bob", "10.0.0.1")
    assert refusal is not None and refusal.scope == "address"
    assert await limiter.check(None, "10.0.0.9") is None


async def test_no_limit_configured_means_no_limit() -> None:
    limiter = RedisLimiter(MemoryStorage(), (), ())
    for _ in range(50):
        assert await limiter.check("alice", "10.0.0.1") is None


async def test_when_the_store_is_away_requests_go_through() -> None:
    class Away(MemoryStorage):
        async def incr(self, *args: Any, **kwargs: Any) -> int:
            raise ConnectionError("redis is away")

    limiter = RedisLimiter(Away(), parse_many("1/minute"), parse_many("1/minute"))
    for _ in range(3):
        assert await limiter.check("alice", "10.0.0.1") is None


def test_limits_come_from_settings_in_the_library_notation() -> None:
    limiter = RedisLimiter.from_settings("redis://127.0.0.1:1/0", "20/second;600/minute", "")
    assert [str(i) for i in limiter.per_user] == ["20 per 1 second", "600 per 1 minute"]
    assert limiter.per_address == ()
