"""Assembling an export from the store: filed calls plus calls cut short (their journals).

Nothing goes missing silently: a history month that cannot be read, a journal that does not make
a call and a call the desk would never write (tui.domain.call.schema) are collected by name with
the document, so the export command can say so (and refuse, unless told to skip them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui.domain.call.record import call_record, export_document
from tui.domain.call.schema import RecordError, call_damage, moment
from tui.services.session import call_events
from tui.store.datadir import journal_dir
from tui.store.history import History
from tui.store.journal import pending_journals, read_journal
from tui.store.reviews import ReviewStore


@dataclass
class Collected:
    document: dict
    unreadable: list[str] = field(default_factory=list)  # "history/2026-10.json", "journal/x.jsonl": not read at all
    damaged: dict[str, str] = field(default_factory=dict)  # call id -> why it cannot be read as a call


def collect_export(data_dir: Path, since: datetime | None = None, until: datetime | None = None, agent: str | None = None) -> Collected:
    """Every call in [since, until) (by `agent` when given), oldest first, with the supervisors'
    comments on them, and what could not be read. Read-only: works beside a running desk."""
    history = History(data_dir, read_only=True)
    try:
        calls = list(history.calls(since, until))
        unreadable = [f"history/{path.name}" for path in history.unreadable]
    finally:
        history.close()
    filed = {_id_of(call) for call in calls}
    for journal in pending_journals(journal_dir(data_dir)):
        try:
            lines, draft = read_journal(journal)
            log = call_events(lines)
            if not log or log[0].get("call_id") in filed:
                continue
            record = call_record(log, draft)
            started = moment(record["started_at"], "started_at")
        except (OSError, ValueError, KeyError, TypeError, RecordError):
            unreadable.append(f"journal/{journal.name}")
            continue
        if (since is None or started >= since) and (until is None or started < until):
            calls.append(record)
    if agent is not None:
        calls = [call for call in calls if isinstance(call.get("agent"), str) and call["agent"].casefold() == agent.casefold()]
    calls.sort(key=_id_of)
    damaged = {_id_of(call) or "?": problem for call in calls if (problem := call_damage(call)) is not None}
    ids = {_id_of(call) for call in calls}
    reviews = [comment for comment in ReviewStore(data_dir).all() if comment["call_id"] in ids]
    return Collected(export_document(calls, reviews), unreadable, damaged)


def export_all(data_dir: Path, since: datetime | None = None, until: datetime | None = None, agent: str | None = None) -> dict:
    """The export document alone (see collect_export)."""
    return collect_export(data_dir, since, until, agent).document


def without_damaged(document: dict) -> dict:
    """The document without the calls that cannot be read as calls (for --skip-damaged json)."""
    return {**document, "calls": [call for call in document["calls"] if call_damage(call) is None]}


def _id_of(call: object) -> str:
    value = call.get("id") if isinstance(call, dict) else None
    return value if isinstance(value, str) else ""
