"""LiteLLM's virtual keys, as sync needs them; found and changed by the key's hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litemaas_contracts.keys import KeyLimits
from litemaas_sync.adapters.litellm import LiteLLMAdmin
from litemaas_sync.app.push_keys import KeyState
from litemaas_sync.domain.teams import MemberKey

#: ``/key/list`` refuses a larger page (422)
_LIST_PAGE = 100
#: LiteLLM reads a key's empty model list as "every model". A LiteMaaS key left with none (all
#: its models withdrawn for the period) names this model, which no deployment serves instead.
NO_MODEL = "litemaas-no-model"


def models_body(models: tuple[str, ...]) -> list[str]:
    return list(models) or [NO_MODEL]


def limits_body(limits: KeyLimits) -> dict[str, Any]:
    body = limits.model_dump(exclude_none=True)
    for money in ("max_budget", "soft_budget"):
        if money in body:
            body[money] = float(body[money])
    return body


class LiteLLMKeys:
    def __init__(self, admin: LiteLLMAdmin) -> None:
        self.admin = admin

    async def state(self, key_hash: str) -> KeyState:
        """LiteLLM 1.106.2: 404 for an unknown hash; a deleted key still answers 200 with
        ``status: deleted``; ``blocked`` is null until the key is first blocked or unblocked."""
        response = await self.admin._call("GET", "/key/info", ok=(404,), params={"key": key_hash})
        if response.status_code == 404:
            return "absent"
        info = (response.json() or {}).get("info") or {}
        if not info or info.get("status") == "deleted":
            return "absent"
        return "blocked" if info.get("blocked") else "active"

    async def exists(self, key_hash: str) -> bool:
        return await self.state(key_hash) != "absent"

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
            "models": models_body(models),
            "metadata": {"litemaas_key_id": key_id},
            **limits_body(limits),
        }
        if team_id is not None:
            body["team_id"] = team_id  # spend counts against the team's budget
        if expires_at is not None:
            body["duration"] = f"{max(1, int((expires_at - now).total_seconds()))}s"
        await self.admin._call("POST", "/key/generate", json=body)

    async def update(self, key_hash: str, models: tuple[str, ...], limits: KeyLimits) -> None:
        body = {"key": key_hash, "models": models_body(models), **limits_body(limits)}
        await self.admin._call("POST", "/key/update", json=body)

    async def reset_spend(self, key_hash: str) -> None:
        await self.admin._call("POST", "/key/update", json={"key": key_hash, "spend": 0.0})

    async def set_blocked(self, key_hash: str, blocked: bool) -> None:
        """``/key/block`` and ``/key/unblock`` take the hash; 404 means the key is gone, which
        is as good as blocked (and nothing to unblock)."""
        path = "/key/block" if blocked else "/key/unblock"
        await self.admin._call("POST", path, ok=(404,), json={"key": key_hash})

    async def delete(self, key_hash: str) -> None:
        await self.admin._call("POST", "/key/delete", ok=(404,), json={"keys": [key_hash]})

    async def member_keys(self, team_id: str, user_id: str) -> list[MemberKey]:
        """Live keys (blocked ones too) naming this user in this team. LiteLLM 1.106.2 ANDs
        ``team_id`` with the exact ``user_id``; every page is read before the caller changes
        any key, since detaching one moves it out of this very filter."""
        found: dict[str, MemberKey] = {}
        page, pages = 1, 1
        while page <= pages:
            params: dict[str, str | int] = {
                "user_id": user_id,
                "team_id": team_id,
                "return_full_object": "true",
                "size": _LIST_PAGE,
                "page": page,
                "sort_by": "created_at",
                "sort_order": "asc",
            }
            response = await self.admin._call("GET", "/key/list", params=params)
            body = response.json() or {}
            for key in body.get("keys") or []:
                if key.get("user_id") == user_id and key.get("team_id") == team_id:
                    key_id = (key.get("metadata") or {}).get("litemaas_key_id")
                    found[key["token"]] = MemberKey(key["token"], key_id)
            pages, page = int(body.get("total_pages") or 1), page + 1
        return list(found.values())

    async def detach(self, key_hash: str) -> bool:
        """The key no longer names a user (it stays in its team); False when it is gone."""
        body = {"key": key_hash, "user_id": None}
        response = await self.admin._call("POST", "/key/update", ok=(404,), json=body)
        return response.status_code != 404
