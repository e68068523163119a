"""``/api/v1/models``: browse the catalog; ``/api/v1/admin/models``: flag models."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from litemaas_catalog.app.models import flag
from litemaas_catalog.app.ports import Transactions
from litemaas_catalog.domain.models import ModelQuery, SortKey, visible_to
from litemaas_catalog.entrypoints.fields import Capability, Cost, PageNo, PathModelId, Search
from litemaas_catalog.entrypoints.schemas import ModelFlags, ModelOut, Page
from litemaas_servicekit.errors import NotFound
from litemaas_servicekit.security import ADMIN, Principal, TokenVerifier, authenticated


def router(transactions: Transactions, verifier: TokenVerifier) -> APIRouter:
    api = APIRouter(tags=["models"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.get("/api/v1/models", response_model=Page[ModelOut], summary="Search the catalog")
    async def list_models(
        caller: Caller,
        search: Search = None,
        provider: Search = None,
        capability: Capability = None,
        max_input_cost: Cost = None,
        max_output_cost: Cost = None,
        sort: SortKey = "name",
        page: PageNo = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 20,
        include_hidden: bool = False,
        include_retired: bool = False,
    ) -> Page[ModelOut]:
        admin_view = caller.can_read_everything
        query = ModelQuery(
            search,
            provider,
            capability,
            max_input_cost,
            max_output_cost,
            sort,
            page,
            page_size,
            include_hidden and admin_view,
            include_retired and admin_view,
        )
        async with transactions() as uow:
            found, total = await uow.search(query)
        return Page(
            items=[ModelOut.of(m) for m in found], total=total, page=page, page_size=page_size
        )

    @api.get("/api/v1/models/{model_id:path}", response_model=ModelOut, summary="One model")
    async def get_model(model_id: PathModelId, caller: Caller) -> ModelOut:
        async with transactions() as uow:
            model = await uow.model(model_id)
        if model is None or not visible_to(model, can_read_everything=caller.can_read_everything):
            raise NotFound(f"no model named {model_id!r}")
        return ModelOut.of(model)

    @api.patch(
        "/api/v1/admin/models/{model_id:path}",
        response_model=ModelOut,
        summary="Mark a model restricted (subscriptions need approval) or hidden",
    )
    async def flag_model(model_id: PathModelId, body: ModelFlags, caller: Caller) -> ModelOut:
        caller.require(ADMIN)
        return ModelOut.of(
            await flag(transactions, model_id, restricted=body.restricted, hidden=body.hidden)
        )

    return api
