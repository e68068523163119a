"""Rebuild the read model from the topics, from offset 0, with the live ingestion code; then
compare the rebuilt aggregates with the live ones by checksum."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from litemaas_billing.app.ingest import record_spends, remember_key
from litemaas_billing.app.ports import Ledger
from litemaas_billing.app.statements import StatementStore, generate
from litemaas_billing.domain.checksum import checksum
from litemaas_billing.domain.ledger import UnknownOwner
from litemaas_contracts import EVENT_TYPES, Envelope, EnvelopeError, Event
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.keys import ApiKeyCreated
from litemaas_contracts.topics import BILLING_SPEND, KEYS_APIKEYS

Batch = list[tuple[bytes | None, list[tuple[str, bytes]]]]
Reader = Callable[[str], AsyncIterator[Batch]]


class Tables(Protocol):
    async def create(self, schema: str) -> None:
        """Empty copies of the read model in a new schema."""

    def ledger(self, schema: str | None) -> AbstractAsyncContextManager[Ledger]:
        """One transaction's ledger over ``schema``'s tables (None: the live ones)."""

    async def aggregates(self, schema: str | None) -> dict[str, list[Sequence[object]]]:
        """Every aggregate row, by table, ordered by its grain."""

    def statements(self, schema: str | None) -> AbstractAsyncContextManager[StatementStore]:
        """Statements over ``schema``'s ledger; the stored ones are the live schema's."""


@dataclass
class Summary:
    schema: str
    keys: int = 0
    spend_records: int = 0
    duplicates: int = 0
    ledger_rows: int = 0
    #: spend no one owns: the live consumer dead-letters it, so the replay leaves it out too
    unknown_owner: int = 0
    #: records without a valid envelope or that break their contract (dead-lettered live too)
    refused: int = 0
    replay_checksum: str = ""
    live_checksum: str = ""
    equal: bool = False
    statements_checked: int = 0
    #: "team period-start" of each stored statement the replayed ledger does not give again
    statements_differing: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(out.pop("extra"))
        return out


def _decode(value: bytes | None, headers: list[tuple[str, bytes]], summary: Summary) -> Any:
    """(event, envelope id) of a record this replay applies; None otherwise (counted)."""
    try:
        envelope = Envelope.from_headers(headers)
        cls: type[Event] | None = EVENT_TYPES.get(envelope.type)
        if cls is None:
            return None
        return cls.model_validate_json(value or b""), envelope.id
    except (EnvelopeError, ValidationError):
        summary.refused += 1
        return None


async def replay(tables: Tables, read: Reader, schema: str) -> Summary:
    """Keys first (so attribution sees every key, as the live projection has by now), then
    spend in the topic's order per partition, through ``record_spends`` as the live consumer
    does, without budgets (alerts are not replayed). Each event id is applied once, as the
    live inbox does. Then every stored statement is generated again from the rebuilt ledger
    and compared byte for byte."""
    summary = Summary(schema)
    await tables.create(schema)
    seen: set[str] = set()
    async for batch in read(KEYS_APIKEYS.name):
        async with tables.ledger(schema) as ledger:
            for value, headers in batch:
                item = _decode(value, headers, summary)
                if item and isinstance(item[0], ApiKeyCreated) and item[1] not in seen:
                    seen.add(item[1])
                    await remember_key(ledger, item[0])
                    summary.keys += 1
    async for batch in read(BILLING_SPEND.name):
        spends: list[tuple[SpendRecorded, str]] = []
        for value, headers in batch:
            item = _decode(value, headers, summary)
            if item is None or not isinstance(item[0], SpendRecorded):
                continue
            if item[1] in seen:
                summary.duplicates += 1
                continue
            seen.add(item[1])
            spends.append(item)
        summary.spend_records += len(spends)
        try:
            async with tables.ledger(schema) as ledger:
                summary.ledger_rows += len(await record_spends(ledger, spends))
        except UnknownOwner:  # as live: record by record, so only the unowned are left out
            for one in spends:
                try:
                    async with tables.ledger(schema) as ledger:
                        summary.ledger_rows += len(await record_spends(ledger, [one]))
                except UnknownOwner:
                    summary.unknown_owner += 1
    summary.replay_checksum = checksum(await tables.aggregates(schema))
    summary.live_checksum = checksum(await tables.aggregates(None))
    async with tables.statements(None) as live:
        kept = await live.stored()
    async with tables.statements(schema) as rebuilt:
        for team_id, start, _, body, sha in kept:
            again, again_sha = await generate(rebuilt, team_id, start)
            summary.statements_checked += 1
            if again != body or again_sha != sha:
                summary.statements_differing.append(f"{team_id} {start.isoformat()}")
    summary.equal = (
        summary.replay_checksum == summary.live_checksum and not summary.statements_differing
    )
    return summary
