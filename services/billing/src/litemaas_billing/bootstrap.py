"""Composition root of the billing service (health endpoints only so far)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from litemaas_billing.adapters.tables import outbox
from litemaas_billing.settings import BillingSettings
from litemaas_servicekit.placeholder import health_only_app
from litemaas_servicekit.runner import ServiceSpec


def build_app(settings: BillingSettings) -> FastAPI:
    return health_only_app("LiteMaaS billing", settings)


SPEC = ServiceSpec(
    name="billing",
    settings=BillingSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
