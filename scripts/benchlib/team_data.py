"""A team's calls as export files for the team bench: realistic calls (the bench's template call, a
dozen notes, about 2.4 KB each) spread over agents and months, every tenth one promising a callback.
Written as `callcoach export --format json` writes them, so they load through `import --team` (at
most 100,000 calls a file, as the import takes them).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

OUTCOMES = ("resolved", "resolved", "resolved", "escalated", "unresolved")
CATEGORIES = ("product_quality", "usage", "service", "logistics", "other")
CALLBACK_EVERY = 10
FILE_CALLS = 100_000  # the import's own limit per file


def agent_name(number: int) -> str:
    return f"Agent {number:03d}"


def caller_number(number: int) -> str:
    """Call `number`'s caller: one of 100,000 numbers (+1 650 2xx xxxx), so a team of a million calls
    has each number calling about ten times, as the caller's history on a ring reads it."""
    return f"+1650{200 + number % 100_000 // 10_000}{number % 10_000:04d}"


def started_at(number: int, total: int, months: int, now: datetime) -> datetime:
    """Call `number` of `total`, spread evenly back from `now` over `months` months (newest first)."""
    span = timedelta(days=30 * months)
    return (now - span * (number / max(total, 1))).replace(microsecond=0)


def callback_event(number: str, start: datetime, call_id: str, t: float) -> dict:
    """A promise to ring back the next morning, 10:00 to 12:00 UTC."""
    window = (start + timedelta(days=1)).replace(hour=10, minute=0, second=0)
    return {
        "t": t,
        "type": "callback",
        "number": number,
        "zone": "Europe/London",
        "start": f"{window:%Y-%m-%dT%H:%M:%SZ}",
        "end": f"{window + timedelta(hours=2):%Y-%m-%dT%H:%M:%SZ}",
        "uid": f"cb-{call_id}",
        "sequence": 0,
        "agent_zone": "Europe/London",
    }


def team_call(template: dict, number: int, total: int, agents: int, months: int, now: datetime) -> dict:
    """Call `number`: its own id, start, agent, outcome and category; one note names the call."""
    start = started_at(number, total, months, now)
    call_id = f"{start:%Y%m%dT%H%M%SZ}-{number:06x}"
    agent = agent_name(number % agents)
    iso = start.isoformat()
    outcome, category = OUTCOMES[number % len(OUTCOMES)], CATEGORIES[(number // 7) % len(CATEGORIES)]
    promised = number % CALLBACK_EVERY == 0
    if promised:
        outcome = "callback_promised"
    caller = caller_number(number)
    events = [dict(template["events"][0], call_id=call_id, agent=agent, started_at=iso, caller=caller)]
    for event in template["events"][1:]:
        if event["type"] == "note" and event["n"] == 0:
            event = dict(event, text=f"order {number} {event['text']}")
        elif event["type"] == "ended" and promised:
            events.append(callback_event(caller, start, call_id, event["t"] - 1.0))
        elif event["type"] == "filed":
            event = dict(event, outcome=outcome, category=category)
        events.append(event)
    return dict(template, id=call_id, agent=agent, caller=caller, started_at=iso, outcome=outcome, category=category, events=events)


def write_export(path: Path, numbers: range, total: int, agents: int, months: int, now: datetime | None = None) -> int:
    """Calls `numbers` (of `total` in the whole team) into one export file; returns its size in bytes."""
    from benchlib.calls import template_record
    from tui.domain.call.record import EXPORT_FORMAT, EXPORT_VERSION

    template = template_record()
    now = now or datetime.now(UTC)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8", buffering=1 << 20) as out:
        out.write(f'{{"format":{json.dumps(EXPORT_FORMAT)},"version":{EXPORT_VERSION},"calls":[')
        for index, number in enumerate(numbers):
            out.write(("," if index else "") + json.dumps(team_call(template, number, total, agents, months, now), ensure_ascii=False))
        out.write('],"reviews":[]}')
    return Path(path).stat().st_size


def export_files(directory: Path, total: int, agents: int, months: int, now: datetime | None = None) -> Iterator[Path]:
    """`total` calls as files of at most FILE_CALLS, written one at a time as they are asked for."""
    now = now or datetime.now(UTC)
    for first in range(0, total, FILE_CALLS):
        path = Path(directory) / f"team-{first // FILE_CALLS:03d}.json"
        write_export(path, range(first, min(total, first + FILE_CALLS)), total, agents, months, now)
        yield path
