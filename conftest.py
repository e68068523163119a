"""Session-wide fixtures: the real stack starts once, only when a selected test needs it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.oidc_provider import OidcProvider, RunningProvider
from tests.support.openshift_contract import Contract, ContractServer, OpenShift
from tests.support.stack import LocalStack, Stack, start_stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    running = start_stack()
    yield running
    if os.environ.get("LITEMAAS_KEEP_STACK") != "1":
        running.down()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``after_all`` read what the rest of the suite left behind: run them last."""
    items.sort(key=lambda item: item.get_closest_marker("after_all") is not None)


@pytest.fixture(scope="session")
def openshift(stack: Stack) -> Iterator[OpenShift]:
    """The OpenShift contract server the test stack's auth service was configured with."""
    settings = stack.identity_provider_settings() if isinstance(stack, LocalStack) else {}
    if "AUTH_OPENSHIFT_API_URL" not in settings:
        pytest.skip("this stack's auth service has no OpenShift login configured")
    contract = Contract(
        settings["AUTH_OPENSHIFT_CLIENT_ID"],
        settings["AUTH_OPENSHIFT_CLIENT_SECRET"],
        redirect_uri="http://127.0.0.1/litemaas/callback/openshift",
    )
    port = int(settings["AUTH_OPENSHIFT_API_URL"].rsplit(":", 1)[1])
    with ContractServer(contract, port) as server:
        yield OpenShift(server.url, contract)


@pytest.fixture(scope="session")
def oidc(stack: Stack) -> Iterator[OidcProvider]:
    """A real OIDC provider process, the one the test stack's auth service was configured with."""
    settings = stack.identity_provider_settings() if isinstance(stack, LocalStack) else {}
    if "AUTH_OIDC_ISSUER" not in settings:
        pytest.skip("this stack's auth service has no OIDC provider configured")
    assert isinstance(stack, LocalStack)
    port = int(settings["AUTH_OIDC_ISSUER"].rstrip("/").rsplit(":", 1)[1])
    redirect = f"http://127.0.0.1:{port}/litemaas/callback"
    with RunningProvider(stack.state_dir, port, redirect) as provider:
        yield provider
