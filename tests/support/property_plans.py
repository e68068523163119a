"""Who sends each generated request and which real ids it may carry: the property-based API
tests act on real data, and the operations that would break the shared stack act only on the
data that ``property_world`` made for them."""

from __future__ import annotations

import uuid
from typing import Any

import hypothesis.strategies as st
from schemathesis import Case

from tests.support.property_world import SAFE_WEBHOOK, World

#: who sends a request by default: admins for /admin, else the plain user (or an admin)
ADMIN_ONLY = ("admin",)
EITHER = ("user", "admin")
#: operation → (who may send it, {parameter or top-level body field: pool of real ids})
PLANS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    # the destructive ones act on this module's own users, team, key and subscriptions
    "POST /api/v1/teams/{team_id}/archive": (EITHER, {"team_id": "archived_team"}),
    "PUT /api/v1/admin/users/{user_id}/roles": (ADMIN_ONLY, {"user_id": "victim"}),
    "POST /api/v1/admin/users/{user_id}/deactivate": (ADMIN_ONLY, {"user_id": "victim"}),
    "POST /api/v1/admin/users/{user_id}/reactivate": (ADMIN_ONLY, {"user_id": "victim"}),
    "DELETE /api/v1/subscriptions/{sub_id}": (("other", "admin"), {"sub_id": "other_subs"}),
    "POST /api/v1/admin/subscriptions/{sub_id}/{action}": (ADMIN_ONLY, {"sub_id": "other_subs"}),
    "POST /api/v1/admin/subscriptions/bulk": (ADMIN_ONLY, {"ids": "other_subs"}),
    "PATCH /api/v1/admin/models/{model_id}": (ADMIN_ONLY, {"model_id": "patched_model"}),
    "DELETE /api/v1/api-keys/{key_id}": (EITHER, {"key_id": "revoked_key"}),
    # an admin acting on the user's team and key: the admin's own rights
    "PATCH /api/v1/teams/{team_id}": (EITHER, {}),
    "POST /api/v1/teams/{team_id}/members": (EITHER, {}),
    "PUT /api/v1/teams/{team_id}/members/{user_id}": (EITHER, {}),
    "DELETE /api/v1/teams/{team_id}/members/{user_id}": (EITHER, {}),
    "POST /api/v1/api-keys/{key_id}/rotate": (EITHER, {}),
    "DELETE /api/v1/admin/budgets/{budget_id}": (ADMIN_ONLY, {"budget_id": "doomed_budgets"}),
    # logging out ends the token that sent it: a fresh one each time
    "POST /api/v1/auth/logout": (("fresh",), {}),
}
#: a valid body that a generated one's fields are tried in, one or two at a time, half of the
#: time: the answer is then about those fields, not about another one that failed first
GOOD_BODIES: dict[str, dict[str, Any]] = {
    "POST /api/v1/api-keys": {"name": "prop", "models": ["mock-gpt"]},
}
#: real ids by parameter or body field name, for every other operation
POOLS = {
    "team_id": "team",
    "key_id": "kept_key",
    "sub_id": "user_subs",
    "model_id": "models",
    "models": "subscribed",
    "user_id": "members",
    "ids": "user_subs",
    "refresh_token": "refresh_tokens",
    "budget_id": "budgets",
    "request_id": "budget_requests",
    "subject_id": "budget_subjects",
    # usage ranges are whole UTC hours
    "from": "hour_from",
    "to": "hour_to",
}
#: body fields that always get a fixed value: billing posts alerts to every webhook's URL
FIXED = {"POST /api/v1/admin/webhooks": {"url": SAFE_WEBHOOK}}


def plan(case: Case) -> tuple[tuple[str, ...], dict[str, str]]:
    key = f"{case.method.upper()} {case.path}"
    if key in PLANS:
        actors, pools = PLANS[key]
        return actors, POOLS | pools
    if case.path.startswith("/api/v1/admin"):
        return ADMIN_ONLY, POOLS
    # an admin changes only this module's data: not its own subscriptions, keys or teams
    return (EITHER if case.method.upper() == "GET" else ("user",)), POOLS


def token_for(world: World, actor: str) -> str | None:
    if actor == "fresh":
        return world.login(f"prop-leaver-{uuid.uuid4().hex[:8]}").token
    if actor == "anonymous":
        return None
    if actor == "forged":
        return "eyJhbGciOiJFZERTQSJ9.e30.c2ln"
    person = getattr(world, actor)
    token: str = person.token
    return token


def use_real_ids(case: Case, data: st.DataObject, world: World, pools: dict[str, str]) -> None:
    """Half of the time a parameter or top-level body field gets a real id for its name."""

    def real(name: str, is_list: bool = False) -> Any:
        pool = world.ids[pools[name]]
        if is_list:
            return data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        return data.draw(st.sampled_from(pool))

    for where in (case.path_parameters, case.query):
        for name in list(where or {}):
            if name in pools and data.draw(st.booleans()):
                where[name] = real(name)
    fixed = FIXED.get(f"{case.method.upper()} {case.path}", {})
    if isinstance(case.body, dict):
        case.body.update({k: v for k, v in fixed.items() if k in case.body})
    good = GOOD_BODIES.get(f"{case.method.upper()} {case.path}")
    if good and isinstance(case.body, dict) and data.draw(st.booleans()):
        fields = data.draw(st.sets(st.sampled_from(sorted(case.body) or [""]), max_size=2))
        case.body = good | {k: v for k, v in case.body.items() if k in fields}
    if isinstance(case.body, dict):
        for name, value in list(case.body.items()):
            if name in pools and data.draw(st.booleans()):
                case.body[name] = real(name, isinstance(value, list))
