"""``litemaas``: the operators' command line.

    litemaas events list                      topics, partitions, end offsets
    litemaas events tail TOPIC [--follow]     records as JSON lines, from the beginning
    litemaas events export TOPIC --from TIME --to TIME [--format jsonl|csv] [--out FILE]
                                              a time window to a file, with a verification
                                              summary (records, offsets, SHA-256)
    litemaas topics ensure                    create the registry's topics (and DLQs)
    litemaas dlq list [DLQ_TOPIC]             dead letters with their reasons (all DLQs)
    litemaas dlq show DLQ_TOPIC OFFSET        one dead letter, whole
    litemaas dlq redrive DLQ_TOPIC (--key K | --offset N)
                                              put a parked key's records back, in order
    litemaas dlq skip DLQ_TOPIC --key K       never apply the key's parked head; redrive
                                              the records that waited behind it
    litemaas replay billing [--into SCHEMA]   rebuild billing's read model from offset 0 into
                                              a new schema; compare its checksum with the
                                              live one (exit 1 when they differ)

The broker comes from --bootstrap, else $KAFKA_BOOTSTRAP, else .stack/endpoints.env
(billing's database likewise from $BILLING_DATABASE_URL).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from litemaas_cli import dlq
from litemaas_cli.events import list_topics, tail
from litemaas_cli.export import export
from litemaas_cli.replay import replay_billing
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
    if args.group == "dlq":
        return await _dlq(bootstrap, args)
    if args.group == "replay":
        return await asyncio.to_thread(replay_billing, bootstrap, args.into)
    if args.command == "export":
        return await _export(bootstrap, args)
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


def _when(text: str) -> datetime:
    """ISO 8601; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _export(bootstrap: str, args: argparse.Namespace) -> int:
    if args.to <= args.start:
        print("litemaas: --to must be after --from", file=sys.stderr)
        return 2
    try:
        if args.out:
            # one short-lived command: blocking file writes are fine here
            with Path(args.out).open("w", encoding="utf-8", newline="") as out:  # noqa: ASYNC230
                summary = await export(bootstrap, args.topic, args.start, args.to, args.format, out)
            summary["file"] = args.out
            print(json.dumps(summary, indent=2))
        else:
            summary = await export(
                bootstrap, args.topic, args.start, args.to, args.format, sys.stdout
            )
            print(json.dumps(summary), file=sys.stderr)
    except LookupError as exc:
        print(f"litemaas: {exc}", file=sys.stderr)
        return 1
    return 0


async def _dlq(bootstrap: str, args: argparse.Namespace) -> int:
    try:
        if args.command == "list":
            topics = (
                [args.topic]
                if args.topic
                else [
                    r["topic"] for r in await list_topics(bootstrap) if r["topic"].endswith(".dlq")
                ]
            )
            for topic in topics:
                for record in await dlq.dead_letters(bootstrap, topic):
                    print(json.dumps({"topic": topic, **dlq.summary(record)}), flush=True)
            return 0
        records = await dlq.dead_letters(bootstrap, args.topic)
    except LookupError as exc:
        print(f"litemaas: {exc}", file=sys.stderr)
        return 1
    if args.command == "show":
        found = [r for r in records if r["offset"] == args.offset]
        if not found:
            print(f"litemaas: no record at offset {args.offset} in {args.topic}", file=sys.stderr)
            return 1
        print(json.dumps({k: v for k, v in found[0].items() if k != "raw_value"}, indent=2))
        return 0
    if args.offset is not None:
        chosen = [(r, True) for r in records if r["offset"] == args.offset]
    else:
        chosen = dlq.select_incident(records, args.key)
    if not chosen:
        print("litemaas: nothing in the DLQ matches", file=sys.stderr)
        return 1
    skip = args.command == "skip"
    plan = [(r, "skip" if skip and head else "redrive") for r, head in chosen]
    for line in await dlq.put_back(bootstrap, plan):
        print(line)
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
    export_cmd = events.add_parser(
        "export", parents=[common], help="a time window of a topic to a file, with a summary"
    )
    export_cmd.add_argument("topic")
    export_cmd.add_argument("--from", dest="start", type=_when, required=True, help="ISO 8601")
    export_cmd.add_argument("--to", type=_when, required=True, help="ISO 8601, exclusive")
    export_cmd.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    export_cmd.add_argument("--out", help="the file (default: standard output)")
    topics = groups.add_parser("topics", help="manage topics").add_subparsers(
        dest="command", required=True
    )
    ensure = topics.add_parser(
        "ensure", parents=[common], help="create missing topics and their DLQs"
    )
    ensure.add_argument("--replication", type=int, default=1)
    dead = groups.add_parser("dlq", help="dead letters: list, show, redrive, skip").add_subparsers(
        dest="command", required=True
    )
    dlq_list = dead.add_parser("list", parents=[common], help="dead letters and their reasons")
    dlq_list.add_argument("topic", nargs="?", help="one DLQ topic (default: all)")
    show = dead.add_parser("show", parents=[common], help="one dead letter, whole")
    show.add_argument("topic")
    show.add_argument("offset", type=int)
    for verb, text in (
        ("redrive", "put a parked key's records (or one record) back on the original topic"),
        ("skip", "never apply the parked head; redrive what waited behind it"),
    ):
        cmd = dead.add_parser(verb, parents=[common], help=text)
        cmd.add_argument("topic")
        which = cmd.add_mutually_exclusive_group(required=True)
        which.add_argument("--key", help="the record key (aggregate id) that is parked")
        which.add_argument("--offset", type=int, help="one record, by its offset in the DLQ")
    replays = groups.add_parser("replay", help="rebuild a read model from its topics")
    billing = replays.add_subparsers(dest="command", required=True).add_parser(
        "billing", parents=[common], help="billing's ledger and aggregates, from offset 0"
    )
    billing.add_argument("--into", help="the new schema (default: replay_<UTC time>)")
    args = parser.parse_args(argv)
    try:
        return asyncio.run(_run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
