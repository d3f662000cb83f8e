"""Synthetic calls for the bench: a realistic call made through the domain, note texts, and a
history of any size written straight into month files in TinyDB's JSON shape (filing a million
calls one by one would take hours and measure nothing)."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

CALLER = "+1 650 253 0000"
CALLER_E164 = "+16502530000"

_WORDS = [
    "caller",
    "parcel",
    "arrived",
    "late",
    "box",
    "damaged",
    "refund",
    "asked",
    "order",
    "number",
    "twice",
    "courier",
    "left",
    "it",
    "outside",
    "neighbour",
    "kept",
    "it",
    "wants",
    "replacement",
    "before",
    "friday",
    "angry",
    "about",
    "the",
    "second",
    "call",
    "promised",
    "callback",
    "last",
    "week",
    "nobody",
    "rang",
    "back",
    "sorry",
    "said",
    "owned",
    "the",
    "mistake",
]


def note_text(number: int) -> str:
    """Note `number` of a call: a sentence or two, the same for the same number."""
    rng = random.Random(number)
    return f"note {number} of the call: " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 16)))


def play_call(call, wait: Callable[[float], None] = lambda seconds: None) -> None:
    """A typical call on a LiveCall: four steps, a dozen notes of a sentence or two."""
    number = 0
    for step_notes in (5, 3, 3, 1):
        for _ in range(step_notes):
            number += 1
            wait(17.0)
            call.add_note(note_text(number))
        wait(9.0)
        call.next_step()


def template_record() -> dict:
    """One realistic CALL record (~2 KB), made through the domain like a real call."""
    from tui.config.data_files import load_playbook
    from tui.domain.call.clock import ManualClock
    from tui.domain.call.live import LiveCall
    from tui.domain.call.record import call_record

    events: list[dict] = []
    clock = ManualClock()
    call = LiveCall.start(
        playbook=load_playbook("last"),
        agent="Ana Agent",
        caller_typed=CALLER,
        caller_e164=CALLER_E164,
        zone="Europe/London",
        clock=clock,
        sink=events.append,
    )
    play_call(call, clock.advance)
    call.end("resolved", "logistics")
    return call_record(call.log)


def month_starts(now: datetime) -> Iterator[datetime]:
    """The first moment (UTC) of the month of `now`, then of each month before it."""
    month = datetime(now.year, now.month, 1, tzinfo=UTC)
    while True:
        yield month
        month = (month - timedelta(days=1)).replace(day=1)


LAYOUTS = {
    "one month": 1,  # every call in the current month: the busiest month there could be
    "24 months": 24,  # the same calls spread evenly over the current month and 23 before it
}


def synthesize_history(data_dir: Path, total: int, now: datetime, template: dict, months: int = 1, seed: int = 11) -> dict:
    """Write `total` calls as month files, TinyDB's JSON shape as History writes it, streamed to
    disk record by record (a million calls are about 2 GB of JSON).

    The calls are spread evenly over `months` months ending with the month of `now`, starting at
    random moments of their month (up to `now` in the current one), from total/3 caller numbers.
    Ids and started_at follow the real record (UTC start time first in the id). Returns what was
    written.
    """
    from tui.store.history import TABLE

    rng = random.Random(seed)
    directory = Path(data_dir) / "history"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    marked = dict(template, id="@@ID@@", started_at="@@START@@")
    marked["events"] = [dict(template["events"][0], call_id="@@ID@@", started_at="@@START@@"), *template["events"][1:]]
    # Callers vary as at a real desk (about three calls a number), so the caller index's shards
    # grow with the history as they would; every caller number in the record is replaced.
    body = json.dumps(marked, ensure_ascii=False, separators=(",", ":")).replace(json.dumps(CALLER_E164), '"@@CALLER@@"')
    numbers = max(1, total // 3)
    written, current = 0, 0
    for index, month in enumerate(month_starts(now)):
        if index == months:
            break
        count = total // months + (1 if index < total % months else 0)
        if index == 0:
            current = count
        if count == 0:
            continue
        end = min(now, (month + timedelta(days=32)).replace(day=1))
        span = max(1, int((end - month).total_seconds()))
        starts = sorted(month + timedelta(seconds=rng.randrange(span)) for _ in range(count))
        path = directory / f"{month:%Y-%m}.json"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8", buffering=1 << 20) as out:
            out.write(f'{{"{TABLE}":{{')
            for doc_id, start in enumerate(starts, 1):
                call_id = f"{start:%Y%m%dT%H%M%SZ}-{rng.getrandbits(24):06x}"
                caller = f"+1650{2_000_000 + rng.randrange(numbers):07d}"
                record = (
                    body.replace("@@ID@@", call_id).replace("@@START@@", start.isoformat(timespec="seconds")).replace("@@CALLER@@", caller)
                )
                out.write(f'{"," if doc_id > 1 else ""}"{doc_id}":{record}')
            out.write("}}")
        written += path.stat().st_size
    return {"months": min(months, max(1, total)), "current_month_calls": current, "bytes": written}
