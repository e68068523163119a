"""billing's usage API as the spend report reads it: the admin's own token is forwarded, so
billing decides what the caller may see (sync holds no standing right to billing's data)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import httpx

from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_sync.domain.spend_report import Scope

PATH = "/api/v1/admin/usage/breakdown"
PAGE = 100
#: which field of a breakdown row names the subject as LiteLLM does
_NAMED_BY: dict[Scope, str] = {"key": "key_hash", "user": "user_id", "team": "team_id"}


class BillingForbidden(Exception):
    """billing refused the caller's token (it answered 401 or 403)."""


class BillingUsage:
    def __init__(self, http: httpx.AsyncClient, authorization: str) -> None:
        self.http, self.authorization = http, authorization

    async def totals(self, start: datetime, end: datetime, by: Scope) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        page = 1
        while True:
            params: dict[str, str | int] = {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "by": by,
                "page": page,
                "page_size": PAGE,
            }
            try:
                answer = await self.http.get(
                    PATH, params=params, headers={"Authorization": self.authorization}
                )
            except httpx.HTTPError as exc:
                raise DependencyUnavailable(f"billing: {type(exc).__name__}") from exc
            if answer.status_code in (401, 403):
                raise BillingForbidden(answer.json().get("detail", "refused"))
            if answer.status_code != 200:
                raise DependencyUnavailable(f"billing answered {answer.status_code}")
            body = answer.json()
            for item in body["items"]:
                if subject := item.get(_NAMED_BY[by]):
                    totals[subject] = totals.get(subject, Decimal(0)) + Decimal(item["cost"])
            if page * PAGE >= int(body["total"]):
                return totals
            page += 1
