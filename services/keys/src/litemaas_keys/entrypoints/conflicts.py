"""A unique-constraint race is a conflict the caller can read (409), not a server error."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from litemaas_servicekit.http import problem

log = logging.getLogger(__name__)
UNIQUE_VIOLATION = "23505"


def answer_unique_races(app: FastAPI) -> None:
    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        if getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION:
            return problem(409, "Someone made the same change at the same moment; look again.")
        log.exception("integrity error", extra={"path": request.url.path})
        return problem(500, "An unexpected error occurred; the correlation id identifies it.")
