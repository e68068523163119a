"""Which errors are worth waiting out, and which mean the record itself is at fault.

A transient error (a dependency down, a lost or exhausted database connection, a serialization
failure or deadlock, Kafka not available) says nothing about the record: the consumer waits
and retries without limit. Anything else counts against the record; after a bound it goes to
the dead-letter topic. The whole cause chain is looked at, because SQLAlchemy wraps asyncpg's
errors and our own code wraps both.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator

from aiokafka.errors import KafkaConnectionError, KafkaError, KafkaTimeoutError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import exc as sa

from litemaas_servicekit.resilience import DependencyUnavailable

#: SQLSTATE classes and codes of errors a retry can outlive (PostgreSQL appendix A)
TRANSIENT_SQLSTATE_CLASSES = ("08", "53", "57", "58")  # connection, resources, operator, system
TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization, deadlock, lock not available

#: socket errors that are not ConnectionError subclasses but say "the network, not the record"
NETWORK_ERRNOS = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENETDOWN, errno.ETIMEDOUT}

_ALWAYS_TRANSIENT: tuple[type[BaseException], ...] = (
    DependencyUnavailable,
    ConnectionError,
    TimeoutError,
    sa.DisconnectionError,
    sa.TimeoutError,  # the connection pool is exhausted
    RedisConnectionError,
    RedisTimeoutError,
    KafkaConnectionError,
    KafkaTimeoutError,  # a send that found no broker in time
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _sqlstate(exc: BaseException) -> str | None:
    for name in ("sqlstate", "pgcode"):
        value = getattr(exc, name, None)
        if isinstance(value, str) and len(value) == 5:
            return value
    return None


def is_transient(exc: BaseException) -> bool:
    """True when waiting and retrying can succeed without anyone changing the record."""
    for error in _chain(exc):
        if isinstance(error, _ALWAYS_TRANSIENT):
            return True
        if isinstance(error, OSError) and error.errno in NETWORK_ERRNOS:
            return True
        if isinstance(error, sa.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, sa.OperationalError | sa.InterfaceError):
            return True
        if isinstance(error, KafkaError) and getattr(error, "retriable", False):
            return True
        state = _sqlstate(error)
        if state and (state in TRANSIENT_SQLSTATES or state[:2] in TRANSIENT_SQLSTATE_CLASSES):
            return True
        if type(error).__module__.startswith("asyncpg") and (
            "Connection" in type(error).__name__ or "Interface" in type(error).__name__
        ):
            return True
    return False
