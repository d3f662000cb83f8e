"""The sentence the agent reads aloud to close the promise (METHOD.md, rule K1), in the caller's time."""

from __future__ import annotations

from datetime import date, datetime
from .intervals import zone_info

from .callback_window import Window


def _day(value: date, today: date) -> str:
    name = f"{value:%A} {value.day} {value:%B}"
    if value.year != today.year:
        name += f" {value.year}"
    offset = (value - today).days
    if offset == 0:
        return f"today, {name}"
    if offset == 1:
        return f"tomorrow, {name}"
    return f"on {name}"


def zone_phrase(window: Window) -> str:
    """"your time" when the caller's zone is certain, else the zone named: "Halifax time (AST)"."""
    if window.caller_zone_known:
        return "your time"
    city = window.caller_zone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time ({window.start.astimezone(zone_info(window.caller_zone)):%Z})"


def readback(window: Window, reading: str, now: datetime, *, invite: bool = True) -> str:
    """E.g. "I'll call you back tomorrow, Tuesday 24 November, between 10:00 and 12:00 your time,
    on 020 7031 3000. I'm sending you a calendar invite for it."

    `reading` is the number grouped for reading (contact.NumberCheck.reading); today and tomorrow
    are relative to the caller's local date at `now`.
    """
    start, end = window.local(window.caller_zone)
    today = now.astimezone(zone_info(window.caller_zone)).date()
    until = f"{end:%H:%M}"
    if end.date() != start.date():
        until += f" {_day(end.date(), today).removeprefix('on ')}"
    sentence = (
        f"I'll call you back {_day(start.date(), today)}, between {start:%H:%M} and {until} "
        f"{zone_phrase(window)}, on {reading}."
    )
    if invite:
        sentence += " I'm sending you a calendar invite for it."
    return sentence
