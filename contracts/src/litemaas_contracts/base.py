"""The base of every integration event: frozen, tolerant of unknown fields, self-describing."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """An integration event published on Kafka.

    Subclasses set ``event_type`` (the CloudEvents ``type``, ending in ``.vN``), ``topic``
    (where it is published) and ``subject_field`` (the aggregate id: Kafka key and ``ce_subject``).
    Unknown fields are ignored so that an additive change never breaks an older consumer.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    topic: ClassVar[str]
    subject_field: ClassVar[str]

    def subject(self) -> str:
        return str(getattr(self, self.subject_field))
