"""Outage or refusal: how sync reads LiteLLM's errors, against a fake LiteLLM (httpx transport).

An outage waits and retries without limit; a request LiteLLM refuses while it answers others
is counted and dead-lettered, with LiteLLM's answer (and never the key secret) as the reason.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from litemaas_servicekit.resilience import CircuitBreaker, CircuitOpen, DependencyUnavailable
from litemaas_sync.adapters.litellm import LiteLLMAdmin, LiteLLMRejected

pytestmark = pytest.mark.unit
SECRET = "sk-" + "0" * 24  # made up, in the shape of a LiteLLM key
DB_REFUSED = {  # shaped like LiteLLM 1.106.2's answer to rpm_limit 2**70 on /key/generate
    "error": {
        "message": f"Invalid prisma invocation: value out of range for key {SECRET}",
        "type": "internal_server_error",
        "code": "500",
    }
}


def _admin(
    answer: Callable[[httpx.Request], httpx.Response], attempts: int = 1
) -> tuple[LiteLLMAdmin, list[str]]:
    seen: list[str] = []

    def route(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return answer(request)

    breaker = CircuitBreaker(5, 10)
    admin = LiteLLMAdmin(
        "http://litellm", "sk-master", timeout=5, breaker=breaker, attempts=attempts
    )
    admin.http = httpx.AsyncClient(base_url="http://litellm", transport=httpx.MockTransport(route))
    return admin, seen


def _generate_fails(status: int, probe: int, body: object = DB_REFUSED) -> LiteLLMAdmin:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/key/list":
            return httpx.Response(probe, json={"keys": [], "total_count": 0})
        return httpx.Response(status, json=body)

    return _admin(answer)[0]


async def test_a_500_on_one_payload_while_litellm_answers_is_a_refusal_without_the_secret() -> None:
    admin = _generate_fails(500, probe=200)
    with pytest.raises(LiteLLMRejected) as refused:
        await admin._call("POST", "/key/generate", json={"key": SECRET, "rpm_limit": 2**70})
    reason = str(refused.value)
    assert reason.startswith("LiteLLM answered 500 on /key/generate: Invalid prisma invocation")
    assert SECRET not in reason and "sk-master" not in reason
    assert admin.breaker.state == "closed" and admin.breaker.failures == 0


@pytest.mark.parametrize("status", [500, 401])
async def test_an_error_while_litellm_fails_its_database_check_is_an_outage(status: int) -> None:
    admin = _generate_fails(status, probe=status)  # 401: our master key is wrong for everything
    with pytest.raises(DependencyUnavailable, match="database check"):
        await admin._call("POST", "/key/generate", json={"key": SECRET})
    assert admin.breaker.failures == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (503, {"error": "upstream"}),
        (502, {}),
        (504, {}),
        (429, {"error": {"message": "slow down"}}),
        (400, {"error": {"message": "DB not connected. This endpoint needs a database"}}),
        (500, {"error": {"message": "Database not connected. Connect a database"}}),
    ],
)
async def test_outages_are_known_without_probing(status: int, body: object) -> None:
    admin, seen = _admin(lambda request: httpx.Response(status, json=body))
    with pytest.raises(DependencyUnavailable):
        await admin._call("POST", "/key/generate", json={"key": SECRET})
    assert seen == ["/key/generate"]


async def test_an_unreachable_litellm_is_an_outage_and_opens_the_circuit() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    admin, seen = _admin(refuse)
    for _ in range(5):
        with pytest.raises(DependencyUnavailable, match="unreachable"):
            await admin._call("GET", "/key/info")
    assert admin.breaker.state == "open"
    with pytest.raises(CircuitOpen):
        await admin._call("GET", "/key/info")
    assert len(seen) == 5, "an open circuit must not call LiteLLM"
    assert admin.latency.snapshot()["calls"] == 5


def _blips(times: int) -> Callable[[httpx.Request], httpx.Response]:
    left = [times]

    def answer(request: httpx.Request) -> httpx.Response:
        if left[0]:
            left[0] -= 1
            return httpx.Response(503, json={"error": "restarting"})
        return httpx.Response(200, json={"user_info": {"user_id": "u1"}})

    return answer


async def test_a_read_is_retried_through_a_blip_and_a_one_shot_write_is_not() -> None:
    admin, seen = _admin(_blips(2), attempts=3)
    assert (await admin._call("GET", "/user/info")).status_code == 200
    assert seen == ["/user/info"] * 3
    assert admin.breaker.state == "closed" and admin.breaker.failures == 0

    admin, seen = _admin(_blips(1), attempts=3)
    with pytest.raises(DependencyUnavailable):  # the consumer's retry looks before it writes
        await admin._call("POST", "/key/generate", json={"key": SECRET})
    assert seen == ["/key/generate"]


async def test_retries_give_up_within_their_bound_and_leave_the_wait_to_kafka() -> None:
    admin, seen = _admin(_blips(10), attempts=3)
    with pytest.raises(DependencyUnavailable, match="503"):
        await admin._call("POST", "/user/update", idempotent=True, json={"user_id": "u1"})
    assert len(seen) == 3 and admin.breaker.failures == 3


async def test_statuses_the_caller_reads_are_answers_not_errors() -> None:
    admin = _generate_fails(404, probe=200, body={"detail": "not found"})
    assert (await admin._call("GET", "/key/info", ok=(404,))).status_code == 404
    with pytest.raises(LiteLLMRejected, match="404 on /key/info: not found"):
        await admin._call("GET", "/key/info")
