"""What the usage API answers: totals with the cost as an exact decimal string."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from litemaas_billing.domain.usage import GROUP_FIELDS, Dimension, Granularity, Row, Totals
from litemaas_contracts.billing import ExactAmount


class TotalsOut(BaseModel):
    requests: int
    failures: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    #: USD, exact (a decimal string)
    cost: ExactAmount

    @classmethod
    def of(cls, totals: Totals) -> TotalsOut:
        return cls(
            requests=totals.requests,
            failures=totals.failures,
            prompt_tokens=totals.prompt_tokens,
            completion_tokens=totals.completion_tokens,
            total_tokens=totals.total_tokens,
            cost=totals.cost,
        )


class SummaryOut(TotalsOut):
    start: datetime
    end: datetime


class PointOut(TotalsOut):
    at: datetime


class SeriesOut(BaseModel):
    granularity: Granularity
    start: datetime
    end: datetime
    points: list[PointOut]


class GroupOut(TotalsOut):
    """One group's totals; the fields of the grouping dimension are set (null: no team, no
    provider), the others are null."""

    at: datetime | None = None
    user_id: str | None = None
    key_hash: str | None = None
    key_id: str | None = None
    team_id: str | None = None
    model: str | None = None
    provider: str | None = None

    @classmethod
    def of_row(cls, row: Row, by: Dimension | None) -> GroupOut:
        named = dict(zip(GROUP_FIELDS[by], row.group, strict=True)) if by else {}
        return cls(at=row.at, **TotalsOut.of(row.totals).model_dump(), **named)


class BreakdownOut(BaseModel):
    by: Dimension
    start: datetime
    end: datetime
    items: list[GroupOut]
    total: int
    page: int
    page_size: int


class ExportOut(BaseModel):
    granularity: Granularity
    by: Dimension | None
    start: datetime
    end: datetime
    rows: list[GroupOut]
