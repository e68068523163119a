"""Bounded contexts stay apart: a service imports only contracts, servicekit and itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "src").is_dir())


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_never_imports_another_service(service: str) -> None:
    others = {f"litemaas_{s}" for s in SERVICES if s != service}
    offenders = [
        f"{path.relative_to(ROOT)} imports {sorted(_imports(path) & others)}"
        for path in (ROOT / "services" / service).rglob("*.py")
        if _imports(path) & others
    ]
    assert offenders == []


def test_contracts_do_no_io() -> None:
    forbidden = {"sqlalchemy", "aiokafka", "faststream", "httpx", "redis", "asyncpg", "fastapi"}
    for path in (ROOT / "contracts" / "src").rglob("*.py"):
        assert not _imports(path) & forbidden, path
