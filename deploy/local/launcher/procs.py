"""Processes the launcher starts: each in its own session, remembered by pid AND start time.

A pid alone is not an identity (pids are reused); the start time in /proc/<pid>/stat and the
boot id together are. stop and kill act only on a process whose start time matches the record,
and on what it started (a proxy's query-engine shim, PostgreSQL's backends).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

# Popen objects of this launcher's children, polled so that they do not linger as zombies
_children: dict[int, subprocess.Popen[bytes]] = {}
_exit_codes: dict[int, int] = {}


def boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


@dataclass(frozen=True)
class ProcStat:
    state: str
    ppid: int
    session: int
    starttime: int

    @property
    def running(self) -> bool:
        return self.state not in ("Z", "X")


def proc_stat(pid: int) -> ProcStat | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # fields[0] is field 3 of proc(5)
    return ProcStat(fields[0], int(fields[1]), int(fields[3]), int(fields[19]))


def _all_processes() -> dict[int, ProcStat]:
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = proc_stat(int(entry.name))
            if stat is not None and stat.running:
                found[int(entry.name)] = stat
    return found


@dataclass
class Record:
    component: str
    pid: int
    starttime: int
    boot_id: str
    argv: list[str]
    started_at: float

    @classmethod
    def load(cls, path: Path) -> Record | None:
        try:
            return cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self)))
        tmp.replace(path)

    def _is_ours(self, stat: ProcStat | None) -> bool:
        return stat is not None and stat.starttime == self.starttime and self.boot_id == boot_id()

    def alive(self) -> bool:
        stat = proc_stat(self.pid)
        return stat is not None and self._is_ours(stat) and stat.running

    def processes(self) -> dict[int, int]:
        """pid -> start time of every live process this record stands for: the process, the
        members of the session it leads, and their descendants (PostgreSQL's children start
        sessions of their own).

        If the pid now belongs to another process, nothing is ours. If it is gone, processes
        still in its session are leftovers of ours: Linux does not hand out a pid that is still
        in use as a session id.
        """
        if self.boot_id != boot_id():
            return {}
        leader = proc_stat(self.pid)
        if leader is not None and not self._is_ours(leader):
            return {}
        table = _all_processes()
        ours = {
            pid
            for pid, stat in table.items()
            if stat.session == self.pid and stat.starttime >= self.starttime
        }
        grew = True
        while grew:
            children = {
                pid
                for pid, stat in table.items()
                if pid not in ours and stat.ppid in ours and stat.starttime >= self.starttime
            }
            ours |= children
            grew = bool(children)
        return {pid: table[pid].starttime for pid in ours}


def _alive(snapshot: dict[int, int]) -> list[int]:
    """The processes of a snapshot that still run (same pid AND same start time)."""
    left = []
    for pid, starttime in snapshot.items():
        stat = proc_stat(pid)
        if stat is not None and stat.running and stat.starttime == starttime:
            left.append(pid)
    return left


def spawn(
    component: str,
    argv: list[str],
    *,
    env: dict[str, str],
    log_path: Path,
    cwd: Path,
    user: str | None = None,
) -> Record:
    """Start `argv` in a new session, stdout and stderr appended to `log_path`."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    uid: int | None = None
    gid: int | None = None
    groups: list[int] | None = None
    if user is not None:  # drop root's groups too, not only its uid
        entry = pwd.getpwnam(user)
        uid, gid, groups = entry.pw_uid, entry.pw_gid, []
    with open(log_path, "ab") as log:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        log.write(f"\n==== {stamp} stack.py starts {component}: {' '.join(argv)}\n".encode())
        log.flush()
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
            user=uid,
            group=gid,
            extra_groups=groups,
        )
    _children[process.pid] = process
    stat = proc_stat(process.pid)
    starttime = stat.starttime if stat is not None else -1
    return Record(component, process.pid, starttime, boot_id(), argv, time.time())


def reap() -> None:
    for pid, process in list(_children.items()):
        code = process.poll()
        if code is not None:
            _exit_codes[pid] = code
            del _children[pid]


def exit_code(pid: int) -> int | None:
    """The exit code of a child of this launcher that has ended, if known."""
    reap()
    return _exit_codes.get(pid)


def wait_for(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        reap()
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def _signal_each(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def stop(record: Record, sig: int = signal.SIGTERM, grace: float = 15.0) -> bool:
    """`sig` to the process, up to `grace` seconds to exit, then SIGKILL to what is left of it
    and its children. Returns True when the process exited on its own within the grace period.
    """
    snapshot = record.processes()  # before the signal: orphans lose their parent link
    clean = True
    if record.alive():
        _signal_each([record.pid], sig)
        clean = wait_for(lambda: not record.alive(), grace)
    if clean and _alive(snapshot):  # the process is gone; give its children a moment to follow
        _signal_each(_alive(snapshot), signal.SIGTERM)
        wait_for(lambda: not _alive(snapshot), 3.0)
    if _alive(snapshot):
        _signal_each(_alive(snapshot), signal.SIGKILL)
        wait_for(lambda: not _alive(snapshot), 5.0)
    return clean


def kill(record: Record) -> None:
    """SIGKILL the process and everything it started, at once."""
    snapshot = record.processes()
    _signal_each(list(snapshot), signal.SIGKILL)
    wait_for(lambda: not _alive(snapshot), 5.0)
