"""The command line. Exit codes: 0 done, 1 failed (one line on stderr), 2 usage,
3 `status` with something in the last `up`'s scope not running, 130 interrupted."""

from __future__ import annotations

import argparse
import json
import sys

from . import commands, probes, procs, registry
from .report import Report, shown
from .state import DEFAULT_PORT_BASE, DEFAULT_STATE_DIR, LauncherError, Stack

EXIT_NOT_RUNNING = 3


def component_name(name: str) -> str:
    """A component of the stack, or a further instance of a service or relay (auth-2)."""
    if registry.by_name(name) is None:
        raise argparse.ArgumentTypeError(
            f"unknown component {name!r}; one of: {', '.join(registry.names())} "
            "(and <service>-N, <service>-relay-N for instance N of `up --scale`)"
        )
    return name


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--state-dir",
        default=argparse.SUPPRESS,
        help=f"where the stack keeps its data, logs and pids (default {DEFAULT_STATE_DIR})",
    )
    common.add_argument(
        "--port-base",
        type=int,
        default=argparse.SUPPRESS,
        help=f"first port (default {DEFAULT_PORT_BASE}; remembered in the state dir)",
    )
    parser = argparse.ArgumentParser(
        prog="stack.py",
        parents=[common],
        description="Run the LiteMaaS stack locally: PostgreSQL, Redis, Kafka (KRaft), LiteLLM "
        "and the services, as plain processes (no Docker).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    up = sub.add_parser("up", parents=[common], help="start everything (idempotent)")
    up.add_argument(
        "--foreground", action="store_true", help="stay attached; Ctrl-C or SIGTERM stops the stack"
    )
    up.add_argument(
        "--only", choices=["infra"], help="start PostgreSQL, Redis, Kafka and LiteLLM only"
    )
    up.add_argument(
        "--scale",
        type=int,
        default=None,
        metavar="N",
        help="N instances of every service and relay (default 1; remembered in the state dir)",
    )
    sub.add_parser("down", parents=[common], help="stop everything")
    status = sub.add_parser("status", parents=[common], help="one line per component")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    for verb, text in (
        ("start", "start components, one after another, each until it is ready"),
        ("stop", "stop components (SIGTERM, then SIGKILL after 15 s)"),
        ("kill", "SIGKILL components"),
    ):
        one = sub.add_parser(verb, parents=[common], help=text)
        one.add_argument(
            "components",
            nargs="+",
            type=component_name,
            metavar="COMPONENT",
            help=", ".join(registry.names()) + "; instance N of a service: auth-N, auth-relay-N",
        )
    return parser


def status(stack: Stack, as_json: bool) -> int:
    scope = str(stack.settings().get("scope", "all"))
    expected = {comp.name for comp in registry.components(scope, stack.scale)}
    rows = []
    for comp in registry.components(scale=commands.scale_in_use(stack)):
        record = stack.record(comp.name)
        running = record is not None and record.alive()
        port = comp.port(stack)
        rows.append(
            {
                "component": comp.name,
                "kind": "one-shot" if comp.oneshot else "process",
                "running": running,
                "pid": record.pid if running and record else None,
                "port": port,
                "listening": bool(running and port and probes.tcp_open(port)),
                "last_run": stack.settings().get(f"{comp.name}_last_run") if comp.oneshot else None,
                "log": str(stack.log_path(comp.name)),
            }
        )
    front = procs.Record.load(stack.dir / "foreground.json")
    front_pid = front.pid if front is not None and front.alive() else None
    missing = [
        r
        for r in rows
        if r["kind"] == "process" and r["component"] in expected and not r["running"]
    ]
    if as_json:
        print(
            json.dumps(
                {
                    "state_dir": str(stack.dir),
                    "port_base": stack.port_base,
                    "scope": scope,
                    "scale": stack.scale,
                    "foreground_pid": front_pid,
                    "components": rows,
                },
                indent=2,
            )
        )
    else:
        scaled = f", scale {stack.scale}" if stack.scale > 1 else ""
        print(f"stack in {shown(stack.dir)}, port base {stack.port_base}{scaled}, last up: {scope}")
        for row in rows:
            address = f"127.0.0.1:{row['port']}" if row["port"] else "-"
            if row["kind"] == "one-shot":
                state, pid = "one-shot", f"last run: {row['last_run'] or 'never'}"
            else:
                state = "running" if row["running"] else "stopped"
                pid = f"pid {row['pid']}" if row["running"] else "-"
                if row["running"] and row["port"] and not row["listening"]:
                    state = "starting"  # alive, port not open (yet)
            print(f"  {row['component']:<11} {state:<9} {pid:<12} {address}")
        if front_pid is not None:
            print(f"  (a foreground `up` watches this stack: pid {front_pid})")
    return EXIT_NOT_RUNNING if missing else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command
    try:
        stack = Stack.open(
            getattr(args, "state_dir", None),
            getattr(args, "port_base", None),
            create=command in ("up", "start"),
            scale=getattr(args, "scale", None),
        )
        if command == "up":
            return commands.up(stack, args.only or "all", args.foreground)
        if command == "down":
            return commands.down(stack)
        if command == "status":
            return status(stack, args.json)
        for name in args.components:  # the first failure ends the command
            if command == "start":
                result = commands.start_one(stack, name)
            else:
                result = commands.stop_one(stack, name, hard=command == "kill")
            if result != 0:
                return result
        return 0
    except LauncherError as exc:
        Report.error(str(exc))
        return 1
    except KeyboardInterrupt:
        return commands.EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
