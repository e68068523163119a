"""LiteLLM down during a login: the login works, and the user reaches LiteLLM once it is back."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.support.clients import dev_login, eventually, litellm_user
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def test_login_survives_litellm_outage_and_nothing_is_lost(stack: Stack) -> None:
    stack.stop("litellm")
    try:
        usernames = [f"outage-{uuid.uuid4().hex[:8]}" for _ in range(3)]
        started = time.monotonic()
        logins = [await dev_login(stack.endpoints["GATEWAY_URL"], name) for name in usernames]
        assert time.monotonic() - started < 10, "logins must not wait for LiteLLM"
    finally:
        stack.start("litellm")

    for login in logins:
        user_id = login["user"]["id"]
        found = await eventually(
            lambda uid=user_id: litellm_user(stack.endpoints, uid),
            within=90,
            what=f"{login['user']['username']} after recovery",
        )
        assert found["user_alias"] == login["user"]["username"]
