"""LiteLLM callback that pushes each request's spend record to LiteMaaS's sync service.

Loaded by LiteLLM's own config (``litellm_settings.callbacks: ["litemaas_callback.handler"]``,
with this file next to the config: the proxy resolves ``module.instance`` against the config's
directory first). Works without a LiteLLM Enterprise licence.

On every success and failure it POSTs the request's ``standard_logging_object`` fields that
make a SpendRecorded (ids, key hash, user, team, model, tokens, cost, status, times) to
``LITEMAAS_SPEND_PUSH_URL`` with ``Authorization: Bearer $LITEMAAS_SPEND_PUSH_SECRET``. Never
the prompt or the response, never a key secret. It must never slow or break LiteLLM's request
path: each POST is a background task with a short timeout, at most ``MAX_IN_FLIGHT`` at once,
and every error is swallowed and logged without the secret. Delivery is at most once: sync's
pull of LiteLLM's spend logs brings whatever the push missed.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import httpx

try:
    from litellm.integrations.custom_logger import CustomLogger
except ImportError:  # imported outside LiteLLM (unit tests): the payload logic alone
    CustomLogger = object

log = logging.getLogger("litemaas_callback")
#: beyond this many unanswered POSTs, records are dropped (the pull brings them)
MAX_IN_FLIGHT = 200
FIELDS = (
    "id",
    "status",
    "response_cost",
    "prompt_tokens",
    "completion_tokens",
    "model",
    "model_group",
    "custom_llm_provider",
    "startTime",
    "endTime",
)
METADATA_FIELDS = ("user_api_key_hash", "user_api_key_user_id", "user_api_key_team_id")


def payload(standard_logging_object: dict[str, Any]) -> dict[str, Any]:
    """The fields sync reads, copied by name: nothing else of the request leaves LiteLLM."""
    metadata = standard_logging_object.get("metadata") or {}
    record = {name: standard_logging_object.get(name) for name in FIELDS}
    record["metadata"] = {name: metadata.get(name) for name in METADATA_FIELDS}
    return record


class LiteMaaSSpendPush(CustomLogger):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.url = os.environ.get("LITEMAAS_SPEND_PUSH_URL", "")
        self.secret = os.environ.get("LITEMAAS_SPEND_PUSH_SECRET", "")
        self.timeout = float(os.environ.get("LITEMAAS_SPEND_PUSH_TIMEOUT_SECONDS", "2"))
        self.client: httpx.AsyncClient | None = None
        self.in_flight: set[asyncio.Task[None]] = set()
        if not (self.url and self.secret):
            log.warning("LiteMaaS spend push is off: LITEMAAS_SPEND_PUSH_URL/_SECRET not set")

    async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):  # type: ignore[no-untyped-def]
        self._push(kwargs)

    async def async_log_failure_event(self, kwargs, response_obj, start_time, end_time):  # type: ignore[no-untyped-def]
        self._push(kwargs)

    def _push(self, kwargs: Any) -> None:
        try:
            obj = (kwargs or {}).get("standard_logging_object")
            if not (self.url and self.secret and isinstance(obj, dict)):
                return
            if len(self.in_flight) >= MAX_IN_FLIGHT:
                log.warning("LiteMaaS spend push dropped a record: too many in flight")
                return
            task = asyncio.get_running_loop().create_task(self._send(payload(obj)))
            self.in_flight.add(task)
            task.add_done_callback(self.in_flight.discard)
        except Exception as exc:  # never LiteLLM's problem
            log.warning("LiteMaaS spend push failed: %s", type(exc).__name__)

    async def _send(self, record: dict[str, Any]) -> None:
        try:
            if self.client is None:
                self.client = httpx.AsyncClient(timeout=self.timeout)
            response = await self.client.post(
                self.url, json=record, headers={"Authorization": f"Bearer {self.secret}"}
            )
            if response.status_code >= 300:
                log.warning(
                    "LiteMaaS spend push refused: %s for %s",
                    response.status_code,
                    str(record.get("id"))[:100],
                )
        except Exception as exc:
            log.warning(
                "LiteMaaS spend push failed for %s: %s",
                str(record.get("id"))[:100],
                type(exc).__name__,
            )


handler = LiteMaaSSpendPush()
