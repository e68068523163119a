"""``POST /api/v1/playground/chat``: a chat completion streamed from LiteLLM, token by token,
with one of the caller's own keys.

LiteMaaS keeps only a key's hash and prefix, so the browser sends the secret, in the
``X-LiteMaaS-Key`` header (never logged, never stored). The keys service, asked with the
caller's own token, says whether the key is theirs, active and covers the model; the secret must
begin with that key's prefix, and LiteLLM checks the rest. When the browser goes away the
stream's task is cancelled and the upstream connection closed, so LiteLLM stops generating.
"""

import asyncio
import hmac
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Annotated

import aiohttp
from fastapi import APIRouter, Depends, Header, Request, Response
from prometheus_client import Counter, Gauge
from sse_starlette import EventSourceResponse, ServerSentEvent

from litemaas_gateway.chat import SECRET_HEADER, SECRET_PATTERN, ChatIn, pieces, refusal
from litemaas_gateway.proxy import Pool
from litemaas_servicekit.errors import Forbidden, Invalid, NotFound, Problem, Unavailable
from litemaas_servicekit.security import Principal, Verifier, authenticated

STREAMS = Counter(
    "litemaas_gateway_playground_streams_total",
    "Playground answers by how they ended (cancelled: the browser left, upstream closed)",
    ["outcome"],
)
WAITING = Gauge(
    "litemaas_gateway_playground_waiting", "Playground requests waiting for LiteLLM to answer"
)
log = logging.getLogger(__name__)
DISCONNECT_POLL_SECONDS = 0.1
Secret = Annotated[str, Header(alias=SECRET_HEADER, pattern=SECRET_PATTERN)]
Authorization = Annotated[str, Header()]


class Refused(Problem):
    title = "Refused by LiteLLM"


async def _key(
    session: aiohttp.ClientSession, keys: Pool, key_id: str, authorization: str
) -> dict[str, object]:
    """The key as its owner sees it, from the keys service: each instance in turn until one
    answers (a GET, safe to send again)."""
    for url in keys.order():
        try:
            async with session.get(
                f"{url}/api/v1/api-keys/{key_id}",
                headers={"Authorization": authorization},
                timeout=aiohttp.ClientTimeout(total=10),
            ) as answer:
                if answer.status == 404:
                    raise NotFound(f"You have no key {key_id}.")
                if answer.status != 200:
                    raise Unavailable(f"The keys service answered {answer.status}; try again.")
                found: dict[str, object] = await answer.json(content_type=None)
                return found
        except (aiohttp.ClientError, TimeoutError):
            log.warning("keys instance unreachable for the playground's key lookup")
    raise Unavailable("The keys service is unavailable; try again.")


def _usable(key: dict[str, object], caller: Principal, body: ChatIn, secret: str) -> None:
    mine = key.get("owner_user_id") == caller.user_id or key.get("team_id") is not None
    if not mine:
        raise Forbidden("This is not one of your keys.")
    if key.get("status") != "active" or key.get("blocked"):
        raise Invalid("This key is not active (revoked, expired or blocked).")
    models, withdrawn = key.get("models"), key.get("withdrawn_models")
    reaches = isinstance(models, list) and body.model in models
    if not reaches or (isinstance(withdrawn, list) and body.model in withdrawn):
        raise Invalid(f"This key does not reach the model {body.model!r}.")
    prefix = str(key.get("key_prefix") or "")
    if not prefix or not hmac.compare_digest(secret[: len(prefix)], prefix):
        raise Forbidden("The secret given is not this key's.")


def router(
    session_of: Callable[[], aiohttp.ClientSession | None],
    verifier: Verifier,
    *,
    keys: Pool,
    litellm_url: str,
    read_timeout: float,
) -> APIRouter:
    api = APIRouter(tags=["playground"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.post(
        "/api/v1/playground/chat",
        summary="Stream a chat completion from LiteLLM with one of my keys (SSE, token by token)",
        response_class=EventSourceResponse,
    )
    async def chat(
        request: Request, body: ChatIn, caller: Caller, secret: Secret, authorization: Authorization
    ) -> Response:
        session = session_of()
        if session is None:
            raise Unavailable("The gateway is starting; try again.")
        _usable(await _key(session, keys, body.key_id, authorization), caller, body, secret)
        opening = asyncio.ensure_future(
            session.post(
                f"{litellm_url}/chat/completions",
                data=json.dumps(body.upstream_body()).encode(),
                headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=5, sock_read=read_timeout),
            )
        )
        # LiteLLM may take a while to start answering: a browser that leaves meanwhile must
        # not leave the request running there
        with WAITING.track_inprogress():
            while not (await asyncio.wait({opening}, timeout=DISCONNECT_POLL_SECONDS))[0]:
                if await request.is_disconnected():
                    opening.cancel()
                    STREAMS.labels("cancelled").inc()
                    log.info("playground request cancelled by the browser before an answer")
                    return Response(status_code=499)
        try:
            upstream = opening.result()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise Unavailable("LiteLLM is unavailable; try again.") from exc
        if upstream.status != 200:
            status, detail = refusal(upstream.status, await upstream.content.read(65536))
            upstream.close()
            raise Refused(detail, status=status)
        return EventSourceResponse(_relay(upstream), headers={"Cache-Control": "no-store"})

    return api


async def _relay(upstream: aiohttp.ClientResponse) -> AsyncIterator[ServerSentEvent]:
    """LiteLLM's chunks as ``token`` events, then one ``done`` (finish reason, usage) or an
    ``error``. Cancelled (the browser left): the upstream connection is closed at once."""
    outcome, finish = "cancelled", {}
    try:
        async for line in upstream.content:
            for piece in pieces(line):
                if piece.kind == "token":
                    yield ServerSentEvent(event="token", data=json.dumps(piece.data))
                elif piece.kind == "finish":
                    finish.update(piece.data)
                elif piece.kind == "error":
                    outcome = "upstream_error"
                    yield ServerSentEvent(event="error", data=json.dumps(piece.data))
                    return
        outcome = "completed"
        yield ServerSentEvent(event="done", data=json.dumps(finish))
    except (aiohttp.ClientError, TimeoutError):
        outcome = "upstream_error"
        detail = {"detail": "LiteLLM stopped answering; the answer is incomplete."}
        yield ServerSentEvent(event="error", data=json.dumps(detail))
    finally:
        upstream.close()  # not released to the pool: LiteLLM sees its client leave
        STREAMS.labels(outcome).inc()
        if outcome == "cancelled":
            log.info("playground answer cancelled by the browser; upstream closed")
