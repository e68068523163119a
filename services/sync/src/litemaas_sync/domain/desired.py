"""The desired state's bookkeeping: each field remembers the event that last set it. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from litemaas_contracts.keys import KeyLimits
from litemaas_contracts.sync import ForeignKey
from litemaas_sync.domain.drift import Desired, FieldState, money


def merge(
    fields: Mapping[str, FieldState],
    values: Mapping[str, Any],
    event_id: str | None,
    at: datetime | None,
) -> dict[str, FieldState]:
    """Later wins per field: a replayed or late event never overwrites what a newer event (or
    an adopted LiteLLM change) set. Equal times apply, so a redelivered event is harmless."""
    merged = dict(fields)
    for name, value in values.items():
        known = merged.get(name)
        if known and known.changed_at and at and at < known.changed_at:
            continue
        merged[name] = FieldState(value, at, event_id)
    return merged


def to_json(fields: Mapping[str, FieldState]) -> dict[str, Any]:
    return {
        name: {
            "value": state.value,
            "event_id": state.event_id,
            "at": state.changed_at.isoformat() if state.changed_at else None,
        }
        for name, state in fields.items()
    }


def from_json(raw: Mapping[str, Any]) -> dict[str, FieldState]:
    return {
        name: FieldState(
            item.get("value"),
            datetime.fromisoformat(item["at"]) if item.get("at") else None,
            item.get("event_id"),
        )
        for name, item in raw.items()
    }


@dataclass(frozen=True)
class Overlay:
    """What billing decides about LiteLLM budgets, over the fields our other events set: a live
    budget's fields win (as enforce_budgets writes them); a credit cap owns ``max_budget``."""

    budgets: Mapping[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)
    capped: frozenset[tuple[str, str]] = frozenset()

    def apply(self, desired: Desired) -> Desired:
        subject = (desired.kind, desired.entity_id)
        budget = self.budgets.get(subject)
        if budget is None and subject not in self.capped:
            return desired
        fields = dict(desired.fields)
        for name, value in (budget or {}).items():
            fields[name] = FieldState(value, None, "billing-budget")
        if subject in self.capped:
            fields.pop("max_budget", None)
        return replace(desired, fields=fields)


def key_values(
    models: tuple[str, ...],
    limits: KeyLimits,
    team_id: str | None = None,
    expires_at: datetime | None = None,
    *,
    with_identity: bool = True,
) -> dict[str, Any]:
    """A key's desired fields, as the drift compares them. ``with_identity`` adds what only
    the key's creation sets (its team and expiry)."""
    values: dict[str, Any] = {
        "models": sorted(models),
        "max_budget": money(limits.max_budget),
        "soft_budget": money(limits.soft_budget),
        "budget_duration": limits.budget_duration,
        "tpm_limit": limits.tpm_limit,
        "rpm_limit": limits.rpm_limit,
        "max_parallel_requests": limits.max_parallel_requests,
    }
    if with_identity:
        values["team_id"] = team_id
        values["expires"] = expires_at.astimezone(UTC).isoformat() if expires_at else None
    return values


def _bounded(value: Any, limit: int) -> str | None:
    return str(value)[:limit] if value else None


def _identifier(value: Any) -> str | None:
    """An owner or team id as LiteMaaS makes them; anything longer is not one of ours."""
    return str(value) if value and len(str(value)) <= 200 else None


def foreign_key(observed: Mapping[str, Any]) -> ForeignKey:
    """A key made in LiteLLM, as the keys service needs it to adopt it: ``key_values``'s
    fields read back, with LiteLLM's owner, alias and abbreviated display."""
    try:
        limits = KeyLimits(
            max_budget=observed.get("max_budget"),
            soft_budget=observed.get("soft_budget"),
            budget_duration=observed.get("budget_duration"),
            tpm_limit=observed.get("tpm_limit"),
            rpm_limit=observed.get("rpm_limit"),
            max_parallel_requests=observed.get("max_parallel_requests"),
        )
    except ValidationError:
        limits = KeyLimits()  # LiteLLM holds a limit no LiteMaaS key could have: none adopted
    expires = observed.get("expires")
    return ForeignKey(
        owner_user_id=_identifier(observed.get("user_id")),
        team_id=_identifier(observed.get("team_id")),
        alias=_bounded(observed.get("alias"), 500),
        display=_bounded(observed.get("display"), 40),
        models=tuple(str(m) for m in observed.get("models") or ())[:500],
        limits=limits,
        expires_at=datetime.fromisoformat(expires) if isinstance(expires, str) else None,
    )
