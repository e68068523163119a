"""The components, in start order (stop order is the reverse)."""

from __future__ import annotations

import re

from .component import Component
from .infra import Postgres, Redis
from .kafka import Kafka, Topics
from .litellm import LiteLLM
from .services import Relay, Service

INFRA = ("postgres", "redis", "kafka", "topics", "litellm")
SERVICES = ("auth", "sync", "catalog", "keys", "billing", "gateway")
#: a further instance of a service or relay: auth-2, keys-relay-3
_INSTANCE = re.compile(r"^(?P<base>[a-z]+(?:-relay)?)-(?P<n>[2-9])$")


def components(scope: str = "all", scale: int = 1) -> list[Component]:
    """Every service and relay `scale` times: instance 1 under its plain name, then 2..N."""
    infra: list[Component] = [Postgres(), Redis(), Kafka(), Topics(), LiteLLM()]
    if scope == "infra":
        return infra
    services: list[Component] = []
    for svc in SERVICES:
        for instance in range(1, scale + 1):
            services.append(Service(svc, instance))
            if svc != "gateway":  # the gateway has no outbox
                services.append(Relay(svc, instance))
    return infra + services


def names(scale: int = 1) -> list[str]:
    return [comp.name for comp in components(scale=scale)]


def by_name(name: str) -> Component | None:
    found = _INSTANCE.match(name)
    if found is None:
        return next((comp for comp in components() if comp.name == name), None)
    base, instance = found["base"], int(found["n"])
    svc = base.removesuffix("-relay")
    if svc not in SERVICES or (svc == "gateway" and base != svc):
        return None
    return Relay(svc, instance) if base.endswith("-relay") else Service(svc, instance)
