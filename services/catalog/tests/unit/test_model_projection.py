"""The catalog's models follow sync's model events: a retired model that LiteLLM serves again
is back in the catalog, and replaying an event changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from litemaas_catalog.app.models import project
from litemaas_catalog.domain.models import Model
from litemaas_contracts.catalog import ModelDiscovered, ModelRetired, ModelUpdated

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


class FakeModels:
    """The model half of the catalog's unit of work, with the repository's upsert semantics:
    an insert takes the table's defaults, a conflict overwrites only the values given."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    async def model(self, model_id: str) -> Model | None:
        row = self.rows.get(model_id)
        return None if row is None else Model(**{**row, "capabilities": tuple(row["capabilities"])})

    async def upsert_model(self, values: dict[str, Any]) -> None:
        defaults = {
            "context_length": None,
            "input_cost_per_token": None,
            "output_cost_per_token": None,
            "retired": False,
            "restricted": False,
            "hidden": False,
        }
        self.rows[values["id"]] = {
            **defaults,
            **self.rows.get(values["id"], {}),
            **values,
            "updated_at": NOW,
        }

    async def set_model_flags(self, model_id: str, **flags: bool) -> None:
        self.rows[model_id].update(flags, updated_at=NOW)


FACTS: dict[str, Any] = {
    "model_id": "mock-gpt",
    "provider": "openai",
    "context_length": 8192,
    "input_cost_per_token": Decimal("0.0000005"),
    "output_cost_per_token": Decimal("0.0000015"),
    "capabilities": ("chat",),
}
DISCOVERED = ModelDiscovered(**FACTS, discovered_at=NOW)
RETIRED = ModelRetired(model_id="mock-gpt", retired_at=NOW)


async def _retired_model() -> FakeModels:
    uow = FakeModels()
    await project(uow, DISCOVERED)  # type: ignore[arg-type]
    await project(uow, RETIRED)  # type: ignore[arg-type]
    assert (await uow.model("mock-gpt")).retired  # type: ignore[union-attr]
    return uow


async def test_a_retired_model_discovered_again_is_back_in_the_catalog() -> None:
    uow = await _retired_model()
    await project(uow, DISCOVERED)  # type: ignore[arg-type]
    model = await uow.model("mock-gpt")
    assert model is not None and model.retired is False
    assert model.context_length == 8192


async def test_a_retired_model_updated_again_is_back_in_the_catalog() -> None:
    uow = await _retired_model()
    await project(uow, ModelUpdated(**{**FACTS, "context_length": 4096}, updated_at=NOW))  # type: ignore[arg-type]
    model = await uow.model("mock-gpt")
    assert model is not None and (model.retired, model.context_length) == (False, 4096)


async def test_reviving_keeps_the_admins_flags() -> None:
    uow = await _retired_model()
    await uow.set_model_flags("mock-gpt", restricted=True, hidden=True)
    await project(uow, DISCOVERED)  # type: ignore[arg-type]
    model = await uow.model("mock-gpt")
    assert model is not None and (model.retired, model.restricted, model.hidden) == (
        False,
        True,
        True,
    )


async def test_replaying_the_events_changes_nothing() -> None:
    uow = await _retired_model()
    before = dict(uow.rows["mock-gpt"])
    await project(uow, RETIRED)  # type: ignore[arg-type]
    assert uow.rows["mock-gpt"] == before
