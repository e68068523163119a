"""Subscribe, decide, cancel: each a use case over one transaction; events leave via the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from litemaas_catalog.app.ports import Transactions
from litemaas_catalog.domain.models import subscribable
from litemaas_catalog.domain.subscriptions import Action, Quota, Subscription, apply, subscribe
from litemaas_servicekit.errors import Conflict, NotFound
from litemaas_servicekit.security import Principal


async def request_subscription(
    transactions: Transactions, caller: Principal, model_id: str, quota: Quota
) -> Subscription:
    async with transactions() as uow:
        model = await uow.model(model_id)
        if model is None or (model.hidden and not caller.can_read_everything):
            raise NotFound(f"no model named {model_id!r}")
        if why := subscribable(model):
            raise Conflict(why)
        change = subscribe(
            await uow.subscription_of(caller.user_id, model_id),
            caller.user_id,
            model_id,
            restricted=model.restricted,
            quota=quota,
            now=datetime.now(UTC),
        )
        await uow.save(change)
        return change.subscription


async def visible_subscription(
    transactions: Transactions, caller: Principal, sub_id: str
) -> Subscription:
    """Someone else's subscription is 'not found', not 'forbidden': its existence is private."""
    async with transactions() as uow:
        sub = await uow.subscription(sub_id)
    if sub is None or (sub.user_id != caller.user_id and not caller.can_read_everything):
        raise NotFound(f"no subscription {sub_id!r}")
    return sub


async def change_status(
    transactions: Transactions,
    caller: Principal,
    sub_ids: Sequence[str],
    action: Action,
    reason: str,
) -> list[Subscription]:
    """Admins approve, deny, suspend, reactivate (one or many: all or none); owners cancel."""
    now = datetime.now(UTC)
    changed = []
    async with transactions() as uow:
        for sub_id in sub_ids:
            sub = await uow.subscription(sub_id, lock=True)
            owner = sub is not None and sub.user_id == caller.user_id
            if sub is None or not (owner or caller.can_read_everything):
                raise NotFound(f"no subscription {sub_id!r}")
            if not (action == "cancel" and owner):
                caller.require("admin")
            change = apply(sub, action, actor=caller.user_id, reason=reason, now=now)
            await uow.save(change)
            changed.append(change.subscription)
    return changed
