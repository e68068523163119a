"""Statements render canonically: byte-stable, whatever the order of the ledger's lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from litemaas_billing.domain.statements import Spent, digest, month, render_statement

pytestmark = pytest.mark.unit
JAN = datetime(2026, 1, 1, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)
LINES = [
    Spent("mock-gpt", "alice", "k1", 2, 1, 10, 20, Decimal("0.0000135")),
    Spent("mock-gpt", "bob", "k2", 1, 0, 5, 5, Decimal("0.10")),
    Spent("mock-claude", "alice", "k1", 3, 0, 1, 2, Decimal("1.23456789012")),
]


def test_a_month_is_utc_and_december_rolls_into_january() -> None:
    assert month(datetime(2026, 1, 31, 23, 59, tzinfo=UTC)) == (JAN, FEB)
    dec = datetime(2025, 12, 1, tzinfo=UTC)
    assert month(datetime(2025, 12, 9, tzinfo=UTC)) == (dec, JAN)


def test_the_same_lines_in_any_order_give_the_same_bytes_and_digest() -> None:
    body = render_statement("team-1", JAN, FEB, LINES)
    assert body == render_statement("team-1", JAN, FEB, list(reversed(LINES)))
    assert digest(body) == digest(render_statement("team-1", JAN, FEB, LINES[::2] + LINES[1:2]))
    assert body != render_statement("team-2", JAN, FEB, LINES)


def test_the_statement_totals_by_model_user_and_key_exactly() -> None:
    body = render_statement("team-1", JAN, FEB, LINES)
    assert body == json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    parsed = json.loads(body)
    assert parsed["total"] == {
        "requests": 6,
        "failures": 1,
        "prompt_tokens": 16,
        "completion_tokens": 27,
        "cost": "1.33458139012",
    }
    assert [m["model"] for m in parsed["by_model"]] == ["mock-claude", "mock-gpt"]
    assert {u["user_id"]: u["cost"] for u in parsed["by_user"]} == {
        "alice": "1.23458139012",
        "bob": "0.1",
    }
    assert [k["key_id"] for k in parsed["by_key"]] == ["k1", "k2"]
    assert parsed["period_start"] == "2026-01-01T00:00:00+00:00"


def test_counts_summed_by_the_database_as_decimals_render_as_integers() -> None:
    decimals = [
        Spent("m", "u", "k", Decimal(2), Decimal(0), Decimal(10), Decimal(20), Decimal("0.5"))  # type: ignore[arg-type]
    ]
    ints = [Spent("m", "u", "k", 2, 0, 10, 20, Decimal("0.5"))]
    assert render_statement("t", JAN, FEB, decimals) == render_statement("t", JAN, FEB, ints)
