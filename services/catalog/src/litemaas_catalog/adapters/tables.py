"""The catalog service's own schema."""

from __future__ import annotations

from sqlalchemy import MetaData

from litemaas_servicekit.inbox import inbox_table
from litemaas_servicekit.outbox import outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
