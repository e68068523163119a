"""LiteLLM's admin API, as sync needs it. Errors split into 'retry later' and 'this is wrong'."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import httpx

from litemaas_servicekit.resilience import CircuitBreaker, DependencyUnavailable
from litemaas_sync.domain.models import ObservedModel, observe
from litemaas_sync.domain.teams import LiteLLMTeam
from litemaas_sync.domain.users import LiteLLMUser

log = logging.getLogger(__name__)


class LiteLLMRejected(Exception):
    """LiteLLM refused the request for a reason retrying will not fix."""


class LiteLLMAdmin:
    def __init__(
        self, base_url: str, master_key: str, *, timeout: float, breaker: CircuitBreaker
    ) -> None:
        self.breaker = breaker
        self.http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            headers={"Authorization": f"Bearer {master_key}"},
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if not self.breaker.allow():
            raise DependencyUnavailable("LiteLLM circuit is open after repeated failures")
        try:
            response = await self.http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            self.breaker.record_failure()
            raise DependencyUnavailable(f"LiteLLM unreachable: {type(exc).__name__}") from exc
        if (
            response.status_code >= 500
            or response.status_code == 429
            or (response.status_code == 400 and "DB not connected" in response.text)
        ):
            self.breaker.record_failure()
            raise DependencyUnavailable(f"LiteLLM answered {response.status_code} on {path}")
        self.breaker.record_success()
        return response

    async def get_user(self, user_id: str) -> LiteLLMUser | None:
        """None when absent: 404 today, 200 with an empty body in older LiteLLM versions."""
        response = await self._call("GET", "/user/info", params={"user_id": user_id})
        if response.status_code == 404:
            return None
        _raise_for(response, "/user/info")
        info = (response.json() or {}).get("user_info") or {}
        if not info.get("user_id"):
            return None
        return LiteLLMUser(info["user_id"], info.get("user_email"), info.get("user_alias"))

    async def create_user(self, user: LiteLLMUser) -> bool:
        """True when created; False when LiteLLM already had it (409)."""
        body = {
            "user_id": user.user_id,
            "user_email": user.email,
            "user_alias": user.alias,
            "user_role": "internal_user",
            "auto_create_key": False,
        }
        response = await self._call("POST", "/user/new", json=body)
        if response.status_code == 409:
            return False
        _raise_for(response, "/user/new")
        return True

    async def list_models(self) -> list[ObservedModel]:
        response = await self._call("GET", "/model/info")
        _raise_for(response, "/model/info")
        return [observe(entry) for entry in (response.json() or {}).get("data", [])]

    async def update_user(self, user: LiteLLMUser) -> None:
        body = {"user_id": user.user_id, "user_email": user.email, "user_alias": user.alias}
        _raise_for(await self._call("POST", "/user/update", json=body), "/user/update")


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _team_body(team: LiteLLMTeam) -> dict[str, Any]:
    return {
        "team_id": team.team_id,
        "team_alias": team.alias,
        "max_budget": None if team.max_budget is None else float(team.max_budget),
        "budget_duration": team.budget_duration,
        "tpm_limit": team.tpm_limit,
        "rpm_limit": team.rpm_limit,
        "blocked": team.blocked,
    }


class LiteLLMTeams:
    """LiteLLM's teams and their members, over the same client and circuit breaker."""

    def __init__(self, admin: LiteLLMAdmin) -> None:
        self.admin = admin

    async def get_team(self, team_id: str) -> tuple[LiteLLMTeam, set[str]] | None:
        """The team and its member ids, or None when LiteLLM does not know it."""
        response = await self.admin._call("GET", "/team/info", params={"team_id": team_id})
        if response.status_code == 404:
            return None
        _raise_for(response, "/team/info")
        info = (response.json() or {}).get("team_info") or {}
        if not info.get("team_id"):
            return None
        team = LiteLLMTeam(
            info["team_id"],
            info.get("team_alias") or "",
            _money(info.get("max_budget")),
            info.get("budget_duration"),
            info.get("tpm_limit"),
            info.get("rpm_limit"),
            bool(info.get("blocked")),
        )
        members = {m.get("user_id") for m in info.get("members_with_roles") or []}
        return team, {m for m in members if m}

    async def create_team(self, team: LiteLLMTeam) -> None:
        _raise_for(await self.admin._call("POST", "/team/new", json=_team_body(team)), "/team/new")

    async def update_team(self, team: LiteLLMTeam) -> None:
        _raise_for(
            await self.admin._call("POST", "/team/update", json=_team_body(team)), "/team/update"
        )

    async def add_member(self, team_id: str, user_id: str, role: str) -> None:
        body = {"team_id": team_id, "member": {"user_id": user_id, "role": role}}
        response = await self.admin._call("POST", "/team/member_add", json=body)
        if response.status_code == 400 and "already in team" in response.text:
            return
        _raise_for(response, "/team/member_add")

    async def remove_member(self, team_id: str, user_id: str) -> None:
        body = {"team_id": team_id, "user_id": user_id}
        _raise_for(
            await self.admin._call("POST", "/team/member_delete", json=body), "/team/member_delete"
        )


def _raise_for(response: httpx.Response, path: str) -> None:
    if response.is_success:
        return
    try:
        message = response.json().get("error", {}).get("message") or response.text
    except ValueError:
        message = response.text
    raise LiteLLMRejected(f"LiteLLM answered {response.status_code} on {path}: {message[:300]}")
