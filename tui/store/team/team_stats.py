"""The team view on the team database: every agent compared over the whole filter, added up by
PostgreSQL (one pass over the matching calls, as this role may see them), never the calls
themselves brought over. Groups come back by (agent, category, rules); the caller folds them into
each agent's figures (tui.domain.review.team.AgentStats).

A promise's state is judged now as the history's Callback column judges it
(tui.domain.review.history_rows.callback_status): the latest action on its commitment, if that
action is not in the future; kept on time, kept early or late, cancelled, overdue, upcoming.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.domain.review.history_rows import Filters
from tui.store.team.connection import SCHEMA
from tui.store.team.reads import filter_sql

# The latest action per commitment (ties: the one pushed last, as the queue's order reads them).
_LATEST = f"""SELECT DISTINCT ON (uid) uid, type, extract(epoch FROM at) AS at, (action->>'end')::timestamptz AS until
    FROM {SCHEMA}.callback_actions ORDER BY uid, at DESC, pushed_at DESC"""

_STATE = """CASE
    WHEN r.cb->>'uid' IS NULL THEN ''
    WHEN a.at IS NOT NULL AND a.at <= %(now)s AND a.type = 'callback_cancelled' THEN 'cancelled'
    WHEN a.at IS NOT NULL AND a.at <= %(now)s AND a.type = 'callback_kept' THEN
        CASE WHEN a.at < (r.cb->>'start')::float8 THEN 'kept early'
             WHEN a.at <= (r.cb->>'end')::float8 THEN 'kept' ELSE 'kept late' END
    WHEN %(now)s >= CASE WHEN a.at IS NOT NULL AND a.at <= %(now)s AND a.type = 'callback_rescheduled' AND a.until IS NOT NULL
                         THEN extract(epoch FROM a.until) ELSE (r.cb->>'end')::float8 END THEN 'overdue'
    ELSE 'upcoming' END"""


@dataclass(frozen=True)
class Group:
    """Calls of one agent with one category and one set of rules, added up."""

    agent: str
    category: str
    rules: list[str]
    calls: int
    seconds: float
    acw_total: float
    acw_calls: int
    steps: dict[str, tuple[float, int]]  # step key: (seconds, calls that entered it)
    due: int  # promises that came due: kept (on time, early, late) or overdue
    kept: int  # kept on time
    late: int  # overdue or kept late (flag K1)
    first: float  # earliest and latest start, epoch seconds
    last: float


def _quoted(name: str) -> str:
    """A step key as a column name (keys come from playbook files)."""
    return '"' + name.replace('"', '""') + '"'


def team_groups(conn: Any, filters: Filters, now: float, step_keys: list[str]) -> list[Group]:
    """The calls matching `filters` (the history's meaning), added up by agent, category and rules.
    `step_keys`: the steps to add up (those of the playbooks this program knows)."""
    where, params = filter_sql(filters)
    params["now"] = now
    keys = list(dict.fromkeys(step_keys))
    # Each row's summary read once (jsonb_to_record), its steps as columns: a jsonb lookup per
    # figure and row cost twice as long.
    columns = ", ".join(f"{_quoted(key)} float8" for key in keys) or "none_ float8"
    # The month bounds the overdue filter's subquery asks for: the whole history here.
    params.update({"month_from": "-infinity", "month_to": "infinity"})
    sums = "".join(f", sum(k{n}), count(k{n})" for n in range(len(keys)))
    picked = "".join(f", s.{_quoted(key)} AS k{n}" for n, key in enumerate(keys))
    sql = f"""
        SELECT agent, category, flags, count(*), sum(seconds), coalesce(sum(acw), 0), count(acw),
               count(*) FILTER (WHERE state IN ('kept', 'kept early', 'kept late', 'overdue')),
               count(*) FILTER (WHERE state = 'kept'), count(*) FILTER (WHERE state IN ('overdue', 'kept late')),
               extract(epoch FROM min(started_at)), extract(epoch FROM max(started_at)){sums}
        FROM (SELECT c.agent, coalesce(c.category, '') AS category, c.flags, c.seconds, c.started_at, r.acw{picked}, {_STATE} AS state
              FROM {SCHEMA}.calls c
              CROSS JOIN LATERAL jsonb_to_record(c.summary) AS r(acw float8, steps jsonb, cb jsonb)
              CROSS JOIN LATERAL jsonb_to_record(r.steps) AS s({columns})
              LEFT JOIN ({_LATEST}) a ON a.uid = r.cb->>'uid'
              WHERE {" AND ".join(where)} OFFSET 0) judged
        GROUP BY agent, category, flags"""
    found = conn.execute(sql, params).fetchall()
    groups = []
    for row in found:
        totals = row[12:]
        per_step = {key: (float(totals[2 * n] or 0.0), int(totals[2 * n + 1])) for n, key in enumerate(keys) if totals[2 * n + 1]}
        groups.append(
            Group(
                row[0],
                row[1],
                list(row[2]),
                row[3],
                float(row[4] or 0.0),
                float(row[5]),
                row[6],
                per_step,
                row[7],
                row[8],
                row[9],
                float(row[10]),
                float(row[11]),
            )
        )
    return groups
