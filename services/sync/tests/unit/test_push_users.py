"""Pushing users to LiteLLM, against a fake LiteLLM: look before writing, audit every decision."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated, UserUpdated
from litemaas_contracts.sync import LiteLLMChangeApplied
from litemaas_sync.app.push_users import ensure_user
from litemaas_sync.domain.users import LiteLLMUser

pytestmark = pytest.mark.unit


class FakeLiteLLM:
    def __init__(self, *, conflict_on_create: bool = False) -> None:
        self.users: dict[str, LiteLLMUser] = {}
        self.writes: list[str] = []
        self.conflict_on_create = conflict_on_create

    async def get_user(self, user_id: str) -> LiteLLMUser | None:
        return self.users.get(user_id)

    async def create_user(self, user: LiteLLMUser) -> bool:
        self.writes.append("create")
        if self.conflict_on_create:
            return False
        self.users[user.user_id] = user
        return True

    async def update_user(self, user: LiteLLMUser) -> None:
        self.writes.append("update")
        self.users[user.user_id] = user


class Audit(list[LiteLLMChangeApplied]):
    async def __call__(self, change: LiteLLMChangeApplied) -> None:
        self.append(change)


def _created(email: str = "a@example.com") -> tuple[UserCreated, Envelope]:
    event = UserCreated(user_id="u1", username="alice", email=email, created_at=datetime.now(UTC))
    return event, Envelope.new(type=event.event_type, source="/t", subject="u1")


async def test_an_absent_user_is_created_and_audited() -> None:
    litellm, audit = FakeLiteLLM(), Audit()
    event, envelope = _created()
    await ensure_user(event, envelope, litellm, audit)
    assert litellm.users["u1"] == LiteLLMUser("u1", "a@example.com", "alice")
    assert [(a.action, a.source_event_id) for a in audit] == [("created", envelope.id)]


async def test_a_present_identical_user_is_left_alone() -> None:
    litellm, audit = FakeLiteLLM(), Audit()
    litellm.users["u1"] = LiteLLMUser("u1", "a@example.com", "alice")
    await ensure_user(*_created(), litellm, audit)
    assert litellm.writes == [] and audit[0].action == "already_present"


async def test_a_409_from_user_new_counts_as_present() -> None:
    litellm, audit = FakeLiteLLM(conflict_on_create=True), Audit()
    await ensure_user(*_created(), litellm, audit)
    assert audit[0].action == "already_present" and "409" in audit[0].detail


async def test_a_changed_email_is_updated() -> None:
    litellm, audit = FakeLiteLLM(), Audit()
    litellm.users["u1"] = LiteLLMUser("u1", "old@example.com", "alice")
    event = UserUpdated(
        user_id="u1", username="alice", email="new@example.com", updated_at=datetime.now(UTC)
    )
    await ensure_user(
        event, Envelope.new(type=event.event_type, source="/t", subject="u1"), litellm, audit
    )
    assert litellm.users["u1"].email == "new@example.com" and audit[0].action == "updated"
