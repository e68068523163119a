"""``litemaas replay billing``: runs billing's own replay (``python -m litemaas_billing
replay``), so its SQL stays in billing; this command only hands it the broker and database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _endpoint(name: str) -> str | None:
    if value := os.environ.get(name):
        return value
    endpoints = Path(".stack/endpoints.env")
    if endpoints.is_file():
        for line in endpoints.read_text().splitlines():
            if line.startswith(f"{name}="):
                return line.split("=", 1)[1].strip()
    return None


def replay_billing(bootstrap: str, into: str | None) -> int:
    """Billing's exit code: 0 when the checksums are equal, 1 when not, 2 on bad usage."""
    database = _endpoint("BILLING_DATABASE_URL")
    if database is None:
        print(
            "litemaas: no billing database: set BILLING_DATABASE_URL or run `make run`",
            file=sys.stderr,
        )
        return 2
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "BILLING_DATABASE_URL": database}
    command = [sys.executable, "-m", "litemaas_billing", "replay"]
    if into:
        command += ["--into", into]
    # the operator's own credentials, passed on in the environment, never on the command line
    return subprocess.run(command, env=env, check=False).returncode  # noqa: S603
