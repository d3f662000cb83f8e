"""Versioned migrations of the team database, each applied in one transaction with its version row.

A migration is `schema_vN.sql` beside this file; `migrate` applies the ones the database has not
seen, in order, and a second run changes nothing. A database whose schema is newer than this
program is refused (its tables may mean something this version does not know).
"""

from __future__ import annotations

from typing import Any

from tui.store.team.connection import SCHEMA, SchemaNewer, current_version, latest_version, migration_files

GROUP_ROLES = ("callcoach_agent", "callcoach_supervisor")


def migrate(conn: Any) -> tuple[int | None, int]:
    """Apply what is missing, each migration in its own transaction; returns (before, after)."""
    before = current_version(conn)
    conn.rollback()
    if before is not None and before > latest_version():
        raise SchemaNewer(f"the team database's schema is version {before}, newer than this callcoach knows ({latest_version()}).")
    with conn.transaction():
        _ensure_group_roles(conn)
    for version, sql in migration_files():
        if before is not None and version <= before:
            continue
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('callcoach migrations'))")
            if (current_version(conn) or 0) >= version:
                continue  # another `db init` applied it meanwhile
            conn.execute(sql)
            conn.execute(f"INSERT INTO {SCHEMA}.schema_version (version) VALUES (%s)", (version,))
    return before, latest_version()


def _ensure_group_roles(conn: Any) -> None:
    """The two group roles the policies name; cluster-wide, so they may exist from another database."""
    for role in GROUP_ROLES:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            conn.execute(f"CREATE ROLE {role} NOLOGIN")
