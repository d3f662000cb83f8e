"""The sentence the agent reads aloud to close the promise (METHOD.md, rule K1), in the caller's time.

In the agent's language (config `language`): the sentences come from the gettext catalogs, the
dates and times from local_dates, so each language orders them its own way, e.g.
"내일(11월 24일 화요일) 고객님 시간 기준 오전 10시에서 낮 12시 사이에 020 7031 3000번으로 다시 전화드리겠습니다."
"""

from __future__ import annotations

from datetime import date, datetime

from tui.domain.callback.intervals import zone_info
from tui.domain.callback.window import Window
from tui.domain.text.local_dates import long_date, spoken_time
from tui.support.i18n import _


def _day(value: date, today: date, *, alone: bool = False) -> str:
    """ "tomorrow, Tuesday 24 November"; "on Tuesday 24 November" (plain date when `alone`, after a time)."""
    name = long_date(value, year=value.year != today.year)
    offset = (value - today).days
    if offset == 0:
        return _("today, {date}").format(date=name)
    if offset == 1:
        return _("tomorrow, {date}").format(date=name)
    return name if alone else _("on {date}").format(date=name)


def zone_phrase(window: Window) -> str:
    """ "your time" when the caller's zone is certain, else the zone named: "Halifax time (AST)"."""
    if window.caller_zone_known:
        return _("your time")
    city = window.caller_zone.rsplit("/", 1)[-1].replace("_", " ")
    abbreviation = f"{window.start.astimezone(zone_info(window.caller_zone)):%Z}"
    return _("{city} time ({abbreviation})").format(city=city, abbreviation=abbreviation)


def readback(window: Window, reading: str, now: datetime, *, invite: bool = True) -> str:
    """E.g. "I'll call you back tomorrow, Tuesday 24 November, between 10:00 and 12:00 your time,
    on 020 7031 3000. I'm sending you a calendar invite for it."

    `reading` is the number grouped for reading (contact.NumberCheck.reading); today and tomorrow
    are relative to the caller's local date at `now`.
    """
    start, end = window.local(window.caller_zone)
    today = now.astimezone(zone_info(window.caller_zone)).date()
    until = spoken_time(end, after=start)
    if end.date() != start.date():
        until = _("{time} {day}").format(time=spoken_time(end), day=_day(end.date(), today, alone=True))
    sentence = _("I'll call you back {day}, between {start} and {end} {zone}, on {number}.").format(
        day=_day(start.date(), today),
        start=spoken_time(start),
        end=until,
        zone=zone_phrase(window),
        number=reading,
    )
    if invite:
        sentence += _(" I'm sending you a calendar invite for it.")
    return sentence
