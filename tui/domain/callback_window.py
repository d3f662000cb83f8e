"""The callback window: a time the agent can keep and the caller may legally be called (rule K1).

Everything is computed on UTC intervals: the agent's business hours in the agent's zone and the
caller's calling hours in every zone the number may be in (or the one zone the agent picked) are
turned into UTC intervals and intersected. Intervals are cut at DST changes so no proposed window
straddles one; a custom time in a DST gap is moved forward with a note, one in a fold is refused.
Pure and fast: the F5 panel recomputes this on every keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo

from .calling_hours import DEFAULT_BUSINESS_HOURS, DEFAULT_CALLING_HOURS, CallingHours, WeeklyHours

UTC = timezone.utc
PRESETS = ("within_2h", "later_today", "within_24h", "next_business_morning", "custom")
PRESET_LABELS = {
    "within_2h": "within 2 hours",
    "later_today": "later today",
    "within_24h": "within 24 hours",
    "next_business_morning": "next business morning",
    "custom": "custom",
}
Interval = tuple[datetime, datetime]   # aware UTC, [start, end)


class NumberLike(Protocol):
    """What a window needs from contact.NumberCheck."""

    region: str | None
    zones: tuple[str, ...]


@dataclass(frozen=True)
class WindowRules:
    """The desk's settings: built once from config, passed to every computation."""

    agent_zone: str
    business: WeeklyHours = DEFAULT_BUSINESS_HOURS
    calling: CallingHours = CallingHours(DEFAULT_CALLING_HOURS)
    length: timedelta = timedelta(hours=2)
    min_length: timedelta = timedelta(minutes=30)   # shortest window "within 2 h"/"later today" may offer
    step: timedelta = timedelta(minutes=15)          # proposals start on a quarter hour


@dataclass(frozen=True)
class Custom:
    """A window typed by the agent: a date and from-to, in the agent's or the caller's time."""

    day: date
    start: time
    end: time
    typed_in: str = "agent"   # "agent" or "caller"


@dataclass(frozen=True)
class Window:
    start: datetime            # aware, UTC
    end: datetime              # aware, UTC
    preset: str
    agent_zone: str
    caller_zone: str           # the zone the caller hears the time in
    zones: tuple[str, ...]     # caller zones the window was checked against
    zone_choice: str | None    # the zone the agent picked, if any

    @property
    def caller_zone_known(self) -> bool:
        return self.zone_choice is not None or len(self.zones) == 1

    def local(self, zone: str) -> tuple[datetime, datetime]:
        tz = ZoneInfo(zone)
        return self.start.astimezone(tz), self.end.astimezone(tz)

    def text_in(self, zone: str) -> str:
        return range_text(*self.local(zone))

    @property
    def agent_text(self) -> str:
        return self.text_in(self.agent_zone)

    @property
    def caller_text(self) -> str:
        return self.text_in(self.caller_zone)


@dataclass(frozen=True)
class WindowResult:
    window: Window | None = None
    problem: str | None = None       # a sentence for the agent when there is no window
    notes: tuple[str, ...] = ()      # shown beside a window: DST moves, fallbacks

    @property
    def ok(self) -> bool:
        return self.window is not None


# -- rendering ---------------------------------------------------------------------------------


def range_text(start: datetime, end: datetime) -> str:
    """"Tue 24 Nov 10:00-12:00 GMT"; both dates or both abbreviations when they differ."""
    day = f"{start:%a} {start.day} {start:%b}"
    if start.date() != end.date():
        return f"{day} {start:%H:%M} {start:%Z} - {end:%a} {end.day} {end:%b} {end:%H:%M} {end:%Z}"
    if start.tzname() != end.tzname():
        return f"{day} {start:%H:%M} {start:%Z}-{end:%H:%M} {end:%Z}"
    return f"{day} {start:%H:%M}-{end:%H:%M} {start:%Z}"


def _moment(value: datetime) -> str:
    return f"{value:%a} {value.day} {value:%b} {value.year} {value:%H:%M} {value:%Z}"


# -- wall-clock hours to UTC intervals ---------------------------------------------------------


def _wall_to_utc(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    # fold=0: a time in a gap lands after it, a time in a fold is its first occurrence
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return naive.replace(tzinfo=tz).astimezone(UTC)


def _offset(moment: datetime, tz: ZoneInfo) -> timedelta | None:
    return moment.astimezone(tz).utcoffset()


def _first_change(start: datetime, end: datetime, tz: ZoneInfo) -> datetime | None:
    """The first instant in (start, end] where the zone's UTC offset changes, to the minute."""
    before = _offset(start, tz)
    if _offset(end, tz) == before:
        return None   # no change, or two changes within one interval: not in any real zone
    low, high = start, end
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle <= low:
            break
        if _offset(middle, tz) == before:
            low = middle
        else:
            high = middle
    return high


def hours_in_utc(hours: WeeklyHours, zone: str, lo: datetime, hi: datetime) -> list[Interval]:
    """The hours as UTC intervals clipped to [lo, hi), merged, and cut at DST changes."""
    tz = ZoneInfo(zone)
    day = lo.astimezone(tz).date() - timedelta(days=1)
    last = hi.astimezone(tz).date()
    merged: list[Interval] = []
    while day <= last:
        for start_min, end_min in hours.spans_on(day):
            start = max(_wall_to_utc(day, start_min, tz), lo)
            end = min(_wall_to_utc(day, end_min, tz), hi)
            if start >= end:
                continue
            if merged and merged[-1][1] >= start:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        day += timedelta(days=1)
    pieces: list[Interval] = []
    for start, end in merged:
        cut = _first_change(start, end, tz)
        while cut is not None and start < cut < end:
            pieces.append((start, cut))
            start = cut
            cut = _first_change(start, end, tz)
        pieces.append((start, end))
    return pieces


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _covers(intervals: list[Interval], start: datetime, end: datetime) -> bool:
    reached = start
    for lo, hi in intervals:
        if lo > reached:
            return False
        reached = max(reached, hi)
        if reached >= end:
            return True
    return reached >= end
