"""Versioned migrations of the team database, each applied in one transaction with its version row.

A migration is `schema_vN.sql` beside this file; `migrate` applies the ones the database has not
seen, in order, and a second run changes nothing. A database whose schema is newer than this
program is refused (its tables may mean something this version does not know).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from tui.store.team.connection import SCHEMA, SchemaMissing, SchemaNewer

GROUP_ROLES = ("callcoach_agent", "callcoach_supervisor")


def _migrations() -> list[tuple[int, str]]:
    found = []
    for entry in files(__package__).iterdir():
        name = entry.name
        if name.startswith("schema_v") and name.endswith(".sql"):
            found.append((int(name[len("schema_v") : -len(".sql")]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return _migrations()[-1][0]


def current_version(conn: Any) -> int | None:
    """The schema version stored in the database; None when there is no callcoach schema."""
    if conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_version",)).fetchone()[0] is None:
        return None
    row = conn.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def check_version(conn: Any) -> int:
    """The stored version when this program can work with it; SchemaMissing or SchemaNewer."""
    version = current_version(conn)
    if not conn.autocommit:
        conn.rollback()  # leave no transaction open behind a check
    if version is None:
        raise SchemaMissing("the team database has no callcoach tables yet; run `callcoach db init` (as a role that may create tables).")
    if version > latest_version():
        raise SchemaNewer(
            f"the team database's schema is version {version}, newer than this callcoach knows ({latest_version()}); upgrade callcoach on this machine."
        )
    return version


def migrate(conn: Any) -> tuple[int | None, int]:
    """Apply what is missing, each migration in its own transaction; returns (before, after)."""
    before = current_version(conn)
    conn.rollback()
    if before is not None and before > latest_version():
        raise SchemaNewer(f"the team database's schema is version {before}, newer than this callcoach knows ({latest_version()}).")
    with conn.transaction():
        _ensure_group_roles(conn)
    for version, sql in _migrations():
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
