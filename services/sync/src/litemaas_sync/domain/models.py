"""Which models LiteLLM serves against what LiteMaaS knows: discovered, updated, retired."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

ChangeKind = Literal["discovered", "updated", "retired"]


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


def reconcile(
    known: Mapping[str, KnownModel], observed: Sequence[ObservedModel]
) -> list[ModelChange]:
    """What changed since the last pull. A retired model is a tombstone: it never comes back."""
    seen: dict[str, ObservedModel] = {}
    for model in observed:  # several deployments may share a name: the first one speaks for it
        seen.setdefault(model.model_id, model)
    changes: list[ModelChange] = []
    for model_id, facts in sorted(seen.items()):
        before = known.get(model_id)
        if before is None:
            changes.append(ModelChange("discovered", model_id, facts))
        elif not before.retired and before.facts != facts:
            changes.append(ModelChange("updated", model_id, facts))
    for model_id, before in sorted(known.items()):
        if model_id not in seen and not before.retired:
            changes.append(ModelChange("retired", model_id, None))
    return changes
