"""The callback queue (METHOD.md K1: meet the expectation you set), derived, never stored.

Commitments come from the `callback` events in stored calls; what happened to them afterwards
comes from queue actions, a small log of its own (kept apart from the calls, whose logs are closed
once committed). Everything here is a pure function of (records, actions, now).

Actions are dicts `{"type": ..., "uid": ..., "at": ISO UTC, ...}`:
  callback_kept         the agent called back (`call_id` of the callback call, optional)
  callback_rescheduled  a new window: the full `callback` fields with the raised `sequence`
  callback_cancelled    withdrawn (`reason`, optional), with the raised `sequence`
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import tui.domain.call.events as ev
from tui.domain.call.schema import event_damage
from tui.domain.callback.window import range_text
from tui.domain.text.redact import mask_sensitive
from tui.support.i18n import _

KEPT = "callback_kept"
RESCHEDULED = "callback_rescheduled"
CANCELLED = "callback_cancelled"
ACTION_TYPES = frozenset({KEPT, RESCHEDULED, CANCELLED})

UPCOMING = "upcoming"
RESCHEDULED_STATUS = "rescheduled"  # open, moved at least once, not yet due
DUE_SOON = "due_soon"  # starts within the lead time, or its window is open now
OVERDUE = "overdue"
KEPT_ON_TIME = "kept_on_time"
KEPT_LATE = "kept_late"
KEPT_EARLY = "kept_early"  # marked kept before its window opened: the promise said later (rule K1)
CANCELLED_STATUS = "cancelled"
DAMAGED = "damaged"  # a callback event the desk would never write (a zone on Mars, year 9999)
OPEN = frozenset({UPCOMING, RESCHEDULED_STATUS, DUE_SOON, OVERDUE})
STATUS_LABELS = {
    UPCOMING: "upcoming",
    RESCHEDULED_STATUS: "rescheduled",
    DUE_SOON: "due soon",
    OVERDUE: "OVERDUE",
    KEPT_ON_TIME: "kept on time",
    KEPT_LATE: "kept late",
    KEPT_EARLY: "kept early",
    CANCELLED_STATUS: "cancelled",
    DAMAGED: "damaged",
}
DUE_LEAD = timedelta(minutes=10)


@dataclass(frozen=True)
class QueueEntry:
    uid: str
    call_id: str
    number: str
    zone: str  # the caller's
    agent_zone: str
    start: datetime  # aware UTC, the window in force
    end: datetime
    sequence: int
    status: str
    fields: dict = field(compare=False, hash=False, repr=False)  # latest `callback` fields, for invite.from_event
    rescheduled: int = 0
    kept_at: datetime | None = None
    kept_call: str | None = None
    cancelled_at: datetime | None = None
    linked_calls: tuple[str, ...] = ()  # calls started from this commitment
    problem: str = ""  # why a DAMAGED entry cannot be read

    @property
    def open(self) -> bool:
        return self.status in OPEN

    def agent_text(self) -> str:
        return self.problem if self.status == DAMAGED else _range(self, self.agent_zone)

    def caller_text(self) -> str:
        return "" if self.status == DAMAGED else _range(self, self.zone)


def _range(entry: QueueEntry, zone: str) -> str:
    tz = ZoneInfo(zone)
    return range_text(entry.start.astimezone(tz), entry.end.astimezone(tz))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _when(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset")
    return moment.astimezone(UTC)


# -- building actions --------------------------------------------------------------------------


def kept_action(uid: str, at: datetime, call_id: str | None = None) -> dict:
    action = {"type": KEPT, "uid": uid, "at": _iso(at)}
    if call_id:
        action["call_id"] = call_id
    return action


def rescheduled_action(fields: dict, at: datetime) -> dict:
    """`fields`: invite.event_fields() of the rescheduled commitment (same uid, sequence + 1)."""
    return {"type": RESCHEDULED, "at": _iso(at), **fields}


def cancelled_action(uid: str, sequence: int, at: datetime, reason: str = "") -> dict:
    # The reason is typed: masked like a note before it reaches callbacks/actions.jsonl.
    return {"type": CANCELLED, "uid": uid, "sequence": sequence, "at": _iso(at), "reason": mask_sensitive(reason)[0]}


def validate_action(action: object) -> dict:
    """The action back, or ValueError naming the first bad field (for the store's loader)."""
    if not isinstance(action, dict):
        raise ValueError("an action must be a JSON object")
    if action.get("type") not in ACTION_TYPES:
        raise ValueError(f"field 'type' must be one of {', '.join(sorted(ACTION_TYPES))}")
    required = ["uid", "at"] + (["start", "end", "zone", "sequence"] if action["type"] == RESCHEDULED else [])
    for name in required:
        if name not in action:
            raise ValueError(f"field '{name}' is missing")
    for name in ("at", "start", "end"):
        if name in action:
            try:
                _when(action[name])
            except (TypeError, ValueError):
                raise ValueError(f"field '{name}' must be an ISO 8601 time with offset") from None
    return action


# -- deriving the queue ------------------------------------------------------------------------


_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def _damaged(event: dict, call_id: str, problem: str) -> QueueEntry:
    uid, number = event.get("uid"), event.get("number")
    return QueueEntry(
        uid=uid if isinstance(uid, str) and uid else f"{call_id}#damaged",
        call_id=call_id,
        number=number[:40] if isinstance(number, str) else "",
        zone="",
        agent_zone="",
        start=_NEVER,
        end=_NEVER,
        sequence=-1,  # any readable issue of the same commitment wins over it
        status=DAMAGED,
        fields={},
        problem=problem,
    )


def _from_event(event: dict, call_id: str) -> QueueEntry | None:
    """The commitment a `callback` event (or a reschedule) holds; DAMAGED when it cannot be read."""
    problem = event_damage({**event, "t": 0.0, "type": ev.CALLBACK} if event.get("type") != ev.CALLBACK else event)
    if problem is not None:
        return _damaged(event, call_id, problem)
    try:
        start, end = _when(event["start"]), _when(event["end"])
        fields = {key: value for key, value in event.items() if key not in ("t", "type")}
        return QueueEntry(
            uid=event["uid"],
            call_id=call_id,
            number=event["number"],
            zone=event["zone"],
            agent_zone=event.get("agent_zone") or event["zone"],
            start=start,
            end=end,
            sequence=int(event.get("sequence", 0)),
            status=UPCOMING,
            fields=fields,
        )
    except (KeyError, TypeError, ValueError):
        return None  # an unreadable promise cannot be shown as a time; the call itself keeps it


def _apply(entry: QueueEntry, action: dict) -> QueueEntry:
    at = _when(action["at"])
    kind = action["type"]
    if kind == KEPT:
        status = KEPT_EARLY if at < entry.start else KEPT_ON_TIME if at <= entry.end else KEPT_LATE
        return replace(entry, status=status, kept_at=at, kept_call=action.get("call_id"))
    if kind == CANCELLED:
        return replace(
            entry, status=CANCELLED_STATUS, cancelled_at=at, sequence=max(entry.sequence, int(action.get("sequence", entry.sequence)))
        )
    if entry.status == DAMAGED:
        return entry
    moved = _from_event({key: value for key, value in action.items() if key not in ("type", "at")}, entry.call_id)
    if moved is None or moved.status == DAMAGED or moved.sequence <= entry.sequence:
        return entry  # a stale or unreadable re-issue never replaces a newer one
    return replace(moved, status=UPCOMING, rescheduled=entry.rescheduled + 1, linked_calls=entry.linked_calls)


def _timed_status(entry: QueueEntry, now: datetime, lead: timedelta) -> str:
    if entry.status not in (UPCOMING,):
        return entry.status
    if now >= entry.end:
        return OVERDUE
    if entry.start - now <= lead:
        return DUE_SOON
    return RESCHEDULED_STATUS if entry.rescheduled else UPCOMING


def build_queue(records: Iterable[dict], actions: Iterable[dict], now: datetime, *, lead: timedelta = DUE_LEAD) -> list[QueueEntry]:
    """Every commitment in the stored calls with its status at `now`, in queue order (see sort_key)."""
    now = now.astimezone(UTC)
    entries: dict[str, QueueEntry] = {}
    links: dict[str, list[str]] = {}
    for record in records:
        call_id = record.get("id", "")
        events = record.get("events")
        for event in events if isinstance(events, list) else ():
            if not isinstance(event, dict):
                continue  # the history lists the call as damaged
            if event.get("type") == ev.STARTED and isinstance(event.get("callback_uid"), str):
                links.setdefault(event["callback_uid"], []).append(call_id)
            if event.get("type") != ev.CALLBACK:
                continue
            entry = _from_event(event, call_id)
            known = entries.get(entry.uid) if entry else None
            if entry and (known is None or entry.sequence >= known.sequence):
                entries[entry.uid] = entry
    readable = []
    for action in actions:
        try:
            readable.append((_when(action["at"]), validate_action(action)))
        except (KeyError, TypeError, ValueError):
            continue
    for _when_at, action in sorted(readable, key=lambda pair: pair[0]):
        entry = entries.get(action["uid"])
        if entry is not None and _when(action["at"]) <= now:
            entries[action["uid"]] = _apply(entry, action)
    result = [
        replace(entry, status=_timed_status(entry, now, lead), linked_calls=tuple(links.get(uid, ()))) for uid, entry in entries.items()
    ]
    return sorted(result, key=sort_key)


_ORDER = {
    DAMAGED: 0,
    OVERDUE: 0,
    DUE_SOON: 1,
    UPCOMING: 2,
    RESCHEDULED_STATUS: 2,
    KEPT_ON_TIME: 3,
    KEPT_LATE: 3,
    KEPT_EARLY: 3,
    CANCELLED_STATUS: 3,
}


def sort_key(entry: QueueEntry) -> tuple:
    """Overdue first (they must stand out), then due soon, then by start; closed ones last, newest first."""
    rank = _ORDER[entry.status]
    stamp = entry.start.timestamp()
    return (rank, -stamp if rank == 3 else stamp)


def next_due(entries: Iterable[QueueEntry], now: datetime, within: timedelta = DUE_LEAD) -> QueueEntry | None:
    """The open commitment whose window opens within `within` (or is open now): the status line's."""
    now = now.astimezone(UTC)
    due = [entry for entry in entries if entry.open and entry.end > now and entry.start - now <= within]
    return min(due, key=lambda entry: entry.start, default=None)


def due_text(entry: QueueEntry, now: datetime) -> str:
    """ "Callback +44 20 ... due in 6 min (Mon 23 Nov 14:15-16:15 GMT)" for the status line."""
    minutes = int((entry.start - now.astimezone(UTC)).total_seconds() // 60)
    if minutes > 0:
        return _("Callback {number} due in {minutes} min ({window})").format(
            number=entry.number, minutes=minutes, window=entry.agent_text()
        )
    return _("Callback {number} due now ({window})").format(number=entry.number, window=entry.agent_text())


def kept_on_time_rate(entries: Iterable[QueueEntry]) -> float | None:
    """Kept on time / (kept + overdue): a missed promise counts against the rate, and so does one
    marked kept before its window opened; cancelled ones do not.

    None when nothing has come due yet.
    """
    counts = {KEPT_ON_TIME: 0, KEPT_LATE: 0, KEPT_EARLY: 0, OVERDUE: 0}
    for entry in entries:
        if entry.status in counts:
            counts[entry.status] += 1
    total = sum(counts.values())
    return counts[KEPT_ON_TIME] / total if total else None
