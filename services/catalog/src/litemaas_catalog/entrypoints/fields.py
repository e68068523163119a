"""Bounds for what the catalog API accepts: each fits its column; PostgreSQL refuses NUL in
text, so control characters are bad input here (422), never a server error."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, Field

MAX_PAGE = 10_000


def _plain(value: str) -> str:
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise ValueError("control characters are not allowed")
    return value


def _prose(value: str) -> str:
    """Free text may span lines; other control characters (NUL included) are refused."""
    _plain(value.replace("\n", "").replace("\r", "").replace("\t", ""))
    return value


def _plain_or_none(value: str | None) -> str | None:
    return None if value is None else _plain(value)


ModelId = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain)]
Id = Annotated[str, Field(min_length=1, max_length=36), AfterValidator(_plain)]
Reason = Annotated[str, Field(max_length=1000), AfterValidator(_prose)]
PathModelId = Annotated[str, Path(max_length=200), AfterValidator(_plain)]
PathId = Annotated[str, Path(max_length=36), AfterValidator(_plain)]


Search = Annotated[str | None, Query(max_length=100), AfterValidator(_plain_or_none)]
Capability = Annotated[str | None, Query(max_length=64), AfterValidator(_plain_or_none)]
QueryId = Annotated[str | None, Query(max_length=36), AfterValidator(_plain_or_none)]
#: costs are per token, Numeric(20, 12) in the catalog
Cost = Annotated[Decimal | None, Query(ge=0, le=1_000_000, allow_inf_nan=False)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
