"""An export document rendered for people: Markdown for a ticket or CRM, CSV for a spreadsheet."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.domain.call.schema import call_damage
from tui.domain.review.summary import csv_damaged_row, csv_document, csv_row, markdown_call, markdown_damaged, markdown_document
from tui.services.flagging import DEFAULT_PLAYBOOK, flags_for, playbook_for, promise_states


def render(document: dict, fmt: str, zone: str, now: datetime | None = None, actions: list[dict] | None = None) -> str:
    """`fmt` "md" or "csv"; times shown in `zone` (the viewer's); flags judged at `now`."""
    now = now or datetime.now(UTC)
    comments: dict[str, list[dict]] = {}
    for comment in document.get("reviews", ()):
        comments.setdefault(comment["call_id"], []).append(comment)
    sections: list[str] = []  # Markdown
    rows: list[list[str]] = []  # CSV
    for record in document["calls"]:
        problem = call_damage(record)
        if problem is not None:  # one damaged call is said to be damaged; the others are summed up
            if fmt == "md":
                sections.append(markdown_damaged(record, problem))
            else:
                rows.append(csv_damaged_row(record, problem))
            continue
        playbook = playbook_for(record.get("playbook") or DEFAULT_PLAYBOOK)
        flags = flags_for(record, now, actions)
        promises = promise_states(record, now, actions or [])
        mine = sorted(comments.get(record["id"], []), key=lambda c: (c["t"], c["created_at"]))
        if fmt == "md":
            sections.append(markdown_call(record, playbook, flags, mine, zone, promises))
        else:
            rows.append(csv_row(record, playbook, flags, mine, zone, promises))
    return markdown_document(sections) if fmt == "md" else csv_document(rows)
