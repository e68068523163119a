"""The model pull as a use case, against a fake LiteLLM and a fake baseline: the events the
catalog receives when LiteLLM's list flickers, empties, loses a model and gets it back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from litemaas_contracts import Event
from litemaas_contracts.catalog import ModelDiscovered, ModelRetired
from litemaas_sync.app.pull_models import PullTransactions, pull_models
from litemaas_sync.domain.models import KnownModel, ObservedModel

pytestmark = pytest.mark.unit
GPT = ObservedModel("mock-gpt", "openai", 128000, None, None, ("chat",))
LLAMA = replace(GPT, model_id="mock-llama", provider="together_ai")


class FakeLiteLLM:
    def __init__(self) -> None:
        self.models: list[ObservedModel] = []

    async def list_models(self) -> list[ObservedModel]:
        return list(self.models)


class Store:
    def __init__(self) -> None:
        self.rows: dict[str, KnownModel] = {}

    async def lock(self) -> None:
        pass

    async def known(self) -> dict[str, KnownModel]:
        return dict(self.rows)

    async def save(self, facts: ObservedModel) -> None:
        self.rows[facts.model_id] = KnownModel(facts, retired=False, missed_pulls=0)

    async def retire(self, model_id: str) -> None:
        self.rows[model_id] = replace(self.rows[model_id], retired=True)

    async def count_misses(self, misses: dict[str, int]) -> None:
        for model_id, missed in misses.items():
            self.rows[model_id] = replace(self.rows[model_id], missed_pulls=missed)


class Tx:
    def __init__(self, store: Store, events: list[Event]) -> None:
        self.store = store
        self.events = events

    async def record(self, event: Event) -> None:
        self.events.append(event)


def _pulling() -> tuple[FakeLiteLLM, Store, list[Event], PullTransactions]:
    litellm, store, events = FakeLiteLLM(), Store(), list[Event]()

    @asynccontextmanager
    async def transactions() -> AsyncIterator[Tx]:
        yield Tx(store, events)

    return litellm, store, events, transactions


async def test_a_flicker_or_empty_list_retires_nothing_three_misses_do_and_it_comes_back() -> None:
    litellm, store, events, transactions = _pulling()
    litellm.models = [GPT, LLAMA]
    assert await pull_models(litellm, transactions, 3) == {
        "discovered": 2,
        "updated": 0,
        "retired": 0,
    }
    litellm.models = [GPT]
    await pull_models(litellm, transactions, 3)
    litellm.models = [GPT, LLAMA]  # one odd answer, then llama is back: the count starts over
    await pull_models(litellm, transactions, 3)
    assert store.rows["mock-llama"].missed_pulls == 0
    litellm.models = []  # LiteLLM restarting: believed by nobody
    await pull_models(litellm, transactions, 3)
    assert len(events) == 2 and store.rows["mock-llama"].missed_pulls == 0

    litellm.models = [GPT]
    counts = [await pull_models(litellm, transactions, 3) for _ in range(3)]
    assert [c["retired"] for c in counts] == [0, 0, 1]
    assert isinstance(events[-1], ModelRetired) and events[-1].model_id == "mock-llama"

    litellm.models = [GPT, LLAMA]
    counts = [await pull_models(litellm, transactions, 3)]
    assert counts[0]["discovered"] == 1
    assert isinstance(events[-1], ModelDiscovered) and events[-1].model_id == "mock-llama"
    assert store.rows["mock-llama"] == KnownModel(LLAMA, retired=False, missed_pulls=0)
