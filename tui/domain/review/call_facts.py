"""What a supervisor needs beside the notes at a moment of a filed call: the caller's type, the
offers made so far (kind, amount, accepted, inside authority) and the promise (its window in the
agent's and the caller's time, the number, its state). Pure: the replay draws these lines at its
play head; the md and csv exports write the same facts for the whole call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from tui.domain.call.state import CallState
from tui.domain.coaching.offers import caller_type
from tui.domain.review.offer_text import offer_line
from tui.domain.text.display import visible
from tui.domain.text.local_dates import short_date
from tui.domain.text.timefmt import clock_text
from tui.support.i18n import _


def range_text(start: datetime, end: datetime) -> str:
    """tui.domain.callback.window's, imported with the first promise shown rather than at the desk's start."""
    from tui.domain.callback.window import range_text as window_range_text

    return window_range_text(start, end)


def promise_window(event: dict) -> str:
    """ "Tue 24 Nov 10:00-12:00 GMT": a promise's window in the agent's time, for the header."""
    try:
        start = datetime.fromisoformat(str(event["start"]).replace("Z", "+00:00"))
        end = datetime.fromisoformat(str(event["end"]).replace("Z", "+00:00"))
        mine = ZoneInfo(event.get("agent_zone") or event["zone"])
        return range_text(start.astimezone(mine), end.astimezone(mine))
    except (KeyError, TypeError, ValueError, OverflowError):
        return _("a window that cannot be read")


def promise_text(event: dict, zone: str | None = None) -> str:
    """ "Tue 24 Nov 10:00-12:00 GMT (caller: Tue 24 Nov 05:00-07:00 EST) on +12125550100", read
    from a `callback` event: in `zone` (else the agent's zone of the promise) and the caller's."""
    try:
        start = datetime.fromisoformat(str(event["start"]).replace("Z", "+00:00"))
        end = datetime.fromisoformat(str(event["end"]).replace("Z", "+00:00"))
        mine = ZoneInfo(zone or event.get("agent_zone") or event["zone"])
        theirs = ZoneInfo(event.get("zone") or zone or "UTC")
        window = range_text(start.astimezone(mine), end.astimezone(mine))
        caller = range_text(start.astimezone(theirs), end.astimezone(theirs))
    except (KeyError, TypeError, ValueError, OverflowError):
        return _("a window that cannot be read")
    text = window if caller == window else _("{window} (caller: {caller})").format(window=window, caller=caller)
    return visible(_("{window} on {number}").format(window=text, number=event.get("number") or _("no number")))


def _span(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    return (
        _("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)
        if minutes >= 60
        else _("{minutes} min").format(minutes=minutes)
    )


def window_state(event: dict, now: datetime) -> tuple[str, bool]:
    """(how the promised window stands at `now`, whether it has not opened yet)."""
    start = datetime.fromisoformat(str(event["start"]).replace("Z", "+00:00"))
    end = datetime.fromisoformat(str(event["end"]).replace("Z", "+00:00"))
    if now < start:
        return _("not open yet: it opens in {span}").format(span=_span((start - now).total_seconds())), True
    if now <= end:
        return _("open now"), False
    return _("passed {span} ago").format(span=_span((now - end).total_seconds())), False


def origin_facts(record: dict | None, event: dict, now: datetime, zone: str, last: int = 4) -> list[tuple[str, str]]:
    """Beside a callback call started from the queue: the call the promise was made in (its start,
    its last notes) and the promise, with whether its window is open yet."""
    lines = [(_("Callback promised"), f"{promise_text(event, zone)} · {window_state(event, now)[0]}")]
    if record is None:
        return lines  # the call is not in this desk's history (another machine's, or purged)
    started = datetime.fromisoformat(record["started_at"]).astimezone(ZoneInfo(zone))
    lines.insert(0, (_("Callback for"), _("the call of {date} {time}").format(date=short_date(started.date()), time=f"{started:%H:%M}")))
    notes = [event for event in record.get("events", ()) if event.get("type") == "note"]
    notes.sort(key=lambda note: float(note["t"]))
    lines += [(clock_text(float(note["t"])), visible(" ".join(str(note["text"]).split()))) for note in notes[-last:]]
    return lines


def facts_at(
    state: CallState, *, zone: str | None, type_label: Callable[[str], str], promise_state: Callable[[dict], str]
) -> list[tuple[str, str]]:
    """(label, text) lines for the state of a call at some moment. `type_label(key)` names a caller
    type in the reader's language; `promise_state(event)` is a promise's state now ("" if unknown)."""
    lines: list[tuple[str, str]] = []
    kind = caller_type(state.tags)
    if kind:
        lines.append((_("Caller type"), type_label(kind)))
    for offer in state.offers:
        lines.append((_("Offer {at}").format(at=clock_text(float(offer["t"]))), offer_line(offer)))
    if state.callbacks:
        event = state.callbacks[-1]
        where = promise_text(event, zone)
        status = promise_state(event)
        label = _("Promise {at}").format(at=clock_text(float(event["t"])))
        lines.append((label, f"{where} · {status}" if status else where))
    return lines
