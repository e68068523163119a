"""The state directory: ports, secrets, pid records, logs, the lock, endpoints.env."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .procs import Record

REPO = Path(__file__).resolve().parents[3]
DEFAULT_STATE_DIR = REPO / ".stack"
DEFAULT_PORT_BASE = 20000

PORT_OFFSETS = {
    "postgres": 0,
    "redis": 1,
    "kafka": 2,
    "kafka-controller": 3,
    "litellm": 4,
    "gateway": 10,
    "auth": 11,
    "catalog": 12,
    "keys": 13,
    "billing": 14,
    "sync": 15,
    #: nothing listens here but what a test starts (billing mails alerts to it)
    "smtp": 25,
}
#: instances 2..N of each HTTP service (`up --scale N`) listen at base + 30 + 10 * (N - 2) + the
#: service's own offset less 10: auth-2 at +31, gateway-2 at +30, sync-3 at +45
INSTANCE_OFFSET, INSTANCE_STRIDE = 30, 10
MAX_SCALE = 9
DB_SERVICES = ("auth", "catalog", "keys", "billing", "sync")
HTTP_SERVICES = ("auth", "sync", "catalog", "keys", "billing", "gateway")


class LauncherError(Exception):
    """A failure worth one line on stderr and a non-zero exit."""


def write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only (it holds secrets)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not key.startswith("#"):
                values[key.strip()] = value.strip()
    return values


class Stack:
    def __init__(self, directory: Path, port_base: int) -> None:
        self.dir = directory
        self.port_base = port_base
        self.logs = directory / "logs"
        self.pids = directory / "pids"

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, directory: str | None, port_base: int | None, *, create: bool, scale: int | None = None
    ) -> Stack:
        path = Path(directory).expanduser().resolve() if directory else DEFAULT_STATE_DIR
        settings = _read_json(path / "stack.json")
        stored = settings.get("port_base")
        stack = cls(path, int(str(stored)) if stored is not None else DEFAULT_PORT_BASE)
        if port_base is not None and port_base != stack.port_base:
            if stored is not None and stack.running_components():
                raise LauncherError(
                    f"the stack in {path} is running with --port-base {stored}; "
                    "run `down` first, or leave out --port-base"
                )
            stack.port_base = port_base
        if scale is not None and scale != stack.scale:
            if stack.running_components():  # the gateways would not know the new instances
                raise LauncherError(
                    f"the stack in {path} is running with --scale {stack.scale}; "
                    "run `down` first, or leave out --scale"
                )
            if not 1 <= scale <= MAX_SCALE:
                raise LauncherError(f"--scale {scale} is out of range (1-{MAX_SCALE})")
        wanted = scale or stack.scale
        top = 65535 - (20 if wanted == 1 else stack.offset("sync", wanted))
        if not 1024 <= stack.port_base <= top:
            raise LauncherError(f"--port-base {stack.port_base} is out of range (1024-{top})")
        if create:
            for sub in (path, stack.logs, stack.pids):
                sub.mkdir(parents=True, exist_ok=True)
            path.chmod(0o755)  # postgres, running as its own user, must reach <state>/pg
            stack.save_settings(port_base=stack.port_base)
            if scale is not None:
                stack.save_settings(scale=scale)
        return stack

    def settings(self) -> dict[str, object]:
        return _read_json(self.dir / "stack.json")

    def save_settings(self, **values: object) -> None:
        merged = {**self.settings(), **values}
        (self.dir / "stack.json").write_text(json.dumps(merged, indent=2) + "\n")

    # -- ports, paths, records -----------------------------------------------------------------
    @property
    def scale(self) -> int:
        """Instances of each service and relay (`up --scale N`, remembered; 1 by default)."""
        return int(str(self.settings().get("scale", 1)))

    @staticmethod
    def offset(name: str, instance: int = 1) -> int:
        if instance == 1:
            return PORT_OFFSETS[name]
        return INSTANCE_OFFSET + INSTANCE_STRIDE * (instance - 2) + PORT_OFFSETS[name] - 10

    def port(self, name: str, instance: int = 1) -> int:
        return self.port_base + self.offset(name, instance)

    def urls(self, svc: str) -> list[str]:
        """Every instance of an HTTP service, instance 1 first."""
        return [f"http://127.0.0.1:{self.port(svc, i)}" for i in range(1, self.scale + 1)]

    def log_path(self, component: str) -> Path:
        return self.logs / f"{component}.log"

    def record(self, component: str) -> Record | None:
        return Record.load(self.pids / f"{component}.json")

    def save_record(self, record: Record) -> None:
        record.save(self.pids / f"{record.component}.json")

    def forget(self, component: str) -> None:
        (self.pids / f"{component}.json").unlink(missing_ok=True)

    def running_components(self) -> list[str]:
        if not self.pids.is_dir():
            return []
        names = []
        for path in sorted(self.pids.glob("*.json")):
            record = Record.load(path)
            if record is not None and record.processes():
                names.append(path.stem)
        return names

    # -- secrets and endpoints -----------------------------------------------------------------
    def secrets(self) -> dict[str, str]:
        """Generated once per state directory, kept in secrets.env (mode 0600)."""
        path = self.dir / "secrets.env"
        values = read_env_file(path)
        wanted: dict[str, Callable[[], str]] = {
            "LITELLM_MASTER_KEY": lambda: "sk-" + secrets.token_urlsafe(24),  # 32 characters
            "AUTH_JWT_SIGNING_KEY": lambda: secrets.token_urlsafe(36),  # 48 characters
            # seals API key secrets between the keys and sync services
            "PROVISIONING_KEY": lambda: secrets.token_urlsafe(36),
            # LiteLLM's spend callback presents it to sync
            "SPEND_PUSH_SECRET": lambda: secrets.token_urlsafe(36),
        }
        missing = {key: make() for key, make in wanted.items() if not values.get(key)}
        if missing:
            values.update(missing)
            self.dir.mkdir(parents=True, exist_ok=True)
            write_private(path, "".join(f"{k}={v}\n" for k, v in values.items()))
        return values

    def pg_url(self, database: str, user: str = "postgres", driver: str = "postgresql") -> str:
        return f"{driver}://{user}@127.0.0.1:{self.port('postgres')}/{database}"

    def endpoints(self) -> dict[str, str]:
        values = {
            "KAFKA_BOOTSTRAP": f"127.0.0.1:{self.port('kafka')}",
            "REDIS_URL": f"redis://127.0.0.1:{self.port('redis')}/0",
        }
        for svc in DB_SERVICES:
            db = f"litemaas_{svc}"
            values[f"{svc.upper()}_DATABASE_URL"] = self.pg_url(db, db, "postgresql+asyncpg")
        values["LITELLM_DATABASE_URL"] = self.pg_url("litellm")
        values["POSTGRES_ADMIN_URL"] = self.pg_url("postgres")
        values["LITELLM_URL"] = f"http://127.0.0.1:{self.port('litellm')}"
        values["LITELLM_MASTER_KEY"] = self.secrets()["LITELLM_MASTER_KEY"]
        values["GATEWAY_URL"] = f"http://127.0.0.1:{self.port('gateway')}"
        values["SMTP_PORT"] = str(self.port("smtp"))
        for svc in HTTP_SERVICES:
            values[f"{svc.upper()}_URL"] = f"http://127.0.0.1:{self.port(svc)}"
        if self.scale > 1:  # instance 1 keeps <SVC>_URL; the others are listed for tests
            values["SCALE"] = str(self.scale)
            for svc in HTTP_SERVICES:
                values[f"{svc.upper()}_URLS"] = ",".join(self.urls(svc))
        return values

    def write_endpoints(self) -> Path:
        path = self.dir / "endpoints.env"
        write_private(path, "".join(f"{k}={v}\n" for k, v in self.endpoints().items()))
        return path

    # -- coordination between launcher processes ------------------------------------------------
    @contextlib.contextmanager
    def locked(self, timeout: float = 900.0) -> Iterator[None]:
        """One launcher at a time changes this stack (a foreground `up` holds it only while
        starting and stopping)."""
        path = self.dir / "launcher.lock"
        with open(path, "a+") as handle:
            deadline = time.monotonic() + timeout
            told = False
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LauncherError(f"another stack.py holds {path}") from None
                    if not told:
                        handle.seek(0)
                        holder = handle.read().strip() or "?"
                        print(
                            f"waiting for another stack.py (pid {holder}) to finish ...", flush=True
                        )
                        told = True
                    time.sleep(0.2)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @property
    def down_marker(self) -> Path:
        return self.dir / "down.requested"


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
