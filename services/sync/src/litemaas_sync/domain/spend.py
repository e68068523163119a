"""LiteLLM's record of one request, as a SpendRecorded: from a spend-log row (the pull) or from
the callback's standard logging object (the push). Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import ValidationError

from litemaas_contracts.billing import SpendRecorded


class NotASpendRecord(ValueError):
    """The record cannot become a SpendRecorded (no key, no model, a bad cost or time)."""


def _text(value: Any) -> str | None:
    """LiteLLM stores a missing user, team or org as "" rather than null."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _cost(value: Any) -> Decimal:
    """Exact: the JSON number as written (parsed with ``parse_float=Decimal``), or its text;
    a float is read through ``str`` (its shortest repr), never through float arithmetic."""
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        raise NotASpendRecord(f"cost is not a number: {value!r}")
    try:
        cost = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:
        raise NotASpendRecord(f"cost is not a number: {str(value)[:40]!r}") from exc
    if not cost.is_finite() or cost < 0:
        raise NotASpendRecord(f"cost must be a finite amount of at least 0, not {cost}")
    return cost


def _time(value: Any) -> datetime:
    """ISO text (spend logs, "…+00:00" or "…Z") or epoch seconds (the logging object)."""
    try:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return datetime.fromtimestamp(float(value), UTC)
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise NotASpendRecord(f"not a time: {str(value)[:40]!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _tokens(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError) as exc:
        raise NotASpendRecord(f"not a token count: {str(value)[:40]!r}") from exc


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _event(fields: dict[str, Any]) -> SpendRecorded:
    for required in ("request_id", "key_hash", "model"):
        if not fields.get(required):
            raise NotASpendRecord(f"the record has no {required}")
    try:
        return SpendRecorded(**fields)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(map(str, first["loc"]))
        raise NotASpendRecord(f"{where}: {first['msg']}") from None


def from_spend_log(
    row: Mapping[str, Any], key_id: str | None, recorded_at: datetime
) -> SpendRecorded:
    """A row of ``/spend/logs/v2``: ``api_key`` is the key's hash, ``model_group`` the public
    model name (``model`` is the provider's, used only when no group was logged)."""
    metadata = _mapping(row.get("metadata"))
    return _event(
        {
            "request_id": _text(row.get("request_id")),
            "key_hash": _text(row.get("api_key")) or _text(metadata.get("user_api_key")),
            "key_id": key_id,
            "user_id": _text(row.get("user")),
            "team_id": _text(row.get("team_id")),
            "model": _text(row.get("model_group")) or _text(row.get("model")),
            "provider": _text(row.get("custom_llm_provider")),
            "prompt_tokens": _tokens(row.get("prompt_tokens")),
            "completion_tokens": _tokens(row.get("completion_tokens")),
            "cost": _cost(row.get("spend")),
            "status": _status(row.get("status")),
            "started_at": _time(row.get("startTime")),
            "ended_at": _time(row.get("endTime")),
            "source": "pull",
            "recorded_at": recorded_at,
        }
    )


def from_logging_object(
    obj: Mapping[str, Any], key_id: str | None, recorded_at: datetime
) -> SpendRecorded:
    """LiteLLM's ``standard_logging_object`` (what the callback forwards): ``id`` is the
    spend log's request id, the key's hash is in ``metadata.user_api_key_hash``."""
    metadata = _mapping(obj.get("metadata"))
    return _event(
        {
            "request_id": _text(obj.get("id")),
            "key_hash": _text(metadata.get("user_api_key_hash")),
            "key_id": key_id,
            "user_id": _text(metadata.get("user_api_key_user_id")),
            "team_id": _text(metadata.get("user_api_key_team_id")),
            "model": _text(obj.get("model_group")) or _text(obj.get("model")),
            "provider": _text(obj.get("custom_llm_provider")),
            "prompt_tokens": _tokens(obj.get("prompt_tokens")),
            "completion_tokens": _tokens(obj.get("completion_tokens")),
            "cost": _cost(obj.get("response_cost")),
            "status": _status(obj.get("status")),
            "started_at": _time(obj.get("startTime")),
            "ended_at": _time(obj.get("endTime")),
            "source": "push",
            "recorded_at": recorded_at,
        }
    )


def _status(value: Any) -> Literal["success", "failure"]:
    return "failure" if str(value or "").lower() == "failure" else "success"


@dataclass(frozen=True)
class Window:
    """Spend-log rows with ``start <= startTime <= end``, in whole seconds (LiteLLM's format)."""

    start: datetime
    end: datetime


def next_window(
    watermark: datetime | None, now: datetime, lag: timedelta, overlap: timedelta
) -> Window | None:
    """The closed window to read now: it ends ``lag`` ago (LiteLLM writes its rows in batches,
    seconds after the request) and starts ``overlap`` before the watermark, so a row written
    later than the lag is still read on a later pull. None while nothing new has closed.
    The first pull (no watermark) starts ``overlap`` before the window's end."""
    end = (now - lag).replace(microsecond=0)
    if watermark is not None and end <= watermark:
        return None
    start = (watermark if watermark is not None else end) - overlap
    return Window(start.replace(microsecond=0), end)
