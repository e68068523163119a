"""Input every service bounds the same way: text without control characters (PostgreSQL
refuses NUL; the others make names no one can tell apart), ids and pages with upper bounds,
integers that fit a 32-bit column. A value outside them is 422 problem+json, never a 5xx."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, Field

INT32_MAX = 2**31 - 1
MAX_PAGE = 10_000
#: line breaks and tabs are fine in free text, never in a name or an id
LINE_BREAKS = str.maketrans("", "", "\n\r\t")


def plain(value: str) -> str:
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise ValueError("control characters are not allowed")
    return value


def prose(value: str) -> str:
    """Free text may span lines; other control characters (NUL included) are refused."""
    plain(value.translate(LINE_BREAKS))
    return value


def plain_or_none(value: str | None) -> str | None:
    return None if value is None else plain(value)


def text(max_length: int, min_length: int = 1) -> Any:
    """A one-line text field of a body."""
    return Annotated[
        str, Field(min_length=min_length, max_length=max_length), AfterValidator(plain)
    ]


def free_text(max_length: int) -> Any:
    """A body's free text (reasons, descriptions): lines allowed."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(prose)]


def path_text(max_length: int = 36) -> Any:
    """A path parameter (an id, a model name)."""
    return Annotated[str, Path(max_length=max_length), AfterValidator(plain)]


def query_text(max_length: int = 36) -> Any:
    """An optional query parameter (a filter, a search)."""
    return Annotated[str | None, Query(max_length=max_length), AfterValidator(plain_or_none)]


PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Limit = Annotated[int, Field(ge=0, le=INT32_MAX)]
