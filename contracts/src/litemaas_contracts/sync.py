"""Events published by the sync service about what it did to LiteLLM."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from litemaas_contracts.base import Event
from litemaas_contracts.keys import KeyLimits
from litemaas_contracts.topics import SYNC_AUDIT, SYNC_CONFLICTS

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


#: how a difference with LiteLLM was settled
Decision = Literal[
    "pushed",  # litemaas_wins: our value written back to LiteLLM
    "adopted",  # litellm_wins / newest_wins (theirs newer): LiteLLM's value announced for adoption
    "reported",  # only reported (an object made in LiteLLM, by setting)
    "recreated",  # deleted in LiteLLM, made again from the desired state
    "tombstoned",  # deleted in LiteLLM, and never resurrected by a late event
    "unresolved",  # a write that did not take, even after a retry
]


class SyncConflict(Event):
    """One difference found between LiteMaaS's desired state and LiteLLM, and the decision
    taken about it: one event per entity, field and detection.

    ``ours``/``theirs`` are JSON texts of the two values (``null`` when the object is absent on
    that side); ``before``/``after`` are LiteLLM's value before and after the decision.
    """

    event_type = "litemaas.sync.SyncConflict.v1"
    topic = SYNC_CONFLICTS.name
    subject_field = "entity_id"

    conflict_id: str
    entity_type: EntityType
    entity_id: str
    field: str
    ours: str
    theirs: str
    ours_changed_at: datetime | None = None
    theirs_changed_at: datetime | None = None
    policy: str
    decision: Decision
    before: str
    after: str
    #: the event that last set our value, when one did
    source_event_id: str | None = None
    detected_at: datetime


class ForeignKey(BaseModel):
    """What LiteLLM holds of a key made there, so the keys service can adopt it. Never the
    secret (LiteLLM keeps only its hash): ``display`` is LiteLLM's abbreviated ``sk-...abcd``."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    owner_user_id: str | None = Field(default=None, max_length=200)
    team_id: str | None = Field(default=None, max_length=200)
    alias: str | None = Field(default=None, max_length=500)
    display: str | None = Field(default=None, max_length=40)
    models: tuple[str, ...] = Field(default=(), max_length=500)
    limits: KeyLimits = KeyLimits()
    expires_at: datetime | None = None


class ExternalChangeDetected(Event):
    """A change made directly in LiteLLM that LiteMaaS should adopt (policy ``litellm_wins``,
    or ``newest_wins`` when LiteLLM's change is newer): the owning service adopts it through its
    own use case. ``field`` is ``"*"`` for a whole object made or deleted in LiteLLM."""

    event_type = "litemaas.sync.ExternalChangeDetected.v1"
    topic = SYNC_CONFLICTS.name
    subject_field = "entity_id"

    conflict_id: str
    entity_type: EntityType
    entity_id: str
    field: str
    value: str
    previous: str
    changed_at: datetime | None = None
    #: LiteMaaS's id of a key (``entity_id`` is LiteLLM's key hash), when known
    key_id: str | None = None
    #: a whole key found only in LiteLLM and announced for adoption: what LiteLLM holds of it
    key: ForeignKey | None = None
