"""The components, in start order (stop order is the reverse)."""

from __future__ import annotations

from .component import Component
from .infra import Postgres, Redis
from .kafka import Kafka, Topics
from .litellm import LiteLLM
from .services import Relay, Service

INFRA = ("postgres", "redis", "kafka", "topics", "litellm")


def components(scope: str = "all") -> list[Component]:
    infra: list[Component] = [Postgres(), Redis(), Kafka(), Topics(), LiteLLM()]
    if scope == "infra":
        return infra
    services: list[Component] = [
        Service("auth"),
        Relay("auth"),
        Service("sync"),
        Relay("sync"),
        Service("catalog"),
        Relay("catalog"),
        Service("keys"),
        Relay("keys"),
        Service("billing"),
        Relay("billing"),
        Service("gateway"),
    ]
    return infra + services


def names() -> list[str]:
    return [comp.name for comp in components()]


def by_name(name: str) -> Component | None:
    return next((comp for comp in components() if comp.name == name), None)
