"""Real people and real data for the property-based API tests: an admin, a plain user with
active subscriptions, keys and a team, and the users that the destructive operations act on,
so generated requests get past permission checks and path ids can be real as well as random."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.clients import TOKENS_SEEN

MODELS = ("mock-gpt", "mock-claude")
#: where generated webhooks point: this machine's discard port, never anywhere outside
SAFE_WEBHOOK = "http://127.0.0.1:9/property-tests"


@dataclass
class Person:
    id: str
    token: str
    refresh_token: str


@dataclass
class World:
    """Who acts and which real ids a generated request may carry, by name."""

    gateway: str
    admin: Person
    #: the plain user most requests act as: subscribed to MODELS, with keys and a team
    user: Person
    #: a second user: member of the user's team; the subscriptions that cancels act on
    other: Person
    #: the user that admins' user operations (roles, deactivation) act on: never `admin`
    victim: Person
    ids: dict[str, list[str]] = field(default_factory=dict)

    def login(self, username: str) -> Person:
        return login(self.gateway, username)

    def key(self, name: str) -> str:
        """A new key of the user over MODELS."""
        return make_key(self.user, self.gateway, name)


def login(gateway: str, username: str) -> Person:
    response = httpx.post(
        f"{gateway}/api/v1/auth/dev-login", json={"username": username}, timeout=15
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    TOKENS_SEEN.extend([body["access_token"], body["refresh_token"]])
    return Person(body["user"]["id"], body["access_token"], body["refresh_token"])


def _call(person: Person, gateway: str, method: str, path: str, **kw: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {person.token}"}
    return httpx.request(method, f"{gateway}{path}", headers=headers, timeout=30, **kw)


def _made(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def _subscribe(person: Person, gateway: str) -> list[str]:
    return [
        _made(_call(person, gateway, "POST", "/api/v1/subscriptions", json={"model_id": m}))["id"]
        for m in MODELS
    ]


def make_key(person: Person, gateway: str, name: str, within: float = 90) -> str:
    """A key over MODELS, once the subscriptions have reached the keys service."""
    deadline = time.monotonic() + within
    while True:
        made = _call(
            person, gateway, "POST", "/api/v1/api-keys", json={"name": name, "models": MODELS}
        )
        if made.status_code == 201:
            TOKENS_SEEN.append(made.json()["key"])
            return str(made.json()["id"])
        assert time.monotonic() < deadline, f"no key for {MODELS} within {within}s: {made.text}"
        time.sleep(0.5)


def _budget(admin: Person, gateway: str, scope: str, subject: str) -> dict[str, Any]:
    """A budget, once billing has heard of its subject (from auth's events)."""
    body = {"scope": scope, "subject_id": subject, "hard_limit": 1000}
    deadline = time.monotonic() + 60
    while (made := _call(admin, gateway, "POST", "/api/v1/admin/budgets", json=body)).is_error:
        assert time.monotonic() < deadline, f"billing never took a budget: {made.text}"
        time.sleep(0.5)
    return _made(made)


def _wait_for_catalog(person: Person, gateway: str, within: float = 120) -> None:
    deadline = time.monotonic() + within
    while True:
        page = _call(person, gateway, "GET", "/api/v1/models").json()
        if set(MODELS) <= {m["id"] for m in page.get("items", [])}:
            return
        assert time.monotonic() < deadline, f"the catalog never listed {MODELS}"
        time.sleep(1)


def forget_webhooks(world: World) -> None:
    """Webhooks the generated requests made are removed: billing would post alerts to them."""
    hooks = _call(world.admin, world.gateway, "GET", "/api/v1/admin/webhooks").json()
    for hook in hooks if isinstance(hooks, list) else hooks.get("items", []):
        if hook["url"].startswith(SAFE_WEBHOOK):
            path = f"/api/v1/admin/webhooks/{hook['id']}"
            assert _call(world.admin, world.gateway, "DELETE", path).status_code < 300


def build_world(gateway: str) -> World:
    tag = uuid.uuid4().hex[:8]
    world = World(
        gateway,
        admin=login(gateway, "admin"),
        user=login(gateway, f"prop-user-{tag}"),
        other=login(gateway, f"prop-other-{tag}"),
        victim=login(gateway, f"prop-victim-{tag}"),
    )
    user, other = world.user, world.other
    _wait_for_catalog(user, gateway)
    user_subs, other_subs = _subscribe(user, gateway), _subscribe(other, gateway)
    keys = [make_key(user, gateway, "prop-kept"), make_key(user, gateway, "prop-revoked")]
    team = _made(_call(user, gateway, "POST", "/api/v1/teams", json={"name": f"prop-{tag}"}))
    archived = _made(
        _call(user, gateway, "POST", "/api/v1/teams", json={"name": f"prop-archive-{tag}"})
    )
    for member in (other, world.victim):
        _made(
            _call(
                user,
                gateway,
                "POST",
                f"/api/v1/teams/{team['id']}/members",
                json={"user_id": member.id},
            )
        )
    budget = _budget(world.admin, gateway, "user", user.id)
    doomed = _budget(world.admin, gateway, "team", team["id"])
    asked = _made(
        _call(
            user,
            gateway,
            "POST",
            f"/api/v1/budgets/{budget['id']}/increase-requests",
            json={"hard_limit": 2000, "reason": "property tests"},
        ),
    )
    world.ids = {
        "hour_from": ["2026-01-01T00:00:00Z"],
        "hour_to": ["2026-01-02T00:00:00Z", "2026-01-01T01:00:00Z"],
        "budgets": [budget["id"]],
        "doomed_budgets": [doomed["id"]],
        "budget_requests": [asked["id"]],
        "budget_subjects": [user.id, team["id"], keys[0], user_subs[0]],
        "models": [*MODELS, "mock-llama"],
        "subscribed": list(MODELS),
        "user_subs": user_subs,
        "other_subs": other_subs,
        "kept_key": keys[:1],
        "revoked_key": keys[1:],
        "team": [team["id"]],
        "archived_team": [archived["id"]],
        "members": [other.id, world.victim.id],
        "users": [user.id, other.id],
        "victim": [world.victim.id],
        "refresh_tokens": [p.refresh_token for p in (world.other, world.victim)],
    }
    return world
