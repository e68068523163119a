"""LiteLLM's users, teams and keys as the reconciler reads and corrects them.

Lists are walked to the last page (``/user/list`` and ``/key/list`` allow 100 a page; the key
walk is sorted by creation time ascending so that pages do not shift as keys are made;
``/team/list`` is one bare array with members). Every write goes through ``LiteLLMAdmin``'s one
client and circuit breaker, and ``WriteCounter`` counts every non-GET request that client makes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import httpx

from litemaas_sync.adapters.litellm import LiteLLMAdmin, LiteLLMTeams
from litemaas_sync.adapters.litellm_keys import NO_MODEL, models_body
from litemaas_sync.domain.drift import MEMBER, Kind, Observed, money

_PAGE = 100
#: LiteLLM's own identity for its master key: /team/new makes it a member of every team the
#: master key creates, and it is listed as a user. LiteLLM's, not a difference to settle.
LITELLM_OWN = frozenset({"default_user_id"})


class WriteCounter:
    """How many writes (non-GET requests) the LiteLLM client has sent since start, and, inside
    ``counting()``, how many the task in it sent: the push handlers share the client, so the
    total's growth during a reconcile cycle is not that cycle's writes."""

    def __init__(self) -> None:
        self.writes = 0
        self._tally: ContextVar[list[int] | None] = ContextVar("litellm_writes", default=None)

    @contextmanager
    def counting(self) -> Iterator[list[int]]:
        """``[n]``: the writes this task (and tasks it starts) sent inside the block."""
        tally = [0]
        token = self._tally.set(tally)
        try:
            yield tally
        finally:
            self._tally.reset(token)

    def attach(self, http: httpx.AsyncClient) -> None:
        async def count(request: httpx.Request) -> None:
            if request.method != "GET":
                self.writes += 1
                tally = self._tally.get()  # the hook runs in the task that sends
                if tally is not None:
                    tally[0] += 1

        http.event_hooks["request"].append(count)


def _time(value: Any) -> datetime | None:
    """LiteLLM's timestamps, naive ones read as UTC."""
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(value: Any) -> str | None:
    moment = _time(value)
    return moment.astimezone(UTC).isoformat() if moment else None


def observe_user(raw: Mapping[str, Any]) -> Observed:
    fields = {
        "email": raw.get("user_email"),
        "alias": raw.get("user_alias"),
        "max_budget": money(raw.get("max_budget")),
        "budget_duration": raw.get("budget_duration"),
    }
    return Observed("user", raw["user_id"], fields, _time(raw.get("updated_at")))


def observe_team(raw: Mapping[str, Any]) -> Observed:
    fields: dict[str, Any] = {
        "alias": raw.get("team_alias") or "",
        "max_budget": money(raw.get("max_budget")),
        "budget_duration": raw.get("budget_duration"),
        "tpm_limit": raw.get("tpm_limit"),
        "rpm_limit": raw.get("rpm_limit"),
        "blocked": bool(raw.get("blocked")),
    }
    for member in raw.get("members_with_roles") or []:
        if member.get("user_id") and member["user_id"] not in LITELLM_OWN:
            fields[MEMBER + member["user_id"]] = True
    return Observed("team", raw["team_id"], fields, _time(raw.get("updated_at")))


def observe_key(raw: Mapping[str, Any], key_hash: str | None = None) -> Observed:
    models = [m for m in raw.get("models") or [] if m != NO_MODEL]
    fields = {
        "models": sorted(models),
        "max_budget": money(raw.get("max_budget")),
        # a key's soft budget lives in its linked budget row; the top-level field stays null
        "soft_budget": money(
            raw.get("soft_budget") or (raw.get("litellm_budget_table") or {}).get("soft_budget")
        ),
        "budget_duration": raw.get("budget_duration"),
        "tpm_limit": raw.get("tpm_limit"),
        "rpm_limit": raw.get("rpm_limit"),
        "max_parallel_requests": raw.get("max_parallel_requests"),
        "team_id": raw.get("team_id"),
        "blocked": bool(raw.get("blocked")),
        "expires": _iso(raw.get("expires")),
    }
    key_id = (raw.get("metadata") or {}).get("litemaas_key_id")
    updated = _time(raw.get("settings_updated_at") or raw.get("updated_at"))
    about = {
        "user_id": raw.get("user_id"),
        "alias": raw.get("key_alias"),
        "display": raw.get("key_name"),
    }
    return Observed("key", key_hash or raw["token"], fields, updated, key_id, about)


class LiteLLMState:
    def __init__(self, admin: LiteLLMAdmin) -> None:
        self.admin = admin
        self.teams = LiteLLMTeams(admin)

    async def _get(self, path: str, params: Mapping[str, Any]) -> Any:
        return (await self.admin._call("GET", path, params=dict(params))).json() or {}

    async def list(self, kind: Kind) -> dict[str, Observed]:
        """Every object of that kind LiteLLM has, all pages read."""
        if kind == "team":
            teams = (await self.admin._call("GET", "/team/list")).json() or []
            return {t["team_id"]: observe_team(t) for t in teams if t.get("team_id")}
        found: dict[str, Observed] = {}
        page, pages = 1, 1
        while page <= pages:
            if kind == "user":
                body = await self._get("/user/list", {"page": page, "page_size": _PAGE})
                users = body.get("users") or []
                items = [observe_user(u) for u in users if u.get("user_id") not in LITELLM_OWN]
            else:
                params = {"page": page, "size": _PAGE, "return_full_object": "true"}
                params |= {"sort_by": "created_at", "sort_order": "asc"}
                body = await self._get("/key/list", params)
                items = [observe_key(k) for k in body.get("keys") or [] if isinstance(k, dict)]
            found.update((item.entity_id, item) for item in items)
            pages, page = int(body.get("total_pages") or 1), page + 1
        return found

    async def one(self, kind: Kind, entity_id: str) -> Observed | None:
        """One object, or None when LiteLLM does not have it (a deleted key counts as absent)."""
        path, param, wrapper = {
            "user": ("/user/info", "user_id", "user_info"),
            "team": ("/team/info", "team_id", "team_info"),
            "key": ("/key/info", "key", "info"),
        }[kind]
        response = await self.admin._call("GET", path, ok=(404,), params={param: entity_id})
        if response.status_code == 404:
            return None
        body = response.json() or {}
        info = body.get(wrapper) or {}
        if kind == "team":
            info = {**info, "members_with_roles": info.get("members_with_roles") or []}
        if not info or info.get("status") == "deleted":
            return None
        if kind == "user":
            return observe_user(info) if info.get("user_id") else None
        if kind == "team":
            return observe_team(info) if info.get("team_id") else None
        return observe_key(info, entity_id)

    async def write(self, kind: Kind, entity_id: str, values: Mapping[str, Any]) -> None:
        """Writes these fields of one object (members one by one; a key's block on its own)."""
        body: dict[str, Any] = {}
        for name, value in values.items():
            if name.startswith(MEMBER):
                user_id = name.removeprefix(MEMBER)
                if value:
                    await self.teams.add_member(entity_id, user_id, "user")
                else:
                    await self.teams.remove_member(entity_id, user_id)
            elif kind == "key" and name == "blocked":
                path = "/key/block" if value else "/key/unblock"
                await self.admin._call("POST", path, ok=(404,), json={"key": entity_id})
            else:
                body.update(_field_body(kind, name, value))
        if body:
            path, id_name = {
                "user": ("/user/update", "user_id"),
                "team": ("/team/update", "team_id"),
                "key": ("/key/update", "key"),
            }[kind]
            await self.admin._call("POST", path, json={id_name: entity_id, **body})

    async def create(self, kind: Kind, entity_id: str, values: Mapping[str, Any]) -> None:
        """Makes a user or team again from the desired state (keys cannot be: no secret)."""
        plain = {n: v for n, v in values.items() if not n.startswith(MEMBER)}
        body: dict[str, Any] = {}
        for name, value in plain.items():
            body.update(_field_body(kind, name, value))
        if kind == "user":
            body |= {"user_id": entity_id, "user_role": "internal_user", "auto_create_key": False}
            await self.admin._call("POST", "/user/new", ok=(409,), json=body)
        else:
            await self.admin._call("POST", "/team/new", json={"team_id": entity_id, **body})
        members = {n: v for n, v in values.items() if n.startswith(MEMBER) and v}
        if members:
            await self.write(kind, entity_id, members)


def _field_body(kind: Kind, name: str, value: Any) -> dict[str, Any]:
    if name in ("max_budget", "soft_budget"):
        return {name: None if value is None else float(value)}
    if name == "email":
        return {"user_email": value}
    if name == "alias":
        return {"user_alias" if kind == "user" else "team_alias": value}
    if name == "models":
        return {"models": models_body(tuple(value or ()))}
    if name == "expires":
        if value is None:
            return {"duration": None}
        left = (datetime.fromisoformat(value) - datetime.now(UTC)).total_seconds()
        return {"duration": f"{max(1, int(left))}s"}
    return {name: value}
