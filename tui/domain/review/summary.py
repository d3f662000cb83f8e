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
from tui.domain.coaching.offers import caller_type
from tui.domain.coaching.playbook import Playbook
from tui.domain.review.flags import WARN, Flag, counted
from tui.domain.review.offer_text import offer_line
from tui.domain.review.phrase_flags import in_call_order
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
    duration: float  # talk time: to the hang-up
    hold: float
    acw: float | None  # after-call work: hang-up to filed; None when not recorded
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
        acw=state.after_call_work() if state.filed else None,
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


# -- the parts of a call, as lines with their times ------------------------------------------------


def note_lines(o: Overview) -> list[str]:
    """Notes in call-clock order: a back-dated note sits where it happened, as on the desk and in replay."""
    return [f"{clock_text(n.t)} {_one_line(n.text)}{' (edited)' if n.edited else ''}" for n in in_call_order(o.state.notes)]


def offer_lines(o: Overview) -> list[str]:
    return [f"{clock_text(float(offer['t']))} {_one_line(offer_line(offer))}" for offer in o.state.offers]


def promise_lines(o: Overview, zone: str, promises: dict[str, str]) -> list[str]:
    """Every promise of the call in order: a change (same UID, a later sequence) replaces the one
    before it; the latest of each UID carries its state now."""
    latest = {event.get("uid"): event for event in o.state.callbacks}
    lines = []
    for event in o.state.callbacks:
        line = f"{clock_text(float(event['t']))} {callback_text(event, zone)}"
        if int(event.get("sequence") or 0):
            line += f" (changed: invite sequence {int(event['sequence'])})"
        promise = promises.get(str(event.get("uid")))
        if latest.get(event.get("uid")) is not event:
            line += " (replaced)"
        elif promise:
            line += f"; {promise}"
        lines.append(line)
    return lines


def flag_lines(flags: Iterable[Flag]) -> list[str]:
    return [f"{clock_text(f.t)} {f.rule}: {f.text}" for f in counted(flags)]


def comment_lines(comments: Iterable[dict]) -> list[str]:
    return [f"{clock_text(c['t'])} {_one_line(c['author'])} ({visible(str(c['created_at']))}): {_one_line(c['text'])}" for c in comments]


def caller_type_of(o: Overview) -> str:
    return visible(caller_type(o.state.tags) or "")


# -- Markdown: one section per call, for a ticket or a CRM ---------------------------------------


def _section(title: str, lines: list[str], empty: str = "- none") -> list[str]:
    return ["", f"**{title}**", "", *([f"- {line}" for line in lines] or [empty])]


def markdown_call(record: dict, playbook: Playbook, flags: list[Flag], comments: list[dict], zone: str, promises: dict[str, str]) -> str:
    """`promises`: each promise's state now by invite UID."""
    o = overview(record, playbook)
    outcome = ev.OUTCOME_LABELS.get(o.outcome or "", o.outcome or "not filed")
    category = ev.CATEGORY_LABELS.get(o.category or "", o.category or "none")
    lines = [
        f"## Call {visible(o.id)}",
        "",
        f"- Started: {_local(o.started, zone)} · Agent: {_one_line(o.agent)} · Caller: {visible(o.caller or 'unknown')}"
        f" · Caller type: {caller_type_of(o) or 'not tagged'}",
        f"- Duration: {clock_text(o.duration)} · Hold: {clock_text(o.hold)}"
        + (f" · After-call work: {clock_text(o.acw)}" if o.acw is not None else "")
        + f" · Outcome: {outcome} · Category: {category}"
        + (" · Status: interrupted" if o.status == "interrupted" else ""),
    ]
    lines += _section("Steps", [f"{title}: {clock_text(seconds)}" for _, title, seconds in o.steps], "- none entered")
    lines += _section("Notes", note_lines(o))
    lines += _section("Offers", offer_lines(o))
    lines += _section("Commitment", promise_lines(o, zone, promises))
    lines += _section("Review flags", flag_lines(flags))
    lines += [f"- ({clock_text(f.t)} {f.rule}: {f.text})" for f in flags if f.level != WARN]
    lines += _section("Supervisor comments", comment_lines(comments))
    return "\n".join(lines) + "\n"


def _stored_text(record: object, name: str, missing: str = "") -> str:
    """A text field of a record that may be damaged: `missing` unless the field is there as text."""
    value = record.get(name) if isinstance(record, dict) else None
    return value if isinstance(value, str) else missing


def markdown_damaged(record: object, problem: str) -> str:
    """The section of a call that cannot be read as a call: what can be said about it, and why."""
    return f"## Call {_one_line(_stored_text(record, 'id', missing='?'))}\n\n- Damaged: {_one_line(problem)}. The json export carries it as stored.\n"


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
    "caller_type",
    "status",
    "outcome",
    "category",
    "duration_s",
    "hold_s",
    "acw_s",
    "steps",
    "notes",
    "offers",
    "callback_number",
    "callback_start",
    "callback_end",
    "callback_state",
    "callbacks",
    "flags",
    "flag_rules",
    "flag_details",
    "comments",
)
BOM = "\ufeff"  # spreadsheets read the file as UTF-8 only with it (Korean and Chinese notes)


def _cell(value: object) -> str:
    """A cell a spreadsheet takes as written: text that would start a formula (= + - @) or be read
    as a number (a caller's +442070313000) gets a leading '. A list is one line per item."""
    if isinstance(value, list):
        text = "\n".join(visible(str(item)) for item in value)
    else:
        text = "" if value is None else visible(str(value))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_row(record: dict, playbook: Playbook, flags: list[Flag], comments: list[dict], zone: str, promises: dict[str, str]) -> list[str]:
    o = overview(record, playbook)
    warn = counted(flags)
    latest = o.callback or {}
    values = [
        o.id,
        o.started_at,
        _one_line(o.agent),
        o.caller or "",
        caller_type_of(o),
        o.status,
        o.outcome or "",
        o.category or "",
        f"{o.duration:.1f}",
        f"{o.hold:.1f}",
        f"{o.acw:.1f}" if o.acw is not None else "",
        "; ".join(f"{key} {seconds:.0f}" for key, _, seconds in o.steps),
        note_lines(o),
        offer_lines(o),
        latest.get("number", ""),
        latest.get("start", ""),
        latest.get("end", ""),
        promises.get(latest.get("uid", ""), "") if latest else "",
        promise_lines(o, zone, promises),
        len(warn),
        " ".join(sorted({f.rule for f in warn})),
        flag_lines(warn),
        comment_lines(comments),
    ]
    return [_cell(value) for value in values]


def csv_damaged_row(record: object, problem: str) -> list[str]:
    values = {name: _stored_text(record, name) for name in ("id", "started_at", "agent")}
    row = {**dict.fromkeys(CSV_COLUMNS, ""), **values, "status": "damaged", "outcome": f"damaged: {problem}"}
    return [_cell(_one_line(row[name])) for name in CSV_COLUMNS]


def csv_document(rows: Iterable[list[str]]) -> str:
    """With a byte-order mark first, so a spreadsheet reads the UTF-8 as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return BOM + out.getvalue()
