"""What a stored or imported call may hold: the documented keys, each value checked (DESIGN.md
"Export format", the events of tui.domain.call.events).

One schema for both sides of the store: `callcoach import` refuses a document whose call breaks
it (tui.domain.review.import_check), and every reader of stored data asks `call_damage` first,
so a call the desk would never write (a zone on Mars, a callback ending in year 9999, a text
where a number belongs) shows as damaged instead of stopping the history, the queue or an
export. Sizes are bounded, numbers finite and in range, zones exist, times fall in 1970-2200,
a call id's month is its start's month, and a record's own fields agree with its log.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

import tui.domain.call.events as ev
from tui.domain.call.record import COMPLETED, DERIVED_FIELDS, INTERRUPTED, durations
from tui.domain.text.email_address import valid_email
from tui.domain.text.redact import is_phone_number

MAX_EVENTS = 50_000  # a call of 10,000 pasted lines has 10,000 notes
MAX_TEXT = 20_000  # characters in a note, comment or readback (notes are cut at 2,000)
MAX_SHORT = 200  # characters in a name, a key, a number as typed
MAX_SECONDS = 10 * 86_400.0  # no call lasts ten days
MAX_COUNT = 1_000_000  # note numbers, sequences
MAX_AMOUNT = 1_000_000_000.0
FIRST_YEAR, LAST_YEAR = 1970, 2200


class RecordError(ValueError):
    """A call (or comment) breaks the schema; str() names the first bad field by its path."""


@dataclass(frozen=True)
class CheckedCall:
    """One call, checked: the record, the month it belongs to, the commitments it made."""

    record: dict
    month: str  # UTC month of its start, 2026-11: the history partition it goes to
    uids: frozenset[str]  # the callback commitments it made

    @property
    def call_id(self) -> str:
        return str(self.record["id"])


# -- one value -------------------------------------------------------------------------------------


T = TypeVar("T")
Check = Callable[[object, str], T]
"""A check of one value found at a path (`events[3].text`): the value, typed, or a RecordError."""


def refusal(where: str, what: str) -> RecordError:
    return RecordError(f"{where} must be {what}")


def _text(limit: int) -> Check[str]:
    def check(value: object, where: str) -> str:
        if not isinstance(value, str) or len(value) > limit:
            raise refusal(where, f"a string of at most {limit:,} characters")
        return value

    return check


def _matching(pattern: str, what: str) -> Check[str]:
    compiled = re.compile(pattern)

    def check(value: object, where: str) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise refusal(where, what)
        return value

    return check


def _number(low: float, high: float, what: str, whole: bool = False) -> Check[float]:
    def check(value: object, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or whole and isinstance(value, float):
            raise refusal(where, what)
        if not (math.isfinite(value) and low <= value <= high):
            raise refusal(where, what)
        return value

    return check


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise refusal(where, "true or false")
    return value


def _one_of(*choices: str) -> Check[str]:
    def check(value: object, where: str) -> str:
        if not isinstance(value, str) or value not in choices:
            raise refusal(where, f"one of {', '.join(choices)}")
        return value

    return check


def _or_null(check: Check[T]) -> Check[T | None]:
    def maybe(value: object, where: str) -> T | None:
        return None if value is None else check(value, where)

    return maybe


def moment(value: object, where: str) -> datetime:
    """An ISO 8601 time with a UTC offset, from 1970 to 2200, as an aware UTC datetime."""
    if isinstance(value, str) and len(value) <= 40:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is not None and FIRST_YEAR <= parsed.year <= LAST_YEAR:
                utc = parsed.astimezone(UTC)
                if FIRST_YEAR <= utc.year <= LAST_YEAR:
                    return utc
        except (ValueError, OverflowError):
            pass
    raise refusal(where, f"an ISO 8601 time with a UTC offset, in {FIRST_YEAR}-{LAST_YEAR}")


def _time(value: object, where: str) -> str:
    moment(value, where)  # refuses anything but a time's text
    return str(value)


@lru_cache(maxsize=1024)
def zone_exists(name: str) -> bool:
    if len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _zone(value: object, where: str) -> str:
    if not isinstance(value, str) or not zone_exists(value):
        raise refusal(where, 'an IANA time zone that exists, e.g. "Europe/London"')
    return value


def _phone(value: object, where: str) -> str:
    # Possible, not valid: a number the desk checked stays readable when phonenumbers' metadata
    # changes (and the drama range 07700 900xxx is possible too).
    if not isinstance(value, str) or not re.fullmatch(r"\+[1-9][0-9]{6,14}", value) or not is_phone_number(value, possible=True):
        raise refusal(where, 'a valid phone number in E.164, e.g. "+442070313000"')
    return value


def _email(value: object, where: str) -> str:
    if not isinstance(value, str) or (value and not valid_email(value)):
        raise refusal(where, "one e-mail address, or empty")
    return value


CALL_ID = r"\d{8}T\d{6}Z-[A-Za-z0-9_.-]{1,64}"
_id = _matching(CALL_ID, "a call id, e.g. 20261123T140317Z-3fa9c1")
_uid = _matching(r"[A-Za-z0-9][A-Za-z0-9_.@+-]{0,199}", "an invite UID of letters, digits and . _ @ + -")
_key = _matching(r"[A-Za-z0-9_-]{1,64}", "a key of letters, digits, _ or -")
_short = _text(MAX_SHORT)
_long = _text(MAX_TEXT)
_seconds = _number(0.0, MAX_SECONDS, f"a number of seconds from 0 to {MAX_SECONDS:,.0f}")
_count = _number(0, MAX_COUNT, f"a whole number from 0 to {MAX_COUNT:,}", whole=True)
_amount = _or_null(_number(0.0, MAX_AMOUNT, f"an amount from 0 to {MAX_AMOUNT:,.0f}"))
_currency = _matching(r"(?:[A-Z]{3})?", 'a three-letter currency code, e.g. "GBP", or empty')

# Every key an event may hold: (required, optional), by type. "t", "type" and "masked" are every
# event's; `draft` marks the half-typed note of a call cut short.
EVENT_FIELDS: dict[str, tuple[dict[str, Check[object]], dict[str, Check[object]]]] = {
    ev.STARTED: (
        {"call_id": _id, "started_at": _time},
        {"agent": _short, "caller": _or_null(_phone), "caller_input": _short, "playbook": _key, "zone": _zone, "callback_uid": _uid},
    ),
    ev.STEP: ({"step": _key}, {}),
    ev.NOTE: ({"text": _long}, {"n": _count, "draft": _flag}),
    ev.NOTE_EDIT: ({"note": _count, "text": _long}, {}),
    ev.HOLD: ({}, {}),
    ev.RESUME: ({}, {}),
    ev.TAG: ({"tag": _key}, {"value": _short}),
    ev.OFFER: (
        {"option": _short},
        {
            "amount": _amount,
            "currency": _currency,
            "accepted": _flag,
            "within_authority": _flag,
            "basis": _key,
            "limit": _amount,
            "prior_spend": _amount,
        },
    ),
    ev.CALLBACK: (
        {"number": _phone, "zone": _zone, "start": _time, "end": _time, "uid": _uid},
        {
            "sequence": _count,
            "agent_zone": _zone,
            "reading": _short,
            "preset": _or_null(_short),
            "zone_choice": _or_null(_zone),
            "email": _or_null(_email),
            "readback": _long,
            "status": _key,
        },
    ),
    # The hang-up; a log from before `filed` existed carries the outcome and category here.
    ev.ENDED: ({}, {"outcome": _one_of(*ev.OUTCOMES), "category": _one_of(*ev.CATEGORIES), "by": _one_of(*ev.HUNG_UP_BY)}),
    ev.FILED: ({"outcome": _one_of(*ev.OUTCOMES), "category": _one_of(*ev.CATEGORIES)}, {}),
}
_EVERY_EVENT: dict[str, Check[object] | None] = {"t": _seconds, "type": None, "masked": _flag}  # the type is checked first
# Each type's checks by key and its required keys, merged once (an import checks every event).
_EVENT_CHECKS = {kind: ({**_EVERY_EVENT, **required, **optional}, ("t", *required)) for kind, (required, optional) in EVENT_FIELDS.items()}
CALL_FIELDS = ("id", "agent", "caller", "started_at", "status", "playbook", "outcome", "category", "events", *DERIVED_FIELDS)
COMMENT_FIELDS = {
    "id": _matching(r"[A-Za-z0-9_.-]{1,64}", "a comment id of letters, digits, _ . or -"),
    "call_id": _id,
    "author": _short,
    "t": _seconds,
    "text": _long,
    "created_at": _time,
}


def _key_name(key: str) -> str:
    """A key as a path names it: plain when it is a plain word, quoted (escapes and all) otherwise."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key) else repr(key[:40])


def checked_object(value: object, where: str, known: Collection[str], required: Iterable[str] = ()) -> dict:
    if not isinstance(value, dict):
        raise refusal(where, "a JSON object")
    for key in value:
        if key not in known:
            raise RecordError(f"{where}.{_key_name(key)} is not a field callcoach knows; nothing is taken on trust")
    for key in required:
        if key not in value:
            raise RecordError(f"{where}.{key} is missing")
    return value


def checked_list(value: object, where: str, limit: int, what: str, allow_empty: bool = True) -> list:
    if not isinstance(value, list) or len(value) > limit or (not allow_empty and not value):
        raise refusal(where, f"a {'' if allow_empty else 'non-empty '}list of at most {limit:,} {what}")
    return value


# -- a call ----------------------------------------------------------------------------------------


def check_event(event: object, where: str) -> dict:
    if not isinstance(event, dict):
        raise refusal(where, "a JSON object")
    kind = event.get("type")
    if not isinstance(kind, str) or kind not in EVENT_FIELDS:
        raise refusal(f"{where}.type", f"one of {', '.join(sorted(EVENT_FIELDS))}")
    checks, required = _EVENT_CHECKS[kind]
    checked_object(event, where, checks, required)
    for key, value in event.items():
        check = checks[key]
        if check is not None:
            try:
                check(value, key)  # the path is made only for a refusal: an import checks every field
            except RecordError:
                check(value, f"{where}.{key}")  # the same refusal, with its path
                raise
    if kind == ev.CALLBACK and moment(event["end"], f"{where}.end") < moment(event["start"], f"{where}.start"):
        raise refusal(f"{where}.end", "at or after its start")
    return event


def check_call(call: object, where: str) -> CheckedCall:
    call = checked_object(call, where, CALL_FIELDS, ("id", "started_at", "status", "events"))
    call_id = _id(call["id"], f"{where}.id")
    events = checked_list(call["events"], f"{where}.events", MAX_EVENTS, "events", allow_empty=False)
    for index, event in enumerate(events):
        try:
            check_event(event, "")
        except RecordError:
            check_event(event, f"{where}.events[{index}]")  # again, for the refusal with its path
    first = events[0]
    if first["type"] != ev.STARTED:
        raise refusal(f"{where}.events[0].type", '"started"')
    starts = [index for index, event in enumerate(events) if event["type"] == ev.STARTED]
    if len(starts) > 1:
        raise RecordError(f"{where}.events[{starts[1]}] is a second start; a call starts once")
    if first["call_id"] != call_id:
        raise refusal(f"{where}.events[0].call_id", "the call's id")
    started = moment(call["started_at"], f"{where}.started_at")
    if f"{started:%Y%m}" != call_id[:6]:
        raise RecordError(f"{where}.id begins with a month other than its start's ({started:%Y-%m} UTC)")
    ended = _filing(events, where)
    _agree(call, where, "status", COMPLETED if ended else INTERRUPTED)
    _agree(call, where, "outcome", ended["outcome"] if ended else None)
    _agree(call, where, "category", ended["category"] if ended else None)
    for field in ("agent", "caller", "started_at", "playbook"):
        _agree(call, where, field, first.get(field, "" if field in ("agent", "playbook") else None))
    _check_note_numbers(events, where)
    if any(field in call for field in DERIVED_FIELDS):  # an export's talk time and ACW: as its log says
        for field, expected in durations(events).items():
            _agree(call, where, field, expected)
        call = {key: value for key, value in call.items() if key not in DERIVED_FIELDS}  # derived: never stored
    uids = frozenset(event["uid"] for event in events if event["type"] == ev.CALLBACK)
    return CheckedCall(call, f"{started:%Y-%m}", uids)


def _filing(events: list[dict], where: str) -> dict | None:
    """The event that filed the call: `filed` after the hang-up (`ended`), or an older `ended`
    with the outcome on it; None for a call never filed. One hang-up, one filing."""
    ends = [index for index, event in enumerate(events) if event["type"] == ev.ENDED]
    filings = [index for index, event in enumerate(events) if event["type"] == ev.FILED]
    if len(ends) > 1:
        raise RecordError(f"{where}.events holds {len(ends)} ends; a call ends once")
    if len(filings) > 1:
        raise RecordError(f"{where}.events holds {len(filings)} filings; a call is filed once")
    if filings:
        if not ends or ends[0] > filings[0]:
            raise RecordError(f"{where}.events[{filings[0]}] files a call that has not ended")
        if "outcome" in events[ends[0]]:
            raise RecordError(f"{where}.events[{filings[0]}] files a call its end already filed")
        return events[filings[0]]
    if ends and ("outcome" in events[ends[0]]) != ("category" in events[ends[0]]):
        raise RecordError(f"{where}.events[{ends[0]}] needs both an outcome and a category, or neither")
    return events[ends[0]] if ends and "outcome" in events[ends[0]] else None


def _agree(call: dict, where: str, field: str, expected: object) -> None:
    """A record's field says what its log says (call_record derives it), or is left out."""
    if field in call and call[field] != expected:
        shown = "null" if expected is None else repr(expected)
        raise RecordError(f"{where}.{field} must be {shown}, as its events say")


def _check_note_numbers(events: list[dict], where: str) -> None:
    seen: set[int] = set()
    for index, event in enumerate(events):
        if event["type"] == ev.NOTE:
            number = event.get("n", len(seen))
            if number in seen:
                raise RecordError(f"{where}.events[{index}].n repeats note {number}")
            seen.add(number)
        elif event["type"] == ev.NOTE_EDIT and event["note"] not in seen:
            raise refusal(f"{where}.events[{index}].note", "the number of an earlier note")


def call_damage(record: object) -> str | None:
    """Why a stored call cannot be read as a call ("events[3].zone must be ..."), or None."""
    try:
        check_call(record, "call")
    except RecordError as error:
        return str(error).removeprefix("call.")
    except (TypeError, AttributeError, KeyError, IndexError, OverflowError):  # belt and braces: never a crash
        return "not a call record"
    return None


def event_damage(event: object) -> str | None:
    """Why one event cannot be read (a callback with a zone on Mars...), or None."""
    try:
        check_event(event, "event")
    except RecordError as error:
        return str(error).removeprefix("event.")
    except (TypeError, AttributeError, KeyError, IndexError, OverflowError):
        return "not an event"
    return None
