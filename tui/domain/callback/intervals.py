"""Weekly wall-clock hours as UTC intervals: the arithmetic under the callback window.

A zone's hours become UTC intervals cut at every DST change, so no interval straddles one and a
window chosen inside an interval reads the same on the wall clock at both ends.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from tui.domain.callback.weekly_hours import WeeklyHours

Interval = tuple[datetime, datetime]  # aware UTC, [start, end)


@cache
def zone_info(name: str) -> ZoneInfo:
    """ZoneInfo keeps only 8 zones strongly; a US toll-free number has 42, re-read from disk each time."""
    return ZoneInfo(name)


def wall_to_utc(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    # fold=0: a time in a gap lands after it, a time in a fold is its first occurrence
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return naive.replace(tzinfo=tz).astimezone(UTC)


def _offset(moment: datetime, tz: ZoneInfo) -> timedelta:
    # An aware datetime in a ZoneInfo always has an offset; `or` only satisfies the type.
    return moment.astimezone(tz).utcoffset() or timedelta(0)


def _first_change(start: datetime, end: datetime, tz: ZoneInfo) -> datetime | None:
    """The first instant in (start, end] where the zone's UTC offset changes, to the minute."""
    before = _offset(start, tz)
    if _offset(end, tz) == before:
        return None  # no change, or two changes within one interval: not in any real zone
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


def _repeated_hour(moment: datetime, tz: ZoneInfo) -> Interval | None:
    """When the wall clock at `moment` shows a time that happens twice (a fold): the UTC span of
    both passes through the repeated hour. None for ordinary times."""
    naive = moment.astimezone(tz).replace(tzinfo=None)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    length = _offset(first, tz) - _offset(second, tz)
    if length <= timedelta(0):
        return None
    change = _first_change(first.astimezone(UTC), second.astimezone(UTC), tz)
    return (change - length, change + length) if change else None


def _cut_at_changes(start: datetime, end: datetime, tz: ZoneInfo) -> list[Interval]:
    """[start, end) without the repeated hour of a fold and split where the clocks jump forward,
    so a window inside one piece names unambiguous wall-clock times at both ends."""
    pieces: list[Interval] = []
    while start < end:
        repeated = _repeated_hour(start, tz)
        if repeated is not None:
            start = repeated[1]
            continue
        change = _first_change(start, end, tz)
        if change is None:
            pieces.append((start, end))
            break
        jump = _offset(change, tz) - _offset(start, tz)
        stop = change + min(jump, timedelta(0))  # a fold: stop before the first pass
        if start < stop:
            pieces.append((start, stop))
        start = max(change, start + timedelta(minutes=1))
    return pieces


def hours_in_utc(hours: WeeklyHours, zone: str, lo: datetime, hi: datetime, *, cut_dst: bool = True) -> list[Interval]:
    """The hours as UTC intervals clipped to [lo, hi), merged, and (cut_dst) cut at DST changes."""
    return list(_hours_in_utc(hours, zone, lo, hi, cut_dst))


@lru_cache(maxsize=512)  # each keystroke asks again for the same range: pay once per quarter hour
def _hours_in_utc(hours: WeeklyHours, zone: str, lo: datetime, hi: datetime, cut_dst: bool) -> tuple[Interval, ...]:
    tz = zone_info(zone)
    day = lo.astimezone(tz).date() - timedelta(days=1)
    last = hi.astimezone(tz).date()
    merged: list[Interval] = []
    while day <= last:
        for start_min, end_min in hours.spans_on(day):
            start = max(wall_to_utc(day, start_min, tz), lo)
            end = min(wall_to_utc(day, end_min, tz), hi)
            if start >= end:
                continue
            if merged and merged[-1][1] >= start:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        day += timedelta(days=1)
    if not cut_dst:
        return tuple(merged)
    return tuple(piece for start, end in merged for piece in _cut_at_changes(start, end, tz))


@lru_cache(maxsize=2048)
def same_clock_key(zone: str, lo: datetime, hi: datetime) -> tuple:
    """Zones with equal keys keep the same clock over [lo, hi): their hours give the same intervals.

    The 42 zones of a US toll-free number collapse to about ten, which keeps a keystroke cheap.
    """
    tz = zone_info(zone)
    first, last = _offset(lo, tz), _offset(hi, tz)
    return first, last, _first_change(lo, hi, tz) if first != last else None


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


def covers(intervals: list[Interval], start: datetime, end: datetime) -> bool:
    reached = start
    for lo, hi in intervals:
        if lo > reached:
            return False
        reached = max(reached, hi)
        if reached >= end:
            return True
    return reached >= end
