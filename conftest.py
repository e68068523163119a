"""Session-wide fixtures: the real stack starts once, only when a selected test needs it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.stack import Stack, start_stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    running = start_stack()
    yield running
    if os.environ.get("LITEMAAS_KEEP_STACK") != "1":
        running.down()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``after_all`` read what the rest of the suite left behind: run them last."""
    items.sort(key=lambda item: item.get_closest_marker("after_all") is not None)
