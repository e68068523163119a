"""LiteLLM's admin API, as sync needs it. Every error is an outage (wait and retry) or a
refusal of this one request (``LiteLLMRejected``: counted, then dead-lettered)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Collection
from decimal import Decimal
from typing import Any, NoReturn

import httpx

from litemaas_servicekit.resilience import (
    CircuitBreaker,
    DependencyUnavailable,
    Latency,
    retrying,
)
from litemaas_sync.domain.models import ObservedModel, observe
from litemaas_sync.domain.teams import LiteLLMTeam
from litemaas_sync.domain.users import LiteLLMUser

log = logging.getLogger(__name__)

#: statuses that say LiteLLM (or what is in front of it) is overloaded or down right now
OUTAGE_STATUSES = frozenset({429, 502, 503, 504})
#: LiteLLM 1.106.2 without its database answers 400 or 500 with one of these (observed/)
_NO_DATABASE = ("DB not connected", "Database not connected", "No db connected")
_SECRET = re.compile(r"sk-[A-Za-z0-9_\-]{4,}")


class LiteLLMRejected(Exception):
    """LiteLLM refused this request while answering others: retrying will not fix it."""


def _reason(response: httpx.Response, path: str) -> str:
    """LiteLLM's own words, short, with anything shaped like a key secret masked (a refused
    /key/generate carries the secret in its body, and LiteLLM may quote it back)."""
    try:
        body = response.json()
        error = body.get("error") or body.get("detail") or body
        message = str(error.get("message") or error) if isinstance(error, dict) else str(error)
    except (ValueError, AttributeError):
        message = response.text
    message = _SECRET.sub("sk-***", message)
    return f"LiteLLM answered {response.status_code} on {path}: {message[:300]}"


class LiteLLMAdmin:
    """One HTTP client and one circuit breaker for every call sync makes to LiteLLM.

    Each request has ``timeout`` seconds. An idempotent request (a read, or a write of a whole
    state) that meets an outage is tried up to ``attempts`` times within ``timeout`` seconds,
    with jittered backoff; what still fails is raised for the consumer to wait out (the record
    stays in Kafka). Other writes are tried once: their retry is the consumer's, which looks
    before it writes."""

    def __init__(
        self,
        base_url: str,
        master_key: str,
        *,
        timeout: float,
        breaker: CircuitBreaker,
        attempts: int = 3,
    ) -> None:
        self.breaker = breaker
        self.latency = Latency()
        self.timeout, self.attempts = timeout, attempts
        self.http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            headers={"Authorization": f"Bearer {master_key}"},
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def _call(
        self,
        method: str,
        path: str,
        *,
        ok: Collection[int] = (),
        idempotent: bool | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """The response when it succeeded or its status is one the caller reads (``ok``);
        otherwise raises DependencyUnavailable (an outage) or LiteLLMRejected. ``idempotent``
        defaults to "a GET"."""
        if not (method == "GET" if idempotent is None else idempotent) or self.attempts <= 1:
            return await self._once(method, path, ok, kwargs)
        async for attempt in retrying(self.attempts, base=0.2, cap=2.0, deadline=self.timeout):
            with attempt:
                return await self._once(method, path, ok, kwargs)
        raise AssertionError("unreachable: the last attempt's error is re-raised")

    async def _once(
        self, method: str, path: str, ok: Collection[int], kwargs: dict[str, Any]
    ) -> httpx.Response:
        async with self.breaker.guard():  # only DependencyUnavailable counts as a failure
            started = time.perf_counter()
            try:
                response = await self.http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                raise DependencyUnavailable(f"LiteLLM unreachable: {type(exc).__name__}") from exc
            finally:
                self.latency.record(time.perf_counter() - started)
            if response.is_success or response.status_code in ok:
                return response
            await self._classify(response, path)

    async def refuse(self, response: httpx.Response, path: str) -> NoReturn:
        """For a caller that read an ``ok`` status and found it unexpected after all."""
        async with self.breaker.guard():
            await self._classify(response, path)
        raise AssertionError("unreachable: _classify always raises")

    async def _classify(self, response: httpx.Response, path: str) -> NoReturn:
        """An unexpected answer: an outage, unless LiteLLM answers a cheap call that needs its
        database — then it is this request LiteLLM cannot accept (a 500 on one payload)."""
        status = response.status_code
        if status in OUTAGE_STATUSES or any(m in response.text for m in _NO_DATABASE):
            raise DependencyUnavailable(f"LiteLLM answered {status} on {path}")
        reason = _reason(response, path)
        if not await self._answers_with_its_database():
            raise DependencyUnavailable(f"{reason} (and it fails a database check too)")
        raise LiteLLMRejected(reason)

    async def _answers_with_its_database(self) -> bool:
        try:
            probe = await self.http.get("/key/list", params={"size": 1})
        except httpx.TransportError:
            return False
        return probe.is_success

    async def get_user(self, user_id: str) -> LiteLLMUser | None:
        """None when absent: 404 today, 200 with an empty body in older LiteLLM versions."""
        response = await self._call("GET", "/user/info", ok=(404,), params={"user_id": user_id})
        if response.status_code == 404:
            return None
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
        response = await self._call("POST", "/user/new", ok=(409,), json=body)
        return response.status_code != 409

    async def list_models(self) -> list[ObservedModel]:
        response = await self._call("GET", "/model/info")
        return [observe(entry) for entry in (response.json() or {}).get("data", [])]

    async def update_user(self, user: LiteLLMUser) -> None:
        body = {"user_id": user.user_id, "user_email": user.email, "user_alias": user.alias}
        await self._call("POST", "/user/update", idempotent=True, json=body)


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
        response = await self.admin._call(
            "GET", "/team/info", ok=(404,), params={"team_id": team_id}
        )
        if response.status_code == 404:
            return None
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
        await self.admin._call("POST", "/team/new", json=_team_body(team))

    async def update_team(self, team: LiteLLMTeam) -> None:
        await self.admin._call("POST", "/team/update", idempotent=True, json=_team_body(team))

    async def add_member(self, team_id: str, user_id: str, role: str) -> None:
        body = {"team_id": team_id, "member": {"user_id": user_id, "role": role}}
        response = await self.admin._call("POST", "/team/member_add", ok=(400,), json=body)
        if response.status_code == 400 and "already in team" not in response.text:
            await self.admin.refuse(response, "/team/member_add")

    async def remove_member(self, team_id: str, user_id: str) -> None:
        body = {"team_id": team_id, "user_id": user_id}
        await self.admin._call("POST", "/team/member_delete", json=body)
