"""The history browser's rows: one small dict per call, derived from the call and its flags, so the
browser can filter and sort 100,000 calls without holding their logs. Pure.

A row: id, start (UTC epoch seconds), agent, caller, duration (talk time, to the hang-up), acw
(after-call work, hang-up to filed, or None when not recorded), outcome, category, status, flags
(counted flags that do not depend on the time of viewing), rules, cb (the latest commitment:
uid, start, end as epoch seconds, or None), steps ({step key: seconds}) and search (lower-cased agent, caller and notes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import tui.domain.call.events as ev
from tui.domain.call.schema import MAX_SHORT, RecordError, moment
from tui.domain.call.state import CallState, derive
from tui.domain.review.flags import Flag, counted
from tui.support.i18n import N_, _

SEARCH_CHARS = 4000  # note text kept per call for typing-to-filter
TIMELESS = frozenset({"callback_overdue", "callback_late"})  # judged at viewing time instead


def _epoch(value: object) -> float | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo else None


DAMAGED = N_("damaged")  # a call the desk would never write: its row says so, and why


def damaged_row(record: object, problem: str) -> dict:
    """The row of a call that cannot be read as a call (tui.domain.call.schema.call_damage): its id,
    start and agent where they can be read, outcome and status "damaged", and the reason."""
    fields = record if isinstance(record, dict) else {}
    call_id, agent = fields.get("id"), fields.get("agent")
    try:
        start = moment(fields.get("started_at"), "started_at").timestamp()
    except RecordError:
        start = 0.0
    agent = agent[:MAX_SHORT] if isinstance(agent, str) else ""
    return {
        "id": call_id[:MAX_SHORT] if isinstance(call_id, str) else "?",
        "start": start,
        "agent": agent,
        "caller": "",
        "duration": 0.0,
        "acw": None,
        "outcome": DAMAGED,
        "category": "",
        "status": DAMAGED,
        "flags": 0,
        "rules": [],
        "cb": None,
        "steps": {},
        "search": f"{agent} {DAMAGED}".casefold(),
        "problem": problem,
    }


def index_row(record: dict, flags: Iterable[Flag], state: CallState | None = None) -> dict:
    """The history's row of a call; `state`: its log already derived (the flags were read from it)."""
    state = derive(record.get("events", ())) if state is None else state
    end = state.ended_at if state.ended_at is not None else state.last_t
    kept = [flag for flag in counted(flags) if flag.kind not in TIMELESS]
    cb = None
    if state.callbacks:
        latest = state.callbacks[-1]
        start, stop = _epoch(latest.get("start")), _epoch(latest.get("end"))
        if start is not None and stop is not None:
            cb = {"uid": latest.get("uid", ""), "start": start, "end": stop}
    notes = " ".join(note.text for note in state.notes)[:SEARCH_CHARS]
    caller = record.get("caller") or state.caller_input or ""
    return {
        "id": record["id"],
        "start": _epoch(record.get("started_at")) or 0.0,
        "agent": record.get("agent", ""),
        "caller": caller,
        "duration": round(end, 1),
        "acw": None if (acw := state.after_call_work()) is None or not state.filed else round(acw, 1),
        "outcome": record.get("outcome") or "",
        "category": record.get("category") or "",
        "status": record.get("status", ""),
        "flags": len(kept),
        "rules": sorted({flag.rule for flag in kept}),
        "cb": cb,
        "steps": {key: round(state.time_in_step(key, end), 1) for key in state.step_order()},
        "search": f"{record.get('agent', '')} {caller} {notes}".casefold(),
    }


# -- callback state at viewing time ----------------------------------------------------------------

NO_CALLBACK = ""
CB_UPCOMING = N_("upcoming")  # the history's Callback column: translated where drawn
CB_OVERDUE = N_("OVERDUE")
CB_KEPT = N_("kept")
CB_KEPT_LATE = N_("kept late")
CB_KEPT_EARLY = N_("kept early")
CB_CANCELLED = N_("cancelled")


def action_index(actions: Iterable[dict]) -> dict[str, dict]:
    """The latest queue action per commitment uid, with times as epoch seconds."""
    latest: dict[str, dict] = {}
    for action in actions:
        at = _epoch(action.get("at"))
        uid = action.get("uid")
        if at is None or not uid:
            continue
        entry = {"type": action.get("type"), "at": at, "end": _epoch(action.get("end"))}
        if uid not in latest or at >= latest[uid]["at"]:
            latest[uid] = entry
    return latest


def callback_status(row: dict, actions: dict[str, dict], now: float) -> str:
    cb = row.get("cb")
    if not cb:
        return NO_CALLBACK
    end = cb["end"]
    action = actions.get(cb["uid"])
    if action is not None and action["at"] <= now:
        if action["type"] == "callback_cancelled":
            return CB_CANCELLED
        if action["type"] == "callback_kept":
            if action["at"] < cb["start"]:
                return CB_KEPT_EARLY
            return CB_KEPT if action["at"] <= end else CB_KEPT_LATE
        if action["type"] == "callback_rescheduled" and action["end"] is not None:
            end = action["end"]
    return CB_OVERDUE if now >= end else CB_UPCOMING


def flag_count(row: dict, status: str) -> int:
    return int(row["flags"]) + (1 if status in (CB_OVERDUE, CB_KEPT_LATE) else 0)


# -- filtering and sorting ----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    text: str = ""  # typed: note text, agent, caller
    since: float | None = None  # epoch seconds, inclusive
    until: float | None = None  # epoch seconds, exclusive
    outcome: str = ""  # "" for any
    flagged: bool = False
    overdue: bool = False
    category: str = ""  # "" for any
    agent: str = ""  # "" for every agent

    @property
    def active(self) -> bool:
        return bool(self.text or self.since or self.until or self.outcome or self.flagged or self.overdue or self.category or self.agent)


def with_status(row: dict, actions: dict[str, dict], now: float) -> dict:
    """The row with `cbs` (callback state now) and `nflags` (flags counted now) filled in."""
    status = callback_status(row, actions, now)
    row["cbs"] = status
    row["nflags"] = flag_count(row, status)
    return row


def matches(row: dict, filters: Filters) -> bool:
    """`row` must have been through with_status."""
    if filters.since is not None and row["start"] < filters.since:
        return False
    if filters.until is not None and row["start"] >= filters.until:
        return False
    if filters.outcome and row["outcome"] != filters.outcome:
        return False
    if filters.category and row["category"] != filters.category:
        return False
    if filters.agent and row["agent"] != filters.agent:
        return False
    if filters.flagged and row["nflags"] == 0:
        return False
    if filters.overdue and row["cbs"] != CB_OVERDUE:
        return False
    if filters.text:
        words = filters.text.casefold().split()
        search = row["search"]
        return all(word in search for word in words)
    return True


def filter_rows(rows: list[dict], filters: Filters) -> list[dict]:
    """The rows that match, in their order. Typing filters 100,000 rows per key, so plain text
    (the common case) takes a comprehension with no call per row."""
    if not filters.active:
        return list(rows)
    words = filters.text.casefold().split()
    others = replace(filters, text="")
    if others.active:
        rows = [row for row in rows if matches(row, others)]
    for word in words:  # one pass per word: each pass scans only what is left
        rows = [row for row in rows if word in row["search"]]
    return rows if (words or others.active) else list(rows)


def narrows(old: Filters, new: Filters) -> bool:
    """True when every row matching `new` also matches `old` (more typed after the same text and
    the other filters unchanged), so the new result can be taken from the old one."""
    same_rest = replace(old, text="") == replace(new, text="")
    return same_rest and new.text.casefold().startswith(old.text.casefold())


SORT_COLUMNS = ("start", "agent", "caller", "duration", "outcome", "category", "flags", "callback", "acw")


def sort_key(column: str) -> Callable[[dict], Any]:
    if column == "flags":
        return lambda row: (row["nflags"], row["start"])
    if column == "callback":
        return lambda row: (row["cbs"], row["start"])
    if column == "acw":  # unknown (calls filed before it was recorded) sorts before 0:00
        return lambda row: (row.get("acw") is not None, row.get("acw") or 0.0, row["start"])
    if column in ("agent", "caller", "outcome", "category"):
        return lambda row: (row[column].casefold(), row["start"])
    return lambda row: row[column]


def outcome_label(outcome: str) -> str:
    return ev.OUTCOME_LABELS.get(outcome, outcome or N_("interrupted"))


def category_label(category: str) -> str:
    return ev.CATEGORY_LABELS.get(category, category)


def now_epoch(moment: datetime) -> float:
    return moment.astimezone(UTC).timestamp()


def parse_date_range(text: str, zone: str, now: datetime) -> tuple[float | None, float | None]:
    """ "FROM TO" (YYYY-MM-DD or -), or "7d" for the last 7 days, to [since, until) epoch seconds in `zone`.

    Empty text clears (None, None). ValueError says what to type.
    """
    tz = ZoneInfo(zone)
    words = text.split()
    if not words:
        return (None, None)
    if len(words) == 1 and words[0].endswith("d") and words[0][:-1].isdigit():
        today = now.astimezone(tz).date()
        first = today - timedelta(days=int(words[0][:-1]) - 1)
        return (datetime.combine(first, time(0), tz).timestamp(), None)
    if len(words) > 2:
        raise ValueError(_("Write at most two dates: FROM TO."))
    bounds: list[float | None] = []
    for index, word in enumerate(words + ["-"] * (2 - len(words))):
        if word == "-":
            bounds.append(None)
            continue
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise ValueError(_("{word} is not a date; write YYYY-MM-DD.").format(word=repr(word))) from None
        bounds.append(datetime.combine(day + timedelta(days=index), time(0), tz).timestamp())
    if bounds[0] is not None and bounds[1] is not None and bounds[1] <= bounds[0]:
        raise ValueError(_("The second date must not come before the first."))
    return (bounds[0], bounds[1])
