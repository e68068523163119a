"""Bounds for what the usage API accepts (text without control characters, bounded ids)."""

from __future__ import annotations

from litemaas_servicekit.fields import PageNo, free_text, path_text, query_text, text

__all__ = ["IdFilter", "ModelFilter", "PageNo"]

ModelFilter = query_text(200)
IdFilter = query_text(100)
PathId = path_text(36)
EventId = query_text(64)
OwnerId = path_text(100)
Reason = free_text(2000)
Tier = text(40)
