"""What sync last saw of LiteLLM's models: the baseline each pull is compared with."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_sync.adapters.tables import litellm_models
from litemaas_sync.domain.models import KnownModel, ObservedModel

#: one pull at a time across every sync instance (transaction-scoped advisory lock)
_PULL_LOCK = 0x6C6D_6D6F


def _to_json(facts: ObservedModel) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(facts).items()}


def _from_json(data: dict[str, Any]) -> ObservedModel:
    def cost(key: str) -> Decimal | None:
        return None if data.get(key) is None else Decimal(data[key])

    return ObservedModel(
        data["model_id"],
        data["provider"],
        data.get("context_length"),
        cost("input_cost_per_token"),
        cost("output_cost_per_token"),
        tuple(data.get("capabilities", ())),
    )


class SqlModelStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self) -> None:
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PULL_LOCK})

    async def known(self) -> dict[str, KnownModel]:
        rows = (await self.session.execute(select(litellm_models))).all()
        return {
            r.model_id: KnownModel(_from_json(r.facts), r.retired, r.missed_pulls) for r in rows
        }

    async def save(self, facts: ObservedModel) -> None:
        stmt = insert(litellm_models).values(model_id=facts.model_id, facts=_to_json(facts))
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["model_id"],
                set_={
                    "facts": stmt.excluded.facts,
                    "retired": False,
                    "missed_pulls": 0,
                    "updated_at": func.now(),
                },
            )
        )

    async def count_misses(self, misses: dict[str, int]) -> None:
        for model_id, missed in misses.items():
            await self.session.execute(
                litellm_models.update()
                .where(litellm_models.c.model_id == model_id)
                .values(missed_pulls=missed)
            )

    async def retire(self, model_id: str) -> None:
        await self.session.execute(
            litellm_models.update()
            .where(litellm_models.c.model_id == model_id)
            .values(retired=True, updated_at=func.now())
        )
