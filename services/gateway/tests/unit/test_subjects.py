"""The per-user limit counts against the subject of a validly signed token only: a forged or
garbage token counts as nobody's (the address limit still applies)."""

from __future__ import annotations

import pytest

from litemaas_gateway.subjects import Subjects
from litemaas_servicekit.errors import Unauthorized
from litemaas_servicekit.security import Principal

pytestmark = pytest.mark.unit


class Verifier:
    def __init__(self) -> None:
        self.calls = 0

    async def verify(self, token: str) -> Principal:
        self.calls += 1
        if token != "good":
            raise Unauthorized("forged")
        return Principal("u-1", "alice", frozenset(), "jti", expires_at=4_000_000_000)


async def test_a_valid_token_names_its_subject_and_is_verified_once() -> None:
    verifier = Verifier()
    subjects = Subjects(verifier)
    assert await subjects.of(b"Bearer good") == "u-1"
    assert await subjects.of(b"bearer good") == "u-1"
    assert verifier.calls == 1


@pytest.mark.parametrize("header", [None, b"", b"Basic abc", b"Bearer forged", b"Bearer \xff"])
async def test_anything_else_is_nobody(header: bytes | None) -> None:
    assert await Subjects(Verifier()).of(header) is None
