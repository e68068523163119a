"""Health probes: each answers one question about a port, quickly, and never raises."""

from __future__ import annotations

import socket
import struct
import urllib.error
import urllib.request

HOST = "127.0.0.1"

# Local probes must not go through an HTTP proxy that the environment may configure.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def tcp_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def http_status(
    url: str, headers: dict[str, str] | None = None, timeout: float = 3.0
) -> int | None:
    """The status code of a GET, or None when nothing answered."""
    if not url.startswith("http://"):
        raise ValueError(f"not a local http URL: {url}")
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (checked above)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (OSError, ValueError):
        return None


def redis_ping(port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def kafka_broker_count(port: int, timeout: float = 2.0) -> int:
    """Brokers in a Metadata (v4) answer from the broker on `port`; 0 when it does not answer.

    A real protocol round-trip: the listener accepts connections before the broker has joined
    the cluster, but it lists itself in metadata only once it is registered and unfenced.
    """
    client_id = b"litemaas-launcher"
    header = struct.pack(">hhih", 3, 4, 1, len(client_id)) + client_id  # Metadata v4, corr. id 1
    body = struct.pack(">i", 0) + b"\x00"  # no topics, allow_auto_topic_creation=false
    request = header + body
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(struct.pack(">i", len(request)) + request)
            size = struct.unpack(">i", _read_exactly(sock, 4))[0]
            answer = _read_exactly(sock, size)
    except (OSError, struct.error):
        return 0
    # correlation id (int32), throttle_time_ms (int32), then the brokers array's length
    if len(answer) < 12 or struct.unpack(">i", answer[:4])[0] != 1:
        return 0
    brokers: int = struct.unpack(">i", answer[8:12])[0]
    return max(0, brokers)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise OSError("connection closed")
        data += chunk
    return data
