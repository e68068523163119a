"""Live notifications in Redis Streams: one stream per user and one for the admins.

Redis is the fan-out between gateway replicas: whichever replica consumed the event appends it,
and every replica's open connections read it. A connection reads its user's stream and, for an
admin, the admins' stream too; the SSE event id is its cursor over those streams
(``<user stream id>~<admins stream id>``), so a reconnect with ``Last-Event-ID`` resumes each
stream exactly where it stopped, losing and repeating nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from litemaas_gateway.notices import ADMINS, Notice

PREFIX = "litemaas:live:"
_ID = re.compile(r"^\d{1,20}-\d{1,20}$")

#: appends once per event id: a redelivered event (Kafka is at least once) adds nothing
_APPEND = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'n', ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  return id
end
return false
"""


def stream_key(audience: str) -> str:
    return f"{PREFIX}stream:{audience}"


@dataclass(frozen=True)
class Cursor:
    """Where one connection stands in each of its streams (Redis stream ids)."""

    positions: tuple[str, ...]

    def text(self) -> str:
        return "~".join(self.positions)

    @classmethod
    def parse(cls, text: str | None, streams: int) -> Cursor | None:
        """The cursor a ``Last-Event-ID`` names, or None when it names none of ours."""
        if not text or len(text) > 100:
            return None
        parts = text.split("~")
        if len(parts) > streams or not all(_ID.match(p) for p in parts):
            return None
        # an admin who was not one when the id was made starts the admins' stream at "now"
        # (``None`` positions are resolved by ``LiveStore.now``)
        return cls(tuple(parts))


class LiveStore:
    def __init__(self, redis: Any, *, maxlen: int, ttl_seconds: int) -> None:
        self.redis = redis
        self.maxlen = maxlen
        self.ttl_seconds = ttl_seconds
        self._append = redis.register_script(_APPEND)

    async def append(self, event_id: str, audience: str, notice: Notice) -> str | None:
        """The new entry's id, or None when this event was appended before."""
        body = json.dumps(notice.as_dict(event_id), separators=(",", ":"))
        seen = f"{PREFIX}seen:{event_id}"
        found = await self._append(
            keys=[seen, stream_key(audience)], args=[body, self.maxlen, self.ttl_seconds]
        )
        return found.decode() if isinstance(found, bytes) else found or None

    async def now(self, audiences: list[str], known: Cursor | None) -> Cursor:
        """``known`` completed with the current end of each stream it does not cover."""
        have = list(known.positions) if known else []
        for audience in audiences[len(have) :]:
            last = await self.redis.xrevrange(stream_key(audience), count=1)
            have.append(_text(last[0][0]) if last else "0-0")
        return Cursor(tuple(have[: len(audiences)]))

    async def read(
        self, audiences: list[str], cursor: Cursor, block_ms: int
    ) -> list[tuple[Cursor, dict[str, Any]]]:
        """What came after ``cursor`` (waiting up to ``block_ms`` for something), each with the
        cursor just past it: a connection that ends halfway through resumes at the first one
        it did not send."""
        wanted = {stream_key(a): p for a, p in zip(audiences, cursor.positions, strict=True)}
        found = await self.redis.xread(wanted, count=100, block=block_ms)
        positions = dict(zip(audiences, cursor.positions, strict=True))
        out: list[tuple[Cursor, dict[str, Any]]] = []
        for key, entries in found or []:
            audience = _text(key)[len(stream_key("")) :]
            for entry_id, fields in entries:
                positions[audience] = _text(entry_id)
                after = Cursor(tuple(positions[a] for a in audiences))
                raw = fields.get(b"n") or fields.get("n")
                if raw is not None:
                    notice = json.loads(raw)
                    notice["audience"] = "admins" if audience == ADMINS else "me"
                    out.append((after, notice))
        return out


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
