"""Weekly hours in local wall-clock time: the caller's legal calling hours and the agent's business hours.

Both are the same kind of object (`WeeklyHours`, in tui.domain.callback.weekly_hours with the
defaults); which zone they are read in is decided by the callback window. Tables look like this
in TOML (data/calling_hours.toml, read by tui.config.data_files, and config.toml):

    mon-fri = ["10:00-13:00", "14:00-20:00"]
    sat-sun = []

Day keys: mon..sun, a range such as "mon-fri", or "every_day". Days not named have no hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.domain.callback.weekly_hours import DEFAULT_BUSINESS_HOURS, DEFAULT_CALLING_HOURS, Span, WeeklyHours, span_text

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_REGION = re.compile(r"^[A-Z]{2}$")


class CallingHoursError(ValueError):
    """A calling-hours or business-hours table that cannot be used: names the file and the field."""


@dataclass(frozen=True)
class CallingHours:
    """Calling hours by region code, with a default for regions that have no entry."""

    default: WeeklyHours
    regions: tuple[tuple[str, WeeklyHours], ...] = ()  # a tuple, not a dict: keeps it hashable

    def for_region(self, region: str | None) -> WeeklyHours:
        for code, hours in self.regions:
            if code == region:
                return hours
        return self.default

    def with_overrides(self, table: dict, source: str) -> CallingHours:
        """Config's [calling_hours] (same shape as the data file) laid over these hours."""
        other = parse_calling_hours(table, source, require_default=False)
        default = other.default if "default" in table else self.default
        merged = dict(self.regions) | dict(other.regions)
        return CallingHours(default, tuple(sorted(merged.items())))


def _parse_span(text: object, where: str) -> Span:
    match = _SPAN.match(text) if isinstance(text, str) else None
    if not match:
        raise CallingHoursError(f'{where}: {text!r} should be a span like "09:00-18:00"')
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 23 or m1 > 59 or m2 > 59 or end > 24 * 60:
        raise CallingHoursError(f"{where}: {text!r} is not a time of day (00:00 to 24:00)")
    if end <= start:
        raise CallingHoursError(f"{where}: {text!r} ends before it starts (spans cannot cross midnight)")
    return start, end


def _day_indices(key: str, where: str) -> list[int]:
    if key in ("every_day", "daily"):
        return list(range(7))
    first, _, last = key.partition("-")
    if first not in DAY_NAMES or (last and last not in DAY_NAMES):
        raise CallingHoursError(f"{where}: day key {key!r} should be mon..sun, a range like mon-fri, or every_day")
    a, b = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
    if b < a:
        raise CallingHoursError(f"{where}: day range {key!r} runs backwards")
    return list(range(a, b + 1))


def parse_hours(table: object, where: str) -> WeeklyHours:
    """One weekly table; `where` ("calling_hours.toml: regions.FR") prefixes every error."""
    if not isinstance(table, dict) or not table:
        raise CallingHoursError(f'{where}: should be a table of day = ["HH:MM-HH:MM", ...]')
    days: list[list[Span] | None] = [None] * 7
    for key, spans in table.items():
        field = f"{where}.{key}"
        if not isinstance(spans, list):
            raise CallingHoursError(f'{field}: should be a list of spans, e.g. ["08:00-21:00"] (or [] for none)')
        parsed = sorted(_parse_span(span, field) for span in spans)
        for before, after in zip(parsed, parsed[1:]):
            if after[0] < before[1]:
                raise CallingHoursError(f"{field}: spans {span_text(before)} and {span_text(after)} overlap")
        for index in _day_indices(key, field):
            if days[index] is not None:
                raise CallingHoursError(f"{field}: {DAY_NAMES[index]} is already given by another key")
            days[index] = parsed
    return WeeklyHours(tuple(tuple(spans or ()) for spans in days))


def parse_calling_hours(raw: dict, source: str, *, require_default: bool = True) -> CallingHours:
    unknown = set(raw) - {"default", "regions"}
    if unknown:
        raise CallingHoursError(f"{source}: {sorted(unknown)[0]!r} is not a field (use [default] or [regions.XX])")
    if "default" in raw:
        default = parse_hours(raw["default"], f"{source}: default")
    elif require_default:
        raise CallingHoursError(f"{source}: needs a [default] table")
    else:
        default = DEFAULT_CALLING_HOURS
    regions_raw = raw.get("regions", {})
    if not isinstance(regions_raw, dict):
        raise CallingHoursError(f"{source}: regions should be tables like [regions.FR]")
    regions = []
    for code, table in sorted(regions_raw.items()):
        if not _REGION.match(code):
            raise CallingHoursError(f"{source}: regions.{code}: region codes are two capital letters, e.g. FR")
        regions.append((code, parse_hours(table, f"{source}: regions.{code}")))
    return CallingHours(default, tuple(regions))


def business_hours(table: dict | None = None, source: str = "config.toml") -> WeeklyHours:
    """The agent's business hours from config's [business_hours] table; Mon-Fri 09:00-18:00 without one."""
    if table is None:
        return DEFAULT_BUSINESS_HOURS
    return parse_hours(table, f"{source}: business_hours")
