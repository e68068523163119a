"""What the billing use cases need: the ledger with its projection of keys, and a reader of
the aggregates."""

from __future__ import annotations

from typing import Protocol

from litemaas_billing.domain.ledger import KeyOwner, LedgerEntry
from litemaas_billing.domain.usage import Dimension, Granularity, Row, Scope, Segment


class Ledger(Protocol):
    """One transaction's view of the ledger (the consumer's, with its inbox claim)."""

    async def owners_of(self, key_hashes: set[str]) -> dict[str, KeyOwner]:
        """What billing knows of these keys (the unknown ones are absent)."""

    async def remember(self, owner: KeyOwner) -> None:
        """Record a key's owner; a key already known keeps the owner it was created with."""

    async def append(self, entries: list[tuple[LedgerEntry, str]]) -> set[str]:
        """Add the entries (each with its event id) and their amounts to every aggregate, at
        once; returns the request ids added (one the ledger already holds changes nothing)."""


class UsageReader(Protocol):
    async def grouped(
        self,
        scope: Scope,
        parts: list[Segment],
        *,
        period: Granularity | None = None,
        by: Dimension | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[Row], int]:
        """Totals over ``parts`` within ``scope``, per period and/or per value of ``by``;
        and how many groups there are in all. Read from the aggregates only."""
