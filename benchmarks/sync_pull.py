"""How long sync's full pull and diff of LiteLLM takes, beside a bare walk of the same lists.

    .venv/bin/python benchmarks/sync_pull.py [--state-dir .stack] [--keys 10000]
                                             [--users 2000] [--teams 200] [--rounds 3]
                                             [--drifts 3]

Against a running stack, in one run (a throwaway one is best: the conflicts and audit records
sync writes about the seeded objects stay, as history):
1. a full reconcile first, so that what the stack already had is settled;
2. seeds LiteLLM with ``--keys`` keys, ``--users`` users and ``--teams`` teams (each user in
   one team, every other key in its user's team), copied from template rows LiteLLM's admin
   API made (``sync_pull_seed.py``), all named ``bench-<hex>-…``;
3. a full reconcile asked of sync directly (its own port: the gateway would time out): it
   finds every seeded object only in LiteLLM and settles each as the policy says (``report``
   by default: one SyncConflict and one audit record each, marked foreign);
4. ``--rounds`` times: a bare sequential walk of the lists sync reads (``/user/list`` and
   ``/key/list`` at 100 a page, keys sorted by creation time, full objects; ``/team/list``)
   with httpx, then a full reconcile, which now pulls and diffs with nothing to settle (the
   no-op cycle: its LiteLLM writes, goal 0), then the walk again; each cycle's time (as sync
   counts it, inside its cycle lock: a scheduled cycle may run first) beside the walks just
   before and after it, and their median (goal ≤ 1.5x);
5. for every cycle, what it decided and sync's memory (peak VmRSS sampled every 50 ms,
   and VmHWM; goal ≤ 256 MiB);
6. ``--drifts`` times: one of our keys (a bench user's, made through the API) gets another
   max_budget straight through LiteLLM's ``/key/update``; the time until its SyncConflict is
   on ``litemaas.sync.conflicts.v1``, at the schedule sync runs with (no cycle is asked for);
7. the seeded rows are deleted from LiteLLM and sync's foreign records of them, the bench key
   revoked, and one more full reconcile shows what is left (goal: nothing to settle).
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import sync_pull_drift as drift
from sync_pull_seed import Seeded, seed, unseed

PAGE = 100  # sync's page size for /user/list and /key/list (LiteLLM's maximum)


def _env(state_dir: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (state_dir / "endpoints.env").read_text().splitlines())
    return {k: v for k, v in (p for p in pairs if len(p) == 2) if not k.startswith("#")}


def _pg(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def bare_walk(litellm: httpx.AsyncClient) -> tuple[float, dict[str, int]]:
    """Every page of the lists sync reads, one request after another, as sync orders them.
    Counts distinct objects, and rows read when pages overlapped (LiteLLM orders pages by
    creation time alone)."""
    started, counts = time.perf_counter(), {}
    for kind, path, size in (("user", "/user/list", "page_size"), ("key", "/key/list", "size")):
        page, pages, seen, ids = 1, 1, 0, set()
        while page <= pages:
            params: dict[str, Any] = {"page": page, size: PAGE}
            if kind == "key":
                params |= {"return_full_object": "true", "sort_by": "created_at"}
                params |= {"sort_order": "asc"}
            body = (await litellm.get(path, params=params)).raise_for_status().json()
            rows = body.get("users" if kind == "user" else "keys") or []
            seen, ids = (
                seen + len(rows),
                ids | {r["user_id" if kind == "user" else "token"] for r in rows},
            )
            pages, page = int(body.get("total_pages") or 1), page + 1
        counts[kind] = len(ids)
        if seen != len(ids):
            counts[f"{kind} rows read"] = seen
        if kind == "user":  # sync's order: users, teams, keys
            teams = (await litellm.get("/team/list")).raise_for_status().json()
            counts["team"] = len(teams)
    return time.perf_counter() - started, counts


def _memory_kib(pid: int) -> dict[str, int]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0])
    return found


async def _sample(pid: int, peak: dict[str, int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        now = _memory_kib(pid)
        peak["VmRSS"] = max(peak.get("VmRSS", 0), now["VmRSS"])
        peak["VmHWM"] = now["VmHWM"]
        await asyncio.sleep(0.05)


Cycle = tuple[dict[str, Any], float, dict[str, int]]


async def reconcile(env: dict[str, str], pid: int) -> Cycle:
    """One full cycle asked of sync; its answer, the wall time, sync's memory meanwhile."""
    token = await drift.admin_token(env)
    peak: dict[str, int] = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample(pid, peak, stop))
    async with httpx.AsyncClient(base_url=env["SYNC_URL"], timeout=None) as http:  # noqa: S113
        started = time.perf_counter()
        response = await http.post(
            "/api/v1/admin/sync/reconcile", json={}, headers={"Authorization": f"Bearer {token}"}
        )
        wall = time.perf_counter() - started
    stop.set()
    await sampler
    response.raise_for_status()
    return response.json(), wall, peak


def _cycle(name: str, result: dict[str, Any], wall: float, peak: dict[str, int]) -> None:
    print(
        f"{name}: {result.get('duration_seconds')} s in sync ({wall:.1f} s asked and answered),"
        f" LiteLLM writes {result.get('litellm_writes')}, conflicts {result.get('conflicts')}"
        f" {result.get('drift_by_entity_type')}, decisions {result.get('decisions')}"
        f"{' — ' + result['skipped'] if 'skipped' in result else ''}"
    )
    if peak:
        print(
            f"  sync's memory: peak VmRSS {peak['VmRSS'] / 1024:.0f} MiB during the cycle,"
            f" VmHWM {peak['VmHWM'] / 1024:.0f} MiB (goal ≤ 256 MiB)"
        )


async def pull_and_diff(
    env: dict[str, str], pid: int, litellm: httpx.AsyncClient, rounds: int, first: Cycle
) -> None:
    """Bare walk, no-op cycle, bare walk, …: each cycle beside the walks just before and after
    it (the machine's load moves; sync's scheduled cycles may run beside a walk)."""
    walks = [await bare_walk(litellm)]
    print(f"bare walk: {walks[0][0]:.1f} s for {walks[0][1]}")
    ratios = []
    for n in range(rounds):
        cycle = await reconcile(env, pid)
        walks.append(await bare_walk(litellm))
        _cycle(f"full pull and diff {n + 1}, nothing to settle (a no-op cycle)", *cycle)
        ratios.append(cycle[0]["duration_seconds"] / statistics.mean(w[0] for w in walks[-2:]))
        print(f"  {ratios[-1]:.2f}x the bare walks before and after it", end="")
        print(f" ({walks[-2][0]:.1f} s, {walks[-1][0]:.1f} s)")
    bare = statistics.median(w[0] for w in walks)
    print(f"full pull and diff: median {statistics.median(ratios):.2f}x the bare walk", end="")
    print(f" over {rounds} rounds (goal ≤ 1.5x); bare walk median {bare:.1f} s")
    took, settled = first[0]["duration_seconds"], first[0]["conflicts"] or 1
    print(f"cycle 1: {took / bare:.2f}x the bare walk,", end="")
    print(f" {(took - bare) / settled * 1000:.0f} ms per difference settled")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state-dir", default=".stack", type=Path)
    parser.add_argument("--keys", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="no-op cycles, each between walks")
    parser.add_argument("--drifts", type=int, default=3, help="drift → conflict measurements")
    args = parser.parse_args()
    env = _env(args.state_dir)
    pid = drift.sync_pid(args.state_dir)
    master = {"Authorization": f"Bearer {env['LITELLM_MASTER_KEY']}"}
    litellm = httpx.AsyncClient(base_url=env["LITELLM_URL"], headers=master, timeout=300)
    _cycle("settling what the stack had first", *await reconcile(env, pid))
    seeded = Seeded(f"bench-{uuid.uuid4().hex[:8]}", args.keys, args.users, args.teams)
    try:
        took = await seed(litellm, _pg(env["LITELLM_DATABASE_URL"]), seeded)
        print(f"seeded {args.keys:,} keys, {args.users:,} users, {args.teams:,} teams", end="")
        print(f" in {took:.1f} s")
        first = await reconcile(env, pid)
        _cycle("cycle 1 (every seeded object new to sync)", *first)
        await pull_and_diff(env, pid, litellm, args.rounds, first)
        if args.drifts:
            await drift.report(env, litellm, pid, args.drifts)
    finally:
        removed = await unseed(
            _pg(env["LITELLM_DATABASE_URL"]), _pg(env["SYNC_DATABASE_URL"]), seeded
        )
        print(f"removed {removed}", file=sys.stderr)
        await litellm.aclose()
    _cycle("after clean-up", *await reconcile(env, pid))


if __name__ == "__main__":
    asyncio.run(main())
