"""Sync's fakes for unit tests: LiteLLM's teams and their keys, and the audit trail."""

from __future__ import annotations

from litemaas_contracts import Envelope
from litemaas_contracts.sync import LiteLLMChangeApplied
from litemaas_sync.domain.teams import LiteLLMTeam, MemberKey


class FakeTeams:
    """LiteLLM's teams and keys as 1.106.2 behaves: removing a member deletes every key that
    names them as its user in that team."""

    def __init__(self) -> None:
        self.teams: dict[str, LiteLLMTeam] = {}
        self.members: dict[str, set[str]] = {}
        #: by hash: (key_id, user_id, team_id)
        self.keys: dict[str, tuple[str, str | None, str | None]] = {}
        self.calls: list[str] = []

    async def get_team(self, team_id: str) -> tuple[LiteLLMTeam, set[str]] | None:
        team = self.teams.get(team_id)
        return (team, self.members.setdefault(team_id, set())) if team else None

    async def create_team(self, team: LiteLLMTeam) -> None:
        self.calls.append("create")
        self.teams[team.team_id] = team

    async def update_team(self, team: LiteLLMTeam) -> None:
        self.calls.append("update")
        self.teams[team.team_id] = team

    async def add_member(self, team_id: str, user_id: str, role: str) -> None:
        self.calls.append(f"add:{role}")
        self.members[team_id].add(user_id)

    async def remove_member(self, team_id: str, user_id: str) -> None:
        self.calls.append("remove")
        self.members[team_id].discard(user_id)
        for key_hash, (_, user, team) in list(self.keys.items()):
            if (user, team) == (user_id, team_id):
                del self.keys[key_hash]

    async def member_keys(self, team_id: str, user_id: str) -> list[MemberKey]:
        return [
            MemberKey(key_hash, key_id)
            for key_hash, (key_id, user, team) in self.keys.items()
            if (user, team) == (user_id, team_id)
        ]

    async def detach(self, key_hash: str) -> bool:
        self.calls.append(f"detach:{key_hash}")
        if key_hash not in self.keys:
            return False
        key_id, _, team = self.keys[key_hash]
        self.keys[key_hash] = (key_id, None, team)
        return True


class Audit(list[LiteLLMChangeApplied]):
    async def __call__(self, change: LiteLLMChangeApplied) -> None:
        self.append(change)


def env(event: object) -> Envelope:
    return Envelope.new(type=type(event).event_type, source="/t", subject="t1")  # type: ignore[attr-defined]
