"""Who reads and writes which topic, read from the services' code rather than written by hand.

- A consumer is a ``consumers.add(NAME, handlers, *TOPICS)`` / ``consumers.add_batch(NAME, ...,
  *TOPICS)`` call in a service's ``bootstrap.py``, or a FastStream ``@broker.subscriber(*TOPICS,
  group_id=NAME)`` (the gateway's notifier); NAME and TOPICS are resolved in the module that
  makes the call, so the map follows the constants the code actually uses.
- A service produces to a topic when its code constructs an ``Event`` subclass published there
  (its outbox records it; its relay, running as the same Kafka user, publishes it).
- ``Consumers`` (servicekit) dead-letters to ``<topic>.dlq`` for every topic it reads; the
  service may read its own dead letters back (billing's replay re-reads ``billing.spend.dlq``).
  A FastStream subscriber of its own (the gateway's notifier) skips bad records: no DLQ.
"""

from __future__ import annotations

import ast
import functools
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from litemaas_contracts import EVENT_TYPES
from litemaas_contracts.topics import by_name

REPO = Path(__file__).resolve().parents[3]
SERVICES = ("auth", "catalog", "keys", "billing", "sync", "gateway")


@dataclass
class Access:
    """One service's Kafka rights: topics it reads and writes, consumer groups it joins."""

    service: str
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)


@functools.cache
def _source_files(service: str) -> tuple[tuple[str, ast.Module], ...]:
    """(dotted module name, syntax tree) of every module of the service's package."""
    src = REPO / "services" / service / "src"
    out = []
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out.append((module, ast.parse(path.read_text(), str(path))))
    return tuple(out)


def _value(module: ModuleType, node: ast.expr) -> object:
    """A constant the call site names (``CONSUMER``, ``TOPICS``), as the module sees it."""
    if isinstance(node, ast.Name):
        return getattr(module, node.id)
    if isinstance(node, ast.Constant):
        return node.value
    raise ValueError(f"{module.__name__}: cannot resolve {ast.unparse(node)} statically")


def _consumers(module_name: str, tree: ast.Module) -> Iterator[tuple[str, tuple[str, ...], bool]]:
    """(group, topics, dead-letters?) of each consumer the module registers."""
    module: ModuleType | None = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        starred = [a.value for a in node.args if isinstance(a, ast.Starred)]
        if method in ("add", "add_batch") and ast.unparse(node.func.value) == "consumers":
            module = module or importlib.import_module(module_name)
            yield str(_value(module, node.args[0])), _topics(module, starred), True
        elif method == "subscriber":
            group = next((k.value for k in node.keywords if k.arg == "group_id"), None)
            if group is None:
                raise ValueError(f"{module_name}: a subscriber without a consumer group")
            module = module or importlib.import_module(module_name)
            yield str(_value(module, group)), _topics(module, starred), False


def _topics(module: ModuleType, starred: list[ast.expr]) -> tuple[str, ...]:
    found: list[str] = []
    for node in starred:
        value = _value(module, node)
        if not isinstance(value, tuple):
            raise ValueError(f"{module.__name__}: {ast.unparse(node)} is not a tuple of topics")
        found.extend(str(v) for v in value)
    return tuple(found)


def _produced(tree: ast.Module) -> set[str]:
    """Topics of the events this module constructs (``UserCreated(...)``)."""
    classes = {cls.__name__: cls for cls in EVENT_TYPES.values()}
    topics: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in classes:
                topics.add(classes[name].topic)
    return topics


def service_access(service: str) -> Access:
    access = Access(service)
    for module_name, tree in _source_files(service):
        access.writes |= _produced(tree)
        for group, topics, dead_letters in _consumers(module_name, tree):
            access.groups.add(group)
            access.reads.update(topics)
            dlqs = (
                {by_name(t).dlq_name for t in topics if by_name(t).dlq} if dead_letters else set()
            )
            access.writes |= dlqs
            access.reads |= dlqs
    return access


def all_access() -> list[Access]:
    return [service_access(service) for service in SERVICES]


def consumer_groups(service: str) -> dict[str, tuple[str, ...]]:
    """Each consumer group the service registers, with its topics (for tests and reports)."""
    out: dict[str, tuple[str, ...]] = {}
    for module_name, tree in _source_files(service):
        for group, topics, _ in _consumers(module_name, tree):
            out[group] = topics
    return out
