"""``litemaas``: the operators' command line.

    litemaas events list                      topics, partitions, end offsets
    litemaas events tail TOPIC [--follow]     records as JSON lines, from the beginning
    litemaas topics ensure                    create the registry's topics (and DLQs)

The broker comes from --bootstrap, else $KAFKA_BOOTSTRAP, else .stack/endpoints.env.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

from litemaas_cli.events import list_topics, tail
from litemaas_contracts.topics import ALL_TOPICS
from litemaas_servicekit.kafka import ensure_topics


def _bootstrap(explicit: str | None) -> str:
    if explicit:
        return explicit
    if env := os.environ.get("KAFKA_BOOTSTRAP"):
        return env
    endpoints = Path(".stack/endpoints.env")
    if endpoints.is_file():
        for line in endpoints.read_text().splitlines():
            if line.startswith("KAFKA_BOOTSTRAP="):
                return line.split("=", 1)[1].strip()
    raise SystemExit("no Kafka address: pass --bootstrap, set KAFKA_BOOTSTRAP, or run `make run`")


async def _run(args: argparse.Namespace) -> int:
    bootstrap = _bootstrap(args.bootstrap)
    if args.group == "topics":
        created = await ensure_topics(bootstrap, ALL_TOPICS, args.replication)
        print(f"created {len(created)} topic(s)" + (": " + ", ".join(created) if created else ""))
        return 0
    if args.command == "list":
        rows = await list_topics(bootstrap)
        width = max((len(r["topic"]) for r in rows), default=10)
        print(f"{'TOPIC':<{width}}  PARTITIONS  RECORDS  END OFFSETS")
        for r in rows:
            print(
                f"{r['topic']:<{width}}  {r['partitions']:>10}  {r['records']:>7}  "
                f"{r['end_offsets']}"
            )
        return 0
    try:
        async for record in tail(bootstrap, args.topic, follow=args.follow):
            print(json.dumps(record), flush=True)
    except LookupError as exc:
        print(f"litemaas: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="litemaas", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bootstrap", help="Kafka bootstrap servers (host:port)")
    groups = parser.add_subparsers(dest="group", required=True)
    events = groups.add_parser("events", help="read the event log").add_subparsers(
        dest="command", required=True
    )
    events.add_parser("list", parents=[common], help="topics, partitions and end offsets")
    tail_cmd = events.add_parser(
        "tail", parents=[common], help="print a topic's records as JSON lines"
    )
    tail_cmd.add_argument("topic")
    tail_cmd.add_argument("--follow", action="store_true", help="keep waiting for new records")
    topics = groups.add_parser("topics", help="manage topics").add_subparsers(
        dest="command", required=True
    )
    ensure = topics.add_parser(
        "ensure", parents=[common], help="create missing topics and their DLQs"
    )
    ensure.add_argument("--replication", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        return asyncio.run(_run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
