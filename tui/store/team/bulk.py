"""`callcoach import --team FILE`: calls straight into the team database with COPY, in one
transaction (all or nothing), with the same rule as a push: a completed call replaces its
interrupted copy, never the other way round. Rows go through a temporary table, since COPY itself
cannot upsert; row-level security applies to the final INSERT as to any write of this role."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from tui.store.team.connection import SCHEMA
from tui.store.team.exchange import CALL_COLUMNS, PROMISE_COLUMNS, upsert_calls_sql

Progress = Callable[[int, int], None]
COPY_BATCH = 5000


_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def _copy_field(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, list):  # text[]: each element quoted, as array_in reads it
        value = "{" + ",".join('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value) + "}"
    text = value if isinstance(value, str) else repr(value)
    for raw, escaped in _COPY_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def copy_line(values: Sequence[object]) -> str:
    """One row in COPY's text format (None is NULL, a list a text array, a number as Python
    writes it), made where the row is made, so the loading process only passes lines on."""
    return "\t".join(_copy_field(value) for value in values) + "\n"


def copy_calls(conn: Any, lines: Sequence[str], promises: Sequence[tuple], progress: Progress | None = None) -> int:
    """Calls (copy_line of CALL_COLUMNS' values) and their promises (PROMISE_COLUMNS) into calls
    and commitments; returns how many calls were new or replaced an interrupted copy."""
    names = ", ".join(CALL_COLUMNS)
    with conn.transaction():
        conn.execute("SET LOCAL temp_buffers = '256MB'")  # the staged rows stay in memory (before any temp table)
        conn.execute(f"CREATE TEMP TABLE import_calls (LIKE {SCHEMA}.calls INCLUDING DEFAULTS) ON COMMIT DROP")
        conn.execute(f"CREATE TEMP TABLE import_commitments (LIKE {SCHEMA}.commitments) ON COMMIT DROP")
        cursor = conn.cursor()
        with cursor.copy(f"COPY import_calls ({names}) FROM STDIN") as copy:
            for start in range(0, len(lines), COPY_BATCH):
                copy.write("".join(lines[start : start + COPY_BATCH]))
                if progress is not None and start + COPY_BATCH < len(lines):  # the whole only once stored
                    progress(start + COPY_BATCH, len(lines))
        with cursor.copy(f"COPY import_commitments ({', '.join(PROMISE_COLUMNS)}) FROM STDIN") as copy:
            for promise in promises:
                copy.write_row(promise)
        conn.execute(  # new months without their notes index: built after the load (tui/store/team/search_index.py)
            f"SELECT {SCHEMA}.ensure_month(m, false) FROM (SELECT DISTINCT date_trunc('month', started_at) AS m FROM import_calls) months"
        )
        changed = conn.execute(upsert_calls_sql(f"SELECT DISTINCT ON (id) {names}, NULL FROM import_calls")).rowcount
        conn.execute(
            f"""INSERT INTO {SCHEMA}.commitments SELECT DISTINCT ON (uid) * FROM import_commitments
                ON CONFLICT (uid) DO UPDATE SET window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end, event = EXCLUDED.event
                WHERE ({SCHEMA}.commitments.event->>'sequence')::int <= (EXCLUDED.event->>'sequence')::int"""
        )
    if progress is not None:
        progress(len(lines), len(lines))
    return int(changed)


def copy_comments(conn: Any, comments: list[dict]) -> int:
    """Comments on calls in the team database (their agent taken from the call); duplicates skipped."""
    if not comments:
        return 0
    with conn.transaction():
        added = conn.execute(
            f"""INSERT INTO {SCHEMA}.comments (id, call_id, agent, comment)
                SELECT c->>'id', c->>'call_id', calls.agent, c FROM jsonb_array_elements(%s::jsonb) AS c
                JOIN {SCHEMA}.calls ON calls.id = c->>'call_id' ON CONFLICT (id) DO NOTHING""",
            (json.dumps(comments, ensure_ascii=False),),
        ).rowcount
    return int(added)
