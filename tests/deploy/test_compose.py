"""docker-compose.yml brings up the launcher's stack (deploy/local/launcher/): the same
components, each service with the same settings and secrets, on the same host ports; and
``docker compose config`` accepts it where Docker Compose is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy.local.launcher import registry
from deploy.local.launcher.component import child_env
from deploy.local.launcher.services import service_env
from deploy.local.launcher.state import DEFAULT_PORT_BASE, PORT_OFFSETS, Stack, read_env_file

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SERVICES = ("auth", "sync", "catalog", "keys", "billing", "gateway")
#: what only a container needs: listening on every interface, the UI baked into the image,
#: the gateway's fixed address as auth's one trusted proxy
CONTAINER_ONLY = {f"{s.upper()}_HTTP_HOST" for s in SERVICES}
CONTAINER_ONLY |= {"GATEWAY_STATIC_DIR", "AUTH_TRUSTED_PROXIES"}
#: the launcher points billing's mail at a port the tests listen on at 127.0.0.1, which a
#: container cannot reach: under compose billing sends no mail (and the tests skip reading it)
LAUNCHER_ONLY = {"BILLING_SMTP_HOST", "BILLING_SMTP_PORT", "SMTP_PORT"}


def _compose() -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())["services"]
    return services


def _launcher_env(stack: Stack, name: str) -> dict[str, str]:
    """What the launcher gives component ``name`` beyond its own inherited environment."""
    inherited = child_env()
    svc = name.removesuffix("-relay")
    env = service_env(stack, svc)
    return {k: v for k, v in env.items() if inherited.get(k) != v and k not in LAUNCHER_ONLY}


@pytest.fixture
def stack(tmp_path: Path) -> Stack:
    return Stack(tmp_path, DEFAULT_PORT_BASE)


def test_compose_runs_every_component_the_launcher_runs() -> None:
    assert sorted(_compose()) == sorted(registry.names())


@pytest.mark.parametrize("name", [n for n in registry.names() if n.split("-")[0] in SERVICES])
def test_each_service_and_relay_gets_the_launchers_settings_and_no_more(
    stack: Stack, name: str
) -> None:
    env = {k: str(v) for k, v in _compose()[name]["environment"].items()}
    expected = _launcher_env(stack, name)
    assert set(env) - CONTAINER_ONLY == set(expected), name
    secret_names = {value: name for name, value in stack.secrets().items()}
    for key, value in expected.items():
        if value in secret_names:  # the same secret, referenced from .env, never written
            assert env[key].startswith("${" + secret_names[value] + ":?"), key
        elif key.endswith("_HTTP_PORT") or key in ("LITEMAAS_ENV", "LOG_LEVEL"):
            assert env[key] == value, key


def test_litellm_pushes_spend_to_sync_as_in_the_launcher() -> None:
    env = _compose()["litellm"]["environment"]
    for key in ("LITELLM_MASTER_KEY", "LITEMAAS_SPEND_PUSH_SECRET"):
        assert str(env[key]).startswith("${"), key
    assert env["LITEMAAS_SPEND_PUSH_URL"] == "http://sync:20015/internal/spend"


def test_published_ports_are_the_launchers_default_ports() -> None:
    for name, service in _compose().items():
        for mapping in service.get("ports", ()):
            host_port = int(mapping.split(":")[1])
            assert host_port == DEFAULT_PORT_BASE + PORT_OFFSETS[name], name


def test_the_host_endpoints_file_names_what_the_launcher_names(stack: Stack) -> None:
    compose_ends = read_env_file(ROOT / "deploy" / "compose.endpoints.env")
    launcher_ends = stack.endpoints()
    launcher_ends.pop("LITELLM_MASTER_KEY")  # a secret: from the generated env file
    assert compose_ends == {k: v for k, v in launcher_ends.items() if k not in LAUNCHER_ONLY}


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_config_accepts_the_file(tmp_path: Path) -> None:
    command = _compose_command()
    if command is None:
        pytest.skip(
            "Docker Compose is not installed here (neither `docker compose` nor docker-compose)"
        )
    env_file = tmp_path / "compose.env"
    names = ("LITELLM_MASTER_KEY", "AUTH_JWT_SIGNING_KEY", "PROVISIONING_KEY", "SPEND_PUSH_SECRET")
    env_file.write_text("".join(f"{n}=placeholder-{n.lower()}\n" for n in names))
    result = subprocess.run(
        [*command, "-f", str(COMPOSE), "--env-file", str(env_file), "config", "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in names},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_every_dollar_is_a_required_secret_or_escaped() -> None:
    """Compose interpolates ``$X`` everywhere, the inline Dockerfile included: a bare
    ``$PATH`` would become the host's PATH (or nothing) in the image."""
    lines = COMPOSE.read_text().splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    bare = re.findall(r"(?<!\$)\$(?!\$|\{[A-Z_]+:\?)\S*", text.replace("$$", ""))
    assert bare == []
