"""What sync's use cases need: LiteLLM's users, and somewhere to write the audit trail."""

from __future__ import annotations

from typing import Protocol

from litemaas_contracts.sync import LiteLLMChangeApplied
from litemaas_sync.domain.users import LiteLLMUser


class LiteLLMUsers(Protocol):
    async def get_user(self, user_id: str) -> LiteLLMUser | None: ...
    async def create_user(self, user: LiteLLMUser) -> bool: ...
    async def update_user(self, user: LiteLLMUser) -> None: ...


class Audit(Protocol):
    async def __call__(self, change: LiteLLMChangeApplied) -> None: ...
