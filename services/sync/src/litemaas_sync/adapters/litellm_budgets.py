"""Budgets of LiteLLM's keys, users and teams: read, set, and their spend restarted."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from litemaas_contracts.billing import BudgetScope
from litemaas_sync.adapters.litellm import LiteLLMAdmin
from litemaas_sync.domain.budgets import BudgetState, LiteLLMBudget

#: where each subject is read and written, and the field naming it
_INFO = {"key": ("/key/info", "key", "info"), "user": ("/user/info", "user_id", "user_info")}
_INFO["team"] = ("/team/info", "team_id", "team_info")
_UPDATE = {"key": ("/key/update", "key"), "user": ("/user/update", "user_id")}
_UPDATE["team"] = ("/team/update", "team_id")


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class LiteLLMBudgets:
    def __init__(self, admin: LiteLLMAdmin) -> None:
        self.admin = admin

    async def read(self, scope: BudgetScope, subject: str) -> BudgetState | None:
        """None when LiteLLM does not have the subject (404, an empty body, a deleted key)."""
        path, param, field = _INFO[scope]
        response = await self.admin._call("GET", path, ok=(404,), params={param: subject})
        if response.status_code == 404:
            return None
        info = (response.json() or {}).get(field) or {}
        if not info or info.get("status") == "deleted":
            return None
        soft = None
        if scope == "key":  # kept on the key, or on its linked budget row in older versions
            linked = info.get("litellm_budget_table") or {}
            soft = info.get("soft_budget", linked.get("soft_budget"))
        budget = LiteLLMBudget(
            _money(info.get("max_budget")), info.get("budget_duration"), _money(soft)
        )
        spend = _money(info.get("spend")) or Decimal(0)
        return BudgetState(budget, spend, _moment(info.get("budget_reset_at")))

    async def write(
        self, scope: BudgetScope, subject: str, budget: LiteLLMBudget, *, period: bool = True
    ) -> None:
        """Every field is sent, None included: LiteLLM 1.106.2 clears a field sent as null
        (users: only fields explicitly set), and recomputes budget_reset_at from the duration.
        ``period=False`` leaves the duration, and so the reset time, as they are."""
        path, param = _UPDATE[scope]
        body: dict[str, Any] = {param: subject, "max_budget": _float(budget.max_budget)}
        if period:
            body["budget_duration"] = budget.budget_duration
        if scope == "key":
            body["soft_budget"] = _float(budget.soft_budget)
        await self.admin._call("POST", path, json=body)

    async def reset_spend(self, scope: BudgetScope, subject: str, to: Decimal) -> None:
        """Keys: the reset endpoint, which also sets LiteLLM's cross-pod spend counter and
        evicts its cached key; users: ``/user/update`` with the spend, which invalidates theirs.
        LiteLLM has nothing of the kind for teams."""
        spend = float(to)
        if scope == "key":
            await self.admin._call("POST", f"/key/{subject}/reset_spend", json={"reset_to": spend})
        elif scope == "user":
            body = {"user_id": subject, "spend": spend}
            await self.admin._call("POST", "/user/update", json=body)
        else:
            raise ValueError("LiteLLM cannot reset a team's spend")
