"""Alerts reach people: an in-app notification for each person the budget concerns, a signed
webhook call to each enabled endpoint, a mail to each of them with an address (when SMTP is
configured). Fanned out from billing's own consumer of the alerts topic — never inside the
ingestion transaction — and sent by the delivery worker (``app/deliver.py``)."""

from __future__ import annotations

from typing import Any, Protocol

from litemaas_contracts.billing import BudgetExceeded, BudgetThresholdCrossed, CreditBalanceLow

Alert = BudgetThresholdCrossed | BudgetExceeded | CreditBalanceLow
_WHAT = {"spend": "spend", "requests": "requests", "tokens": "tokens"}


class AlertStore(Protocol):
    async def recipients(self, scope: str, user_id: str | None, team_id: str | None) -> list[str]:
        """Who a budget concerns: its user; for a team, its owners and admins."""

    async def with_email(self, user_ids: list[str]) -> list[str]: ...
    async def enabled_webhooks(self) -> list[str]: ...
    async def notify(
        self, user_id: str, source_id: str, kind: str, title: str, body: str, data: dict[str, Any]
    ) -> None: ...
    async def enqueue(self, channel: str, target: str, payload: dict[str, Any]) -> None:
        """Queue one delivery; the same event to the same target twice is one."""


def describe(alert: Alert) -> tuple[str, str]:
    """A title and a sentence a person reads (no secret: ids, figures and limits only)."""
    if isinstance(alert, CreditBalanceLow):
        whose = f"the {alert.owner} {alert.owner_id}"
        return (
            f"Credits running low: {whose}",
            f"The prepaid balance of {whose} is {alert.balance} millicredits, below its "
            f"threshold of {alert.threshold}. Requests are refused once it is spent.",
        )
    subject = f"{alert.scope} budget of {alert.subject_id}"
    if alert.scope == "subscription":
        subject = f"subscription budget for {alert.model_id}"
    what = _WHAT[alert.measure]
    if isinstance(alert, BudgetExceeded):
        return (
            f"Budget exceeded: {subject}",
            f"The {what} of the {subject} reached its limit: {alert.used} of {alert.limit} "
            f"in the period that started {alert.period_start:%Y-%m-%d %H:%M} UTC.",
        )
    return (
        f"Budget {alert.threshold}% reached: {subject}",
        f"The {what} of the {subject} reached {alert.threshold}% of its limit: {alert.used} "
        f"of {alert.limit} in the period that started {alert.period_start:%Y-%m-%d %H:%M} UTC.",
    )


async def fan_out(store: AlertStore, alert: Alert, event_id: str, *, mail: bool) -> None:
    """Idempotent on the event id (the notification and each delivery exist once)."""
    title, text = describe(alert)
    data = alert.model_dump(mode="json")
    payload = {"id": event_id, "type": alert.event_type, "data": data, "title": title, "text": text}
    if isinstance(alert, CreditBalanceLow):
        team = alert.owner_id if alert.owner == "team" else None
        people = await store.recipients(alert.owner, alert.owner_id if not team else None, team)
        kind = "credits_low"
    else:
        people = await store.recipients(alert.scope, alert.user_id, alert.team_id)
        kind = "budget_exceeded" if isinstance(alert, BudgetExceeded) else "budget_threshold"
    for user_id in people:
        await store.notify(user_id, event_id, kind, title, text, data)
    for webhook_id in await store.enabled_webhooks():
        await store.enqueue("webhook", webhook_id, payload)
    if mail:
        for user_id in await store.with_email(people):
            await store.enqueue("email", user_id, payload)
