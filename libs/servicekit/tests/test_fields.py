"""The shared input bounds: control characters refused, line breaks only in free text."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from litemaas_servicekit.fields import Limit, free_text, text

pytestmark = pytest.mark.unit


class _Body(BaseModel):
    name: text(10)  # type: ignore[valid-type]
    reason: free_text(20) = ""  # type: ignore[valid-type]
    limit: Limit = 0


@pytest.mark.parametrize("name", ["a\x00b", "tab\there", "bell\x07", "c1\x85", ""])
def test_names_refuse_control_characters_and_emptiness(name: str) -> None:
    with pytest.raises(ValidationError):
        _Body(name=name)


def test_free_text_may_span_lines_but_not_hold_nul() -> None:
    assert _Body(name="ok", reason="line one\nline two").reason == "line one\nline two"
    with pytest.raises(ValidationError):
        _Body(name="ok", reason="nul\x00")


@pytest.mark.parametrize("limit", [-1, 2**31, 2**70])
def test_limits_fit_a_32_bit_column(limit: int) -> None:
    with pytest.raises(ValidationError):
        _Body(name="ok", limit=limit)
