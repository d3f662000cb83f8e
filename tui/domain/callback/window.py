"""The callback window: a time the agent can keep and the caller may legally be called (rule K1).

Everything is computed on UTC intervals: the agent's business hours in the agent's zone and the
caller's calling hours in every zone the number may be in (or the one zone the agent picked) are
turned into UTC intervals and intersected. Intervals are cut at DST changes so no proposed window
straddles one; a custom time in a DST gap is moved forward with a note, one in a fold is refused.
Pure and fast: the F5 panel recomputes this on every keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

from tui.domain.callback.calling_hours import CallingHours
from tui.domain.callback.contact import known_zone
from tui.domain.callback.intervals import Interval, covers, hours_in_utc, intersect, same_clock_key, wall_to_utc, zone_info
from tui.domain.callback.weekly_hours import DEFAULT_BUSINESS_HOURS, DEFAULT_CALLING_HOURS, WeeklyHours
from tui.domain.text.local_dates import short_date
from tui.support.i18n import N_, _

PRESETS = ("within_2h", "later_today", "within_24h", "next_business_morning", "custom")
PRESET_LABELS = {
    "within_2h": "within 2 hours",
    "later_today": "later today",
    "within_24h": "within 24 hours",
    "next_business_morning": "next business morning",
    "custom": "custom",
    "first_possible": "first possible time",  # what propose() falls back to beyond 24 hours
}


class NumberLike(Protocol):
    """What a window needs from contact.NumberCheck (read-only, as that dataclass is frozen)."""

    @property
    def region(self) -> str | None: ...

    @property
    def zones(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class WindowRules:
    """The desk's settings: built once from config, passed to every computation."""

    agent_zone: str
    business: WeeklyHours = DEFAULT_BUSINESS_HOURS
    calling: CallingHours = CallingHours(DEFAULT_CALLING_HOURS)
    length: timedelta = timedelta(hours=2)
    min_length: timedelta = timedelta(minutes=30)  # shortest window "within 2 h"/"later today" may offer
    step: timedelta = timedelta(minutes=15)  # proposals start on a quarter hour


@dataclass(frozen=True)
class Custom:
    """A window typed by the agent: a date and from-to, in the agent's or the caller's time."""

    day: date
    start: time
    end: time
    typed_in: str = "agent"  # "agent" or "caller"
    part: str | None = None  # a part of the day said alone ("tomorrow afternoon"): a span to call within


@dataclass(frozen=True)
class Window:
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC
    preset: str
    agent_zone: str
    caller_zone: str  # the zone the caller hears the time in
    zones: tuple[str, ...]  # caller zones the window was checked against
    zone_choice: str | None  # the zone the agent picked, if any

    @property
    def caller_zone_known(self) -> bool:
        """Whether "your time" is unambiguous: one zone, or every zone reads the same clock here."""
        if self.zone_choice is not None or len(self.zones) == 1:
            return True
        offsets = {(self.start.astimezone(zone_info(z)).utcoffset(), self.end.astimezone(zone_info(z)).utcoffset()) for z in self.zones}
        return len(offsets) == 1

    def local(self, zone: str) -> tuple[datetime, datetime]:
        tz = zone_info(zone)
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
    problem: str | None = None  # a sentence for the agent when there is no window
    notes: tuple[str, ...] = ()  # shown beside a window: DST moves, fallbacks

    @property
    def ok(self) -> bool:
        return self.window is not None


# -- rendering ---------------------------------------------------------------------------------


def range_text(start: datetime, end: datetime) -> str:
    """ "Tue 24 Nov 10:00-12:00 GMT" ("11월 24일(화) 10:00-12:00 GMT" in Korean: local_dates);
    both dates or both abbreviations when they differ."""
    day = short_date(start.date())
    if start.date() != end.date():
        return f"{day} {start:%H:%M} {start:%Z} - {short_date(end.date())} {end:%H:%M} {end:%Z}"
    if start.tzname() != end.tzname():
        return f"{day} {start:%H:%M} {start:%Z}-{end:%H:%M} {end:%Z}"
    return f"{day} {start:%H:%M}-{end:%H:%M} {start:%Z}"


def _moment(value: datetime) -> str:
    return f"{short_date(value.date(), year=True)} {value:%H:%M} {value:%Z}"


# -- the search --------------------------------------------------------------------------------


def _snap(moment: datetime, step: timedelta, up: bool) -> datetime:
    seconds = step.total_seconds()
    stamp = moment.timestamp()
    count = -(-stamp // seconds) if up else stamp // seconds
    return datetime.fromtimestamp(count * seconds, UTC)


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        return _("{hours}-hour").format(hours=minutes // 60)
    return _("{minutes}-minute").format(minutes=minutes)


def _caller_zones(number: NumberLike, zone_choice: str | None) -> tuple[tuple[str, ...], str] | str:
    """(zones the window must be legal in, zone the caller hears), or a problem sentence."""
    if zone_choice:
        if not known_zone(zone_choice):
            return _("{zone} is not a time zone; pick one such as America/Chicago.").format(zone=repr(zone_choice))
        return (zone_choice,), zone_choice
    if not number.zones:
        return _("The time zone of this number is not known; pick the caller's time zone.")
    return tuple(number.zones), number.zones[0]


def _caller_intervals(rules: WindowRules, region: str | None, zones: tuple[str, ...], lo: datetime, hi: datetime) -> list[Interval] | None:
    hours = rules.calling.for_region(region)
    legal: list[Interval] | None = None
    seen = set()
    for zone in zones:
        clock = same_clock_key(zone, lo, hi)
        if clock in seen:
            continue
        seen.add(clock)
        mine = hours_in_utc(hours, zone, lo, hi)
        legal = mine if legal is None else intersect(legal, mine)
        if not legal:
            break
    return legal


def legal_intervals(rules: WindowRules, region: str | None, zones: tuple[str, ...], lo: datetime, hi: datetime) -> list[Interval]:
    """UTC stretches in [lo, hi) inside the agent's business hours and the caller's calling hours in every zone."""
    agent = hours_in_utc(rules.business, rules.agent_zone, lo, hi)
    return intersect(agent, _caller_intervals(rules, region, zones, lo, hi) or []) if agent else []


def _first_fit(intervals: list[Interval], lo: datetime, cap: timedelta, need: timedelta) -> Interval | None:
    for start, end in intervals:
        start = max(start, lo)
        if end - start >= need:
            return start, min(end, start + cap)
    return None


def _refusal(rules: WindowRules, region: str | None, zones: tuple[str, ...], lo: datetime, hi: datetime, what: str, need: timedelta) -> str:
    """`what` is an English phrase marked with N_ ("in the next 2 hours"), translated here."""
    business = _("{hours} in {zone}").format(hours=rules.business.describe(), zone=rules.agent_zone)
    hours = rules.calling.for_region(region).describe()
    if len(zones) == 1:
        calling = _("{hours} in {zone}").format(hours=hours, zone=zones[0])
    else:
        calling = _("{hours} in all {count} of the number's time zones").format(hours=hours, count=len(zones))
    parts = {"length": _duration(need), "when": _(what), "business": business, "calling": calling}
    if not _first_fit(hours_in_utc(rules.business, rules.agent_zone, lo, hi), lo, need, need):
        sentence = _("No {length} window {when} is inside your business hours ({business}).").format(**parts)
    elif not _first_fit(_caller_intervals(rules, region, zones, lo, hi) or [], lo, need, need):
        sentence = _("No {length} window {when} is inside the caller's calling hours ({calling}).").format(**parts)
    else:
        sentence = _(
            "No {length} window {when} is inside both your business hours ({business}) and the caller's calling hours ({calling})."
        ).format(**parts)
    if len(zones) > 1:
        sentence += _(" Pick the caller's time zone to narrow it down.")
    return sentence


def _dst_notes(window: Window, since: datetime | None) -> tuple[str, ...]:
    """Clock changes the agent should see: during the window, or between now and the window."""
    notes = []
    for zone in dict.fromkeys((window.agent_zone, window.caller_zone)):
        start, end = window.local(zone)
        if start.utcoffset() != end.utcoffset():
            notes.append(
                _("The clocks change in {zone} during this window ({before} to {after}).").format(
                    zone=zone, before=f"{start:%Z}", after=f"{end:%Z}"
                )
            )
        elif since is not None and since.astimezone(zone_info(zone)).utcoffset() != start.utcoffset():
            before = since.astimezone(zone_info(zone))
            notes.append(
                _("The clocks change in {zone} before this window ({before} to {after}).").format(
                    zone=zone, before=f"{before:%Z}", after=f"{start:%Z}"
                )
            )
    return tuple(notes)


def _result(
    rules: WindowRules,
    preset: str,
    span: Interval,
    zones: tuple[str, ...],
    caller_zone: str,
    zone_choice: str | None,
    notes: tuple[str, ...] = (),
    since: datetime | None = None,
) -> WindowResult:
    window = Window(span[0], span[1], preset, rules.agent_zone, caller_zone, zones, zone_choice)
    return WindowResult(window, None, tuple(notes) + _dst_notes(window, since))


def compute_window(
    rules: WindowRules,
    number: NumberLike,
    preset: str,
    now: datetime,
    *,
    zone_choice: str | None = None,
    custom: Custom | None = None,
) -> WindowResult:
    """The window for a preset (PRESETS), or a sentence saying why there is none. `now` is aware."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; one of {', '.join(PRESETS)}")
    side = _caller_zones(number, zone_choice)
    if isinstance(side, str):
        return WindowResult(problem=side)
    zones, caller_zone = side
    now = now.astimezone(UTC)
    if preset == "custom":
        if custom is None:
            raise ValueError("the custom preset needs a Custom(day, start, end, typed_in)")
        return _custom(rules, number.region, zones, caller_zone, zone_choice, custom, now)
    if preset == "next_business_morning":
        return _next_morning(rules, number.region, zones, caller_zone, zone_choice, now)
    lo = _snap(now, rules.step, up=True)
    if preset == "within_2h":
        hi, need, what = _snap(now + timedelta(hours=2), rules.step, up=False), rules.min_length, N_("in the next 2 hours")
    elif preset == "later_today":
        tz = zone_info(caller_zone)
        midnight = datetime.combine(now.astimezone(tz).date() + timedelta(days=1), time(), tz).astimezone(UTC)
        hi, need, what = midnight, rules.min_length, N_("later today (the caller's today)")
    else:
        hi, need, what = _snap(now + timedelta(hours=24), rules.step, up=False), rules.length, N_("in the next 24 hours")
    fit = _first_fit(legal_intervals(rules, number.region, zones, lo, hi), lo, rules.length, need)
    if fit is None:
        return WindowResult(problem=_refusal(rules, number.region, zones, lo, hi, what, need))
    return _result(rules, preset, fit, zones, caller_zone, zone_choice, since=now)


def _next_morning(
    rules: WindowRules, region: str | None, zones: tuple[str, ...], caller_zone: str, zone_choice: str | None, now: datetime
) -> WindowResult:
    """The first legal window on the agent's next business day: first thing, as far as the caller's
    hours allow. Today counts while the agent's day has not begun."""
    tz = zone_info(rules.agent_zone)
    today = now.astimezone(tz).date()
    for ahead in range(15):
        day = today + timedelta(days=ahead)
        spans = rules.business.spans_on(day)
        if not spans:
            continue
        opens = wall_to_utc(day, spans[0][0], tz)
        if opens < now:
            continue
        legal = legal_intervals(rules, region, zones, opens, wall_to_utc(day, spans[-1][1], tz))
        fit = _first_fit(legal, opens, rules.length, rules.length)
        if fit:
            return _result(rules, "next_business_morning", fit, zones, caller_zone, zone_choice, since=now)
    lo = _snap(now, rules.step, up=True)
    what = N_("on any business day of the next two weeks")
    return WindowResult(problem=_refusal(rules, region, zones, lo, lo + timedelta(days=15), what, rules.length))


def propose(rules: WindowRules, number: NumberLike, now: datetime, *, zone_choice: str | None = None) -> WindowResult:
    """What Enter accepts (DESIGN.md): the first legal window of the default length in the next 24 hours,
    or else the first one in the next week, with the reason shown as a note."""
    result = compute_window(rules, number, "within_24h", now, zone_choice=zone_choice)
    side = _caller_zones(number, zone_choice)
    if result.ok or isinstance(side, str):
        return result
    zones, caller_zone = side
    lo = _snap(now.astimezone(UTC), rules.step, up=True)
    fit = _first_fit(legal_intervals(rules, number.region, zones, lo, lo + timedelta(days=7)), lo, rules.length, rules.length)
    if fit is None:
        return result
    note = (result.problem or "") + _(" This is the first possible time.")
    return _result(rules, "first_possible", fit, zones, caller_zone, zone_choice, (note,), since=now)


# -- a window typed by the agent ---------------------------------------------------------------


def _resolve(day: date, wall: time, tz: tzinfo, zone: str) -> tuple[datetime | None, str | None, str | None]:
    """(UTC instant, problem, note) for a wall-clock time typed in `zone`."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0)
    if first.utcoffset() == naive.replace(tzinfo=tz, fold=1).utcoffset():
        return first.astimezone(UTC), None, None
    moment = first.astimezone(UTC)
    when = _("{time} on {date} in {zone}").format(time=f"{wall:%H:%M}", date=short_date(day, year=True), zone=zone)
    if moment.astimezone(tz).replace(tzinfo=None) != naive:
        moved = f"{moment.astimezone(tz):%H:%M %Z}"
        return moment, None, _("{when} does not exist (the clocks go forward); moved to {moved}.").format(when=when, moved=moved)
    return None, _("{when} happens twice (the clocks go back); choose a time outside the repeated hour.").format(when=when), None


def _custom(
    rules: WindowRules,
    region: str | None,
    zones: tuple[str, ...],
    caller_zone: str,
    zone_choice: str | None,
    custom: Custom,
    now: datetime,
) -> WindowResult:
    if custom.typed_in == "caller":
        if zone_choice is None and len(zones) > 1:
            return WindowResult(
                problem=_("This number spans {count} time zones; pick the caller's zone before typing a time in it.").format(
                    count=len(zones)
                )
            )
        zone = caller_zone
    elif custom.typed_in == "agent":
        zone = rules.agent_zone
    else:
        raise ValueError(f"typed_in must be 'agent' or 'caller', not {custom.typed_in!r}")
    tz = zone_info(zone)
    end_day = custom.day + timedelta(days=1) if custom.end == time(0) else custom.day  # "to 00:00" ends at midnight
    start, problem, note_start = _resolve(custom.day, custom.start, tz, zone)
    end, problem_end, note_end = _resolve(end_day, custom.end, tz, zone)
    problem = problem or problem_end
    if problem or start is None or end is None:
        return WindowResult(problem=problem)
    notes = tuple(note for note in (note_start, note_end) if note)
    if end <= start:
        problem = _("The window must end after it starts ({start} to {end}).").format(
            start=f"{custom.start:%H:%M}", end=f"{custom.end:%H:%M} {zone}"
        )
        return WindowResult(problem=problem, notes=notes)
    if end <= now:
        return WindowResult(
            problem=_("That window is already over (it ended {moment}).").format(moment=_moment(end.astimezone(tz))), notes=notes
        )
    agent_local = range_text(start.astimezone(zone_info(rules.agent_zone)), end.astimezone(zone_info(rules.agent_zone)))
    if not covers(hours_in_utc(rules.business, rules.agent_zone, start, end, cut_dst=False), start, end):
        business = _("{hours} in {zone}").format(hours=rules.business.describe(), zone=rules.agent_zone)
        return WindowResult(
            problem=_("{window} is outside your business hours ({business}).").format(window=agent_local, business=business), notes=notes
        )
    hours = rules.calling.for_region(region)
    for caller in zones:
        if not covers(hours_in_utc(hours, caller, start, end, cut_dst=False), start, end):
            there = range_text(start.astimezone(zone_info(caller)), end.astimezone(zone_info(caller)))
            return WindowResult(
                problem=_("{window} is {there} for the caller, outside their calling hours ({hours}).").format(
                    window=agent_local, there=there, hours=_("{hours} in {zone}").format(hours=hours.describe(), zone=caller)
                ),
                notes=notes,
            )
    return _result(rules, "custom", (start, end), zones, caller_zone, zone_choice, notes, since=now)
