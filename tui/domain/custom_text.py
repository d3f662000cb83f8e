"""A custom callback window as the agent types it: "tomorrow 10-12", "fri 14:30-16:00", "2026-11-24 9:00-11:00".

The day is read relative to `today` in the zone the time is typed in (the agent's or the caller's);
without a day it is today. Returns a callback_window.Custom, or a sentence saying what is wrong.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from .callback_window import Custom, NumberLike, WindowResult, WindowRules, compute_window
from .intervals import zone_info

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TEXT = re.compile(
    r"^\s*(?:(?P<day>[a-z]+|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-z]{3,9})\s+)?"
    r"(?P<h1>\d{1,2})(?::(?P<m1>\d{2}))?\s*-\s*(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?\s*$"
)
FORM = "a day and from-to, e.g. \"tomorrow 10:00-12:00\", \"fri 14-16\" or \"2026-11-24 9:30-11:00\""


def parse_custom(text: str, today: date, typed_in: str = "agent") -> Custom | str:
    match = _TEXT.match(text.lower())
    if not match:
        return f"Type {FORM}."
    day = _day(match.group("day"), today)
    if isinstance(day, str):
        return day
    start = _time(match.group("h1"), match.group("m1"))
    end = _time(match.group("h2"), match.group("m2"))
    if start is None or end is None:
        return "Times run from 00:00 to 24:00 (24:00 only as the end)."
    if end == time(0) and match.group("h2") != "24":
        return f"The window must end after it starts ({start:%H:%M} to 00:00); write 24:00 for midnight."
    if end != time(0) and end <= start:
        return f"The window must end after it starts ({start:%H:%M} to {end:%H:%M})."
    return Custom(day, start, end, typed_in)


def custom_window(
    rules: WindowRules, number: NumberLike, text: str, now: datetime, *, typed_in: str = "agent", zone_choice: str | None = None
) -> WindowResult:
    """The window for typed text, as the F5 panel and the queue's reschedule both read it: days are
    counted from today in the zone the time is typed in (the agent's, or the caller's picked or first zone)."""
    if typed_in == "agent":
        zone = rules.agent_zone
    else:
        zone = zone_choice or (number.zones or (rules.agent_zone,))[0]
    custom = parse_custom(text, now.astimezone(zone_info(zone)).date(), typed_in)
    if isinstance(custom, str):
        return WindowResult(problem=custom)
    return compute_window(rules, number, "custom", now, zone_choice=zone_choice, custom=custom)


def _time(hours: str, minutes: str | None) -> time | None:
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return time(0)      # "to 24:00": Custom reads an end of 00:00 as midnight
    if h > 23 or m > 59:
        return None
    return time(h, m)


def _day(word: str | None, today: date) -> date | str:
    if word is None or word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word[:3] in _WEEKDAYS and word.isalpha():
        return today + timedelta(days=(_WEEKDAYS.index(word[:3]) - today.weekday()) % 7)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            return f"{word} is not a date."
    parts = word.split()
    if len(parts) == 2 and parts[1][:3] in _MONTHS:
        month, number = _MONTHS.index(parts[1][:3]) + 1, int(parts[0])
        for year in (today.year, today.year + 1):   # "3 jan" in December is next year's
            try:
                candidate = date(year, month, number)
            except ValueError:
                return f"{word} is not a date."
            if candidate >= today:
                return candidate
    return f"{word!r} is not a day: type today, tomorrow, a weekday, a date like 2026-11-24 or 24 nov."
