"""Team events reach LiteLLM's teams: budget, limits and members, through sync."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from litemaas_contracts import Envelope, Event
from litemaas_contracts.identity import TeamCreated, TeamMemberAdded
from tests.support.clients import dev_login, eventually, litellm_user
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def _publish(stack: Stack, *events: Event) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        for event in events:
            envelope = Envelope.new(
                type=event.event_type, source="/tests/auth", subject=event.subject()
            )
            await producer.send_and_wait(
                event.topic,
                event.model_dump_json().encode(),
                key=event.subject().encode(),
                headers=envelope.to_headers(),
            )
    finally:
        await producer.stop()


async def _litellm_team(stack: Stack, team_id: str) -> dict[str, Any] | None:
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=5) as http:
        response = await http.get(
            "/team/info",
            params={"team_id": team_id},
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    info: dict[str, Any] | None = response.json().get("team_info") if response.is_success else None
    return info


async def test_team_with_limits_and_a_member_appears_in_litellm(stack: Stack) -> None:
    member = await dev_login(stack.endpoints["GATEWAY_URL"], f"member-{uuid.uuid4().hex[:8]}")
    user_id = member["user"]["id"]
    await eventually(
        lambda: litellm_user(stack.endpoints, user_id), within=15, what="the member in LiteLLM"
    )
    team_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    await _publish(
        stack,
        TeamCreated(
            team_id=team_id,
            name=f"research-{team_id[:6]}",
            max_budget=Decimal("42.5"),
            budget_duration="30d",
            tpm_limit=5000,
            rpm_limit=60,
            created_by="admin",
            created_at=now,
        ),
        TeamMemberAdded(
            team_id=team_id, user_id=user_id, role="member", added_by="admin", added_at=now
        ),
    )

    async def with_member() -> dict[str, Any] | None:
        info = await _litellm_team(stack, team_id)
        members = {m["user_id"] for m in (info or {}).get("members_with_roles", [])}
        return info if user_id in members else None

    team = await eventually(with_member, within=20, what="the team and its member in LiteLLM")
    assert team["team_alias"] == f"research-{team_id[:6]}"
    assert (team["max_budget"], team["budget_duration"]) == (42.5, "30d")
    assert (team["tpm_limit"], team["rpm_limit"]) == (5000, 60)
