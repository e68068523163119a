"""LiteLLM's spend logs (``GET /spend/logs/v2``), a closed window at a time, every row.

The endpoint pages by offset over ``ORDER BY startTime`` with no tie-breaker, so rows can
shift between pages while LiteLLM writes. A window that does not fit one page is therefore
halved until each half does; only a single second holding more rows than a page is paged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from litemaas_sync.adapters.litellm import LiteLLMAdmin
from litemaas_sync.domain.spend import Window

PATH = "/spend/logs/v2"
#: LiteLLM's largest page (1001 is refused with 422)
PAGE_SIZE = 1000


def _format(moment: datetime) -> str:
    """The only form v2 takes besides a bare date (observed): UTC, whole seconds."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class LiteLLMSpendLogs:
    def __init__(self, admin: LiteLLMAdmin, page_size: int = PAGE_SIZE) -> None:
        self.admin = admin
        self.page_size = page_size

    async def _page(self, window: Window, page: int) -> tuple[list[Mapping[str, Any]], int]:
        params: dict[str, str | int] = {
            "start_date": _format(window.start),
            "end_date": _format(window.end),
            "page": page,
            "page_size": self.page_size,
            "sort_by": "startTime",
            "sort_order": "asc",
        }
        response = await self.admin._call("GET", PATH, params=params)
        # costs as written: a JSON number becomes a Decimal, never a float
        body = json.loads(response.text, parse_float=Decimal) or {}
        return list(body.get("data") or []), int(body.get("total") or 0)

    async def read(self, window: Window) -> list[Mapping[str, Any]]:
        """Every row with ``start <= startTime <= end``; raises DependencyUnavailable (an
        outage) or LiteLLMRejected, and then nothing of the window counts as read."""
        rows, total = await self._page(window, 1)
        if total <= len(rows):
            return rows
        span = window.end - window.start
        if span >= timedelta(seconds=2):
            middle = window.start + timedelta(seconds=span.total_seconds() // 2)
            # both halves hold the middle second's bounds: a row may come twice, none is lost
            return await self.read(Window(window.start, middle)) + await self.read(
                Window(middle, window.end)
            )
        page = 1
        while len(rows) < total and page * self.page_size < total:
            page += 1
            more, _ = await self._page(window, page)
            if not more:
                break
            rows += more
        return rows
