"""Push and pull against the team database: the SQL side of sync (tui/services/sync.py drives it).

Push applies outbox records in sequence order inside one transaction together with the machine's
position (`machines.last_seq`): a record at or below it was stored before and is skipped, so a push
cut off anywhere and run again stores each record exactly once. Every write is an upsert by the
record's own id as well, so the same call from two machines is stored once. A record the policies
refuse (another agent's call on this machine) is reported back, not retried forever.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tui.store.team.connection import SCHEMA

PULL_OVERLAP = timedelta(minutes=2)  # commits land out of order; ids make the overlap harmless


@dataclass(frozen=True)
class Item:
    """One outbox record made ready for the database (a call with its history row, an action, a comment)."""

    seq: int
    kind: str
    data: dict


@dataclass
class PushResult:
    stored: list[int] = field(default_factory=list)  # seqs stored now
    already: list[int] = field(default_factory=list)  # seqs stored by an earlier push
    refused: list[int] = field(default_factory=list)  # seqs the policies refused

    @property
    def settled(self) -> list[int]:
        return self.stored + self.already + self.refused


def action_id(action: dict) -> str:
    """A callback action's id: its canonical JSON, hashed (actions carry no id of their own)."""
    canonical = json.dumps(action, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "a-" + hashlib.sha256(canonical.encode()).hexdigest()[:20]


def push(conn: Any, machine: str, agent: str, items: Iterable[Item]) -> PushResult:
    import psycopg  # lazy: psycopg costs about 0.3 s, paid only when a team database is used

    result = PushResult()
    with conn.transaction():
        # Two pushes from one machine at once (the desk's worker and `callcoach sync`): the row lock
        # lets one through at a time, and the second finds the first's records already stored.
        conn.execute(f"INSERT INTO {SCHEMA}.machines (machine, agent) VALUES (%s, %s) ON CONFLICT (machine) DO NOTHING", (machine, agent))
        row = conn.execute(f"SELECT last_seq FROM {SCHEMA}.machines WHERE machine = %s FOR UPDATE", (machine,)).fetchone()
        last = int(row[0])
        highest = last
        for item in items:
            if item.seq <= last:
                result.already.append(item.seq)
                continue
            try:
                with conn.transaction():  # a savepoint: one refused record does not undo the rest
                    _APPLY[item.kind](conn, machine, item.data)
                result.stored.append(item.seq)
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation, psycopg.errors.NotNullViolation):
                result.refused.append(item.seq)
            highest = max(highest, item.seq)
        conn.execute(f"UPDATE {SCHEMA}.machines SET last_seq = %s, last_push = now() WHERE machine = %s", (highest, machine))
    return result


def call_columns(record: dict, summary: dict) -> dict:
    return {
        "id": record["id"],
        "started_at": record["started_at"],
        "agent": record.get("agent") or "",
        "caller": record.get("caller"),
        "status": record.get("status") or "completed",
        "playbook": record.get("playbook") or "",
        "outcome": record.get("outcome"),
        "category": record.get("category"),
        "seconds": float(summary.get("duration") or 0.0),
        "flags": list(summary.get("rules") or []),
        "notes": summary.get("search") or "",
        # the search text is the notes column already: a row's summary is read with it put back
        "summary": json.dumps({key: value for key, value in summary.items() if key != "search"}, ensure_ascii=False),
        "record": json.dumps(record, ensure_ascii=False),
    }


CALL_COLUMNS = (
    "id",
    "started_at",
    "agent",
    "caller",
    "status",
    "playbook",
    "outcome",
    "category",
    "seconds",
    "flags",
    "notes",
    "summary",
    "record",
)


def upsert_calls_sql(source: str) -> str:
    """INSERT of calls from `source` (VALUES or a SELECT of CALL_COLUMNS and machine), as an upsert."""
    return f"""
INSERT INTO {SCHEMA}.calls ({", ".join(CALL_COLUMNS)}, machine)
{source}
ON CONFLICT (id, started_at) DO UPDATE SET
    {", ".join(f"{name} = EXCLUDED.{name}" for name in CALL_COLUMNS[2:])}, machine = EXCLUDED.machine, pushed_at = now()
-- a completed call replaces its interrupted copy, never the other way round; a completed call
-- is final, so storing it again changes nothing
WHERE {SCHEMA}.calls.status <> 'completed'
"""


_UPSERT_CALL = upsert_calls_sql(f"VALUES ({', '.join(f'%({name})s' for name in CALL_COLUMNS)}, %(machine)s)")


def _push_call(conn: Any, machine: str, data: dict) -> None:
    columns = call_columns(data["record"], data["summary"])
    conn.execute(f"SELECT {SCHEMA}.ensure_month(%s)", (columns["started_at"],))
    conn.execute(_UPSERT_CALL, {**columns, "machine": machine})
    for promise in promise_rows(data["record"], columns):
        conn.execute(
            f"""INSERT INTO {SCHEMA}.commitments ({", ".join(PROMISE_COLUMNS)})
                VALUES (%s, %s, %s, %s, %s, %s, %s)
                ON CONFLICT (uid) DO UPDATE SET window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
                    event = EXCLUDED.event WHERE ({SCHEMA}.commitments.event->>'sequence')::int <= (EXCLUDED.event->>'sequence')::int""",
            promise,
        )


PROMISE_COLUMNS = ("uid", "call_id", "agent", "started_at", "window_start", "window_end", "event")


def promise_rows(record: dict, columns: dict) -> list[tuple]:
    """The commitments row of each promise in a call (PROMISE_COLUMNS), from its call_columns."""
    return [
        (event["uid"], columns["id"], columns["agent"], columns["started_at"], event["start"], event["end"], json.dumps(event))
        for event in commitments_of(record)
    ]


def commitments_of(record: dict) -> list[dict]:
    """The latest `callback` event per commitment uid in a call's log."""
    latest: dict[str, dict] = {}
    for event in record.get("events") or ():
        if isinstance(event, dict) and event.get("type") == "callback" and event.get("uid") and event.get("start") and event.get("end"):
            latest[event["uid"]] = {**event, "sequence": int(event.get("sequence") or 0)}
    return list(latest.values())


def _push_action(conn: Any, machine: str, data: dict) -> None:
    action = data["action"]
    conn.execute(
        f"""INSERT INTO {SCHEMA}.callback_actions (id, uid, agent, type, at, action) VALUES (%s, %s, %s, %s, %s, %s)
            ON CONFLICT (id) DO NOTHING""",
        (data["id"], action["uid"], data["agent"], action["type"], action["at"], json.dumps(action, ensure_ascii=False)),
    )


def _push_comment(conn: Any, machine: str, data: dict) -> None:
    comment = data["comment"]
    conn.execute(
        f"INSERT INTO {SCHEMA}.comments (id, call_id, agent, comment) VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
        (comment["id"], comment["call_id"], data["agent"], json.dumps(comment, ensure_ascii=False)),
    )


_APPLY = {"call": _push_call, "action": _push_action, "comment": _push_comment}


@dataclass
class Pulled:
    comments: list[dict]
    actions: list[dict]
    cursor: str | None


def pull(conn: Any, cursor: str | None) -> Pulled:
    """Comments on this role's agent's calls and actions on its commitments, newer than the cursor
    (less an overlap). Nothing for a role that is not an agent: supervisors read the database."""
    since = datetime.fromisoformat(cursor) - PULL_OVERLAP if cursor else None
    with conn.transaction():
        comments = conn.execute(
            f"""SELECT comment, pushed_at FROM {SCHEMA}.comments
                WHERE agent = {SCHEMA}.my_agent() AND (%(since)s::timestamptz IS NULL OR pushed_at > %(since)s) ORDER BY pushed_at""",
            {"since": since},
        ).fetchall()
        actions = conn.execute(
            f"""SELECT action, pushed_at FROM {SCHEMA}.callback_actions
                WHERE agent = {SCHEMA}.my_agent() AND (%(since)s::timestamptz IS NULL OR pushed_at > %(since)s) ORDER BY pushed_at""",
            {"since": since},
        ).fetchall()
    stamps = [row[1] for row in comments + actions]
    newest = max(stamps).isoformat() if stamps else cursor
    return Pulled([row[0] for row in comments], [row[0] for row in actions], newest)
