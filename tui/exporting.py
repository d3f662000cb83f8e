"""Assembling an export from the store: filed calls plus calls cut short (their journals)."""

from __future__ import annotations

from pathlib import Path

from .domain.call_record import call_record, export_document
from .session import call_events
from .store.history import History
from .store.journal import pending_journals, read_journal


def export_all(data_dir: Path) -> dict:
    """Every call, oldest first. Read-only: works beside a running desk (no lock taken)."""
    calls = list(History(data_dir, read_only=True).calls())
    filed = {call["id"] for call in calls}
    for journal in pending_journals(data_dir / "journal"):
        lines, draft = read_journal(journal)
        log = call_events(lines)
        if log and log[0]["call_id"] not in filed:
            calls.append(call_record(log, draft))
    calls.sort(key=lambda call: call["id"])
    return export_document(calls)
