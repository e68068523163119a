"""Memory of a running stack at rest: resident set size per component, children included.

    .venv/bin/python benchmarks/stack_memory.py [STATE_DIR]     (default: .stack)

Each component runs in its own session (the launcher starts it so); the figure for a component
is the summed RSS of every live process in that session: LiteLLM's figure includes its Node
query-engine shim, PostgreSQL's its backends. Shared pages are counted once per process, so the
total slightly overstates what the machine lost.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PAGE_KIB = 4


def _sessions() -> dict[int, list[int]]:
    """session id → pids, for every live process."""
    out: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out.setdefault(int(fields[3]), []).append(int(stat.parent.name))
    return out


def _rss_kib(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def main() -> int:
    state = Path(sys.argv[1] if len(sys.argv) > 1 else ".stack")
    records = sorted((state / "pids").glob("*.json"))
    if not records:
        print(f"no running stack in {state} (start one with `make run`)", file=sys.stderr)
        return 1
    sessions = _sessions()
    total = 0
    print(f"{'component':<14} {'processes':>9} {'RSS MiB':>8}")
    for path in records:
        record = json.loads(path.read_text())
        pids = sessions.get(record["pid"], [])
        rss = sum(_rss_kib(pid) for pid in pids)
        total += rss
        print(f"{record['component']:<14} {len(pids):>9} {rss / 1024:>8.0f}")
    print(f"{'total':<14} {'':>9} {total / 1024:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
