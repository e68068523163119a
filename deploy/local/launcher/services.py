"""The LiteMaaS services, run from the workspace's virtualenv (`uv sync` makes it)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from . import probes, procs
from .component import Component, StartFailed, child_env, extras_for, run_logged
from .kafka import VENV_PYTHON
from .state import DB_SERVICES, HTTP_SERVICES, REPO, Stack


def service_env(stack: Stack, svc: str, instance: int = 1) -> dict[str, str]:
    """What every service process gets, plus its own settings (prefixed with its name).

    Least privilege: a service gets its own database only, and only sync LiteLLM's master key.
    Services call each other at instance 1 (<SVC>_URL); only the gateway spreads requests over
    every instance (a comma-separated GATEWAY_<SVC>_URL). Every service fetches the keys that
    verify tokens from whichever auth instance answers (AUTH_URL lists them all).
    """
    ends = stack.endpoints()
    key = stack.secrets()["LITELLM_MASTER_KEY"]
    env = child_env(LITEMAAS_ENV="development", LOG_LEVEL="INFO")
    shared = ["KAFKA_BOOTSTRAP", "REDIS_URL", "LITELLM_URL", "GATEWAY_URL"]
    if svc in DB_SERVICES:  # its own database only
        shared.append(f"{svc.upper()}_DATABASE_URL")
    shared += [f"{s.upper()}_URL" for s in HTTP_SERVICES]
    env.update({name: ends[name] for name in shared})
    env["AUTH_URL"] = ",".join(stack.urls("auth"))
    for other in HTTP_SERVICES:
        env[f"{other.upper()}_HTTP_PORT"] = str(stack.port(other))
    env[f"{svc.upper()}_HTTP_PORT"] = str(stack.port(svc, instance))
    if svc == "auth":
        env["AUTH_JWT_SIGNING_KEY"] = stack.secrets()["AUTH_JWT_SIGNING_KEY"]
        env["AUTH_DEV_LOGIN_ENABLED"] = "true"
        env["AUTH_INITIAL_ADMINS"] = "admin"
    if svc == "sync":
        env["SYNC_LITELLM_URL"] = ends["LITELLM_URL"]
        env["SYNC_LITELLM_MASTER_KEY"] = key
        env["SYNC_SPEND_PUSH_SECRET"] = stack.secrets()["SPEND_PUSH_SECRET"]
        env["SYNC_BILLING_URL"] = ends["BILLING_URL"]
        # this stack's LiteLLM writes spend within ~5 s (proxy_batch_write_at: 1), and the
        # overlap re-reads later rows: spend is pulled seconds after a request, not a minute
        env["SYNC_SPEND_LAG_SECONDS"] = "5"
        env["SYNC_SPEND_PULL_SECONDS"] = "2"
    if svc == "billing":  # alert mail goes to the SMTP server a test starts on this port
        env["BILLING_SMTP_HOST"] = "127.0.0.1"
        env["BILLING_SMTP_PORT"] = ends["SMTP_PORT"]
    if svc in ("keys", "sync"):  # only these two hold the key that seals API key secrets
        env[f"{svc.upper()}_PROVISIONING_KEY"] = stack.secrets()["PROVISIONING_KEY"]
    if svc == "gateway":  # the gateway's settings read its upstreams with its own prefix
        for upstream in HTTP_SERVICES:
            if upstream != "gateway":
                env[f"GATEWAY_{upstream.upper()}_URL"] = ",".join(stack.urls(upstream))
    env.update(extras_for(svc))
    return env


class Service(Component):
    """`python -m litemaas_<svc> serve`; migrated (`... migrate`) before each start."""

    ready_timeout = 90.0
    needs = ("postgres", "redis", "kafka")

    def __init__(self, svc: str, instance: int = 1) -> None:
        self.svc = svc
        self.instance = instance
        self.name = svc if instance == 1 else f"{svc}-{instance}"
        self.port_name = svc

    def _check_importable(self) -> None:
        probe = [str(VENV_PYTHON), "-c", f"import litemaas_{self.svc}"]
        if (
            not VENV_PYTHON.exists()
            or subprocess.run(probe, capture_output=True, cwd=REPO, check=False).returncode != 0
        ):
            raise StartFailed(
                self.name, f"{VENV_PYTHON} cannot import litemaas_{self.svc}; run `uv sync`"
            )

    def prepare(self, stack: Stack) -> None:
        self._check_importable()
        if self.svc in DB_SERVICES:  # every instance: a no-op when instance 1 has migrated
            argv = [str(VENV_PYTHON), "-m", f"litemaas_{self.svc}", "migrate"]
            run_logged(
                argv,
                stack.log_path(self.name),
                what=f"litemaas_{self.svc} migrate",
                component=self.name,
                timeout=180,
                env=self.env(stack),
            )

    def argv(self, stack: Stack) -> list[str]:
        return [str(VENV_PYTHON), "-m", f"litemaas_{self.svc}", "serve"]

    def env(self, stack: Stack) -> dict[str, str]:
        return service_env(stack, self.svc, self.instance)

    def cwd(self, stack: Stack) -> Path:
        return REPO

    def ready(self, stack: Stack, record: procs.Record) -> bool:
        url = f"http://127.0.0.1:{self.port(stack)}/health/ready"
        return probes.http_status(url) == 200


class Relay(Service):
    """`python -m litemaas_<svc> relay`: the outbox relay. Healthy = still alive after 2 s."""

    ready_timeout = 10.0

    def __init__(self, svc: str, instance: int = 1) -> None:
        super().__init__(svc, instance)
        self.name = f"{svc}-relay" + ("" if instance == 1 else f"-{instance}")
        self.port_name = None

    def prepare(self, stack: Stack) -> None:
        self._check_importable()  # its service's start has migrated the database

    def argv(self, stack: Stack) -> list[str]:
        return [str(VENV_PYTHON), "-m", f"litemaas_{self.svc}", "relay"]

    def ready(self, stack: Stack, record: procs.Record) -> bool:
        return time.time() - record.started_at >= 2.0
