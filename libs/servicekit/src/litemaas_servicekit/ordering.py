"""Events that depend on events from another stream, which Kafka does not order for us.

A spend record can reach billing before its key's ApiKeyCreated; a team membership can reach
sync before its team is in LiteLLM. Neither record is at fault: what it needs is on its way.
A handler says so by raising ``NotYet`` (or a subclass that names the domain's reason). The
consumer then waits for it, without counting attempts, while the record is younger than the
consumer's ``wait_window`` (from its CloudEvents ``time``: when it was published). Past that,
``NotYet`` counts as any failure, and after the attempts the record reaches the DLQ with the
reason, under the subclass's name.

No imports beyond the standard library: domain code raises these.
"""

from __future__ import annotations


class NotYet(Exception):
    """What this record needs has not arrived from another stream (yet)."""
