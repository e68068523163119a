"""``GET /api/v1/events``: the caller's live notifications as server-sent events.

The gateway's own route (never the buffering forwarder). On connect it sends ``ready`` with the
cursor (so a client that heard nothing else still resumes from here), replays what came after
``Last-Event-ID``, then waits on the streams. Between waits it checks the token again (logout,
deactivation, a role change, expiry end the stream); the client going away ends it too.
"""

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from prometheus_client import Gauge
from redis.exceptions import RedisError
from sse_starlette import EventSourceResponse, ServerSentEvent

from litemaas_gateway.live import Cursor, LiveStore
from litemaas_gateway.notices import ADMINS, user
from litemaas_servicekit.security import (
    ADMIN,
    ADMIN_READONLY,
    Principal,
    RedisRevocations,
    Verifier,
    authenticated,
)

OPEN = Gauge("litemaas_gateway_event_streams_open", "Open notification streams (this replica)")
log = logging.getLogger(__name__)


def audiences(principal: Principal) -> list[str]:
    """The caller's stream, and the admins' for those who see sync's conflicts."""
    mine = [user(principal.user_id)]
    return [*mine, ADMINS] if {ADMIN, ADMIN_READONLY} & principal.roles else mine


async def ended(principal: Principal, revocations: RedisRevocations) -> str | None:
    if principal.expires_at and principal.expires_at <= time.time():
        return "expired"
    try:
        reason = await revocations.refusal(principal)
    except Exception:  # Redis away: the stream cannot be checked, so it does not go on
        return "unavailable"
    return "revoked" if reason else None


def router(
    store: LiveStore,
    verifier: Verifier,
    revocations: RedisRevocations,
    *,
    block_seconds: float,
    ping_seconds: float,
) -> APIRouter:
    api = APIRouter(tags=["notifications"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.get(
        "/api/v1/events",
        summary="My live notifications (server-sent events; resume with Last-Event-ID)",
        response_class=EventSourceResponse,
    )
    async def events(
        request: Request,
        caller: Caller,
        last_event_id: Annotated[str | None, Header(max_length=200)] = None,
    ) -> EventSourceResponse:
        streams = audiences(caller)
        cursor = await store.now(streams, Cursor.parse(last_event_id, len(streams)))

        async def stream() -> AsyncIterator[ServerSentEvent]:
            nonlocal cursor
            OPEN.inc()
            try:
                yield ServerSentEvent(event="ready", id=cursor.text(), data="{}")
                while True:
                    reason = await ended(caller, revocations)
                    if reason is not None:
                        yield ServerSentEvent(event="end", data=json.dumps({"reason": reason}))
                        return
                    try:
                        found = await store.read(streams, cursor, int(block_seconds * 1000))
                    except (RedisError, OSError) as exc:
                        # the client comes back with Last-Event-ID once Redis is back
                        log.warning("notification stream lost Redis", extra={"error": repr(exc)})
                        yield ServerSentEvent(event="end", data='{"reason": "unavailable"}')
                        return
                    for after, notice in found:
                        cursor = after
                        yield _event(after, notice)
            finally:
                OPEN.dec()

        return EventSourceResponse(
            stream(),
            ping=ping_seconds,
            # proxies in front must not hold the stream back (nginx honours this header)
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return api


def _event(after: Cursor, notice: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(event="notification", id=after.text(), data=json.dumps(notice))
