"""Prerequisites: find the tools the stack runs on; as root, apt-get what is missing."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .state import LauncherError


@dataclass(frozen=True)
class Need:
    what: str
    package: str  # the Debian package that provides it


def pg_bindir(data_dir: Path | None = None) -> Path | None:
    """PostgreSQL's server binaries: the data directory's version if it has one, else the newest."""
    if data_dir is not None and (data_dir / "PG_VERSION").exists():
        version = (data_dir / "PG_VERSION").read_text().strip()
        candidate = Path(f"/usr/lib/postgresql/{version}/bin")
        if (candidate / "postgres").exists():
            return candidate
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    newest = max(found, key=lambda p: int(re.sub(r"\D", "", Path(p).parts[4]) or 0))
    return Path(newest).parent


def java_major() -> int | None:
    if not shutil.which("java"):
        return None
    out = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def node_major() -> int | None:
    if not shutil.which("node"):
        return None
    out = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    match = re.match(r"v(\d+)", out.stdout.strip())
    return int(match.group(1)) if match else None


def _python_can_make_venvs() -> bool:
    if not shutil.which("python3"):
        return False
    probe = ["python3", "-c", "import ensurepip, venv"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def missing(*, need_maven: bool, need_npm: bool, need_venv: bool) -> list[Need]:
    needs: list[Need] = []
    if (java_major() or 0) < 17:
        needs.append(Need("java >= 17", "openjdk-17-jre-headless"))
    if need_maven and not shutil.which("mvn"):
        needs.append(Need("mvn", "maven"))
    if pg_bindir() is None or not shutil.which("psql") or not shutil.which("pg_isready"):
        needs.append(Need("PostgreSQL (initdb, postgres, psql, pg_isready)", "postgresql"))
    if not shutil.which("redis-server"):
        needs.append(Need("redis-server", "redis-server"))
    if (node_major() or 0) < 18:
        needs.append(Need("node >= 18 (LiteLLM's query-engine shim)", "nodejs"))
    if need_npm and not shutil.which("npm"):
        needs.append(Need("npm", "npm"))
    if need_venv and not _python_can_make_venvs():
        needs.append(Need("python3 -m venv", "python3-venv"))
    if os.geteuid() == 0 and not shutil.which("runuser"):
        needs.append(Need("runuser", "util-linux"))
    return needs


def ensure(log_path: Path, *, need_maven: bool, need_npm: bool, need_venv: bool) -> None:
    """Install what is missing when root; otherwise say exactly what to install, and stop."""
    needs = {"need_maven": need_maven, "need_npm": need_npm, "need_venv": need_venv}
    absent = missing(**needs)
    if not absent:
        return
    packages = sorted({need.package for need in absent})
    listing = ", ".join(need.what for need in absent)
    if os.geteuid() != 0:
        raise LauncherError(
            f"missing: {listing}. Install with: sudo apt-get install -y {' '.join(packages)}"
        )
    print(f"installing Debian packages: {' '.join(packages)} (log {log_path})", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with open(log_path, "ab") as log:
        install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]

        def run(argv: list[str]) -> int:
            return subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, env=env).returncode

        if run(install) != 0 and (run(["apt-get", "update"]) != 0 or run(install) != 0):
            raise LauncherError(f"apt-get install {' '.join(packages)} failed; see {log_path}")
    still = missing(**needs)
    if still:
        raise LauncherError("still missing after apt-get: " + ", ".join(n.what for n in still))
