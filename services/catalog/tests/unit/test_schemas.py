"""What the catalog API refuses before anything runs: text PostgreSQL cannot store."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from litemaas_catalog.entrypoints.schemas import BulkIn, ReasonIn, SubscribeIn

pytestmark = pytest.mark.unit


def test_control_characters_in_ids_and_reasons_are_refused() -> None:
    with pytest.raises(ValidationError, match="control characters"):
        SubscribeIn(model_id="mock-gpt\x00")
    with pytest.raises(ValidationError, match="control characters"):
        BulkIn(action="approve", ids=["a\x00"], reason="")
    with pytest.raises(ValidationError, match="control characters"):
        ReasonIn(reason="bad\x07bell")
    with pytest.raises(ValidationError):
        BulkIn(action="approve", ids=["x" * 37], reason="")
    assert ReasonIn(reason="line one\nline two").reason == "line one\nline two"
    assert SubscribeIn(model_id="openai/gpt-4o").model_id == "openai/gpt-4o"
