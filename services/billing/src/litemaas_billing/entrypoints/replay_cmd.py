"""``python -m litemaas_billing replay [--into SCHEMA]``: the operators' replay (``litemaas
replay billing`` runs it). Prints the summary as JSON; exits 0 when the rebuilt aggregates'
checksum equals the live one, 1 when it does not."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from litemaas_billing.adapters.replay import ReplayTables, read_from_start, valid_schema
from litemaas_billing.app.replay import replay
from litemaas_servicekit.db import make_engine, make_sessions
from litemaas_servicekit.settings import DatabaseSettings, load_settings


class ReplaySettings(DatabaseSettings):
    """Only what a replay needs (billing's database and the broker): an operator's shell need
    not hold the service's webhook key or mail settings."""

    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "billing"


async def _run(settings: ReplaySettings, schema: str) -> int:
    engine = make_engine(settings.database_url.get_secret_value())
    try:
        summary = await replay(
            ReplayTables(make_sessions(engine)),
            lambda topic: read_from_start(settings.kafka_bootstrap, topic),
            schema,
        )
    finally:
        await engine.dispose()
    print(json.dumps(summary.as_dict(), indent=2))
    return 0 if summary.equal else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m litemaas_billing replay")
    default = "replay_" + datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    parser.add_argument("--into", type=valid_schema, default=default, help="a new schema")
    args = parser.parse_args(argv)
    return asyncio.run(_run(load_settings(ReplaySettings), args.into))
