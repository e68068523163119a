"""``/api/v1/usage`` (the caller's own spend) and ``/api/v1/admin/usage`` (everyone's, for
admins and admin-readonly): summary, series, breakdowns, top consumers, CSV and JSON export."""

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Response

from litemaas_billing.app import usage as uc
from litemaas_billing.app.ports import UsageReader
from litemaas_billing.domain.usage import Dimension, Granularity, RangeRefused, Scope
from litemaas_billing.entrypoints.fields import IdFilter, ModelFilter, PageNo
from litemaas_billing.entrypoints.schemas import (
    BreakdownOut,
    ExportOut,
    GroupOut,
    PointOut,
    SeriesOut,
    SummaryOut,
    TotalsOut,
)
from litemaas_servicekit.errors import Invalid
from litemaas_servicekit.security import Principal, Verifier, authenticated

T = TypeVar("T")
#: an export larger than this asks for a narrower range or a coarser granularity
MAX_EXPORT_ROWS = 50_000
From = Annotated[datetime, Query(alias="from", description="UTC, on a whole hour; inclusive")]
To = Annotated[datetime, Query(alias="to", description="UTC, on a whole hour; exclusive")]
PageSize = Annotated[int, Query(ge=1, le=100)]
TopN = Annotated[int, Query(ge=1, le=100)]
CSV_FIELDS = (
    "at",
    "user_id",
    "key_hash",
    "key_id",
    "team_id",
    "model",
    "provider",
    *TotalsOut.model_fields,
)


async def _answer(question: Awaitable[T]) -> T:
    try:
        return await question
    except RangeRefused as exc:
        raise Invalid(str(exc)) from exc


def _csv(export: ExportOut) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in export.rows:
        writer.writerow(row.model_dump(mode="json"))
    return out.getvalue()


def router(reader: UsageReader, verifier: Verifier) -> APIRouter:
    api = APIRouter(tags=["usage"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    async def own(caller: Caller, model: ModelFilter = None, team_id: IdFilter = None) -> Scope:
        filters = uc.Filters(team_id=team_id, model=model)
        return uc.scope_for(caller, everyone=False, filters=filters)

    async def everyone(
        caller: Caller,
        model: ModelFilter = None,
        team_id: IdFilter = None,
        user_id: IdFilter = None,
    ) -> Scope:
        filters = uc.Filters(user_id=user_id, team_id=team_id, model=model)
        return uc.scope_for(caller, everyone=True, filters=filters)

    def routes(prefix: str, scoped: Callable[..., Awaitable[Scope]], whose: str) -> None:
        Scoped = Annotated[Scope, Depends(scoped)]

        @api.get(f"{prefix}/summary", response_model=SummaryOut, summary=f"{whose}: totals")
        async def summary(scope: Scoped, start: From, end: To) -> SummaryOut:
            totals = await _answer(uc.summary(reader, scope, start, end))
            return SummaryOut(start=start, end=end, **TotalsOut.of(totals).model_dump())

        @api.get(f"{prefix}/series", response_model=SeriesOut, summary=f"{whose}: per hour or day")
        async def series(
            scope: Scoped, start: From, end: To, granularity: Granularity = "day"
        ) -> SeriesOut:
            rows = await _answer(uc.series(reader, scope, start, end, granularity))
            points = [PointOut(at=r.at, **TotalsOut.of(r.totals).model_dump()) for r in rows]
            return SeriesOut(granularity=granularity, start=start, end=end, points=points)

        @api.get(
            f"{prefix}/breakdown",
            response_model=BreakdownOut,
            summary=f"{whose}: per model, key, user, team, provider or subscription",
        )
        async def breakdown(
            scope: Scoped,
            start: From,
            end: To,
            by: Dimension,
            page: PageNo = 1,
            page_size: PageSize = 20,
        ) -> BreakdownOut:
            offset = (page - 1) * page_size
            found = uc.breakdown(reader, scope, start, end, by, limit=page_size, offset=offset)
            rows, total = await _answer(found)
            items = [GroupOut.of_row(r, by) for r in rows]
            return BreakdownOut(
                by=by,
                start=start,
                end=end,
                items=items,
                total=total,
                page=page,
                page_size=page_size,
            )

        @api.get(
            f"{prefix}/export",
            response_model=ExportOut,
            summary=f"{whose}: per period (and group), as JSON or CSV",
            responses={200: {"content": {"text/csv": {}}}},
        )
        async def export(
            scope: Scoped,
            start: From,
            end: To,
            granularity: Granularity = "day",
            by: Dimension | None = None,
            format: Literal["json", "csv"] = "json",
        ) -> ExportOut | Response:
            found = uc.table(reader, scope, start, end, granularity, by, limit=MAX_EXPORT_ROWS)
            rows, total = await _answer(found)
            if total > MAX_EXPORT_ROWS:
                raise Invalid(
                    f"the export would hold {total} rows (at most {MAX_EXPORT_ROWS}): "
                    "narrow the range or the granularity"
                )
            out = ExportOut(
                granularity=granularity,
                by=by,
                start=start,
                end=end,
                rows=[GroupOut.of_row(r, by) for r in rows],
            )
            if format == "json":
                return out
            name = f"usage-{start:%Y%m%dT%H}-{end:%Y%m%dT%H}.csv"
            return Response(
                _csv(out),
                media_type="text/csv; charset=utf-8",
                headers={"content-disposition": f'attachment; filename="{name}"'},
            )

    routes("/api/v1/usage", own, "My usage")
    routes("/api/v1/admin/usage", everyone, "Everyone's usage (admin, admin-readonly)")

    @api.get(
        "/api/v1/admin/usage/top",
        response_model=BreakdownOut,
        summary="Top consumers by cost (admin, admin-readonly)",
    )
    async def top(
        scope: Annotated[Scope, Depends(everyone)],
        start: From,
        end: To,
        by: Dimension = "user",
        limit: TopN = 10,
    ) -> BreakdownOut:
        rows, total = await _answer(uc.breakdown(reader, scope, start, end, by, limit=limit))
        items = [GroupOut.of_row(r, by) for r in rows]
        return BreakdownOut(
            by=by, start=start, end=end, items=items, total=total, page=1, page_size=limit
        )

    return api
