"""Which models LiteLLM serves against what LiteMaaS knows: discovered, updated, retired, and
revived. One odd answer retires nothing: a model is retired only after it is missing from
several successful pulls in a row, and an empty list is never believed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

ChangeKind = Literal["discovered", "updated", "revived", "retired"]


@dataclass(frozen=True)
class ObservedModel:
    """A model as LiteLLM's ``/model/info`` describes it (the facts the catalog shows)."""

    model_id: str
    provider: str
    context_length: int | None
    input_cost_per_token: Decimal | None
    output_cost_per_token: Decimal | None
    capabilities: tuple[str, ...]


@dataclass(frozen=True)
class KnownModel:
    facts: ObservedModel
    retired: bool
    #: successful pulls in a row that did not list it
    missed_pulls: int = 0


@dataclass(frozen=True)
class ModelChange:
    kind: ChangeKind
    model_id: str
    facts: ObservedModel | None


def _cost(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def observe(entry: Mapping[str, Any]) -> ObservedModel:
    """One ``/model/info`` entry → the facts LiteMaaS keeps."""
    info: Mapping[str, Any] = entry.get("model_info") or {}
    params: Mapping[str, Any] = entry.get("litellm_params") or {}
    provider = info.get("litellm_provider") or str(params.get("model", "unknown/")).split("/")[0]
    capabilities = {
        k.removeprefix("supports_")
        for k, v in info.items()
        if k.startswith("supports_") and v is True
    }
    if info.get("mode"):
        capabilities.add(str(info["mode"]))
    context = info.get("max_input_tokens") or info.get("max_tokens")
    return ObservedModel(
        model_id=str(entry["model_name"]),
        provider=str(provider or "unknown"),
        context_length=int(context) if context else None,
        input_cost_per_token=_cost(info.get("input_cost_per_token")),
        output_cost_per_token=_cost(info.get("output_cost_per_token")),
        capabilities=tuple(sorted(capabilities)),
    )


@dataclass(frozen=True)
class Reconciliation:
    changes: list[ModelChange]
    #: the new count of pulls in a row that missed a model, where it changed without an event
    misses: dict[str, int]


def reconcile(
    known: Mapping[str, KnownModel], observed: Sequence[ObservedModel], retire_after: int
) -> Reconciliation:
    """What changed since the last pull; ``retire_after`` pulls in a row without a model
    retire it, and a retired model that LiteLLM serves again is revived."""
    if not observed:  # LiteLLM mid-restart or misconfigured: this says nothing about any model
        return Reconciliation([], {})
    seen: dict[str, ObservedModel] = {}
    for model in observed:  # several deployments may share a name: the first one speaks for it
        seen.setdefault(model.model_id, model)
    changes: list[ModelChange] = []
    misses: dict[str, int] = {}
    for model_id, facts in sorted(seen.items()):
        before = known.get(model_id)
        if before is None:
            changes.append(ModelChange("discovered", model_id, facts))
        elif before.retired:
            changes.append(ModelChange("revived", model_id, facts))
        elif before.facts != facts:
            changes.append(ModelChange("updated", model_id, facts))
        elif before.missed_pulls:
            misses[model_id] = 0
    for model_id, before in sorted(known.items()):
        if model_id in seen or before.retired:
            continue
        missed = before.missed_pulls + 1
        if missed >= retire_after:
            changes.append(ModelChange("retired", model_id, None))
        else:
            misses[model_id] = missed
    return Reconciliation(changes, misses)
