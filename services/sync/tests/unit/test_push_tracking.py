"""The push use cases keep the desired state and read their writes back: a replayed older
event does not undo a newer change, a tombstoned key is not made again, and a write that does
not take is reported."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from litemaas_contracts import Envelope
from litemaas_contracts.identity import TeamMemberAdded, TeamMemberRemoved, UserUpdated
from litemaas_contracts.keys import ApiKeyBlocked, ApiKeyCreated
from litemaas_sync.app.block_keys import set_blocked
from litemaas_sync.app.desired import Tracking
from litemaas_sync.app.push_keys import create_key
from litemaas_sync.app.push_teams import ensure_membership
from litemaas_sync.app.push_users import ensure_user
from litemaas_sync.domain.teams import LiteLLMTeam
from litemaas_sync.domain.users import LiteLLMUser
from services.sync.tests.unit.fakes import Audit, FakeTeams
from services.sync.tests.unit.reconcile_fakes import T0, FakeLiteLLMState, MemoryDesired

pytestmark = pytest.mark.unit


class Users(FakeLiteLLMState):
    """LiteLLM's users, for the push use case and its read-back alike."""

    async def get_user(self, user_id: str) -> LiteLLMUser | None:
        found = self.objects.get(("user", user_id))
        return LiteLLMUser(user_id, found["email"], found["alias"]) if found else None

    async def create_user(self, user: LiteLLMUser) -> bool:
        await self.write("user", user.user_id, {"email": user.email, "alias": user.alias})
        return True

    async def update_user(self, user: LiteLLMUser) -> None:
        await self.write("user", user.user_id, {"email": user.email, "alias": user.alias})


def _tracking(desired: MemoryDesired, litellm: FakeLiteLLMState, reports: list[Any]) -> Tracking:
    async def unconfirmed(*args: Any) -> None:
        reports.append(args)

    return Tracking(desired, litellm, unconfirmed)


def _env(event: Any, minutes: int) -> Envelope:
    envelope = Envelope.new(type=event.event_type, source="/t", subject="s")
    return Envelope(envelope.id, envelope.type, "/t", "s", T0 + timedelta(minutes=minutes))


def _updated(alias: str) -> UserUpdated:
    return UserUpdated(user_id="u1", email="a@x", username=alias, updated_at=T0)  # type: ignore[call-arg]


async def test_a_replayed_older_event_does_not_undo_a_newer_alias() -> None:
    desired, litellm, reports = MemoryDesired(), Users(), []
    tracking = _tracking(desired, litellm, reports)
    await ensure_user(_updated("new"), _env(_updated("new"), 10), litellm, Audit(), tracking)
    await ensure_user(_updated("old"), _env(_updated("old"), 1), litellm, Audit(), tracking)
    assert litellm.objects[("user", "u1")]["alias"] == "new"
    assert (await desired.get("user", "u1")).fields["alias"].value == "new"  # type: ignore[union-attr]
    assert reports == []


async def test_a_write_that_does_not_take_is_reported() -> None:
    desired, litellm, reports = MemoryDesired(), Users(), []
    litellm.put("user", "u1", email="a@x", alias="before")
    litellm.sticky.add("alias")
    audit = Audit()
    await ensure_user(
        _updated("after"),
        _env(_updated("after"), 1),
        litellm,
        audit,
        _tracking(desired, litellm, reports),
    )
    assert reports == [("user", "u1", "alias", "after", "before")]
    assert "not confirmed" in audit[0].detail
    assert len(litellm.writes) == 2  # the write, and its one retry


class Keys:
    def __init__(self) -> None:
        self.generated: list[str] = []

    async def exists(self, key_hash: str) -> bool:
        return False

    async def state(self, key_hash: str) -> str:
        return "active"

    async def set_blocked(self, key_hash: str, blocked: bool) -> None:
        self.generated.append(f"blocked={blocked}")

    async def generate(self, **kwargs: Any) -> None:
        self.generated.append(kwargs["key_id"])


class Secrets:
    async def get(self, key_id: str) -> str | None:
        return "sealed"

    async def drop(self, key_id: str) -> None:
        return None


async def test_a_tombstoned_key_is_never_made_again_by_a_late_event() -> None:
    desired, litellm, reports = MemoryDesired(), FakeLiteLLMState(), []
    await desired.set_status("key", "h1", "tombstoned", T0)
    event = ApiKeyCreated(
        key_id="k1", key_hash="h1", owner_user_id="u1", name="n", key_prefix="sk-1",
        models=("m",), created_by="u1", created_at=T0,
    )  # fmt: skip
    keys, audit = Keys(), Audit()
    tracking = _tracking(desired, litellm, reports)
    await create_key(event, _env(event, 1), keys, Secrets(), None, audit, None, tracking)  # type: ignore[arg-type]
    assert keys.generated == [] and audit[0].action == "skipped"


async def test_a_block_is_kept_in_the_desired_state_and_read_back() -> None:
    desired, litellm, reports = MemoryDesired(), FakeLiteLLMState(), []
    litellm.put("key", "h1", blocked=False)
    event = ApiKeyBlocked(
        key_id="k1", key_hash="h1", owner_user_id="u1", reason="gone", blocked_at=T0
    )  # type: ignore[call-arg]
    keys = Keys()
    await set_blocked(event, _env(event, 1), keys, Audit(), _tracking(desired, litellm, reports))  # type: ignore[arg-type]
    assert (await desired.get("key", "h1")).fields["blocked"].value is True  # type: ignore[union-attr]
    # the fake LiteLLM never took the block: reported after one retry
    assert reports == [("key", "h1", "blocked", True, False)]
    assert keys.generated == ["blocked=True", "blocked=True"]


async def test_a_replayed_older_membership_does_not_undo_a_later_leave() -> None:
    desired, litellm, reports = MemoryDesired(), FakeLiteLLMState(), []
    teams = FakeTeams()
    teams.teams["t1"] = LiteLLMTeam("t1", "T", None, None, None, None)
    tracking = _tracking(desired, litellm, reports)
    left = TeamMemberRemoved(team_id="t1", user_id="u1", removed_by="a", removed_at=T0)  # type: ignore[call-arg]
    joined = TeamMemberAdded(team_id="t1", user_id="u1", role="member", added_by="a", added_at=T0)
    audit = Audit()
    await ensure_membership(left, _env(left, 10), teams, teams, audit, tracking)
    await ensure_membership(joined, _env(joined, 1), teams, teams, audit, tracking)
    assert teams.members["t1"] == set()
    assert "superseded" in audit[-1].detail
