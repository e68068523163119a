"""Bounds for what the catalog API accepts: each fits its column; PostgreSQL refuses NUL in
text, so control characters are bad input here (422), never a server error."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import Query

from litemaas_servicekit.fields import PageNo, free_text, path_text, query_text, text

__all__ = ["PageNo"]

ModelId = text(200)
Id = text(36)
Reason = free_text(1000)
PathModelId = path_text(200)
PathId = path_text(36)
Search = query_text(100)
Capability = query_text(64)
QueryId = query_text(36)
#: costs are per token, Numeric(20, 12) in the catalog
Cost = Annotated[Decimal | None, Query(ge=0, le=1_000_000, allow_inf_nan=False)]
