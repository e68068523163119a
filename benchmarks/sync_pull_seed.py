"""Many users, teams and keys in LiteLLM for ``sync_pull.py``, and their removal.

LiteLLM's admin API makes 10-50 objects a second on a small machine, so one user, one team
(with that user as a member) and one key of each are made through it as templates, and the
rest are copies of those rows made by PostgreSQL in one transaction: every column is what
LiteLLM itself wrote, only the ids, names and memberships differ. Everything carries the run's
prefix (``bench-<hex>``) and is deleted by ``unseed``.
"""

# ruff: noqa: S608 - the SQL is built from schema names, integers and a checked prefix
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx

_PREFIX = re.compile(r"^bench-[0-9a-f]{6,32}$")


@dataclass(frozen=True)
class Seeded:
    prefix: str
    keys: int
    users: int
    teams: int

    def key_hashes(self) -> list[str]:
        """The hashes (LiteLLM's token, sync's entity id) of every seeded key."""
        secrets = [_secret(self.prefix, n) for n in range(self.keys)]
        return [hashlib.sha256(s.encode()).hexdigest() for s in secrets]

    def ids(self) -> list[str]:
        """Every seeded user, team and key id as sync names them (templates included)."""
        made = [f"{self.prefix}-u-{n}" for n in range(self.users)]
        made += [f"{self.prefix}-t-{n}" for n in range(self.teams)]
        return [*made, *self.key_hashes(), *_templates(self.prefix)]


def _secret(prefix: str, n: int) -> str:
    return f"sk-{prefix}-{n}"


def _templates(prefix: str) -> tuple[str, str, str]:
    return f"{prefix}-u-template", f"{prefix}-t-template", _template_hash(prefix)


def _template_hash(prefix: str) -> str:
    return hashlib.sha256(_secret(prefix, -1).encode()).hexdigest()


async def _litellm(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(path, json=body)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


async def _make_templates(http: httpx.AsyncClient, prefix: str) -> None:
    user, team, _ = _templates(prefix)
    await _litellm(
        http,
        "/user/new",
        {
            "user_id": user, "user_email": f"{user}@bench.invalid", "user_alias": user,
            "user_role": "internal_user", "max_budget": 10, "budget_duration": "30d",
            "auto_create_key": False,
        },
    )  # fmt: skip
    await _litellm(
        http,
        "/team/new",
        {
            "team_id": team, "team_alias": team, "max_budget": 100, "budget_duration": "30d",
            "tpm_limit": 10000, "rpm_limit": 100,
        },
    )  # fmt: skip
    await _litellm(
        http, "/team/member_add", {"team_id": team, "member": {"user_id": user, "role": "user"}}
    )
    await _litellm(
        http,
        "/key/generate",
        {
            "key": _secret(prefix, -1), "key_alias": f"{prefix}-k-template", "user_id": user,
            "team_id": team, "models": ["mock-gpt"], "max_budget": 5, "budget_duration": "30d",
            "tpm_limit": 1000, "rpm_limit": 10,
        },
    )  # fmt: skip


async def _clone(
    db: asyncpg.Connection, table: str, id_column: str, template: str, count: int, **set_: str
) -> None:
    """``count`` copies of the template row, with these columns set by SQL expressions of
    ``g`` (0 … count-1) and ``t`` (the template row)."""
    columns = [
        r["column_name"]
        for r in await db.fetch(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            table,
        )
    ]
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(set_.get(c, f't."{c}"') for c in columns)
    await db.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {values}'
        f' FROM "{table}" t, generate_series(0, $2 - 1) g WHERE t."{id_column}" = $1',
        template,
        count,
    )


def _before_template(count: int) -> str:
    """A creation time 1 ms apart for each copy, before the template's: LiteLLM keeps
    milliseconds and its list pages are ordered by creation time alone, so copies made at
    one instant would make pages overlap and skip rows (as rows made in one ms would)."""
    return f"t.created_at - ({count} - g) * interval '1 millisecond'"


async def seed(litellm: httpx.AsyncClient, db_url: str, seeded: Seeded) -> float:
    """Users ``<prefix>-u-N`` each in team ``<prefix>-t-(N mod teams)``; keys ``<prefix>-k-N``
    of user N mod users, every other one also in that user's team. Returns the seconds taken."""
    prefix, keys, users, teams = seeded.prefix, seeded.keys, seeded.users, seeded.teams
    if not _PREFIX.match(prefix):
        raise ValueError(f"not a bench prefix: {prefix}")
    started = time.perf_counter()
    await _make_templates(litellm, prefix)
    user, team, key = _templates(prefix)
    p = f"'{prefix}'"  # checked above: letters, digits and dashes only
    member = f"{p} || '-u-' || u"
    db = await asyncpg.connect(db_url)
    try:
        async with db.transaction():
            await _clone(
                db, "LiteLLM_UserTable", "user_id", user, users,
                user_id=f"{p} || '-u-' || g", user_alias=f"{p} || ' user ' || g",
                user_email=f"{p} || '-u-' || g || '@bench.invalid'",
                teams=f"ARRAY[{p} || '-t-' || (g % {teams})]",
                created_at=_before_template(users),
            )  # fmt: skip
            # the template's members but its own user, plus this team's users in the same shape
            mine = f"(m ->> 'user_id') = '{user}'"
            await _clone(
                db, "LiteLLM_TeamTable", "team_id", team, teams,
                team_id=f"{p} || '-t-' || g", team_alias=f"{p} || ' team ' || g",
                members_with_roles=(
                    "(SELECT coalesce(jsonb_agg(m), '[]') FROM jsonb_array_elements("
                    f" t.members_with_roles) m WHERE NOT {mine}) || (SELECT coalesce(jsonb_agg("
                    f" jsonb_set(jsonb_set(m, '{{user_id}}', to_jsonb({member})),"
                    f" '{{user_email}}', to_jsonb({member} || '@bench.invalid'))), '[]')"
                    f" FROM generate_series(g, {users} - 1, {teams}) u,"
                    f" jsonb_array_elements(t.members_with_roles) m WHERE {mine})"
                ),
                created_at=_before_template(teams),
            )  # fmt: skip
            # per-member rows: the template's own user's for each member, the others' (LiteLLM's
            # master-key user) for each team
            await db.execute(
                'INSERT INTO "LiteLLM_TeamMembership" (user_id, team_id, budget_id)'
                f" SELECT CASE WHEN t.user_id = $2 THEN {p} || '-u-' || g ELSE t.user_id END,"
                f" {p} || '-t-' || (g % {teams}), t.budget_id"
                ' FROM "LiteLLM_TeamMembership" t, generate_series(0, $1 - 1) g'
                " WHERE t.team_id = $3 AND (t.user_id = $2 OR g < $4)",
                users,
                user,
                team,
                teams,
            )
            secret = f"'sk-' || {p} || '-' || g"
            await _clone(
                db, "LiteLLM_VerificationToken", "token", key, keys,
                token=f"encode(sha256(convert_to({secret}, 'UTF8')), 'hex')",
                key_name=f"'sk-...' || right({secret}, 4)", key_alias=f"{p} || '-k-' || g",
                user_id=f"{p} || '-u-' || (g % {users})",
                team_id=f"CASE WHEN g % 2 = 0 THEN {p} || '-t-' || (g % {users} % {teams}) END",
                created_at=_before_template(keys),
            )  # fmt: skip
    finally:
        await db.close()
    return time.perf_counter() - started


async def unseed(litellm_db_url: str, sync_db_url: str, seeded: Seeded) -> dict[str, int]:
    """Deletes the run's rows from LiteLLM's tables, then what sync recorded of them as found
    only in LiteLLM (its conflicts and audit records stay: they are history)."""
    like = f"{seeded.prefix}-%"
    removed: dict[str, int] = {}
    db = await asyncpg.connect(litellm_db_url)
    try:
        async with db.transaction():
            for table, column in (
                ("LiteLLM_VerificationToken", "key_alias"),
                ("LiteLLM_TeamMembership", "team_id"),
                ("LiteLLM_TeamTable", "team_id"),
                ("LiteLLM_UserTable", "user_id"),
            ):
                status = await db.execute(
                    f'DELETE FROM "{table}" WHERE "{column}" LIKE $1',
                    like,
                )
                removed[table] = int(status.split()[-1])
    finally:
        await db.close()
    db = await asyncpg.connect(sync_db_url)
    try:
        status = await db.execute(
            "DELETE FROM desired_state WHERE status = 'foreign' AND entity_id = ANY($1::text[])",
            seeded.ids(),
        )
        removed["sync desired_state (foreign)"] = int(status.split()[-1])
    finally:
        await db.close()
    return removed
