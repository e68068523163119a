"""Composition root of the keys service (health endpoints only so far)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from litemaas_keys.adapters.tables import outbox
from litemaas_keys.settings import KeysSettings
from litemaas_servicekit.placeholder import health_only_app
from litemaas_servicekit.runner import ServiceSpec


def build_app(settings: KeysSettings) -> FastAPI:
    return health_only_app("LiteMaaS keys", settings)


SPEC = ServiceSpec(
    name="keys",
    settings=KeysSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
