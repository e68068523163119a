"""Memory of a running stack at rest: resident set size per component, children included.

    .venv/bin/python benchmarks/stack_memory.py [STATE_DIR]     (default: .stack)

The figure for a component is the summed RSS of its process and all its descendants, and of
anything else left in the session the launcher started it in: LiteLLM's figure includes its
Node query-engine shim, PostgreSQL's its backends. Shared pages are counted once per process, so the
total slightly overstates what the machine lost.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PAGE_KIB = 4


def _processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, session id) of every live process."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out.append((int(stat.parent.name), int(fields[1]), int(fields[3])))
    return out


def _members(root: int, processes: list[tuple[int, int, int]]) -> set[int]:
    members = {pid for pid, _, sid in processes if sid == root or pid == root}
    grew = True
    while grew:
        children = {pid for pid, ppid, _ in processes if ppid in members} - members
        members |= children
        grew = bool(children)
    return members


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
    processes = _processes()
    total = 0
    print(f"{'component':<14} {'processes':>9} {'RSS MiB':>8}")
    for path in records:
        record = json.loads(path.read_text())
        pids = (
            _members(record["pid"], processes) if Path(f"/proc/{record['pid']}").exists() else set()
        )
        rss = sum(_rss_kib(pid) for pid in pids)
        total += rss
        print(f"{record['component']:<14} {len(pids):>9} {rss / 1024:>8.0f}")
    print(f"{'total':<14} {'':>9} {total / 1024:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
