"""The real LiteLLM proxy from PyPI, backed by the stack's PostgreSQL.

Prisma's native query engine cannot be downloaded on machines that reach only PyPI, npm, Maven
Central and Debian; the shared `litellm-offline` folder (a WASM-engine shim plus psql-applied
migrations) makes the unmodified proxy run anyway. Where that folder is absent, the normal
install runs instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from . import probes, procs
from .component import Component, StartFailed, child_env, extras_for, run_logged
from .state import REPO, Stack

CONFIG = Path(__file__).resolve().parent.parent / "litellm" / "config.yaml"
#: the spend callback the config names; LiteLLM resolves it in the config's directory first
CALLBACK = REPO / "deploy" / "litellm" / "litemaas_callback.py"
LITELLM_VERSION = "1.106.2"
PRISMA_VERSION = "0.11.0"  # LiteLLM needs prisma-client-py 0.11/0.12; 0.13+ breaks its connect()


def offline_dir() -> Path | None:
    candidates = [os.environ.get("LITELLM_OFFLINE_DIR", "")]
    candidates += [str(REPO.parent / "shared" / "litellm-offline"), "/work/shared/litellm-offline"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "setup.sh").is_file():
            return Path(candidate).resolve()
    return None


class LiteLLM(Component):
    name = "litellm"
    port_name = "litellm"
    ready_timeout = 180.0  # ~25 s on two cores, 16 of them importing litellm
    needs = ("postgres",)

    @staticmethod
    def home(stack: Stack) -> Path:
        return stack.dir / "litellm"

    @classmethod
    def installed(cls, stack: Stack) -> bool:
        home = cls.home(stack)
        return (home / "env.sh").exists() and (home / ".installed").exists()

    def _base_env(self, stack: Stack) -> dict[str, str]:
        return child_env(DATABASE_URL=stack.pg_url("litellm"))

    def prepare(self, stack: Stack) -> None:
        home, log = self.home(stack), stack.log_path(self.name)
        home.mkdir(parents=True, exist_ok=True)
        offline = offline_dir()
        if not self.installed(stack):
            print(
                f"       installing LiteLLM {LITELLM_VERSION} into {home} "
                f"(first start only, 1-3 min; log {log}) ...",
                flush=True,
            )
            began = time.monotonic()
            if offline is not None:
                env = {**self._base_env(stack), "SKIP_PG_SETUP": "1"}
                run_logged(
                    ["bash", str(offline / "setup.sh"), str(home)],
                    log,
                    what=f"{offline}/setup.sh",
                    component=self.name,
                    timeout=900,
                    env=env,
                )
            else:
                self._install_online(stack)
            (home / ".installed").write_text(f"{LITELLM_VERSION}\n")
            print(f"       LiteLLM installed in {time.monotonic() - began:.0f}s", flush=True)
        if offline is not None:  # idempotent: applies only what _prisma_migrations lacks
            script = '. "$1/env.sh" && "$2" "$DATABASE_URL"'
            argv = ["bash", "-c", script, "bash", str(home), str(offline / "apply_migrations.sh")]
            run_logged(
                argv,
                log,
                what="apply_migrations.sh",
                component=self.name,
                timeout=300,
                env=self._base_env(stack),
            )
        shutil.copyfile(CONFIG, home / "config.yaml")
        shutil.copyfile(CALLBACK, home / CALLBACK.name)

    def _install_online(self, stack: Stack) -> None:
        """The normal install, where Prisma's engines can be downloaded: LiteLLM then migrates
        its database itself at start-up. (Not exercised on the offline build machines.)"""
        home, log = self.home(stack), stack.log_path(self.name)
        venv = home / "venv"

        def step(argv: list[str], what: str, cwd: Path | None = None) -> None:
            run_logged(
                argv,
                log,
                what=what,
                component=self.name,
                timeout=900,
                env=self._base_env(stack),
                cwd=cwd,
            )

        step(["python3", "-m", "venv", str(venv)], "python3 -m venv")
        packages = [f"litellm[proxy]=={LITELLM_VERSION}", f"prisma=={PRISMA_VERSION}"]
        step([str(venv / "bin" / "pip"), "install", "-q", *packages], "pip install litellm[proxy]")
        locate = [
            str(venv / "bin" / "python"),
            "-c",
            "import litellm,os;print(os.path.dirname(litellm.__file__))",
        ]
        package_dir = subprocess.run(
            locate, capture_output=True, text=True, check=True
        ).stdout.strip()
        step(
            [str(venv / "bin" / "python"), "-m", "prisma", "generate", "--schema", "schema.prisma"],
            "prisma generate",
            cwd=Path(package_dir) / "proxy",
        )
        (home / "env.sh").write_text(
            f'. "{venv}/bin/activate"\n'
            f'export DATABASE_URL="${{DATABASE_URL:-{stack.pg_url("litellm")}}}"\n'
            "export LITELLM_LOCAL_MODEL_COST_MAP=True  # the bundled prices: stable test figures\n"
        )

    def env(self, stack: Stack) -> dict[str, str]:
        """The environment env.sh sets up (venv, Prisma engine paths), plus the proxy's own."""
        base = self._base_env(stack)
        dump = [
            "bash",
            "-c",
            '. "$1" >/dev/null 2>&1 && env -0',
            "bash",
            str(self.home(stack) / "env.sh"),
        ]
        result = subprocess.run(dump, env=base, capture_output=True, check=False)
        if result.returncode != 0:
            raise StartFailed(self.name, f"cannot source {self.home(stack) / 'env.sh'}")
        env = dict(
            entry.split("=", 1) for entry in result.stdout.decode().split("\0") if "=" in entry
        )
        env["DATABASE_URL"] = stack.pg_url("litellm")
        env["LITELLM_MASTER_KEY"] = stack.secrets()["LITELLM_MASTER_KEY"]
        # where the spend callback pushes, and the secret sync expects (SYNC_SPEND_PUSH_SECRET)
        env["LITEMAAS_SPEND_PUSH_URL"] = f"{stack.endpoints()['SYNC_URL']}/internal/spend"
        env["LITEMAAS_SPEND_PUSH_SECRET"] = stack.secrets()["SPEND_PUSH_SECRET"]
        env.update(extras_for("litellm"))
        return env

    def argv(self, stack: Stack) -> list[str]:
        home = self.home(stack)
        return [
            str(home / "venv" / "bin" / "litellm"),
            "--config",
            str(home / "config.yaml"),
            "--host",
            "127.0.0.1",
            "--port",
            str(stack.port("litellm")),
        ]

    def cwd(self, stack: Stack) -> Path:
        return self.home(stack)

    def ready(self, stack: Stack, record: procs.Record) -> bool:
        url = f"http://127.0.0.1:{stack.port('litellm')}/health/readiness"
        return probes.http_status(url) == 200
