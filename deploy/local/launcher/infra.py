"""PostgreSQL and Redis from Debian's packages, each a cluster/instance the stack owns."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

from . import prereqs, probes, procs
from .component import Component, StartFailed, child_env, run_logged
from .state import DB_SERVICES, Stack

PG_SUPERUSER = "postgres"


#: the postgres user's home on Debian: always reachable by the server
PG_HOME = "/var/lib/postgresql"


def _as_root() -> bool:
    return os.geteuid() == 0


def _digest(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]


def _psql(stack: Stack, *args: str, sql: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = ["psql", "-h", "127.0.0.1", "-p", str(stack.port("postgres")), "-U", PG_SUPERUSER]
    argv += ["-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt", *args]
    env = child_env(PGCONNECT_TIMEOUT="3")
    return subprocess.run(argv, input=sql, capture_output=True, text=True, env=env, check=False)


def _if_missing(statement: str, catalog: str, column: str, name: str) -> str:
    """psql: run `statement` (CREATE DATABASE cannot run inside a DO block) only if needed."""
    check = f"SELECT FROM {catalog} WHERE {column} = '{name}'"
    return f"SELECT '{statement}' WHERE NOT EXISTS ({check}) \\gexec"


class Postgres(Component):
    name = "postgres"
    port_name = "postgres"
    ready_timeout = 30.0
    stop_signal = signal.SIGINT  # PostgreSQL's "fast" shutdown: disconnect clients, checkpoint

    def data_dir(self, stack: Stack) -> Path:
        """``<state dir>/pg``; but when root runs the stack from a directory the ``postgres``
        user cannot reach (a clone in /root, mode 0700), a directory in postgres's own home,
        named after the state dir, so one checkout keeps one cluster."""
        if self._reachable(stack):
            return stack.dir / "pg"
        return Path(PG_HOME) / f"litemaas-{_digest(stack.dir)}" / "pg"

    def socket_dir(self, stack: Stack) -> Path:
        preferred = stack.dir / "run"
        # a unix socket path must fit in 107 bytes; a deep state directory gets a /tmp one,
        # and so does one the postgres user cannot reach
        if len(str(preferred / ".s.PGSQL.65535.lock")) < 100 and self._reachable(stack):
            return preferred
        return Path(f"/tmp/litemaas-pg-{_digest(stack.dir)}")

    def _reachable(self, stack: Stack) -> bool:
        """Can the server's user create and use directories under the state dir?"""
        if not _as_root():
            return True
        stack.dir.mkdir(parents=True, exist_ok=True)
        probe = ["runuser", "-u", PG_SUPERUSER, "--", "test", "-x", str(stack.dir)]
        return subprocess.run(probe, capture_output=True, check=False).returncode == 0

    def user(self) -> str | None:
        return PG_SUPERUSER if _as_root() else None

    def _own(self, path: Path) -> None:
        if _as_root() and not path.parent.exists():  # the fallback under postgres's home
            path.parent.mkdir(parents=True, mode=0o700)
            shutil.chown(path.parent, PG_SUPERUSER, PG_SUPERUSER)
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if _as_root():
            shutil.chown(path, PG_SUPERUSER, PG_SUPERUSER)
        path.chmod(0o700)

    def _as_pg(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", PG_SUPERUSER, "--", *argv] if _as_root() else argv

    def prepare(self, stack: Stack) -> None:
        data = self.data_dir(stack)
        bindir = prereqs.pg_bindir(data)
        if bindir is None:
            raise StartFailed(self.name, "no PostgreSQL server under /usr/lib/postgresql/*/bin")
        self._own(data)
        self._own(self.socket_dir(stack))
        reach = self._as_pg(["test", "-w", str(data)])
        if subprocess.run(reach, capture_output=True, check=False).returncode != 0:
            raise StartFailed(
                self.name,
                f"user {PG_SUPERUSER} cannot reach {data}: use a --state-dir whose parent "
                "directories are world-searchable (chmod o+x), e.g. under /tmp",
            )
        if not (data / "PG_VERSION").exists():
            initdb = [str(bindir / "initdb"), "-D", str(data), "-U", PG_SUPERUSER]
            initdb += ["--auth=trust", "-E", "UTF8", "--no-locale", "--no-instructions"]
            run_logged(
                self._as_pg(initdb),
                stack.log_path(self.name),
                what="initdb",
                component=self.name,
                timeout=120,
                cwd=data,
            )
        port = stack.port("postgres")
        self._remove_stale_locks(
            [data / "postmaster.pid", self.socket_dir(stack) / f".s.PGSQL.{port}.lock"]
        )

    @staticmethod
    def _remove_stale_locks(locks: list[Path]) -> None:
        """After a SIGKILL, postmaster.pid and the socket's lock file stay behind; while their
        pid is a zombie or belongs to some other process, PostgreSQL refuses to start. No
        postgres of ours runs here (the caller checked), so a lock whose pid is not a running
        postgres is stale."""
        for lock in locks:
            try:
                pid = int(lock.read_text().splitlines()[0])
                comm = Path(f"/proc/{pid}/comm").read_text().strip()
            except (OSError, ValueError, IndexError):
                comm = ""
                pid = 0
            stat = procs.proc_stat(pid) if pid else None
            if comm != "postgres" or stat is None or not stat.running:
                lock.unlink(missing_ok=True)

    def argv(self, stack: Stack) -> list[str]:
        bindir = prereqs.pg_bindir(self.data_dir(stack))
        if bindir is None:
            raise StartFailed(self.name, "no PostgreSQL server under /usr/lib/postgresql/*/bin")
        settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.socket_dir(stack)),
            "max_connections": "200",
            # a developer cluster: no fsync (a process crash loses nothing; an OS crash might),
            # but synchronous_commit stays on, so a kill -9 never loses an acknowledged commit
            "fsync": "off",
            "full_page_writes": "off",
        }
        argv = [str(bindir / "postgres"), "-D", str(self.data_dir(stack))]
        argv += ["-p", str(stack.port("postgres"))]
        for key, value in settings.items():
            argv += ["-c", f"{key}={value}"]
        return argv

    def cwd(self, stack: Stack) -> Path:
        return self.data_dir(stack)

    def ready(self, stack: Stack, record: procs.Record) -> bool:
        isready = [
            "pg_isready",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(stack.port("postgres")),
            "-U",
            PG_SUPERUSER,
            "-d",
            "postgres",
        ]
        if subprocess.run([*isready, "-t", "1"], check=False).returncode != 0:
            return False
        return _psql(stack, "-c", "select 1").stdout.strip() == "1"

    def after_ready(self, stack: Stack) -> None:
        """One role and one database per service; no service may connect to another's."""
        lines = ["SET client_min_messages = warning;"]
        for name in [f"litemaas_{svc}" for svc in DB_SERVICES]:  # constants: nothing to inject
            lines += [
                _if_missing(f"CREATE ROLE {name} LOGIN", "pg_roles", "rolname", name),
                _if_missing(f"CREATE DATABASE {name} OWNER {name}", "pg_database", "datname", name),
                f"REVOKE CONNECT ON DATABASE {name} FROM PUBLIC;",
            ]
        lines.append(_if_missing("CREATE DATABASE litellm", "pg_database", "datname", "litellm"))
        result = _psql(stack, sql="\n".join(lines) + "\n")
        if result.returncode != 0:
            raise StartFailed(self.name, f"creating roles and databases: {result.stderr.strip()}")


class Redis(Component):
    name = "redis"
    port_name = "redis"
    ready_timeout = 20.0

    def argv(self, stack: Stack) -> list[str]:
        data = stack.dir / "redis"
        data.mkdir(parents=True, exist_ok=True)
        return [
            shutil.which("redis-server") or "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(stack.port("redis")),
            "--dir",
            str(data),
            "--appendonly",
            "yes",
            "--daemonize",
            "no",
            "--save",
            "",  # the append-only file is the persistence; no RDB snapshots on top
            "--logfile",
            "",
        ]

    def ready(self, stack: Stack, record: procs.Record) -> bool:
        return probes.redis_ping(stack.port("redis"))
