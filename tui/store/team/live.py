"""The desks' live state in the team database, and the wallboard's view of it.

A desk upserts its row (the trigger in schema_v1.sql sends NOTIFY callcoach_live); the wallboard
LISTENs and reads the rows again when told, never on a polling loop. Never note text, never the
caller's number: only state, step, and times.
"""

from __future__ import annotations

from typing import Any

from tui.store.team.connection import SCHEMA

CHANNEL = "callcoach_live"
LIVE_FIELDS = ("state", "step", "step_title", "step_seconds", "step_target", "call_seconds")


def publish(conn: Any, agent: str, machine: str, snapshot: dict) -> None:
    values = {name: snapshot.get(name) for name in LIVE_FIELDS}
    conn.execute(
        f"""INSERT INTO {SCHEMA}.live_state (agent, machine, {", ".join(LIVE_FIELDS)}, since, updated_at)
            VALUES (%(agent)s, %(machine)s, {", ".join(f"%({n})s" for n in LIVE_FIELDS)}, now(), now())
            ON CONFLICT (agent) DO UPDATE SET machine = EXCLUDED.machine,
                {", ".join(f"{n} = EXCLUDED.{n}" for n in LIVE_FIELDS)},
                since = CASE WHEN {SCHEMA}.live_state.state = EXCLUDED.state THEN {SCHEMA}.live_state.since ELSE now() END,
                updated_at = now()""",
        {"agent": agent, "machine": machine, **values},
    )


# Each promise still open now (no kept or cancelled action yet), in its window as last moved: a
# rescheduling (by the agent, a colleague or a supervisor) with a newer sequence replaces the
# promise's own window, as the callback queue reads it (tui.domain.callback.commitments).
OPEN_WINDOWS = f"""
    SELECT c.agent, coalesce(moved.window_start, c.window_start) AS window_start, coalesce(moved.window_end, c.window_end) AS window_end
    FROM {SCHEMA}.commitments c
    LEFT JOIN LATERAL (
        SELECT (a.action->>'start')::timestamptz AS window_start, (a.action->>'end')::timestamptz AS window_end
        FROM {SCHEMA}.callback_actions a
        WHERE a.uid = c.uid AND a.type = 'callback_rescheduled' AND a.at <= now()
          AND (a.action->>'sequence')::int > coalesce((c.event->>'sequence')::int, 0)
        ORDER BY (a.action->>'sequence')::int DESC LIMIT 1) moved ON true
    WHERE NOT EXISTS (SELECT 1 FROM {SCHEMA}.callback_actions a
                      WHERE a.uid = c.uid AND a.type IN ('callback_kept', 'callback_cancelled') AND a.at <= now())"""


def board(conn: Any) -> tuple[list[dict], dict]:
    """(one row per agent with its live state and callbacks due and overdue, today's team totals)."""
    rows = conn.execute(
        f"""WITH open AS ({OPEN_WINDOWS}),
            callbacks AS (
                SELECT agent, count(*) FILTER (WHERE window_end < now()) AS overdue,
                       count(*) FILTER (WHERE window_end >= now() AND window_start <= now() + interval '10 minutes') AS due
                FROM open GROUP BY agent)
            SELECT l.agent, l.state, l.step, l.step_title, l.step_seconds, l.step_target, l.call_seconds,
                   extract(epoch FROM now() - l.updated_at)::float8 AS age, coalesce(c.due, 0), coalesce(c.overdue, 0)
            FROM {SCHEMA}.live_state l LEFT JOIN callbacks c USING (agent) ORDER BY l.agent"""
    ).fetchall()
    names = ("agent", "state", "step", "step_title", "step_seconds", "step_target", "call_seconds", "age", "due", "overdue")
    agents = [dict(zip(names, row)) for row in rows]
    calls, average = conn.execute(
        f"SELECT count(*), avg(seconds)::float8 FROM {SCHEMA}.calls WHERE started_at >= date_trunc('day', now()) AND status = 'completed'"
    ).fetchone()
    kept, on_time = conn.execute(
        f"""SELECT count(*), count(*) FILTER (WHERE a.at <= c.window_end) FROM {SCHEMA}.callback_actions a
            JOIN {SCHEMA}.commitments c USING (uid) WHERE a.type = 'callback_kept' AND a.at >= date_trunc('day', now())"""
    ).fetchone()
    totals = {"calls": calls, "average": float(average) if average is not None else None, "kept": kept, "on_time": on_time}
    return agents, totals
