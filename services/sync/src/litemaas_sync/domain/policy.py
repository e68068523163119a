"""Which side wins each difference with LiteLLM, per entity type and field. No I/O.

Defaults: LiteMaaS owns budgets, limits, model access, blocking and membership
(``litemaas_wins``: our value is written back); descriptive fields go to the newest change
(``newest_wins``); ``litellm_wins`` announces LiteLLM's value for the owning service to adopt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from litemaas_sync.domain.drift import MEMBER, WHOLE, Drift, Kind

Policy = Literal["litemaas_wins", "litellm_wins", "newest_wins"]
OnlyInLiteLLM = Literal["report", "adopt"]
DeletedInLiteLLM = Literal["recreate", "tombstone"]
Decision = Literal["pushed", "adopted", "reported", "recreated", "tombstoned"]

DEFAULT_POLICIES: Mapping[str, Policy] = {
    "user.email": "newest_wins",
    "user.alias": "newest_wins",
    "team.alias": "newest_wins",
}


class BadPolicy(ValueError):
    """A policy setting names an unknown entity type or strategy."""


def parse_policies(text: str) -> dict[str, Policy]:
    """``"key.max_budget=litellm_wins, user.*=litemaas_wins"`` → a mapping; empty is none."""
    parsed: dict[str, Policy] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        target, _, strategy = item.partition("=")
        kind, _, name = target.strip().partition(".")
        if kind not in ("user", "team", "key") or not name:
            raise BadPolicy(f"{target!r} is not <user|team|key>.<field or *>")
        if strategy.strip() not in get_args(Policy):
            raise BadPolicy(f"{strategy!r} is not one of {', '.join(get_args(Policy))}")
        parsed[f"{kind}.{name}"] = strategy.strip()  # type: ignore[assignment]
    return parsed


@dataclass(frozen=True)
class Policies:
    overrides: Mapping[str, Policy] = field(default_factory=dict)
    only_in_litellm: OnlyInLiteLLM = "report"
    deleted_in_litellm: DeletedInLiteLLM = "tombstone"

    def for_field(self, kind: Kind, name: str) -> Policy:
        """The most specific setting: ``kind.field``, then ``kind.member`` for members,
        then ``kind.*``, then the defaults; ``litemaas_wins`` when nothing names it."""
        table = {**DEFAULT_POLICIES, **self.overrides}
        candidates = [f"{kind}.{name}"]
        if name.startswith(MEMBER):
            candidates.append(f"{kind}.member")
        candidates.append(f"{kind}.*")
        for candidate in candidates:
            if candidate in table:
                return table[candidate]
        return "litemaas_wins"

    def describe(self, drift: Drift) -> str:
        if drift.presence == "only_litellm":
            return f"only_in_litellm={self.only_in_litellm}"
        if drift.presence == "only_litemaas":
            return f"deleted_in_litellm={self.deleted_in_litellm}"
        return self.for_field(drift.kind, drift.field)


def decide(drift: Drift, policies: Policies) -> Decision:
    """One decision per difference. A key deleted in LiteLLM cannot be made again (LiteMaaS
    never keeps a key's secret), so it is tombstoned whatever the setting."""
    if drift.presence == "only_litellm":
        return "adopted" if policies.only_in_litellm == "adopt" else "reported"
    if drift.presence == "only_litemaas" or drift.field == WHOLE:
        if drift.kind == "key" or policies.deleted_in_litellm == "tombstone":
            return "tombstoned"
        return "recreated"
    match policies.for_field(drift.kind, drift.field):
        case "litemaas_wins":
            return "pushed"
        case "litellm_wins":
            return "adopted"
        case _:
            return "adopted" if theirs_newer(drift) else "pushed"


def theirs_newer(drift: Drift) -> bool:
    """LiteLLM's change is newer than the event that set ours; unknown times lose."""
    if drift.theirs_changed_at is None:
        return False
    if drift.ours_changed_at is None:
        return True
    return drift.theirs_changed_at > drift.ours_changed_at
