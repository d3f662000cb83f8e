"""What the supervisor's screens read from the team database, through a small connection pool.
Every query runs as the configured role, so row-level security decides what comes back."""

from __future__ import annotations

import json
import threading
from typing import Any

from tui.store.team.connection import SCHEMA, TeamDatabaseError, connect, explain, guarded


class TeamReader:
    def __init__(self, url: str) -> None:
        from psycopg_pool import ConnectionPool  # lazy: psycopg and its pool, only for a team database

        connect(url).close()  # the schema check and a clear sentence, before any screen opens
        self.url = url
        self.pool = ConnectionPool(url, min_size=1, max_size=4, kwargs={"autocommit": True, "connect_timeout": 5}, open=True)

    def _all(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        import psycopg  # lazy: psycopg costs about 0.3 s, paid only when a team database is used

        try:
            with self.pool.connection() as conn:
                return list(conn.execute(sql, params).fetchall())
        except psycopg.Error as error:
            raise explain(error, self.url) from None

    def months(self) -> list[str]:
        """Months that have a partition, newest first ('2026-11'); some may hold nothing for this role."""
        rows = self._all(
            """SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = %s::regclass""",
            (f"{SCHEMA}.calls",),
        )
        return sorted((name[6:10] + "-" + name[11:13] for (name,) in rows if name.startswith("calls_")), reverse=True)

    def rows(self, month: str, limit: int | None = None) -> list[dict]:
        """The history browser's rows of one month (the summaries pushed with the calls), newest
        first; `limit`: only the newest ones. Built into one JSON array by the server: one parse
        here instead of one per row."""
        first = f"{month}-01T00:00:00Z"
        found = self._all(
            f"""SELECT coalesce(json_agg(summary ORDER BY started_at DESC, id DESC), '[]')::text FROM (
                    SELECT summary, started_at, id FROM {SCHEMA}.calls
                    WHERE started_at >= %s::timestamptz AND started_at < %s::timestamptz + interval '1 month'
                    ORDER BY started_at DESC, id DESC LIMIT %s) newest""",
            (first, first, limit),
        )
        rows: list[dict] = json.loads(found[0][0])
        return rows

    def call(self, call_id: str) -> dict | None:
        found = self._all(f"SELECT record FROM {SCHEMA}.calls WHERE id = %s", (call_id,))
        return found[0][0] if found else None

    def latest_id(self) -> str | None:
        found = self._all(f"SELECT id FROM {SCHEMA}.calls ORDER BY started_at DESC, id DESC LIMIT 1")
        return found[0][0] if found else None

    def comments(self, call_id: str) -> list[dict]:
        return [row[0] for row in self._all(f"SELECT comment FROM {SCHEMA}.comments WHERE call_id = %s", (call_id,))]

    def actions(self) -> list[dict]:
        return [row[0] for row in self._all(f"SELECT action FROM {SCHEMA}.callback_actions ORDER BY at, pushed_at")]

    def actions_for(self, uids: list[str]) -> list[dict]:
        if not uids:
            return []
        return [row[0] for row in self._all(f"SELECT action FROM {SCHEMA}.callback_actions WHERE uid = ANY(%s) ORDER BY at", (uids,))]

    def records(self, since: object = None, until: object = None, agent: str | None = None) -> list[dict]:
        """Whole call records in [since, until) (of `agent`, any case, when given), oldest first."""
        rows = self._all(
            f"""SELECT record FROM {SCHEMA}.calls
                WHERE (%(since)s::timestamptz IS NULL OR started_at >= %(since)s)
                  AND (%(until)s::timestamptz IS NULL OR started_at < %(until)s)
                  AND (%(agent)s::text IS NULL OR lower(agent) = lower(%(agent)s)) ORDER BY id""",
            {"since": since, "until": until, "agent": agent},
        )
        return [row[0] for row in rows]

    def comments_on(self, call_ids: list[str]) -> list[dict]:
        rows = self._all(f"SELECT comment FROM {SCHEMA}.comments WHERE call_id = ANY(%s)", (call_ids,))
        return [row[0] for row in rows]

    def commitments(self) -> list[tuple[str, str, dict]]:
        """Every commitment this role may see: (call id, agent, its latest `callback` event)."""
        return [(row[0], row[1], row[2]) for row in self._all(f"SELECT call_id, agent, event FROM {SCHEMA}.commitments")]

    def close(self) -> None:
        self.pool.close()


class CallerReader:
    """The desk's caller look-ups on the team database: one connection, made on first use (in a
    worker, never on the desk's loop) and made again after a failure. What comes back is what
    callcoach.caller_history() gives any agent: counts, dates, outcomes, promises; no notes."""

    STATEMENT_TIMEOUT = "2s"  # a ring is over in seconds: a slower answer is no use

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: Any = None
        self._lock = threading.Lock()  # two rings' workers: one query at a time on the connection

    def caller_history(self, number: str) -> dict:
        """{"n", "last", "cbs", "actions"} for an E.164 number. Raises TeamDatabaseError."""
        with self._lock:
            try:
                with guarded(self.url):  # the schema check too: a role that may not read it
                    if self._conn is None or self._conn.closed:
                        self._conn = connect(self.url, autocommit=True)
                        self._conn.execute(f"SET statement_timeout = '{self.STATEMENT_TIMEOUT}'")
                    row = self._conn.execute(f"SELECT {SCHEMA}.caller_history(%s)", (number,)).fetchone()
            except TeamDatabaseError:
                self._close()
                raise
            found: dict = row[0] if row and row[0] else {}
            return found

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def close(self) -> None:
        with self._lock:
            self._close()
