"""Two of every service and relay: a stack of its own (``.stack-scale``, port base 25000),
started once for these tests by ``make test-scale`` and stopped after them.

``LITEMAAS_SCALE_STATE_DIR`` points them at a stack already running with ``--scale 2`` (its
launcher state dir) instead; that stack is left running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.stack import ROOT, LocalStack, read_env_file

SCALE = 2


class ScaledStack(LocalStack):
    def up(self) -> ScaledStack:
        self._launcher("up", "--scale", str(SCALE))
        self.endpoints = read_env_file(self.state_dir / "endpoints.env")
        return self


@pytest.fixture(scope="session")
def scaled() -> Iterator[LocalStack]:
    if existing := os.environ.get("LITEMAAS_SCALE_STATE_DIR"):
        state = Path(existing).resolve()
        running = ScaledStack(
            state, endpoints=read_env_file(state / "endpoints.env"), managed=False
        )
    else:
        running = ScaledStack(ROOT / ".stack-scale", port_base=25000).up()
    assert running.endpoints.get("SCALE") == str(SCALE), "the stack runs one of each"
    yield running
    if os.environ.get("LITEMAAS_KEEP_STACK") != "1":
        running.down()
