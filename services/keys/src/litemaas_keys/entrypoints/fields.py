"""Bounds for what the keys API accepts: each fits its column and what LiteLLM takes.

LiteLLM keeps limits in 32-bit integer columns (a larger one makes `/key/generate` answer 500,
which stalls provisioning) and PostgreSQL refuses NUL in text: both are bad input here (422).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

from litemaas_servicekit.fields import (
    INT32_MAX,
    Limit,
    PageNo,
    free_text,
    path_text,
    query_text,
    text,
)

__all__ = ["INT32_MAX", "Limit", "PageNo"]

#: the furthest a key's expiry may be set (LiteLLM gets it as a duration in seconds)
MAX_EXPIRY = timedelta(days=3650)


def _ahead(value: datetime) -> datetime:
    if value - datetime.now(UTC) > MAX_EXPIRY:
        raise ValueError(f"expires_at must be within {MAX_EXPIRY.days} days")
    return value


Name = text(100)
ModelId = text(200)
Reason = free_text(500)
Money = Annotated[
    Decimal, Field(ge=0, le=10_000_000, max_digits=20, decimal_places=10, allow_inf_nan=False)
]
#: what LiteLLM accepts as a budget period, like teams' ("30d", "12h")
Duration = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,3}[smhd]$", examples=["30d"])]
Expiry = Annotated[AwareDatetime, AfterValidator(_ahead)]
Id = text(36, min_length=0)
PathId = path_text(36)
QueryId = query_text(36)
