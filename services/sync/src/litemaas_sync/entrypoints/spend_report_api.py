"""``GET /api/v1/admin/sync/spend-report``: billing's ledger vs LiteLLM's spend logs vs
LiteLLM's spend counters for a period, per key, user and team (admins)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, Header, Query
from pydantic import BaseModel

from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Forbidden, Invalid, Unavailable
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_servicekit.security import ADMIN, ADMIN_READONLY, Principal, Verifier, authenticated
from litemaas_sync.adapters.billing_usage import BillingForbidden, BillingUsage
from litemaas_sync.adapters.budget_store import SqlBudgetStore
from litemaas_sync.app.spend_report import Counters, ReportRefused, SpendLogs, spend_report
from litemaas_sync.domain.spend_report import Difference, Report, Scope


class LineOut(BaseModel):
    scope: Scope
    subject: str
    ledger: Decimal
    litellm_logs: Decimal
    litellm_counter: Decimal | None
    differences: list[Difference]


class ReportOut(BaseModel):
    start: datetime
    end: datetime
    subjects: int
    differences: int
    unreadable_log_rows: int
    lines: list[LineOut]

    @classmethod
    def of(cls, report: Report, *, everything: bool) -> "ReportOut":
        shown = [line for line in report.lines if everything or line.differences]
        return cls(
            start=report.start,
            end=report.end,
            subjects=len(report.lines),
            differences=report.differences,
            unreadable_log_rows=report.unreadable_rows,
            lines=[
                LineOut(
                    scope=line.scope,
                    subject=line.subject,
                    ledger=line.ledger,
                    litellm_logs=line.logs,
                    litellm_counter=line.counter,
                    differences=list(line.differences),
                )
                for line in shown
            ],
        )


def router(
    billing: httpx.AsyncClient,
    logs: SpendLogs,
    counters: Counters,
    sessions: Sessions,
    verifier: Verifier,
) -> APIRouter:
    api = APIRouter(tags=["sync"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.get(
        "/api/v1/admin/sync/spend-report",
        response_model=ReportOut,
        summary="billing's ledger vs LiteLLM's spend logs and counters for whole UTC hours",
    )
    async def report(
        caller: Caller,
        authorization: Annotated[str, Header(max_length=8192)],
        start: Annotated[datetime, Query(alias="from", description="UTC, a whole hour")],
        end: Annotated[datetime, Query(alias="to", description="UTC, a whole hour; exclusive")],
        all_subjects: Annotated[bool, Query(alias="all")] = False,
    ) -> ReportOut:
        """Only subjects with a difference unless ``all=true``. Reads LiteLLM's logs for the
        whole period: at most 31 days."""
        caller.require(ADMIN, ADMIN_READONLY)
        async with sessions.begin() as session:
            restarted = await SqlBudgetStore(session).restarted_subjects()
        try:
            made = await spend_report(
                start, end, BillingUsage(billing, authorization), logs, counters, restarted
            )
        except ReportRefused as exc:
            raise Invalid(str(exc)) from exc
        except BillingForbidden as exc:
            raise Forbidden(f"billing refused: {exc}") from exc
        except DependencyUnavailable as exc:
            raise Unavailable(f"a source of the report is unavailable: {exc}") from exc
        return ReportOut.of(made, everything=all_subjects)

    return api
