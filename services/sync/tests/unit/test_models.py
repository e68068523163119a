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


def test_new_and_changed_models_become_events_and_a_vanished_one_is_only_counted() -> None:
    gpt = observe(GPT)
    claude = replace(gpt, model_id="mock-claude", provider="anthropic")
    known = {
        "mock-gpt": KnownModel(gpt, retired=False),
        "old": KnownModel(replace(gpt, model_id="old"), retired=False),
    }
    cheaper = replace(gpt, input_cost_per_token=Decimal("1E-7"))
    result = reconcile(known, [cheaper, claude], retire_after=3)
    assert [(c.kind, c.model_id) for c in result.changes] == [
        ("discovered", "mock-claude"),
        ("updated", "mock-gpt"),
    ]
    assert result.misses == {"old": 1}, "one answer without it retires nothing"


def test_a_model_is_retired_only_after_n_pulls_in_a_row_without_it() -> None:
    gpt, llama = observe(GPT), replace(observe(GPT), model_id="llama")
    known = {"mock-gpt": KnownModel(gpt, False), "llama": KnownModel(llama, False)}
    for pull in (1, 2):
        result = reconcile(known, [gpt], retire_after=3)
        assert result.changes == [] and result.misses == {"llama": pull}
        known["llama"] = KnownModel(llama, False, missed_pulls=pull)
    result = reconcile(known, [gpt], retire_after=3)
    assert [(c.kind, c.model_id) for c in result.changes] == [("retired", "llama")]


def test_a_model_seen_again_before_retirement_starts_counting_afresh() -> None:
    gpt = observe(GPT)
    result = reconcile({"mock-gpt": KnownModel(gpt, False, missed_pulls=2)}, [gpt], 3)
    assert result.changes == [] and result.misses == {"mock-gpt": 0}


def test_an_empty_list_retires_nothing_and_counts_nothing() -> None:
    gpt = observe(GPT)
    result = reconcile({"mock-gpt": KnownModel(gpt, False, missed_pulls=2)}, [], 3)
    assert result.changes == [] and result.misses == {}


def test_nothing_changes_when_nothing_changed() -> None:
    gpt = observe(GPT)
    result = reconcile({"mock-gpt": KnownModel(gpt, retired=False)}, [gpt], 3)
    assert result.changes == [] and result.misses == {}


def test_a_retired_model_that_litellm_serves_again_is_revived() -> None:
    gpt = observe(GPT)
    known = {"mock-gpt": KnownModel(gpt, retired=True, missed_pulls=3)}
    result = reconcile(known, [gpt], 3)
    assert [(c.kind, c.facts) for c in result.changes] == [("revived", gpt)]
    other = replace(gpt, model_id="other")
    again = reconcile(known, [other], 3).changes
    assert [c.kind for c in again] == ["discovered"], "and it is not retired twice"
