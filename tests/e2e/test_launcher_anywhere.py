"""A newcomer's clone anywhere: root running the stack from a directory the ``postgres`` user
cannot enter (a clone in /root, mode 0700) still gets its PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support.stack import LAUNCHER, ROOT

pytestmark = [pytest.mark.integration]


def _launcher(state: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(LAUNCHER), *args, "--state-dir", str(state)]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs PostgreSQL as another user")
def test_postgres_starts_from_a_private_directory() -> None:
    private = Path(tempfile.mkdtemp(prefix="litemaas-clone-"))  # mode 0700, like /root
    state = private / "checkout" / ".stack"
    port = int(os.environ.get("LITEMAAS_TEST_PORT_BASE", "30000")) + 900
    try:
        started = _launcher(state, "start", "postgres", "--port-base", str(port))
        assert started.returncode == 0, started.stdout + started.stderr
        ready = subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", str(port)], capture_output=True, check=False
        )
        assert ready.returncode == 0, "the cluster accepts connections"
    finally:
        _launcher(state, "down")
        digest = hashlib.sha256(str(state.resolve()).encode()).hexdigest()[:10]
        shutil.rmtree(f"/var/lib/postgresql/litemaas-{digest}", ignore_errors=True)
        shutil.rmtree(private, ignore_errors=True)
