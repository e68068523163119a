"""What every component is, and how one is started, checked and stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from . import probes, procs
from .state import REPO, Stack


class StartFailed(Exception):
    def __init__(self, component: str, reason: str) -> None:
        super().__init__(f"{component}: {reason}")
        self.component = component
        self.reason = reason
        self.log_offset = 0  # where this attempt's part of the component's log begins


class Interrupted(Exception):
    """SIGINT or SIGTERM reached the launcher."""


class _Signals:
    """SIGINT/SIGTERM raise Interrupted, except inside `deferred()` (between starting a process
    and recording it) or once `only_note()` is set (a foreground launcher, or a teardown)."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._depth = 0
        self._raise = True

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def only_note(self) -> None:
        self._raise = False

    def _handle(self, signum: int, _frame: object) -> None:
        self.received = signum
        if self._raise and not self._depth:
            raise Interrupted(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._raise and not self._depth and self.received is not None:
            raise Interrupted(self.received)


SIGNALS = _Signals()


class Component:
    """A long-running process, or (oneshot) a command run to completion during `up`."""

    name: str = ""
    port_name: str | None = None  # key in PORT_OFFSETS
    instance: int = 1  # 2..N: a further instance of a service (`up --scale N`), own port
    ready_timeout: float = 60.0
    stop_signal: int = signal.SIGTERM
    oneshot: bool = False
    needs: tuple[str, ...] = ()

    def port(self, stack: Stack) -> int | None:
        return stack.port(self.port_name, self.instance) if self.port_name else None

    def ports(self, stack: Stack) -> list[int]:
        """Every port it listens on (checked free before a start)."""
        port = self.port(stack)
        return [port] if port is not None else []

    def prepare(self, stack: Stack) -> None:
        """Work before each start (initdb, install, migrate). Raises StartFailed."""

    def argv(self, stack: Stack) -> list[str]:
        raise NotImplementedError

    def env(self, stack: Stack) -> dict[str, str]:
        return child_env()

    def user(self) -> str | None:
        return None

    def cwd(self, stack: Stack) -> Path:
        return stack.dir

    def ready(self, stack: Stack, record: procs.Record) -> bool:
        """One quick health probe."""
        raise NotImplementedError

    def after_ready(self, stack: Stack) -> None:
        """Idempotent set-up once healthy (runs on every `up`, also when already running)."""

    def run_once(self, stack: Stack) -> tuple[str, str]:
        """For oneshots: ("ok" | "warn", detail), or raise StartFailed."""
        raise NotImplementedError


def child_env(**extra: str) -> dict[str, str]:
    """The launcher's environment, with local addresses exempt from any configured proxy."""
    env = dict(os.environ)
    for key in ("NO_PROXY", "no_proxy"):
        listed = [v for v in env.get(key, "").split(",") if v]
        env[key] = ",".join(dict.fromkeys([*listed, "127.0.0.1", "localhost"]))
    env.update(extra)
    return env


def extras_for(owner: str) -> dict[str, str]:
    """LITEMAAS_EXTRA_<OWNER>_<NAME>=value in the launcher's environment becomes NAME=value
    for that component (tests use it for fault injection)."""
    prefix = f"LITEMAAS_EXTRA_{owner.upper()}_"
    return {
        k[len(prefix) :]: v for k, v in os.environ.items() if k.startswith(prefix) and k != prefix
    }


def log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def tail(path: Path, lines: int = 20, since: int = 0) -> list[str]:
    """The last `lines` lines of a log, from byte offset `since` on."""
    try:
        with open(path, "rb") as handle:
            handle.seek(since)
            text = handle.read().decode(errors="replace")
    except OSError:
        return []
    return list(deque(text.splitlines(), maxlen=lines))


def run_logged(
    argv: list[str],
    log_path: Path,
    *,
    what: str,
    component: str,
    timeout: float,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> None:
    """Run a one-shot command with its output appended to the component's log."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        log.write(f"\n==== {stamp} stack.py runs {what}\n".encode())
        log.flush()
        try:
            result = subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env if env is not None else child_env(),
                cwd=cwd or REPO,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise StartFailed(component, f"{what} took longer than {timeout:.0f}s") from None
        except OSError as exc:
            raise StartFailed(component, f"{what} could not run: {exc}") from None
    if result.returncode != 0:
        raise StartFailed(component, f"{what} failed (exit {result.returncode})")


def wait_ready(comp: Component, stack: Stack, record: procs.Record, timeout: float) -> str | None:
    """None once healthy; otherwise why not (exited, or not ready in time)."""
    deadline = time.monotonic() + timeout
    while True:
        procs.reap()
        if not record.alive():
            code = procs.exit_code(record.pid)
            return "exited" + (f" with code {code}" if code is not None else "")
        try:
            if comp.ready(stack, record):
                return None
        except Exception as exc:  # a probe must not take the launcher down
            last = repr(exc)
        else:
            last = ""
        if time.monotonic() >= deadline:
            return f"not ready after {timeout:.0f}s" + (f" ({last})" if last else "")
        time.sleep(0.25)


def start(comp: Component, stack: Stack) -> procs.Record:
    """prepare, spawn, wait until healthy, after_ready. Raises StartFailed."""
    stale = stack.record(comp.name)
    if stale is not None:  # whatever is left of a previous run of it (dead, by the caller's check)
        procs.kill(stale)
        stack.forget(comp.name)
    busy = [port for port in comp.ports(stack) if probes.tcp_open(port)]
    if busy:
        raise StartFailed(
            comp.name,
            f"port {busy[0]} is already in use by a process this stack "
            "did not start (another stack on the same --port-base?)",
        )
    comp.prepare(stack)
    argv, env, cwd = comp.argv(stack), comp.env(stack), comp.cwd(stack)
    with SIGNALS.deferred():  # a process started is a process recorded, so stop can find it
        try:
            record = procs.spawn(
                comp.name,
                argv,
                env=env,
                log_path=stack.log_path(comp.name),
                cwd=cwd,
                user=comp.user(),
            )
        except OSError as exc:
            raise StartFailed(comp.name, f"could not start: {exc}") from None
        stack.save_record(record)
    reason = wait_ready(comp, stack, record, comp.ready_timeout)
    if reason is not None:
        raise StartFailed(comp.name, reason)
    comp.after_ready(stack)
    return record


def stop(comp: Component, stack: Stack, *, hard: bool = False) -> bool | None:
    """Stop (or with hard=True, SIGKILL) the component. None when it was not running;
    else whether it exited cleanly in time."""
    record = stack.record(comp.name)
    if record is None:
        return None
    was_running = bool(record.processes())
    if hard:
        procs.kill(record)
        clean = True
    else:
        clean = procs.stop(record, comp.stop_signal)
    stack.forget(comp.name)
    return clean if was_running else None
