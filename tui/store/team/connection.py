"""Reaching the team database: psycopg imported here and only here, on first use, and every way a
connection can fail turned into one sentence that says what to do; a connection is checked against
the schema this program speaks (the versions of the schema_vN.sql files beside this one).

The address is any libpq URI or key=value string; the password comes from libpq's own places
(PGPASSWORD, ~/.pgpass, a service file), or from `password=` when a command asked for one.
"""

from __future__ import annotations

import re
from typing import Any

CONNECT_TIMEOUT = 5  # seconds; the desk never waits for this, its sync worker does
SCHEMA = "callcoach"


class TeamDatabaseError(RuntimeError):
    """The team database cannot be used; str() is one plain sentence saying what to do."""


class Unreachable(TeamDatabaseError):
    """The server did not answer: worth trying again later (the outbox keeps everything).
    `what` is the sentence without that promise, for a command nothing retries (an import)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}; nothing is lost, it is tried again later.")
        self.what = what


class SchemaMissing(TeamDatabaseError):
    pass


class SchemaNewer(TeamDatabaseError):
    pass


class SchemaOlder(TeamDatabaseError):
    """The schema predates what this command needs (its tables or functions are not there yet)."""


def _where(url: str) -> str:
    """The address without anything that might be a secret, for messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1@", re.sub(r"password\s*=\s*\S+", "password=…", url))


def explain(error: Exception, url: str) -> TeamDatabaseError:
    """One sentence for a psycopg error met while connecting or working."""
    import psycopg  # lazy: psycopg costs about 0.3 s, paid only when a team database is used

    text = str(error).strip()
    where = _where(url)
    if isinstance(error, psycopg.ProgrammingError) and ("connection info" in text or "invalid" in text or "URI" in text):
        return TeamDatabaseError(
            f"the team database address {where!r} is not a PostgreSQL address ({text.splitlines()[0]}); fix [team] database or CALLCOACH_DATABASE_URL."
        )
    if "password authentication failed" in text or "no password supplied" in text or "password is required" in text:
        return TeamDatabaseError(
            f"the team database refused the password for {where}; check PGPASSWORD or ~/.pgpass, or ask your team lead to run `callcoach db add-user ... --password`."
        )
    if 'role "' in text and "does not exist" in text:
        return TeamDatabaseError(
            f"the team database has no role for {where}; ask your team lead to run `callcoach db add-user ROLE --agent NAME`."
        )
    if "database" in text and "does not exist" in text:
        return TeamDatabaseError(f"the database in {where} does not exist; create it (createdb) and run `callcoach db init`.")
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return TeamDatabaseError(f"the team database refused this ({text.splitlines()[0]}); ask your team lead for the right role.")
    if isinstance(error, psycopg.OperationalError):
        first = text.splitlines()[0] if text else type(error).__name__
        reason = first.split("failed: ", 1)[-1]
        return Unreachable(f"the team database at {where} cannot be reached ({reason})")
    return TeamDatabaseError(f"the team database answered with an error ({text.splitlines()[0] if text else type(error).__name__}).")


def connect(url: str, *, password: str | None = None, autocommit: bool = False, check_schema: bool = True, up_to_date: bool = False) -> Any:
    """A psycopg connection, with the schema checked against this program's (SchemaMissing,
    SchemaNewer; with `up_to_date`, SchemaOlder unless it is this program's latest); raises
    TeamDatabaseError, Unreachable when the server may come back."""
    import psycopg  # lazy: psycopg costs about 0.3 s, paid only when a team database is used

    extra: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "callcoach"}
    if password is not None:
        extra["password"] = password
    try:
        conn = psycopg.connect(url, autocommit=autocommit, **extra)
    except psycopg.Error as error:
        raise explain(error, url) from None
    if check_schema:
        try:
            check_version(conn, up_to_date=up_to_date)
        except BaseException:
            conn.close()
            raise
    return conn


def guarded(url: str) -> Any:
    """Context for work on a connection: psycopg errors become one sentence (TeamDatabaseError)."""
    return _Guard(url)


class _Guard:
    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, trace: Any) -> None:
        if error is None or isinstance(error, TeamDatabaseError):
            return
        import psycopg  # lazy: psycopg costs about 0.3 s, paid only when a team database is used

        if isinstance(error, psycopg.Error):
            raise explain(error, self.url) from None


# -- the schema this program speaks -------------------------------------------------------------


def migration_files() -> list[tuple[int, str]]:
    """(version, SQL) of every schema_vN.sql beside this file, oldest first (tui.store.team.migrations applies them)."""
    from importlib.resources import files  # lazy: about 6 ms, and every command imports this module

    found = []
    for entry in files(__package__).iterdir():
        name = entry.name
        if name.startswith("schema_v") and name.endswith(".sql"):
            found.append((int(name[len("schema_v") : -len(".sql")]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return migration_files()[-1][0]


def current_version(conn: Any) -> int | None:
    """The schema version stored in the database; None when there is no callcoach schema."""
    if conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_version",)).fetchone()[0] is None:
        return None
    row = conn.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def check_version(conn: Any, *, up_to_date: bool = False) -> int:
    """The stored version when this program can work with it; SchemaMissing or SchemaNewer, and
    with `up_to_date` SchemaOlder for any version before the latest."""
    version = current_version(conn)
    if not conn.autocommit:
        conn.rollback()  # leave no transaction open behind a check
    if version is None:
        raise SchemaMissing("the team database has no callcoach tables yet; run `callcoach db init` (as a role that may create tables).")
    if version > latest_version():
        raise SchemaNewer(
            f"the team database's schema is version {version}, newer than this callcoach knows ({latest_version()}); upgrade callcoach on this machine."
        )
    if up_to_date and version < latest_version():
        raise SchemaOlder(
            f"the team database's schema is version {version}, older than this callcoach needs ({latest_version()}); run `callcoach db init` to upgrade it."
        )
    return version
