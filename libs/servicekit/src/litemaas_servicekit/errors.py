"""Problem Details (RFC 9457) for every error a service returns."""

from __future__ import annotations

from typing import Any


class Problem(Exception):
    """An error with an HTTP meaning. Raised by use cases and mapped once, in ``http.py``."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, status: int | None = None, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        self.extensions = extensions

    @property
    def type(self) -> str:
        return f"https://litemaas.dev/problems/{self.title.lower().replace(' ', '-')}"

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            **self.extensions,
        }
        if instance:
            body["instance"] = instance
        return body


class Unauthorized(Problem):
    status, title = 401, "Unauthorized"


class Forbidden(Problem):
    status, title = 403, "Forbidden"


class NotFound(Problem):
    status, title = 404, "Not found"


class Conflict(Problem):
    status, title = 409, "Conflict"


class Invalid(Problem):
    status, title = 422, "Invalid input"


class Unavailable(Problem):
    status, title = 503, "Service unavailable"
