"""A team's statement for one closed period: its spend by model, user and key, rendered as
canonical bytes (sorted keys and lines, money as exact decimal strings) so the same ledger
always gives the same bytes and the same SHA-256.

Periods are UTC calendar months, for every team whether or not it has a budget: a budget's
period can change, a month cannot, and a statement must be re-generable from the topic."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from litemaas_billing.domain.checksum import money


@dataclass(frozen=True)
class Spent:
    """The ledger's totals for one (model, user, key) of the team in the period."""

    model: str
    user_id: str
    key_id: str
    requests: int
    failures: int
    prompt_tokens: int
    completion_tokens: int
    cost: Decimal


def month(at: datetime) -> tuple[datetime, datetime]:
    """The UTC calendar month ``at`` falls in: [start, end)."""
    start = at.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return start, end


def _totals(lines: Iterable[Spent]) -> dict[str, object]:
    items = list(lines)
    return {
        # int(): a database's SUM of integers may arrive as a Decimal
        "requests": int(sum(s.requests for s in items)),
        "failures": int(sum(s.failures for s in items)),
        "prompt_tokens": int(sum(s.prompt_tokens for s in items)),
        "completion_tokens": int(sum(s.completion_tokens for s in items)),
        "cost": money(sum((s.cost for s in items), Decimal(0))),
    }


def _by(name: str, lines: list[Spent]) -> list[dict[str, object]]:
    groups: dict[str, list[Spent]] = {}
    for line in lines:
        groups.setdefault(getattr(line, name), []).append(line)
    return [{name: value, **_totals(groups[value])} for value in sorted(groups)]


def render_statement(team_id: str, start: datetime, end: datetime, lines: Iterable[Spent]) -> bytes:
    """The statement's canonical bytes: the same lines in any order give the same bytes."""
    spent = list(lines)
    body = {
        "team_id": team_id,
        "period_start": start.astimezone(UTC).isoformat(),
        "period_end": end.astimezone(UTC).isoformat(),
        "currency": "USD",
        "total": _totals(spent),
        "by_model": _by("model", spent),
        "by_user": _by("user_id", spent),
        "by_key": _by("key_id", spent),
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
