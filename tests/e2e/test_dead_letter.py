"""A record that can never succeed goes to the DLQ with its reason and parks its key: later
records of that key wait (they never overtake it), other keys go on, and an operator redrives
or skips it with ``litemaas dlq``. Redriven records pass the same inbox: nothing applies twice."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated
from litemaas_contracts.topics import AUTH_USERS, SYNC_AUDIT
from tests.support.clients import eventually, litellm_user, litemaas_cli, records
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
CONSUMER = "sync.litellm-push"


def _headers(user_id: str) -> list[tuple[str, bytes]]:
    return Envelope.new(
        type=UserCreated.event_type, source="/tests/foreign-producer", subject=user_id
    ).to_headers()


def _user(key: str) -> UserCreated:
    return UserCreated(
        user_id=key,
        username=f"dlq-{key[:8]}",
        email=f"d-{key[:8]}@example.com",
        created_at=datetime.now(UTC),
    )


async def _send(stack: Stack, *items: tuple[str, bytes, list[tuple[str, bytes]]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        for key, value, headers in items:
            await producer.send_and_wait(AUTH_USERS.name, value, key=key.encode(), headers=headers)
    finally:
        await producer.stop()


def _good(key: str) -> tuple[str, bytes, list[tuple[str, bytes]]]:
    return key, _user(key).model_dump_json().encode(), _headers(key)


def _breaks_contract(key: str) -> tuple[str, bytes, list[tuple[str, bytes]]]:
    return key, json.dumps({"user_id": key, "username": 42}).encode(), _headers(key)


async def _dead(stack: Stack, key: str) -> list[dict]:
    """Sync's dead letters of ``key`` (other consumers of the topic dead-letter there too)."""
    return [
        r
        for r in await records(stack.endpoints, AUTH_USERS.dlq_name)
        if r["key"] == key and r["headers"]["dlq_consumer"] == CONSUMER
    ]


async def _cli(stack: Stack, *args: str) -> str:
    code, out, err = await litemaas_cli(stack.endpoints, "dlq", *args)
    assert code == 0, err
    return out


async def _parked_keys(stack: Stack) -> list[str]:
    async with httpx.AsyncClient(timeout=10) as http:
        ready = (await http.get(f"{stack.endpoints['SYNC_URL']}/health/ready")).json()
    return [p["record_key"] for p in ready["details"]["kafka"]["parked"]]


async def test_poison_messages_are_dead_lettered_with_reasons_and_other_keys_go_on(
    stack: Stack,
) -> None:
    keys = [str(uuid.uuid4()) for _ in range(4)]
    await _send(
        stack,
        (keys[0], b"{this is not json", _headers(keys[0])),
        (keys[1], _user(keys[1]).model_dump_json().encode(), [("content-type", b"json")]),
        _breaks_contract(keys[2]),
        _good(keys[3]),
    )
    found = await eventually(
        lambda: litellm_user(stack.endpoints, keys[3]), within=20, what="the good record"
    )
    assert found["user_alias"] == f"dlq-{keys[3][:8]}"
    reasons = []
    for key in keys[:3]:
        dead = await eventually(lambda k=key: _dead(stack, k), within=10, what="a dead letter")
        assert dead[0]["headers"]["dlq_consumer"] == CONSUMER
        assert dead[0]["headers"]["dlq_original_topic"] == AUTH_USERS.name
        reasons.append(dead[0]["headers"]["dlq_reason"])
    assert "json" in reasons[0].lower()
    assert "missing header" in reasons[1]
    assert "username" in reasons[2]
    assert (await _dead(stack, keys[0]))[0]["value"] == "{this is not json", "bytes kept"


async def test_a_dead_letter_parks_its_key_until_an_operator_redrives_or_skips_it(
    stack: Stack,
) -> None:
    key, other = str(uuid.uuid4()), str(uuid.uuid4())
    await _send(stack, _breaks_contract(key), _good(key), _good(other))
    await eventually(lambda: litellm_user(stack.endpoints, other), within=20, what="other key")
    waiting = await eventually(
        lambda: _waiting(stack, key), within=10, what="the good record waiting behind"
    )
    assert "waiting behind" in waiting[0]["headers"]["dlq_reason"]
    assert await litellm_user(stack.endpoints, key) is None, "it must not overtake the head"
    assert key in await _parked_keys(stack), "/health/ready says what is parked"

    listed = await _listed(stack)
    mine = [row for row in listed if row["key"] == key and row["consumer"] == CONSUMER]
    assert [row["waiting_behind"] for row in mine] == [False, True]

    # a redrive brings the head back through the same path: still malformed, parked again
    await _cli(stack, "redrive", AUTH_USERS.dlq_name, "--key", key)
    await eventually(lambda: _count_waiting(stack, key, 2), within=20, what="parked again")
    assert await litellm_user(stack.endpoints, key) is None

    # skipping the head lets what waited behind it through, applied once
    await _cli(stack, "skip", AUTH_USERS.dlq_name, "--key", key)
    found = await eventually(
        lambda: litellm_user(stack.endpoints, key), within=20, what="the record behind the head"
    )
    assert found["user_alias"] == f"dlq-{key[:8]}"
    await eventually(lambda: _not_parked(stack, key), within=10, what="the key released")
    audit = await eventually(lambda: _audited(stack, key), within=15, what="sync's audit")
    assert [a["action"] for a in audit] == ["created"], "redriven twice, applied once"


async def _listed(stack: Stack) -> list[dict]:
    out = await _cli(stack, "list", AUTH_USERS.dlq_name)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


async def _waiting(stack: Stack, key: str) -> list[dict] | None:
    found = [r for r in await _dead(stack, key) if r["headers"]["dlq_error_type"] == "Parked"]
    return found or None


async def _count_waiting(stack: Stack, key: str, n: int) -> bool:
    return len(await _waiting(stack, key) or []) >= n


async def _not_parked(stack: Stack, key: str) -> bool:
    return key not in await _parked_keys(stack)


async def _audited(stack: Stack, key: str) -> list[dict]:
    return [r["value"] for r in await records(stack.endpoints, SYNC_AUDIT.name) if r["key"] == key]
