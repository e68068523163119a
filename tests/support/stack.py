"""One fixture interface for the real stack: testcontainers when a Docker engine answers, the
local launcher (``deploy/local/stack.py``) otherwise. The stack starts once per test session."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from deploy.local.launcher.registry import SERVICES

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "deploy" / "local" / "stack.py"


class Stack(Protocol):
    endpoints: dict[str, str]

    def stop(self, component: str) -> None: ...
    def start(self, component: str) -> None: ...
    def kill(self, component: str) -> None: ...
    def log_files(self) -> list[Path]: ...
    def down(self) -> None: ...


def read_env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs if not k.startswith("#")}


@dataclass
class LocalStack:
    """The same launcher as ``make run``, in its own state dir and ports."""

    state_dir: Path = ROOT / ".stack-test"
    #: LITEMAAS_TEST_PORT_BASE moves the test stack's ports (two checkouts on one machine)
    port_base: int = field(
        default_factory=lambda: int(os.environ.get("LITEMAAS_TEST_PORT_BASE", "30000"))
    )
    endpoints: dict[str, str] = field(default_factory=dict)
    #: False for a stack someone else started: the suite leaves it running
    managed: bool = True

    def _launcher(self, *args: str, timeout: float = 900) -> None:
        command = [sys.executable, str(LAUNCHER), *args, "--state-dir", str(self.state_dir)]
        env = dict(os.environ)
        if self.managed:
            command += ["--port-base", str(self.port_base)]
            # the launcher hands LITEMAAS_EXTRA_AUTH_<NAME> to the auth service as <NAME>
            providers = self.identity_provider_settings()
            env |= {f"LITEMAAS_EXTRA_AUTH_{k}": v for k, v in providers.items()}
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False, env=env
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )

    def identity_provider_settings(self) -> dict[str, str]:
        """How the test stack's auth service reaches its identity providers: the OpenShift
        contract server (port base + 21) and the OIDC provider (port base + 22), kept in the
        state dir across restarts."""
        path = self.state_dir / "identity-providers.env"
        if not path.exists() and not self.managed:
            return {}  # someone else's stack: its auth service knows no contract server
        if not path.exists():
            self.state_dir.mkdir(parents=True, exist_ok=True)
            port = self.port_base + 21
            path.write_text(
                f"AUTH_OPENSHIFT_API_URL=http://127.0.0.1:{port}\n"
                "AUTH_OPENSHIFT_CLIENT_ID=litemaas-tests\n"
                f"AUTH_OPENSHIFT_CLIENT_SECRET={secrets.token_urlsafe(24)}\n"
                "AUTH_ADMIN_GROUPS=litemaas-admins\n"
                "AUTH_ADMIN_READONLY_GROUPS=litemaas-readonly\n"
                f"AUTH_OIDC_ISSUER=http://127.0.0.1:{self.port_base + 22}/\n"
                "AUTH_OIDC_CLIENT_ID=litemaas-tests\n"
                f"AUTH_OIDC_CLIENT_SECRET={secrets.token_urlsafe(24)}\n"
                "AUTH_OIDC_SCOPES=openid email profile groups\n"
            )
            path.chmod(0o600)
        return read_env_file(path)

    def up(self) -> LocalStack:
        # LITEMAAS_TEST_SCALE=2: the whole suite against two of every service and relay
        scale = os.environ.get("LITEMAAS_TEST_SCALE", "1")
        self._launcher("up", *(("--scale", scale) if scale != "1" else ()))
        self.endpoints = read_env_file(self.state_dir / "endpoints.env")
        return self

    def instances(self, component: str) -> list[str]:
        """What ``component`` names at this stack's scale: a service or relay by its plain name
        is every instance of it (``sync``: sync and sync-2), as ``docker compose stop sync``
        stops every replica; ``sync-2`` is that one instance; infrastructure is itself."""
        scale = int(self.endpoints.get("SCALE", "1"))
        # the services the launcher runs `--scale N` times, each with its relay (but the gateway)
        if component.removesuffix("-relay") not in SERVICES:
            return [component]
        return [component, *(f"{component}-{n}" for n in range(2, scale + 1))]

    def pid_files(self, component: str) -> list[Path]:
        return [self.state_dir / "pids" / f"{name}.json" for name in self.instances(component)]

    def stop(self, component: str) -> None:
        self._launcher("stop", *self.instances(component))

    def start(self, component: str) -> None:
        self._launcher("start", *self.instances(component))

    def kill(self, component: str) -> None:
        self._launcher("kill", *self.instances(component))

    def log_files(self) -> list[Path]:
        return sorted((self.state_dir / "logs").glob("*.log"))

    def down(self) -> None:
        if self.managed:
            self._launcher("down")


@dataclass
class ComposeStack:
    """``docker-compose.yml`` through testcontainers, for machines with a Docker engine.

    Not exercised on the machines this project is built on (no Docker engine there).
    """

    state_dir: Path = ROOT / ".stack-test"
    endpoints: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from testcontainers.compose import DockerCompose

        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.env_file = self.state_dir / "compose.env"
        if not self.env_file.exists():
            self.env_file.write_text(
                f"LITELLM_MASTER_KEY=sk-{secrets.token_urlsafe(24)}\n"
                f"AUTH_JWT_SIGNING_KEY={secrets.token_urlsafe(36)}\n"
                f"PROVISIONING_KEY={secrets.token_urlsafe(36)}\n"
                f"SPEND_PUSH_SECRET={secrets.token_urlsafe(36)}\n"
            )
            self.env_file.chmod(0o600)
        self.compose = DockerCompose(
            str(ROOT),
            compose_file_name="docker-compose.yml",
            env_file=str(self.env_file),
            build=True,
            wait=True,
        )

    def up(self) -> ComposeStack:
        self.compose.start()
        self.endpoints = {
            **read_env_file(ROOT / "deploy" / "compose.endpoints.env"),
            **read_env_file(self.env_file),
        }
        return self

    def _compose(self, *args: str) -> None:
        self.compose._run_command([*self.compose.compose_command_property, *args])

    def stop(self, component: str) -> None:
        self._compose("stop", component)

    def start(self, component: str) -> None:
        self._compose("start", component)

    def kill(self, component: str) -> None:
        self._compose("kill", "-s", "SIGKILL", component)

    def log_files(self) -> list[Path]:
        out = self.state_dir / "compose-logs"
        out.mkdir(parents=True, exist_ok=True)
        stdout, stderr = self.compose.get_logs()
        (out / "compose.log").write_text(stdout + stderr)
        return [out / "compose.log"]

    def down(self) -> None:
        self.compose.stop()


def docker_answers() -> bool:
    if os.environ.get("LITEMAAS_TEST_STACK") == "local" or not shutil.which("docker"):
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, timeout=10, check=False)
    return probe.returncode == 0


def start_stack() -> Stack:
    """``LITEMAAS_TEST_STATE_DIR`` points the suite at a stack that is already running (its
    launcher state dir); otherwise the suite starts its own and stops it at the end."""
    if existing := os.environ.get("LITEMAAS_TEST_STATE_DIR"):
        state = Path(existing).resolve()
        return LocalStack(state, endpoints=read_env_file(state / "endpoints.env"), managed=False)
    return ComposeStack().up() if docker_answers() else LocalStack().up()
