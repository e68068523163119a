"""A new user's first login reaches LiteLLM through UserCreated → sync, and is audited."""

from __future__ import annotations

import uuid

import httpx
import pytest

from litemaas_contracts.topics import AUTH_USERS, SYNC_AUDIT
from tests.support.clients import dev_login, eventually, litellm_user, records
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def test_new_user_exists_in_litellm_with_email_and_alias(stack: Stack) -> None:
    username = f"alice-{uuid.uuid4().hex[:8]}"
    login = await dev_login(
        stack.endpoints["GATEWAY_URL"],
        username,
        email=f"{username}@corp.example",
        full_name="Alice Example",
    )
    user_id = login["user"]["id"]
    assert login["user"]["username"] == username
    assert login["user"]["roles"] == ["user"]

    found = await eventually(
        lambda: litellm_user(stack.endpoints, user_id), within=10, what=f"{username} in LiteLLM"
    )
    assert found["user_email"] == f"{username}@corp.example"
    assert found["user_alias"] == username


async def test_trace_runs_from_the_login_request_to_the_audit_record(stack: Stack) -> None:
    username = f"trace-{uuid.uuid4().hex[:8]}"
    trace_id = uuid.uuid4().hex
    traceparent = f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"
    login = await dev_login(
        stack.endpoints["GATEWAY_URL"], username, headers={"traceparent": traceparent}
    )
    user_id = login["user"]["id"]

    async def audit_record() -> dict | None:
        for record in await records(stack.endpoints, SYNC_AUDIT.name):
            if record["key"] == user_id:
                return record
        return None

    audited = await eventually(audit_record, within=10, what="the sync audit record")
    assert audited["value"]["action"] == "created"
    assert audited["value"]["source_event_type"] == "litemaas.auth.UserCreated.v1"
    assert audited["headers"]["traceparent"].split("-")[1] == trace_id
    created = [r for r in await records(stack.endpoints, AUTH_USERS.name) if r["key"] == user_id]
    assert created[0]["headers"]["traceparent"].split("-")[1] == trace_id
    assert created[0]["headers"]["ce_id"] == audited["value"]["source_event_id"]


async def test_second_login_is_the_same_user_and_publishes_nothing_new(stack: Stack) -> None:
    username = f"bob-{uuid.uuid4().hex[:8]}"
    first = await dev_login(stack.endpoints["GATEWAY_URL"], username)
    second = await dev_login(stack.endpoints["GATEWAY_URL"], username)
    assert second["user"]["id"] == first["user"]["id"]

    user_id = first["user"]["id"]
    await eventually(
        lambda: litellm_user(stack.endpoints, user_id), within=10, what="the user in LiteLLM"
    )
    events = [r for r in await records(stack.endpoints, AUTH_USERS.name) if r["key"] == user_id]
    assert [e["headers"]["ce_type"] for e in events] == ["litemaas.auth.UserCreated.v1"]


async def test_the_login_page_learns_which_logins_exist_without_logging_in(stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=10) as http:
        found = await http.get("/api/v1/auth/providers")
    assert found.status_code == 200, found.text
    offered = found.json()
    assert offered["dev_login"] is True  # the test stack runs in development
    assert set(offered) == {"dev_login", "oidc", "openshift"}
    assert all(isinstance(v, bool) for v in offered.values())
