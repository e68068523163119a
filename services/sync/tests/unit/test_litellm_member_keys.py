"""How sync finds and detaches a leaver's team keys in LiteLLM 1.106.2 (fake httpx transport):
the list is filtered by user and team, full objects, every page read before any change; a key
already gone is not an error."""

from __future__ import annotations

import json

import httpx
import pytest

from litemaas_servicekit.resilience import CircuitBreaker
from litemaas_sync.adapters.litellm import LiteLLMAdmin
from litemaas_sync.adapters.litellm_keys import LiteLLMKeys
from litemaas_sync.domain.teams import MemberKey

pytestmark = pytest.mark.unit


def _key(n: int, user: str | None = "u1", team: str = "t1") -> dict[str, object]:
    return {
        "token": f"h{n}",
        "user_id": user,
        "team_id": team,
        "metadata": {"litemaas_key_id": f"k{n}"},
    }


def _keys(
    pages: list[list[dict[str, object]]], deleted: set[str]
) -> tuple[LiteLLMKeys, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def route(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/key/list":
            page = int(request.url.params["page"])
            return httpx.Response(200, json={"keys": pages[page - 1], "total_pages": len(pages)})
        if json.loads(request.content)["key"] in deleted:
            return httpx.Response(404, json={"detail": "not found"})
        return httpx.Response(200, json={})

    admin = LiteLLMAdmin("http://litellm", "sk-master", timeout=1, breaker=CircuitBreaker(5, 10))
    admin.http = httpx.AsyncClient(base_url="http://litellm", transport=httpx.MockTransport(route))
    return LiteLLMKeys(admin), seen


async def test_every_page_of_the_members_keys_in_the_team_is_read() -> None:
    keys, seen = _keys(
        [[_key(1), _key(2)], [_key(3), _key(4, user=None), _key(5, team="t2")]], set()
    )
    found = await keys.member_keys("t1", "u1")
    assert found == [MemberKey("h1", "k1"), MemberKey("h2", "k2"), MemberKey("h3", "k3")]
    params = seen[0].url.params
    assert (params["user_id"], params["team_id"], params["return_full_object"]) == (
        "u1",
        "t1",
        "true",
    )
    assert int(params["size"]) <= 100, "LiteLLM refuses larger pages"
    assert [int(r.url.params["page"]) for r in seen] == [1, 2]


async def test_detaching_sets_no_user_and_a_key_gone_is_no_error() -> None:
    keys, seen = _keys([[]], {"gone"})
    assert await keys.detach("h1") is True
    assert json.loads(seen[0].content) == {"key": "h1", "user_id": None}
    assert await keys.detach("gone") is False
