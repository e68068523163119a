"""The audit record of one decision sync made about LiteLLM, for the event that caused it."""

from __future__ import annotations

from datetime import UTC, datetime

from litemaas_contracts import Envelope
from litemaas_contracts.sync import Action, EntityType, LiteLLMChangeApplied


def applied(
    envelope: Envelope, kind: EntityType, entity_id: str, action: Action, detail: str = ""
) -> LiteLLMChangeApplied:
    return LiteLLMChangeApplied(
        entity_type=kind,
        entity_id=entity_id,
        action=action,
        detail=detail,
        source_event_id=envelope.id,
        source_event_type=envelope.type,
        applied_at=datetime.now(UTC),
    )
