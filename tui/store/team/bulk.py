"""`callcoach import --team FILE`: calls straight into the team database with COPY, in one
transaction (all or nothing), with the same rule as a push: a completed call replaces its
interrupted copy, never the other way round. Rows go through a temporary table, since COPY itself
cannot upsert; row-level security applies to the final INSERT as to any write of this role."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from tui.store.team.connection import SCHEMA
from tui.store.team.exchange import CALL_COLUMNS, call_columns, commitments_of, upsert_calls_sql

Progress = Callable[[int, int], None]


def copy_calls(conn: Any, rows: Iterable[tuple[dict, dict]], total: int, progress: Progress | None = None) -> int:
    """(record, history row) pairs into calls and commitments; returns how many calls were new or
    replaced an interrupted copy."""
    names = ", ".join(CALL_COLUMNS)
    with conn.transaction():
        conn.execute(f"CREATE TEMP TABLE import_calls (LIKE {SCHEMA}.calls INCLUDING DEFAULTS) ON COMMIT DROP")
        conn.execute("CREATE TEMP TABLE import_commitments (LIKE callcoach.commitments) ON COMMIT DROP")
        cursor = conn.cursor()
        done = 0
        promises = []
        with cursor.copy(f"COPY import_calls ({names}) FROM STDIN") as copy:
            for record, summary in rows:
                columns = call_columns(record, summary)
                copy.write_row([columns[name] for name in CALL_COLUMNS])
                for event in commitments_of(record):
                    promises.append(
                        (
                            event["uid"],
                            record["id"],
                            columns["agent"],
                            columns["started_at"],
                            event["start"],
                            event["end"],
                            json.dumps(event),
                        )
                    )
                done += 1
                if progress is not None and done % 5000 == 0:
                    progress(done, total)
        with cursor.copy("COPY import_commitments (uid, call_id, agent, started_at, window_start, window_end, event) FROM STDIN") as copy:
            for promise in promises:
                copy.write_row(promise)
        conn.execute(
            f"SELECT {SCHEMA}.ensure_month(m) FROM (SELECT DISTINCT date_trunc('month', started_at) AS m FROM import_calls) months"
        )
        changed = conn.execute(upsert_calls_sql(f"SELECT DISTINCT ON (id) {names}, NULL FROM import_calls")).rowcount
        conn.execute(
            f"""INSERT INTO {SCHEMA}.commitments SELECT DISTINCT ON (uid) * FROM import_commitments
                ON CONFLICT (uid) DO UPDATE SET window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end, event = EXCLUDED.event
                WHERE ({SCHEMA}.commitments.event->>'sequence')::int <= (EXCLUDED.event->>'sequence')::int"""
        )
    if progress is not None:
        progress(total, total)
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
