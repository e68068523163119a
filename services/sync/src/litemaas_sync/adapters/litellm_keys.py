"""LiteLLM's virtual keys, as sync needs them; found and changed by the key's hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litemaas_contracts.keys import KeyLimits
from litemaas_sync.adapters.litellm import LiteLLMAdmin, _raise_for


def limits_body(limits: KeyLimits) -> dict[str, Any]:
    body = limits.model_dump(exclude_none=True)
    for money in ("max_budget", "soft_budget"):
        if money in body:
            body[money] = float(body[money])
    return body


class LiteLLMKeys:
    def __init__(self, admin: LiteLLMAdmin) -> None:
        self.admin = admin

    async def exists(self, key_hash: str) -> bool:
        response = await self.admin._call("GET", "/key/info", params={"key": key_hash})
        if response.status_code == 404:
            return False
        _raise_for(response, "/key/info")
        info = (response.json() or {}).get("info") or {}
        return bool(info) and info.get("status") != "deleted"

    async def generate(
        self,
        *,
        secret: str,
        key_id: str,
        user_id: str,
        team_id: str | None,
        models: tuple[str, ...],
        limits: KeyLimits,
        expires_at: datetime | None,
        now: datetime,
    ) -> None:
        body: dict[str, Any] = {
            "key": secret,
            "key_alias": f"litemaas-{key_id}",
            "user_id": user_id,
            "models": list(models),
            "metadata": {"litemaas_key_id": key_id},
            **limits_body(limits),
        }
        if team_id is not None:
            body["team_id"] = team_id  # spend counts against the team's budget
        if expires_at is not None:
            body["duration"] = f"{max(1, int((expires_at - now).total_seconds()))}s"
        _raise_for(await self.admin._call("POST", "/key/generate", json=body), "/key/generate")

    async def update(self, key_hash: str, models: tuple[str, ...], limits: KeyLimits) -> None:
        body = {"key": key_hash, "models": list(models), **limits_body(limits)}
        _raise_for(await self.admin._call("POST", "/key/update", json=body), "/key/update")

    async def reset_spend(self, key_hash: str) -> None:
        body = {"key": key_hash, "spend": 0.0}
        _raise_for(await self.admin._call("POST", "/key/update", json=body), "/key/update")

    async def delete(self, key_hash: str) -> None:
        response = await self.admin._call("POST", "/key/delete", json={"keys": [key_hash]})
        if response.status_code == 404:
            return
        _raise_for(response, "/key/delete")
