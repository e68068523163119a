"""Differences between the LiteLLM state LiteMaaS's events imply and what LiteLLM holds. No I/O.

Values are plain JSON (money as decimal strings, lists sorted), so that the desired state can
live in a JSONB column and a conflict event can quote both sides. Spend is never compared: it
always comes from LiteLLM.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

Kind = Literal["user", "team", "key"]
KINDS: tuple[Kind, ...] = ("user", "team", "key")
Status = Literal["live", "tombstoned", "foreign"]
#: the field name of a whole object that exists on one side only
WHOLE = "*"
#: a team's members are fields ``member:<user_id>`` (True: a member), so that each membership
#: has its own event and timestamp, and each one that differs is one difference
MEMBER = "member:"

MONEY_FIELDS = frozenset({"max_budget", "soft_budget"})
#: LiteLLM sets a key's expiry from a duration when it generates the key: the two clocks differ
#: by the time the key took to reach LiteLLM, which the secret's one-hour life bounds
EXPIRY_TOLERANCE = timedelta(hours=1, minutes=5)

#: the fields LiteMaaS owns, per kind (member fields are open-ended)
FIELDS: Mapping[Kind, tuple[str, ...]] = {
    "user": ("email", "alias", "max_budget", "budget_duration"),
    "team": ("alias", "max_budget", "budget_duration", "tpm_limit", "rpm_limit", "blocked"),
    "key": (
        "models",
        "max_budget",
        "soft_budget",
        "budget_duration",
        "tpm_limit",
        "rpm_limit",
        "max_parallel_requests",
        "team_id",
        "blocked",
        "expires",
    ),
}


@dataclass(frozen=True)
class FieldState:
    """One desired field and the event that last set it."""

    value: Any
    changed_at: datetime | None = None
    event_id: str | None = None


@dataclass(frozen=True)
class Desired:
    kind: Kind
    entity_id: str
    fields: Mapping[str, FieldState]
    status: Status = "live"
    key_id: str | None = None


@dataclass(frozen=True)
class Observed:
    """One object as LiteLLM lists it, reduced to the fields LiteMaaS owns."""

    kind: Kind
    entity_id: str
    fields: Mapping[str, Any]
    updated_at: datetime | None = None
    key_id: str | None = None
    #: what LiteLLM says of the object beyond the compared fields (a key's owner, alias and
    #: abbreviated display): only for announcing an object made in LiteLLM for adoption
    about: Mapping[str, Any] = dataclass_field(default_factory=dict)


Presence = Literal["both", "only_litellm", "only_litemaas"]


@dataclass(frozen=True)
class Drift:
    kind: Kind
    entity_id: str
    field: str
    ours: Any
    theirs: Any
    ours_changed_at: datetime | None
    theirs_changed_at: datetime | None
    event_id: str | None = None
    presence: Presence = "both"
    key_id: str | None = None
    #: the whole desired object, for a re-creation
    desired: Mapping[str, Any] = dataclass_field(default_factory=dict)
    #: the whole object as LiteLLM holds it (its fields and ``about``), for an adoption
    observed: Mapping[str, Any] = dataclass_field(default_factory=dict)


def money(value: Any) -> str | None:
    """Decimal text, normalized, for any number LiteLLM or an event gives (None stays None)."""
    if value is None:
        return None
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return str(value)


def same(name: str, ours: Any, theirs: Any) -> bool:
    """Equal as LiteLLM stores them: money to 1e-9 (it keeps floats), expiry within the
    provisioning delay, lists as sets, a member absent on one side as not a member."""
    if name.startswith(MEMBER):
        return bool(ours) == bool(theirs)
    if ours is None or theirs is None:
        return ours is None and theirs is None
    if name in MONEY_FIELDS:
        return abs(Decimal(str(ours)) - Decimal(str(theirs))) < Decimal("1e-9")
    if name == "expires":
        gap = datetime.fromisoformat(str(ours)) - datetime.fromisoformat(str(theirs))
        return abs(gap) <= EXPIRY_TOLERANCE
    if isinstance(ours, list) and isinstance(theirs, list):
        return sorted(map(str, ours)) == sorted(map(str, theirs))
    return bool(ours == theirs)


def as_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _field_drifts(desired: Desired, observed: Observed) -> Iterator[Drift]:
    names = set(desired.fields)
    names |= {n for n in observed.fields if n.startswith(MEMBER) and observed.fields[n]}
    for name in sorted(names):
        state = desired.fields.get(name, FieldState(None))
        theirs = observed.fields.get(name)
        if name not in observed.fields and not name.startswith(MEMBER):
            continue  # LiteLLM does not report it: nothing to compare
        if not same(name, state.value, theirs):
            yield Drift(
                desired.kind,
                desired.entity_id,
                name,
                state.value,
                theirs,
                state.changed_at,
                observed.updated_at,
                state.event_id,
                key_id=desired.key_id or observed.key_id,
            )


def diff(
    desired: Mapping[str, Desired], observed: Mapping[str, Observed], *, partial: bool = False
) -> list[Drift]:
    """Every difference between the two sides. With ``partial`` only objects seen in LiteLLM
    are compared (one object was asked for, and LiteLLM's answer is the whole truth only for
    it). A foreign object (made in LiteLLM, already reported) and a tombstone are settled."""
    drifts: list[Drift] = []
    for entity_id, want in desired.items():
        if want.status != "live":
            continue
        seen = observed.get(entity_id)
        if seen is not None:
            drifts.extend(_field_drifts(want, seen))
        elif not partial:
            values = {n: s.value for n, s in want.fields.items()}
            latest = max((s.changed_at for s in want.fields.values() if s.changed_at), default=None)
            drifts.append(
                Drift(
                    want.kind,
                    entity_id,
                    WHOLE,
                    "present",
                    None,
                    latest,
                    None,
                    presence="only_litemaas",
                    key_id=want.key_id,
                    desired=values,
                )
            )
    for entity_id, seen in observed.items():
        if entity_id in desired:
            continue
        drifts.append(
            Drift(
                seen.kind,
                entity_id,
                WHOLE,
                None,
                "present",
                None,
                seen.updated_at,
                presence="only_litellm",
                key_id=seen.key_id,
                observed={**seen.fields, **seen.about},
            )
        )
    return drifts
