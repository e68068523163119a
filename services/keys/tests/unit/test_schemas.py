"""What the keys API refuses before anything runs: values no column or LiteLLM would take."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from litemaas_keys.entrypoints.schemas import KeyIn, RevokeIn, RotateIn

pytestmark = pytest.mark.unit
SOON = (datetime.now(UTC) + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"name": "a\x00b"}, "name"),
        ({"name": "tab\there"}, "name"),
        ({"models": ["gpt\x00"]}, "models"),
        ({"rpm_limit": 2**70}, "rpm_limit"),
        ({"tpm_limit": 2**31}, "tpm_limit"),
        ({"max_parallel_requests": -1}, "max_parallel_requests"),
        ({"max_budget": "Infinity"}, "max_budget"),
        ({"max_budget": "NaN"}, "max_budget"),
        ({"max_budget": 1e300}, "max_budget"),
        ({"soft_budget": "0.00000000001"}, "soft_budget"),
        ({"budget_duration": "forever"}, "budget_duration"),
        ({"budget_duration": "0d"}, "budget_duration"),
        ({"budget_duration": "99999d"}, "budget_duration"),
        ({"expires_at": "2999-01-01T00:00:00"}, "expires_at"),
        ({"expires_at": "2999-01-01T00:00:00Z"}, "expires_at"),
        ({"team_id": "x" * 37}, "team_id"),
    ],
)
def test_out_of_bounds_input_is_refused_by_field(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        KeyIn.model_validate({"name": "k", "models": ["gpt"], **extra})
    assert {str(e["loc"][0]) for e in refused.value.errors()} == {field}


def test_the_largest_accepted_values_reach_the_limits() -> None:
    body = KeyIn.model_validate(
        {
            "name": "k",
            "models": ["gpt"],
            "rpm_limit": 2**31 - 1,
            "max_budget": "10000000",
            "soft_budget": "0.00002",
            "budget_duration": "30d",
            "expires_at": SOON,
        }
    )
    limits = body.limits()
    assert limits.rpm_limit == 2**31 - 1 and limits.budget_duration == "30d"
    assert body.expires_at is not None and body.expires_at.tzinfo is not None


def test_reasons_may_span_lines_but_carry_no_nul_and_overlaps_are_bounded() -> None:
    assert RevokeIn(reason="first\nsecond").reason == "first\nsecond"
    with pytest.raises(ValidationError):
        RevokeIn(reason="a\x00")
    with pytest.raises(ValidationError):
        RotateIn(overlap_seconds=10**20)
