"""Which calls go: past the retention period (GDPR 5(1)(e)) or one caller's (GDPR 17).

Pure decisions on call records and journal logs; the store does the removing (tui.store.retention).
A call's invites, callback actions and supervisors' comments go with it: they are found by the
call's id and its callbacks' UIDs, never by matching text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import tui.domain.call.events as ev

_AGE = re.compile(r"^\s*(\d{1,5})\s*(d|days?|w|weeks?)?\s*$", re.IGNORECASE)
MAX_DAYS = 36500


class RetentionError(ValueError):
    """A period or caller that cannot be used; str() says what form is expected."""


def parse_age(text: str) -> int:
    """'90d', '90', '12w' -> whole days (1 to 36500)."""
    match = _AGE.match(text or "")
    if not match:
        raise RetentionError(f"{text!r} is not a period; write days as 90d (or weeks as 12w)")
    days = int(match.group(1)) * (7 if (match.group(2) or "d").lower().startswith("w") else 1)
    if not 1 <= days <= MAX_DAYS:
        raise RetentionError(f"{text!r} is out of range; a period is 1 to {MAX_DAYS} days")
    return days


def cutoff(now: datetime, days: int) -> datetime:
    """Calls started before this moment (UTC) are past a retention period of `days`."""
    return now.astimezone(UTC) - timedelta(days=days)


def started_utc(events_or_record: dict | list[dict]) -> datetime | None:
    """The UTC start of a call record or of a journal's event list; None when it cannot be read."""
    if isinstance(events_or_record, dict):
        text = events_or_record.get("started_at")
    else:
        first: dict = next((event for event in events_or_record if event.get("type") == ev.STARTED), {})
        text = first.get("started_at")
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


def past_retention(events_or_record: dict | list[dict], before: datetime) -> bool:
    started = started_utc(events_or_record)
    return started is not None and started < before


def numbers_in(events: list[dict]) -> set[str]:
    """The caller's numbers a call holds: the caller (E.164) and every callback number."""
    found = set()
    for event in events:
        if event.get("type") == ev.STARTED and isinstance(event.get("caller"), str):
            found.add(event["caller"])
        if event.get("type") == ev.CALLBACK and isinstance(event.get("number"), str):
            found.add(event["number"])
    return found


MIN_DIGITS = 7  # fewer digits than a phone number's could match anything
_NUMBER_IN_TEXT = re.compile(r"\+?\d[\d \t().\-/]{5,}\d")


@dataclass(frozen=True)
class CallerMatch:
    """One caller, found as stored and as typed (GDPR 17: erase must find every call of theirs).

    `e164` is the number read with the region (None when it cannot be read), `national` its
    national significant number ("2070313000"), `typed` the digits typed for the erase. A call
    matches by its stored E.164 numbers, or by a number as the agent typed it ("020 7031 3000",
    kept in `caller_input` when no region read it): the same digits as typed, or ending with the
    national number."""

    e164: str | None
    national: str = ""
    typed: str = ""

    @classmethod
    def of(cls, typed: str, e164: str | None) -> CallerMatch:
        return cls(e164, national_number(e164) if e164 else "", _digits(typed))

    @property
    def usable(self) -> bool:
        return self.e164 is not None or len(self.typed) >= MIN_DIGITS

    def as_typed(self, text: object) -> bool:
        digits = _digits(text) if isinstance(text, str) else ""
        if len(digits) < MIN_DIGITS:
            return False
        if self.e164 is not None and digits == self.e164[1:]:
            return True
        if digits == self.typed:
            return True
        return len(self.national) >= MIN_DIGITS and digits.endswith(self.national)

    def in_text(self, text: str) -> bool:
        """A number of this caller anywhere in a text (a damaged file that cannot be read as calls)."""
        return any(self.as_typed(match.group()) for match in _NUMBER_IN_TEXT.finditer(text))


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit() and char.isascii())


def national_number(e164: str) -> str:
    import phonenumbers  # here: only a purge by number pays for its import (about 20 ms)

    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return ""


def of_caller(record_or_events: dict | list[dict], who: CallerMatch | str) -> bool:
    """Does this call (record or journal events) belong to this caller: by a stored E.164 number,
    or by a number as the agent typed it (the caller as typed, a callback's reading)?"""
    who = CallerMatch.of("", who) if isinstance(who, str) else who
    events = record_or_events.get("events", []) if isinstance(record_or_events, dict) else record_or_events
    events = [event for event in events if isinstance(event, dict)] if isinstance(events, list) else []
    numbers = numbers_in(events)
    if isinstance(record_or_events, dict) and isinstance(record_or_events.get("caller"), str):
        numbers.add(record_or_events["caller"])
    if who.e164 is not None and who.e164 in numbers:
        return True
    typed = [event.get("caller_input") for event in events if event.get("type") == ev.STARTED]
    typed += [event.get("reading") for event in events if event.get("type") == ev.CALLBACK]
    return any(who.as_typed(text) for text in [*typed, *numbers])


def callback_uids(events: list[dict]) -> set[str]:
    return {event["uid"] for event in events if event.get("type") == ev.CALLBACK and isinstance(event.get("uid"), str)}


@dataclass
class Removal:
    """What a purge or an erase takes away: ids of calls by month, journals, and the UIDs and
    call ids whose invites, actions and comments go with them."""

    calls: dict[str, list[str]] = field(default_factory=dict)  # month -> call ids
    started: dict[str, str] = field(default_factory=dict)  # call id -> started_at, for the listing
    journals: list[str] = field(default_factory=list)  # call ids of cut-short calls
    uids: set[str] = field(default_factory=set)
    call_ids: set[str] = field(default_factory=set)
    quarantined: list[str] = field(default_factory=list)  # damaged files in quarantine/ that hold the caller

    def add_call(self, month: str, record: dict) -> None:
        self.calls.setdefault(month, []).append(record["id"])
        self._remember(record["id"], record.get("started_at"), record.get("events", []))

    def add_journal(self, call_id: str, events: list[dict]) -> None:
        self.journals.append(call_id)
        first = next((event for event in events if event.get("type") == ev.STARTED), {})
        self._remember(call_id, first.get("started_at"), events)

    def _remember(self, call_id: str, started_at: object, events: list[dict]) -> None:
        self.call_ids.add(call_id)
        self.started[call_id] = started_at if isinstance(started_at, str) else "?"
        self.uids |= callback_uids([event for event in events if isinstance(event, dict)])

    @property
    def call_count(self) -> int:
        return len(self.call_ids)
