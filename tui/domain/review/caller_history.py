"""What the desk says about a caller when the phone rings: earlier calls from the number, the last
one's date, outcome and category, and an open callback promise with its window. Pure.

Entries are the history browser's row shape cut down to what this needs (`caller_entry`), so the
promise's state now comes from the same `callback_status` the history and the queue use. The
caller index keeps, per number and month, a fold of them (`add_to_month`): how many calls, the
newest one, and the ones that made a promise, so a number that called 3,000 times costs no more
to look up than one that called twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tui.domain.review.history_rows import CB_OVERDUE, CB_UPCOMING, callback_status, category_label, outcome_label
from tui.domain.review.history_rows import _epoch as epoch  # the history's own reading of a time
from tui.support.i18n import _


def caller_entry(record: dict) -> dict | None:
    """A filed call as the caller index keeps it, or None when it has no caller number."""
    caller = record.get("caller")
    start = epoch(record.get("started_at"))
    if not caller or not isinstance(caller, str) or start is None:
        return None
    cb = None
    callbacks = [event for event in record.get("events", ()) if isinstance(event, dict) and event.get("type") == "callback"]
    if callbacks:
        latest = callbacks[-1]  # a rescheduled promise is a later callback event with the same uid
        window = (epoch(latest.get("start")), epoch(latest.get("end")))
        if None not in window:
            cb = {"uid": str(latest.get("uid", "")), "start": window[0], "end": window[1]}
    return {
        "id": str(record.get("id", "")),
        "start": start,
        "outcome": record.get("outcome") or "",
        "category": record.get("category") or "",
        "status": record.get("status", ""),
        "cb": cb,
    }


@dataclass(frozen=True)
class CallerSummary:
    count: int  # earlier calls from the number
    last: dict | None  # the newest entry
    promise: dict | None  # the newest commitment still open: its entry's cb plus "state"


def summarize(months: Iterable[dict], actions: dict[str, dict], now: float) -> CallerSummary:
    """The number's months (add_to_month) as one summary; `actions`:
    tui.domain.review.history_rows.action_index of the queue's actions."""
    months = list(months)
    lasts = [month["last"] for month in months if month.get("last")]
    last = max(lasts, key=lambda entry: (entry["start"], entry["id"])) if lasts else None
    promise = None
    for entry in sorted((entry for month in months for entry in month.get("cbs", ())), key=lambda entry: entry["start"], reverse=True):
        state = callback_status(entry, actions, now)
        if state in (CB_UPCOMING, CB_OVERDUE):
            promise = {**entry["cb"], "state": state}
            break
    return CallerSummary(sum(month.get("n", 0) for month in months), last, promise)


def summary_text(summary: CallerSummary, zone: str) -> str:
    """One line for the banner, in the agent's language and time zone."""
    last = summary.last
    if summary.count == 0 or last is None:
        return _("First call from this number.")
    tz = ZoneInfo(zone)
    when = datetime.fromtimestamp(last["start"], UTC).astimezone(tz).strftime("%Y-%m-%d")
    outcome = _(outcome_label(last["outcome"]))
    parts = [
        _("{count} earlier call(s)").format(count=summary.count),
        _("last {date}: {outcome}").format(date=when, outcome=outcome)
        + (f", {_(category_label(last['category']))}" if last["category"] else ""),
    ]
    if summary.promise is not None:
        start = datetime.fromtimestamp(summary.promise["start"], UTC).astimezone(tz)
        end = datetime.fromtimestamp(summary.promise["end"], UTC).astimezone(tz)
        window = f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"
        state = _(summary.promise["state"])
        parts.append(_("open promise: call back {window} ({state})").format(window=window, state=state))
    return " · ".join(parts)
