"""config.toml's [team] table: the team database (PostgreSQL) and whether the desk publishes its
live state. `CALLCOACH_DATABASE_URL` wins over the file.

A password never sits in config.toml: libpq has its own places for one (PGPASSWORD, ~/.pgpass, a
service file), so a URL or DSN that carries one is refused with the place to put it instead.
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, urlsplit

from tui.config.fields import Bad, table_of, true_or_false

TEAM_KEYS = frozenset({"team"})
DATABASE_ENV = "CALLCOACH_DATABASE_URL"
_DSN_PASSWORD = re.compile(r"(^|\s)password\s*=", re.IGNORECASE)
_NO_PASSWORD_HERE = "a database address without a password (put the password in ~/.pgpass or PGPASSWORD)"


def has_password(dsn: str) -> bool:
    """Does this libpq URI or key=value string carry a password?"""
    if dsn.startswith(("postgresql://", "postgres://")):
        try:
            parts = urlsplit(dsn)
        except ValueError:
            return False  # libpq will say what is wrong with it
        userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
        return ":" in userinfo or "password" in {key.lower() for key in parse_qs(parts.query)}
    return bool(_DSN_PASSWORD.search(dsn))


def team_values(raw: dict, bad: Bad) -> dict:
    """Config fields from [team]: team_database and team_live; raises bad(key, expected)."""
    values: dict = {}
    for key, value in table_of(raw, "team", '[team] database = "postgresql://ana@db.example/callcoach"', bad).items():
        if key == "database":
            if not isinstance(value, str) or not value.strip():
                raise bad("team.database", 'a PostgreSQL address, e.g. "postgresql://ana@db.example/callcoach"')
            if has_password(value):
                raise bad("team.database", _NO_PASSWORD_HERE)
            values["team_database"] = value.strip()
        elif key == "live":
            values["team_live"] = true_or_false(value, "team.live", bad)
        else:
            raise bad(f"team.{key}", "one of team.database, team.live (it is not a setting)")
    return values


def database_from_env(environ: dict | None = None) -> str | None:
    """CALLCOACH_DATABASE_URL when set and not empty. A password there is libpq's business: the
    environment is one of the places a password may come from, so it is not refused."""
    value = (os.environ if environ is None else environ).get(DATABASE_ENV, "").strip()
    return value or None
