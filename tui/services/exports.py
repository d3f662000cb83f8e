"""Assembling an export from the store: filed calls plus calls cut short (their journals)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tui.domain.call.record import call_record, export_document
from tui.services.session import call_events
from tui.store.datadir import journal_dir
from tui.store.history import History
from tui.store.journal import pending_journals, read_journal


def export_all(data_dir: Path, since: datetime | None = None, until: datetime | None = None, agent: str | None = None) -> dict:
    """Every call in [since, until) (by `agent` when given), oldest first, with the supervisors'
    comments on them. Read-only: works beside a running desk (no lock taken)."""
    from tui.store.reviews import ReviewStore

    calls = list(History(data_dir, read_only=True).calls(since, until))
    filed = {call["id"] for call in calls}
    for journal in pending_journals(journal_dir(data_dir)):
        lines, draft = read_journal(journal)
        log = call_events(lines)
        if log and log[0]["call_id"] not in filed:
            record = call_record(log, draft)
            started = datetime.fromisoformat(record["started_at"])
            if (since is None or started >= since) and (until is None or started < until):
                calls.append(record)
    if agent is not None:
        calls = [call for call in calls if call.get("agent", "").casefold() == agent.casefold()]
    calls.sort(key=lambda call: call["id"])
    ids = {call["id"] for call in calls}
    reviews = [comment for comment in ReviewStore(data_dir).all() if comment["call_id"] in ids]
    return export_document(calls, reviews)
