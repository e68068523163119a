"""How a LiteMaaS team should look in LiteLLM, and what to do about the difference. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Plan = Literal["create", "update", "nothing"]


@dataclass(frozen=True)
class LiteLLMTeam:
    """The fields of a LiteLLM team that LiteMaaS owns (budgets and limits come from LiteMaaS)."""

    team_id: str
    alias: str
    max_budget: Decimal | None
    budget_duration: str | None
    tpm_limit: int | None
    rpm_limit: int | None
    blocked: bool = False


def plan(desired: LiteLLMTeam, actual: LiteLLMTeam | None) -> Plan:
    if actual is None:
        return "create"
    return "nothing" if actual == desired else "update"


@dataclass(frozen=True)
class MemberKey:
    """A LiteLLM key of a team that names one member as its user; ``key_id`` is LiteMaaS's id
    (from the key's metadata), None for a key LiteMaaS did not make."""

    key_hash: str
    key_id: str | None
