"""Event contracts shared by every LiteMaaS service and by consumers outside the project."""

from litemaas_contracts.base import Event
from litemaas_contracts.envelope import Envelope, EnvelopeError, uuid7
from litemaas_contracts.registry import EVENT_TYPES, UnknownEventType, event_class, parse_event

__all__ = [
    "EVENT_TYPES",
    "Envelope",
    "EnvelopeError",
    "Event",
    "UnknownEventType",
    "event_class",
    "parse_event",
    "uuid7",
]
