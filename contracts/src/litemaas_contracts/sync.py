"""Events published by the sync service about what it did to LiteLLM."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from litemaas_contracts.base import Event
from litemaas_contracts.topics import SYNC_AUDIT

EntityType = Literal["user", "team", "team_member", "key", "model", "budget"]
Action = Literal["created", "already_present", "updated", "deleted", "skipped"]


class LiteLLMChangeApplied(Event):
    """Sync applied (or, with ``skipped``, deliberately did not apply) an event to LiteLLM.

    One per source event: the audit trail of every write sync makes to LiteLLM.
    """

    event_type = "litemaas.sync.LiteLLMChangeApplied.v1"
    topic = SYNC_AUDIT.name
    subject_field = "entity_id"

    entity_type: EntityType
    entity_id: str
    action: Action
    detail: str = ""
    source_event_id: str
    source_event_type: str
    applied_at: datetime
