"""What the supervisor's screens read from the team database, through a small connection pool.
Every query runs as the configured role, so row-level security decides what comes back."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from tui.domain.review.history_rows import Filters
from tui.store.team.connection import SCHEMA, TeamDatabaseError, connect, explain, guarded


def month_bounds(call_id: str) -> tuple[datetime, datetime] | None:
    """A call id begins with its start's UTC time (20261123T140000Z-...): the month it was in, so
    PostgreSQL reads that month's partition only instead of asking every month's index. None for
    an id callcoach never wrote."""
    if not re.match(r"[0-9]{6}", call_id) or not 1 <= int(call_id[4:6]) <= 12:
        return None
    first = datetime(int(call_id[:4]), int(call_id[4:6]), 1, tzinfo=UTC)
    return first, (first + timedelta(days=32)).replace(day=1)


def _by_id(name: str, call_id: str) -> tuple[str, dict]:
    """The condition and parameters that find call `call_id` (its month's partition only)."""
    bounds = month_bounds(call_id)
    if bounds is None:
        return f"id = %({name})s", {name: call_id}
    return (
        f"id = %({name})s AND started_at >= %({name}_from)s AND started_at < %({name}_to)s",
        {name: call_id, f"{name}_from": bounds[0], f"{name}_to": bounds[1]},
    )


# Overdue now: a promise neither kept nor cancelled whose window (as last rescheduled) has ended,
# as the history's callback column says (tui.domain.review.history_rows.callback_status); only
# the promises of calls in the month being read.
OVERDUE_IDS = f"""SELECT m.call_id FROM {SCHEMA}.commitments m
    LEFT JOIN (SELECT DISTINCT ON (uid) uid, type, action->>'end' AS until FROM {SCHEMA}.callback_actions
               WHERE at <= now() ORDER BY uid, at DESC) latest ON latest.uid = m.uid
    WHERE m.started_at >= %(month_from)s AND m.started_at < %(month_to)s
      AND coalesce(latest.type, '') NOT IN ('callback_kept', 'callback_cancelled')
      AND now() >= CASE WHEN latest.type = 'callback_rescheduled' AND latest.until IS NOT NULL
                        THEN latest.until::timestamptz ELSE m.window_end END"""


def indexable(word: str) -> bool:
    """True when the notes' trigram index can narrow a search for `word`: it holds three letters
    or digits in a row (pg_trgm takes its trigrams from runs of them; a shorter word would make it
    read its whole index, so that one is read from the rows instead)."""
    return re.search(r"[^\W_]{3}", word) is not None


def like_pattern(word: str) -> str:
    """`word` anywhere, as a LIKE pattern: its own %, _ and backslash taken as they are."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def filter_sql(filters: Filters) -> tuple[list[str], dict]:
    """The history's filters as SQL conditions on calls (and their parameters), as the browser's
    own `matches` reads them: typed words each in the search text (agent, caller, notes; already
    case-folded), dates, outcome, category, agent, flagged (a review flag, or a promise overdue
    now), overdue."""
    where: list[str] = ["TRUE"]
    params: dict = {}
    for number, word in enumerate(filters.text.casefold().split()):
        where.append(f"strpos(notes, %(word{number})s) > 0")  # a plain substring: faster than LIKE '%w%'
        params[f"word{number}"] = word
    if filters.since is not None:
        where.append("started_at >= to_timestamp(%(since)s)")
        params["since"] = filters.since
    if filters.until is not None:
        where.append("started_at < to_timestamp(%(until)s)")
        params["until"] = filters.until
    for name in ("outcome", "category", "agent"):
        if getattr(filters, name):
            where.append(f"{name} = %({name})s")
            params[name] = getattr(filters, name)
    if filters.overdue:
        where.append(f"id IN ({OVERDUE_IDS})")
    elif filters.flagged:
        where.append(f"(flags <> '{{}}' OR id IN ({OVERDUE_IDS}))")
    return where, params


class TeamReader:
    def __init__(self, url: str) -> None:
        from psycopg_pool import ConnectionPool  # lazy: psycopg and its pool, only for a team database

        connect(url).close()  # the schema check and a clear sentence, before any screen opens
        self.url = url
        # jit off: compiling a plan cost a history query 50 ms and never paid back on queries this short
        kwargs = {"autocommit": True, "connect_timeout": 5, "options": "-c jit=off"}
        self.pool = ConnectionPool(url, min_size=1, max_size=4, kwargs=kwargs, open=True)

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
            f"""SELECT coalesce(json_agg(summary || jsonb_build_object('search', notes) ORDER BY started_at DESC, id DESC), '[]')::text FROM (
                    SELECT summary, notes, started_at, id FROM {SCHEMA}.calls
                    WHERE started_at >= %s::timestamptz AND started_at < %s::timestamptz + interval '1 month'
                    ORDER BY started_at DESC, id DESC LIMIT %s) newest""",
            (first, first, limit),
        )
        rows: list[dict] = json.loads(found[0][0])
        return rows

    def page(self, filters: Filters, limit: int, after: str | None = None) -> list[dict]:
        """The history's rows that match `filters`, newest first, at most `limit` of them, after the
        call `after` (keyset paging: the next page starts where the last one ended)."""
        return [row for rows in self.page_by_month(filters, limit, after) for row in rows]

    def page_by_month(self, filters: Filters, limit: int, after: str | None = None) -> Iterator[list[dict]]:
        """page(), a month at a time as each is read: the filters are answered here, one month's
        partition per query, newest first, until `limit` rows match, so a team of a million calls
        is never read whole and a word found in the newest month shows at once. Rows come without
        their search text, which only the filter reads.

        Typed words the notes' index can serve are first asked through it (callcoach.notes_matching,
        at most `limit` + 1 calls, in any order): a rare word is then answered from the index, a
        month in a few milliseconds; a common one, with more than a page in the month, is read
        newest first instead, which stops at the page (through the index it would fetch every
        match). Either way the rows are read as this role, with every filter applied."""
        where, params = filter_sql(filters)
        newest = month_bounds(after) if after is not None else None
        if after is not None:
            found_after, after_params = _by_id("after", after)
            where.append(f"(started_at, id) < (SELECT started_at, id FROM {SCHEMA}.calls WHERE {found_after})")
            params.update(after_params)
        in_month = f"started_at >= %(month_from)s AND started_at < %(month_to)s AND {' AND '.join(where)}"
        newest_first = f"""SELECT coalesce(json_agg(summary ORDER BY started_at DESC, id DESC), '[]') FROM (
                SELECT summary, started_at, id FROM {SCHEMA}.calls WHERE {in_month}
                ORDER BY started_at DESC, id DESC LIMIT %(limit)s) page"""
        params["patterns"] = [like_pattern(word) for word in filters.text.casefold().split() if indexable(word)]
        if params["patterns"]:
            sql = f"""WITH probe AS MATERIALIZED (
                    SELECT * FROM {SCHEMA}.notes_matching(%(month_from)s, %(month_to)s, %(patterns)s, (%(limit)s + 1)::integer))
                SELECT (CASE WHEN (SELECT count(*) FROM probe) <= %(limit)s
                    THEN (SELECT coalesce(json_agg(summary ORDER BY started_at DESC, id DESC), '[]') FROM {SCHEMA}.calls
                          WHERE (id, started_at) IN (SELECT id, started_at FROM probe) AND {in_month})
                    ELSE ({newest_first}) END)::text"""
        else:
            sql = f"SELECT ({newest_first})::text"
        for month in self.months():
            first = datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=UTC)
            end = (first + timedelta(days=32)).replace(day=1)
            if (newest is not None and first > newest[0]) or (filters.until is not None and first.timestamp() >= filters.until):
                continue
            if filters.since is not None and end.timestamp() <= filters.since:
                return  # every older month is before the dates asked for
            found = self._all(sql, {**params, "month_from": first, "month_to": end, "limit": limit})
            rows: list[dict] = json.loads(found[0][0])
            yield rows
            limit -= len(rows)
            if limit <= 0:
                return

    def team_groups(self, filters: Filters, now: float, step_keys: list[str]) -> list[Any]:
        """The team view's figures over every call matching `filters`: tui.store.team.team_stats."""
        import psycopg  # lazy: psycopg costs about 0.3 s, paid only when a team database is used

        from tui.store.team.team_stats import team_groups

        try:
            with self.pool.connection() as conn:
                return team_groups(conn, filters, now, step_keys)
        except psycopg.Error as error:
            raise explain(error, self.url) from None

    def agents(self) -> list[str]:
        """Every agent name among the calls this role may see: one index probe per agent (a loose
        index scan), not a read of every call."""
        found = self._all(
            f"""WITH RECURSIVE names AS (
                    (SELECT agent FROM {SCHEMA}.calls ORDER BY agent LIMIT 1)
                    UNION ALL
                    SELECT (SELECT agent FROM {SCHEMA}.calls WHERE agent > names.agent ORDER BY agent LIMIT 1)
                    FROM names WHERE names.agent IS NOT NULL)
                SELECT agent FROM names WHERE agent IS NOT NULL"""
        )
        return [row[0] for row in found]

    def call(self, call_id: str) -> dict | None:
        condition, params = _by_id("id", call_id)
        found = self._all(f"SELECT record FROM {SCHEMA}.calls WHERE {condition}", params)
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

    def caller_history(self, number: str, local_ids: list[str] | None = None) -> dict:
        """{"n", "last", "cbs", "actions"} for an E.164 number, and "pushed": which of `local_ids`
        (this machine's calls still waiting to be pushed) the database holds already. Raises
        TeamDatabaseError."""
        with self._lock:
            try:
                with guarded(self.url):  # the schema check too: a role that may not read it
                    if self._conn is None or self._conn.closed:
                        self._conn = connect(self.url, autocommit=True)
                        self._conn.execute(f"SET statement_timeout = '{self.STATEMENT_TIMEOUT}'")
                    row = self._conn.execute(
                        f"""SELECT {SCHEMA}.caller_history(%(number)s),
                                   (SELECT coalesce(array_agg(id), '{{}}') FROM {SCHEMA}.calls WHERE id = ANY(%(ids)s) AND caller = %(number)s)""",
                        {"number": number, "ids": local_ids or []},
                    ).fetchone()
            except TeamDatabaseError:
                self._close()
                raise
            found: dict = dict(row[0]) if row and row[0] else {}
            found["pushed"] = list(row[1]) if row else []
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
