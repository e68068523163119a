"""Models in the catalog: what a user may see and how a search is asked. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

SortKey = Literal[
    "name",
    "-name",
    "input_cost",
    "-input_cost",
    "output_cost",
    "-output_cost",
    "context_length",
    "-context_length",
]


@dataclass(frozen=True)
class Model:
    id: str
    provider: str
    context_length: int | None
    input_cost_per_token: Decimal | None
    output_cost_per_token: Decimal | None
    capabilities: tuple[str, ...]
    retired: bool
    restricted: bool
    hidden: bool
    updated_at: datetime


@dataclass(frozen=True)
class ModelQuery:
    search: str | None = None
    provider: str | None = None
    capability: str | None = None
    max_input_cost: Decimal | None = None
    max_output_cost: Decimal | None = None
    sort: SortKey = "name"
    page: int = 1
    page_size: int = 20
    #: admins may see hidden and retired models; users never do
    include_hidden: bool = False
    include_retired: bool = False


def visible_to(model: Model, *, can_read_everything: bool) -> bool:
    return can_read_everything or not (model.hidden or model.retired)


def subscribable(model: Model) -> str | None:
    """Why a model cannot be subscribed to, or None when it can."""
    if model.retired:
        return f"{model.id} is retired"
    if model.hidden:
        return f"{model.id} is not offered"
    return None
