"""`export` and `callbacks --list` on the team database (what this role may see); `--local` on
either keeps this machine's data. The same documents and queue as the local ones, built from
PostgreSQL's rows."""

from __future__ import annotations

from datetime import datetime

from tui.config.settings import Config
from tui.domain.call.record import export_document
from tui.domain.call.schema import call_damage
from tui.domain.callback.commitments import OVERDUE, QueueEntry, build_queue
from tui.services.exports import Collected
from tui.services.team_queue import read_commitments
from tui.store.team.reads import TeamReader


def team_export(config: Config, since: datetime | None, until: datetime | None, agent: str | None) -> Collected:
    """Calls in [since, until) (of `agent`) with the comments on them. Raises TeamDatabaseError."""
    assert config.team_database is not None
    reader = TeamReader(config.team_database)
    try:
        calls = reader.records(since, until, agent)
        reviews = reader.comments_on([call["id"] for call in calls])
    finally:
        reader.close()
    damaged = {call.get("id", "?"): problem for call in calls if (problem := call_damage(call)) is not None}
    return Collected(export_document(calls, reviews), [], damaged)


def team_queue(config: Config, now: datetime) -> list[tuple[str, QueueEntry]]:
    """Every commitment of the team with whose it is, overdue first, then by window."""
    records, actions, owners = read_commitments(config)
    entries = build_queue(records, actions, now)
    entries.sort(key=lambda entry: (entry.status != OVERDUE, entry.start))
    return [(owners.get(entry.uid, ""), entry) for entry in entries]
