"""The wallboard's callbacks due and overdue follow what happened to each promise: a supervisor's
rescheduling moves the window the board counts (issue 16), a kept or cancelled promise leaves it.
Read as the supervisor's role from a real PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import psycopg

from tests.team.helpers import insert_call
from tui.store.team.exchange import action_id
from tui.store.team.live import board


def promise(url: str, uid: str, start: datetime, end: datetime) -> None:
    event = {"type": "callback", "uid": uid, "sequence": 0, "start": start.isoformat(), "end": end.isoformat()}
    with psycopg.connect(url) as conn:
        conn.execute(
            """INSERT INTO callcoach.commitments (uid, call_id, agent, started_at, window_start, window_end, event)
               VALUES (%s, 'c-1', 'Ana', '2026-11-20T10:00:00Z', %s, %s, %s)""",
            (uid, start, end, json.dumps(event)),
        )


def act(url: str, action: dict) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO callcoach.callback_actions (id, uid, agent, type, at, action) VALUES (%s, %s, 'Ana', %s, %s, %s)",
            (action_id(action), action["uid"], action["type"], action["at"], json.dumps(action)),
        )


def counts(url: str) -> tuple[int, int]:
    """(due, overdue) on Ana's row of the board, read as the role of `url`."""
    with psycopg.connect(url) as conn:
        agents, _totals = board(conn)
    row = next(row for row in agents if row["agent"] == "Ana")
    return row["due"], row["overdue"]


def test_a_supervisors_reschedule_moves_what_the_wallboard_counts(team):
    insert_call(team.url("ana"), "c-1", "Ana")
    with psycopg.connect(team.url("ana")) as conn:  # Ana's desk is open
        conn.execute("INSERT INTO callcoach.live_state (agent, machine, state) VALUES ('Ana', 'm', 'idle')")
    now = datetime.now(UTC).replace(microsecond=0)
    promise(team.url("ana"), "u-1", now - timedelta(hours=3), now - timedelta(hours=1))
    assert counts(team.url("sue")) == (0, 1)  # its window has passed: overdue

    def moved(sequence: int, start: datetime, at: datetime) -> dict:
        return {
            "type": "callback_rescheduled",
            "at": at.isoformat(),
            "uid": "u-1",
            "sequence": sequence,
            "start": start.isoformat(),
            "end": (start + timedelta(hours=2)).isoformat(),
            "zone": "Europe/London",
            "number": "+442070313000",
        }

    act(team.url("sue"), moved(1, now + timedelta(minutes=5), now - timedelta(minutes=1)))  # a supervisor moves it
    assert counts(team.url("sue")) == (1, 0)  # due within ten minutes, no longer overdue
    act(team.url("sue"), moved(2, now + timedelta(days=1), now - timedelta(seconds=30)))
    assert counts(team.url("sue")) == (0, 0)  # tomorrow: neither
    act(team.url("sue"), moved(1, now - timedelta(hours=5), now - timedelta(seconds=20)))  # an older sequence changes nothing
    assert counts(team.url("sue")) == (0, 0)
    act(team.url("sue"), moved(3, now + timedelta(hours=1), now + timedelta(hours=1)))  # not yet made: not counted
    assert counts(team.url("sue")) == (0, 0)
    act(team.url("ana"), {"type": "callback_cancelled", "uid": "u-1", "sequence": 2, "at": (now - timedelta(seconds=10)).isoformat()})
    promise(team.url("ana"), "u-2", now - timedelta(hours=3), now - timedelta(hours=2))
    assert counts(team.url("sue")) == (0, 1)  # the cancelled one left; the other is overdue
