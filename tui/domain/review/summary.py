"""A filed call summed up: the row the history table shows, the Markdown a supervisor pastes into a
ticket, and the CSV row for a spreadsheet. Pure: everything comes from the call's log, the playbook
it ran on, its review flags and the supervisors' comments.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import tui.domain.call.events as ev
from tui.domain.call.state import CallState, derive
from tui.domain.coaching.playbook import Playbook
from tui.domain.review.flags import Flag, counted
from tui.domain.text.display import visible
from tui.domain.text.redact import mask_sensitive
from tui.domain.text.timefmt import clock_text

PlaybookFor = Callable[[str], Playbook]


@dataclass
class Overview:
    id: str
    started: datetime  # aware UTC
    started_at: str  # as stored, with the agent's offset
    agent: str
    caller: str | None
    status: str
    outcome: str | None
    category: str | None
    duration: float
    hold: float
    state: CallState = field(repr=False)
    steps: list[tuple[str, str, float]] = field(default_factory=list)  # (key, title, seconds)
    callback: dict | None = None  # the latest callback event


def overview(record: dict, playbook: Playbook) -> Overview:
    state = derive(record.get("events", ()))
    end = state.ended_at if state.ended_at is not None else state.last_t
    titles = {step.key: step.title for step in playbook.steps}
    order = [step.key for step in playbook.steps] + [key for key in state.step_order() if key not in titles]
    steps = [(key, titles.get(key, key), state.time_in_step(key, end)) for key in order if state.visited(key)]
    started = datetime.fromisoformat(record["started_at"]).astimezone(UTC)
    return Overview(
        id=record["id"],
        started=started,
        started_at=record["started_at"],
        agent=record.get("agent", ""),
        caller=record.get("caller"),
        status=record.get("status", ""),
        outcome=record.get("outcome"),
        category=record.get("category"),
        duration=end,
        hold=state.hold_total(end),
        state=state,
        steps=steps,
        callback=state.callbacks[-1] if state.callbacks else None,
    )


def _local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def _one_line(text: str) -> str:
    """One line, control characters drawn as symbols: `cat calls.md` must never run an escape.

    Each line break or tab becomes one space and nothing is squeezed out: squeezing "4111  1111"
    would join digit groups the masking kept apart. Masked once more, as every export text is."""
    flat = "".join(" " if char.isspace() else char for char in text).strip()
    return mask_sensitive(visible(flat))[0]


def callback_text(event: dict, zone: str) -> str:
    try:
        start = datetime.fromisoformat(event["start"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(event["end"].replace("Z", "+00:00"))
        caller_zone = event.get("zone") or zone
        window = f"{_local(start, zone)} to {end.astimezone(ZoneInfo(zone)):%H:%M} (caller's time {start.astimezone(ZoneInfo(caller_zone)):%H:%M}-{end.astimezone(ZoneInfo(caller_zone)):%H:%M} {caller_zone})"
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError):  # a zone or a year the desk never writes
        window = "window unreadable"
    return visible(f"call back {event.get('number') or '(no number)'}, {window}")


# -- Markdown: one section per call, for a ticket or a CRM ---------------------------------------


def markdown_call(record: dict, playbook: Playbook, flags: list[Flag], comments: list[dict], zone: str, callback_state: str = "") -> str:
    o = overview(record, playbook)
    outcome = ev.OUTCOME_LABELS.get(o.outcome or "", o.outcome or "not filed")
    category = ev.CATEGORY_LABELS.get(o.category or "", o.category or "none")
    lines = [
        f"## Call {visible(o.id)}",
        "",
        f"- Started: {_local(o.started, zone)} · Agent: {_one_line(o.agent)} · Caller: {visible(o.caller or 'unknown')}",
        f"- Duration: {clock_text(o.duration)} · Hold: {clock_text(o.hold)} · Outcome: {outcome} · Category: {category}"
        + (" · Status: interrupted" if o.status == "interrupted" else ""),
        "",
        "**Steps**",
        "",
    ]
    lines += [f"- {title}: {clock_text(seconds)}" for _, title, seconds in o.steps] or ["- none entered"]
    lines += ["", "**Notes**", ""]
    notes = o.state.notes
    lines += [f"- {clock_text(n.t)} {_one_line(n.text)}{' (edited)' if n.edited else ''}" for n in notes] or ["- none"]
    lines += ["", "**Commitment**", ""]
    if o.callback:
        lines.append(f"- {callback_text(o.callback, zone)}" + (f"; {callback_state}" if callback_state else ""))
    else:
        lines.append("- none")
    lines += ["", "**Review flags**", ""]
    lines += [f"- {clock_text(f.t)} {f.rule}: {f.text}" for f in flags if f.level == "warn"] or ["- none"]
    info = [f for f in flags if f.level != "warn"]
    lines += [f"- ({clock_text(f.t)} {f.rule}: {f.text})" for f in info]
    lines += ["", "**Supervisor comments**", ""]
    lines += [f"- {clock_text(c['t'])} {_one_line(c['author'])} ({c['created_at']}): {_one_line(c['text'])}" for c in comments] or [
        "- none"
    ]
    return "\n".join(lines) + "\n"


def markdown_document(sections: Iterable[str], title: str = "callcoach calls") -> str:
    body = list(sections)
    head = f"# {title}\n\n{len(body)} call(s)\n"
    return head + "".join("\n" + section for section in body)


# -- CSV: one row per call -----------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "started_at",
    "agent",
    "caller",
    "status",
    "outcome",
    "category",
    "duration_s",
    "hold_s",
    "steps",
    "notes",
    "offers",
    "callback_start",
    "callback_end",
    "callback_state",
    "flags",
    "flag_rules",
    "comments",
)


def _cell(value: object) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: such text gets a leading '."""
    text = "" if value is None else visible(str(value))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not (text[:1] == "+" and text[1:].isdigit()):
        return "'" + text
    return text


def csv_row(record: dict, playbook: Playbook, flags: list[Flag], comments: list[dict], callback_state: str = "") -> list[str]:
    o = overview(record, playbook)
    warn = counted(flags)
    values = [
        o.id,
        o.started_at,
        _one_line(o.agent),
        o.caller or "",
        o.status,
        o.outcome or "",
        o.category or "",
        f"{o.duration:.1f}",
        f"{o.hold:.1f}",
        "; ".join(f"{key} {seconds:.0f}" for key, _, seconds in o.steps),
        len(o.state.notes),
        len(o.state.offers),
        (o.callback or {}).get("start", ""),
        (o.callback or {}).get("end", ""),
        callback_state,
        len(warn),
        " ".join(sorted({f.rule for f in warn})),
        len(comments),
    ]
    return [_cell(value) for value in values]


def csv_document(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()
