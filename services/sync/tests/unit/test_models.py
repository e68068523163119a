"""The model pull's decisions: what LiteLLM's /model/info means for the catalog."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from litemaas_sync.domain.models import KnownModel, observe, reconcile

pytestmark = pytest.mark.unit

GPT = {  # shaped like LiteLLM 1.106.2's /model/info entry (shared/litellm-offline/observed)
    "model_name": "mock-gpt",
    "litellm_params": {"model": "openai/gpt-4o-mini", "mock_response": "hi"},
    "model_info": {
        "litellm_provider": "openai",
        "max_tokens": 16384,
        "max_input_tokens": 128000,
        "input_cost_per_token": 1.5e-07,
        "output_cost_per_token": 6e-07,
        "mode": "chat",
        "supports_vision": True,
        "supports_function_calling": True,
        "supports_audio_input": False,
    },
}


def test_model_info_maps_to_catalog_facts() -> None:
    facts = observe(GPT)
    assert facts.model_id == "mock-gpt" and facts.provider == "openai"
    assert facts.context_length == 128000
    assert facts.input_cost_per_token == Decimal("1.5E-7")
    assert facts.capabilities == ("chat", "function_calling", "vision")


def test_provider_falls_back_to_the_model_prefix() -> None:
    bare = {"model_name": "x", "litellm_params": {"model": "groq/llama"}, "model_info": {}}
    assert observe(bare).provider == "groq"


def test_new_changed_and_vanished_models_become_events() -> None:
    gpt = observe(GPT)
    claude = replace(gpt, model_id="mock-claude", provider="anthropic")
    known = {
        "mock-gpt": KnownModel(gpt, retired=False),
        "old": KnownModel(replace(gpt, model_id="old"), retired=False),
    }
    cheaper = replace(gpt, input_cost_per_token=Decimal("1E-7"))
    changes = reconcile(known, [cheaper, claude])
    assert [(c.kind, c.model_id) for c in changes] == [
        ("discovered", "mock-claude"),
        ("updated", "mock-gpt"),
        ("retired", "old"),
    ]


def test_nothing_changes_when_nothing_changed() -> None:
    gpt = observe(GPT)
    assert reconcile({"mock-gpt": KnownModel(gpt, retired=False)}, [gpt]) == []


def test_a_retired_model_is_a_tombstone_that_does_not_come_back() -> None:
    gpt = observe(GPT)
    known = {"mock-gpt": KnownModel(gpt, retired=True)}
    assert reconcile(known, [gpt]) == [], "reappearing in LiteLLM does not revive it"
    assert reconcile(known, []) == [], "and it is not retired twice"
