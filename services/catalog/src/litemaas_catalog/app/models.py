"""The model catalog: kept up to date from sync's model events; flagged by admins."""

from __future__ import annotations

from litemaas_catalog.app.ports import Transactions, UnitOfWork
from litemaas_catalog.domain.models import Model
from litemaas_contracts.catalog import ModelDiscovered, ModelRetired, ModelUpdated
from litemaas_servicekit.errors import NotFound


async def project(uow: UnitOfWork, event: ModelDiscovered | ModelUpdated | ModelRetired) -> None:
    """Idempotent: applying the same event twice leaves the same row. LiteLLM serving a model
    is what un-retires it: sync announces a retired model that comes back with ModelDiscovered
    (and only ever updates a model LiteLLM serves), so both put ``retired`` back to False."""
    if isinstance(event, ModelRetired):
        if await uow.model(event.model_id) is None:  # retired before the catalog saw it
            await uow.upsert_model(
                {"id": event.model_id, "provider": "unknown", "capabilities": [], "retired": True}
            )
        else:
            await uow.set_model_flags(event.model_id, retired=True)
        return
    await uow.upsert_model(
        {
            "id": event.model_id,
            "provider": event.provider,
            "context_length": event.context_length,
            "input_cost_per_token": event.input_cost_per_token,
            "output_cost_per_token": event.output_cost_per_token,
            "capabilities": list(event.capabilities),
            "retired": False,
        }
    )


async def flag(
    transactions: Transactions, model_id: str, *, restricted: bool | None, hidden: bool | None
) -> Model:
    flags = {k: v for k, v in {"restricted": restricted, "hidden": hidden}.items() if v is not None}
    async with transactions() as uow:
        if await uow.model(model_id) is None:
            raise NotFound(f"no model named {model_id!r}")
        if flags:
            await uow.set_model_flags(model_id, **flags)
        model = await uow.model(model_id)
    assert model is not None
    return model
