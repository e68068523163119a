"""Bounds for what the keys API accepts: each fits its column and what LiteLLM takes.

LiteLLM keeps limits in 32-bit integer columns (a larger one makes `/key/generate` answer 500,
which stalls provisioning) and PostgreSQL refuses NUL in text: both are bad input here (422).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, AwareDatetime, Field

INT32_MAX = 2**31 - 1
#: the furthest a key's expiry may be set (LiteLLM gets it as a duration in seconds)
MAX_EXPIRY = timedelta(days=3650)
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


def _ahead(value: datetime) -> datetime:
    if value - datetime.now(UTC) > MAX_EXPIRY:
        raise ValueError(f"expires_at must be within {MAX_EXPIRY.days} days")
    return value


Name = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_plain)]
ModelId = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain)]
Reason = Annotated[str, Field(max_length=500), AfterValidator(_prose)]
Money = Annotated[
    Decimal, Field(ge=0, le=10_000_000, max_digits=20, decimal_places=10, allow_inf_nan=False)
]
Limit = Annotated[int, Field(ge=0, le=INT32_MAX)]
#: what LiteLLM accepts as a budget period, like teams' ("30d", "12h")
Duration = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,3}[smhd]$", examples=["30d"])]
Expiry = Annotated[AwareDatetime, AfterValidator(_ahead)]
Id = Annotated[str, Field(max_length=36), AfterValidator(_plain)]
PathId = Annotated[str, Path(max_length=36), AfterValidator(_plain)]
QueryId = Annotated[str | None, Query(max_length=36), AfterValidator(_plain_or_none)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
