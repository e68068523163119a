"""Composition root of the catalog service (health endpoints only so far)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from litemaas_catalog.adapters.tables import outbox
from litemaas_catalog.settings import CatalogSettings
from litemaas_servicekit.placeholder import health_only_app
from litemaas_servicekit.runner import ServiceSpec


def build_app(settings: CatalogSettings) -> FastAPI:
    return health_only_app("LiteMaaS catalog", settings)


SPEC = ServiceSpec(
    name="catalog",
    settings=CatalogSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
