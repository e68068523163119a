"""A checksum of the aggregates that does not depend on how they were built: the same rows,
ordered by their grain, rendered canonically (UTC times, money as exact decimal strings)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal

#: the aggregates' columns, grain first: the order rows are sorted and rendered in
COLUMNS = (
    "bucket",
    "user_id",
    "key_hash",
    "model",
    "team_id",
    "provider",
    "key_id",
    "requests",
    "failures",
    "prompt_tokens",
    "completion_tokens",
    "cost",
)


def money(value: Decimal) -> str:
    """Exact and scale-free: 1.350E-5 and 0.0000135 are the same amount, so the same text."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return money(value)
    return str(value)


def render(rows: Iterable[Sequence[object]]) -> bytes:
    """One line per row, tab-separated cells, in the order given."""
    return b"".join(("\t".join(cell(v) for v in row) + "\n").encode() for row in rows)


def checksum(tables: Mapping[str, Iterable[Sequence[object]]]) -> str:
    """SHA-256 over each named table's rendered rows, tables in name order."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(f"# {name}\n".encode())
        digest.update(render(tables[name]))
    return digest.hexdigest()
