"""The chat playground's request and LiteLLM's streamed answer, read line by line. Pure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from litemaas_servicekit.logs import redact

MAX_MESSAGES = 50
MAX_CONTENT = 16_000
MAX_TOTAL = 64_000
#: the header that carries the key's secret (never a URL, a body that is logged, or storage)
SECRET_HEADER = "X-LiteMaaS-Key"  # noqa: S105 (a header name)
SECRET_PATTERN = r"^[A-Za-z0-9_\-]{8,200}$"  # noqa: S105 (a shape)

Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CONTENT)]
ModelName = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")
]
KeyId = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    role: Literal["system", "user", "assistant"]
    content: Text


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key_id: KeyId
    model: ModelName
    messages: list[Message] = Field(min_length=1, max_length=MAX_MESSAGES)
    max_tokens: int | None = Field(default=None, ge=1, le=4096)
    temperature: float | None = Field(default=None, ge=0, le=2)

    @model_validator(mode="after")
    def _bounded(self) -> ChatIn:
        if sum(len(m.content) for m in self.messages) > MAX_TOTAL:
            raise ValueError(f"the messages hold more than {MAX_TOTAL} characters in all")
        return self

    def upstream_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [m.model_dump() for m in self.messages],
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        if self.temperature is not None:
            body["temperature"] = self.temperature
        return body


@dataclass(frozen=True)
class Piece:
    """One thing LiteLLM's stream said: text, the end (reason, usage), or an error."""

    kind: Literal["token", "finish", "error", "done"]
    data: dict[str, Any]


def pieces(line: bytes) -> list[Piece]:
    """What one line of LiteLLM's OpenAI-style SSE stream means (nothing, for comments,
    blank lines and what cannot be read)."""
    text = line.strip()
    if not text.startswith(b"data:"):
        return []
    payload = text[5:].strip()
    if payload == b"[DONE]":
        return [Piece("done", {})]
    try:
        chunk = json.loads(payload)
    except ValueError:
        return []
    if not isinstance(chunk, dict):
        return []
    if isinstance(chunk.get("error"), dict):
        message = str(chunk["error"].get("message", "the model stopped with an error"))
        return [Piece("error", {"detail": message[:500]})]
    out: list[Piece] = []
    for choice in chunk.get("choices") or []:
        delta = choice.get("delta") or {}
        if isinstance(delta.get("content"), str) and delta["content"]:
            out.append(Piece("token", {"content": delta["content"]}))
        if choice.get("finish_reason"):
            out.append(Piece("finish", {"finish_reason": choice["finish_reason"]}))
    if isinstance(chunk.get("usage"), dict):
        usage = {k: v for k, v in chunk["usage"].items() if k.endswith("_tokens")}
        out.append(Piece("finish", {"usage": usage}))
    return out


def refusal(status: int, body: bytes) -> tuple[int, str]:
    """LiteLLM's refusal as the caller's status and a sentence (its own words for a bad request
    or a limit; never its words about the key, which may echo part of it)."""
    try:
        message = redact(str(json.loads(body).get("error", {}).get("message", "")))[:300]
    except (ValueError, AttributeError):
        message = ""
    if status in (401, 403):
        return 403, "LiteLLM refused this key (revoked, expired, blocked or out of budget)."
    if status == 429:
        return 429, f"LiteLLM's limits for this key were reached: {message}".rstrip(": ")
    if status in (400, 404, 422):
        return 422, f"LiteLLM refused the request: {message}".rstrip(": ")
    return 502, f"LiteLLM answered {status}; try again."
