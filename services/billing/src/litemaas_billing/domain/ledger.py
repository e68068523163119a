"""What one spend record becomes in the ledger: who it is attributed to, and its buckets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from litemaas_contracts.billing import SpendRecorded
from litemaas_servicekit.ordering import NotYet


class UnknownOwner(NotYet):
    """No owner for the spend: neither the record nor billing's projection of keys names one.

    The key's ApiKeyCreated may still be on its way (a key used the moment it is made, its
    spend pushed at once): the consumer waits for it while the record is young, then counts
    attempts and dead-letters the record with this message as the reason."""


@dataclass(frozen=True)
class KeyOwner:
    """billing's projection of one key (from ApiKeyCreated): who its spend belongs to."""

    key_hash: str
    key_id: str
    user_id: str
    team_id: str | None


@dataclass(frozen=True)
class LedgerEntry:
    """One ledger row: one LiteLLM request, attributed. Append-only."""

    request_id: str
    key_hash: str
    key_id: str | None
    user_id: str
    team_id: str | None
    model: str
    provider: str | None
    prompt_tokens: int
    completion_tokens: int
    cost: Decimal
    status: str
    started_at: datetime
    ended_at: datetime
    source: str
    recorded_at: datetime

    @property
    def hour(self) -> datetime:
        """The UTC hour the request started in: its hourly aggregate bucket."""
        return hour_of(self.started_at)

    @property
    def day(self) -> datetime:
        """The UTC day (midnight) the request started on: its daily aggregate bucket."""
        return day_of(self.started_at)


def _given(value: str | None) -> str | None:
    # LiteLLM stores a missing user or team as "", not null
    return value or None


def hour_of(at: datetime) -> datetime:
    return _utc(at).replace(minute=0, second=0, microsecond=0)


def day_of(at: datetime) -> datetime:
    return hour_of(at).replace(hour=0)


def _utc(at: datetime) -> datetime:
    # a naive time from a producer is read as UTC, as LiteLLM writes its spend logs
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def attribute(record: SpendRecorded, known: KeyOwner | None) -> LedgerEntry:
    """The record's own fields first (sync fills user and team from LiteLLM), then what billing
    knows of the key; refused when neither names a user (an unknown key such as the master key,
    or spend that arrived before its key's ApiKeyCreated and carries no user)."""
    user_id = _given(record.user_id) or (known.user_id if known else None)
    if user_id is None:
        raise UnknownOwner(
            f"no owner for spend {record.request_id!r}: key hash {record.key_hash[:12]}… is not "
            "a LiteMaaS key billing knows and the record names no user"
        )
    team_id = _given(record.team_id) or (known.team_id if known else None)
    key_id = _given(record.key_id) or (known.key_id if known else None)
    return LedgerEntry(
        request_id=record.request_id,
        key_hash=record.key_hash,
        key_id=key_id,
        user_id=user_id,
        team_id=team_id,
        model=record.model,
        provider=_given(record.provider),
        prompt_tokens=record.prompt_tokens,
        completion_tokens=record.completion_tokens,
        cost=record.cost,
        status=record.status,
        started_at=_utc(record.started_at),
        ended_at=_utc(record.ended_at),
        source=record.source,
        recorded_at=_utc(record.recorded_at),
    )
