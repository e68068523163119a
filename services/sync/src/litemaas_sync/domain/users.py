"""How a LiteMaaS user should look in LiteLLM, and what to do about the difference. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Plan = Literal["create", "update", "nothing"]


@dataclass(frozen=True)
class LiteLLMUser:
    """The fields of a LiteLLM user that LiteMaaS owns."""

    user_id: str
    email: str | None
    alias: str | None


def plan(desired: LiteLLMUser, actual: LiteLLMUser | None) -> Plan:
    """Look before writing: create what is absent, update what differs, leave the rest."""
    if actual is None:
        return "create"
    if (actual.email, actual.alias) != (desired.email, desired.alias):
        return "update"
    return "nothing"
