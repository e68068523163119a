"""Scale 1 against scale 2 on one stack, in one run: keys made per second end to end, and the
p50 / p99 of ``GET /api/v1/auth/me`` through the gateway.

    .venv/bin/python benchmarks/scale_out.py [--state-dir .stack-scale] [--users 12]
                                             [--rate 30] [--connections 10] [--seconds 8]

Against a stack started with ``stack.py up --scale 2`` (``make test-scale`` runs it after the
scale tests). Scale 2 is measured as it runs; scale 1 with every second instance stopped
(``stack.py stop auth-2`` ...), which are started again at the end: the gateway still lists
them and passes over the refused connection, a cost of well under a millisecond.
Keys per second: ``--users`` users at once log in, subscribe and make a key; the clock stops
when LiteLLM knows every one of those keys (so it counts the gateway, keys, both relays,
Kafka and sync). Asserts nothing; on a 2-core machine two of everything mostly shares the same
cores, so expect scale 2 to show resilience more than speed.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from gateway_latency import _env, _login, loaded  # noqa: E402

SECOND = [
    f"{s}{r}-2" for s in ("auth", "catalog", "keys", "billing", "sync") for r in ("", "-relay")
]
MODEL = "mock-gpt"


def _launcher(state_dir: Path, verb: str, component: str) -> None:
    launcher = ROOT / "deploy" / "local" / "stack.py"
    command = [sys.executable, str(launcher), verb, component, "--state-dir", str(state_dir)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603


async def _one_key(http: httpx.AsyncClient, litellm: httpx.AsyncClient) -> None:
    login = await http.post(
        "/api/v1/auth/dev-login", json={"username": f"bench-{uuid.uuid4().hex[:10]}"}
    )
    login.raise_for_status()
    auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
    made = await http.post("/api/v1/subscriptions", json={"model_id": MODEL}, headers=auth)
    assert made.status_code == 201, made.text
    while True:  # the subscription reaches keys through Kafka
        key = await http.post(
            "/api/v1/api-keys", json={"name": "bench", "models": [MODEL]}, headers=auth
        )
        if key.status_code == 201:
            break
        assert key.status_code == 403, key.text
        await asyncio.sleep(0.1)
    digest = hashlib.sha256(key.json()["key"].encode()).hexdigest()
    while (await litellm.get("/key/info", params={"key": digest})).status_code != 200:  # noqa: ASYNC110
        await asyncio.sleep(0.1)  # polled: LiteLLM tells no one


async def keys_per_second(ends: dict[str, str], users: int) -> float:
    master = {"Authorization": f"Bearer {ends['LITELLM_MASTER_KEY']}"}
    async with (
        httpx.AsyncClient(base_url=ends["GATEWAY_URL"], timeout=60) as http,
        httpx.AsyncClient(base_url=ends["LITELLM_URL"], timeout=30, headers=master) as litellm,
    ):
        started = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(*(_one_key(http, litellm) for _ in range(users))), 300
        )
        return users / (time.perf_counter() - started)


async def measure(ends: dict[str, str], args: argparse.Namespace) -> tuple[float, float, float]:
    made = await keys_per_second(ends, args.users)
    headers = {"Authorization": f"Bearer {await _login(ends['GATEWAY_URL'])}"}
    url = ends["GATEWAY_URL"] + "/api/v1/auth/me"
    p50, p99, errors = await loaded(url, headers, args.rate, args.connections, args.seconds)
    assert errors == 0, f"{errors} requests failed"
    return made, p50, p99


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".stack-scale")
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--rate", type=float, default=30)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    ends = _env(args.state_dir)
    if ends.get("SCALE") != "2":
        sys.exit(f"the stack in {args.state_dir} does not run with --scale 2")
    figures = {"scale 2": await measure(ends, args)}
    for name in SECOND:
        _launcher(args.state_dir, "stop", name)
    try:
        figures["scale 1"] = await measure(ends, args)
    finally:
        for name in SECOND:
            _launcher(args.state_dir, "start", name)
    print(f"{'':8} {'keys/s end to end':>18} {'auth/me p50 ms':>15} {'p99 ms':>8}")
    for label, (made, p50, p99) in sorted(figures.items()):
        print(f"{label:8} {made:18.2f} {p50:15.1f} {p99:8.1f}")
    print(f"({args.users} keys at once; {args.rate:.0f} GET/s for {args.seconds:.0f} s)")


if __name__ == "__main__":
    asyncio.run(main())
