"""Latency of an authenticated GET through the gateway, beside a bare FastAPI hello, in one run.

    .venv/bin/python benchmarks/gateway_latency.py [--state-dir .stack] [--rate 200]
                                                   [--connections 10] [--seconds 10]

Against a running stack (``make run`` or any ``--state-dir``). The script starts a bare FastAPI
app answering ``GET /hello`` with uvicorn (same options as the services: no access log) on this
machine, logs in a development user through the gateway, then, for each target:
1. alone: ``--single`` requests one after another; the median is one request's cost;
2. under load: ``--rate`` requests/s spread over ``--connections`` keep-alive connections for
   ``--seconds``, open loop (each request's latency counts from when it was due, so a slow
   answer delays the next one's count too, as wrk2 does); p50 / p99.
Prints both figures and the ratio gateway p99 / bare p99 (the goal: at most 3), and the CPU time
the gateway, auth and Redis spent per loaded request (from ``/proc``, with the pids the launcher
keeps in the state dir): on a machine shared with other work the latencies move from run to run,
the CPU per request much less. Asserts nothing.
The client is a few lines of raw HTTP/1.1 on asyncio streams, so it costs the two processes
under test as little CPU as it can.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
HELLO = """
from fastapi import FastAPI
import uvicorn
app = FastAPI()
@app.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}
uvicorn.run(app, host="127.0.0.1", port={port}, log_config=None, access_log=False)
"""


def _env(state_dir: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (state_dir / "endpoints.env").read_text().splitlines())
    return {k: v for k, v in (p for p in pairs if len(p) == 2) if not k.startswith("#")}


class Connection:
    """One keep-alive HTTP/1.1 connection: GET, read the status and the body, nothing more."""

    def __init__(self, host: str, port: int, path: str, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.request = ("\r\n".join(lines) + "\r\n\r\n").encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(self.request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _target(url: str, headers: dict[str, str]) -> tuple[str, int, str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80, parts.path, headers


async def alone(url: str, headers: dict[str, str], count: int) -> float:
    connection = Connection(*_target(url, headers))
    took: list[float] = []
    for _ in range(count):
        started = time.perf_counter()
        status = await connection.get()
        took.append(time.perf_counter() - started)
        assert status == 200, f"{url} answered {status}"
    connection.close()
    return statistics.median(took[count // 10 :]) * 1000  # the first tenth warms up


async def loaded(
    url: str, headers: dict[str, str], rate: float, connections: int, seconds: float
) -> tuple[float, float, int]:
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter() + 0.2

    async def worker(index: int) -> None:
        nonlocal errors
        connection = Connection(*_target(url, headers))
        for n in range(index, total, connections):
            due = start + n / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if await connection.get() != 200:
                errors += 1
            latencies.append(time.perf_counter() - due)
        connection.close()

    await asyncio.gather(*(worker(i) for i in range(connections)))
    cuts = statistics.quantiles(latencies, n=100)
    return cuts[49] * 1000, cuts[98] * 1000, errors


def _cpu_seconds(state_dir: Path) -> dict[str, float]:
    """CPU time so far of the gateway, auth and Redis processes of the stack (Linux only)."""
    out: dict[str, float] = {}
    for name in ("gateway", "auth", "redis"):
        try:
            pid = json.loads((state_dir / "pids" / f"{name}.json").read_text())["pid"]
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, KeyError, ValueError):
            continue
        out[name] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _login(gateway: str) -> str:
    host, port, _, _ = _target(gateway, {})
    body = json.dumps({"username": "bench-latency"}).encode()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        b"POST /api/v1/auth/dev-login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    answer = await reader.read()
    writer.close()
    head, _, payload = answer.partition(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0], head
    token: str = json.loads(payload)["access_token"]
    return token


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".stack")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--single", type=int, default=200)
    parser.add_argument("--only", choices=["bare", "gateway"], help="one target (to profile it)")
    args = parser.parse_args()
    gateway = _env(args.state_dir)["GATEWAY_URL"]
    port = _free_port()
    python = str(ROOT / ".venv" / "bin" / "python")
    bare = subprocess.Popen(  # noqa: S603, ASYNC220 (our own interpreter; once, before timing)
        [python, "-c", HELLO.replace("{port}", str(port))], env=dict(os.environ)
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                await asyncio.sleep(0.1)
        token = await _login(gateway)
        targets = {
            "bare hello": (f"http://127.0.0.1:{port}/hello", {}),
            "gateway /api/v1/auth/me": (
                f"{gateway}/api/v1/auth/me",
                {"Authorization": f"Bearer {token}"},
            ),
        }
        p99: dict[str, float] = {}
        for name, (url, headers) in targets.items():
            if args.only and not name.startswith(args.only):
                continue
            one = await alone(url, headers, args.single)
            cpu_before = _cpu_seconds(args.state_dir)
            p50, p99[name], errors = await loaded(
                url, headers, args.rate, args.connections, args.seconds
            )
            cpu_after = _cpu_seconds(args.state_dir)
            print(
                f"{name:26} alone {one:6.2f} ms | {args.rate:.0f} req/s x {args.connections} "
                f"connections: p50 {p50:6.2f} ms  p99 {p99[name]:7.2f} ms  errors {errors}",
                flush=True,
            )
            if name.startswith("gateway") and cpu_after:
                count = int(args.rate * args.seconds)
                spent = ", ".join(
                    f"{n} {(cpu_after[n] - cpu_before[n]) * 1000 / count:.2f} ms"
                    for n in cpu_after
                    if n in cpu_before
                )
                print(f"{'':26} CPU per request: {spent}", flush=True)
        if len(p99) == 2:
            ratio = p99["gateway /api/v1/auth/me"] / p99["bare hello"]
            print(f"ratio p99 gateway / bare: {ratio:.1f}x (goal <= 3x)")
    finally:
        bare.terminate()
        bare.wait()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
