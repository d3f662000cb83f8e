"""Callback windows (issue 3): presets, business and calling hours in every zone, DST, refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest

from tui.config.data_files import shipped_calling_hours
from tui.domain.callback.calling_hours import CallingHours, business_hours
from tui.domain.callback.contact import check_number
from tui.domain.callback.weekly_hours import ALWAYS
from tui.domain.callback.window import PRESETS, Custom, WindowRules, compute_window, propose

UTC = UTC
CALLING = shipped_calling_hours()
LONDON = WindowRules("Europe/London", calling=CALLING)
MONDAY_1407 = datetime(2026, 11, 23, 14, 7, tzinfo=UTC)  # 14:07 GMT, 09:07 EST, 15:07 CET


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def number(text: str):
    checked = check_number(text, None)
    assert checked.ok, checked.problem
    return checked


@dataclass(frozen=True)
class Somewhere:
    """A number whose zones are given directly (the window needs only region and zones)."""

    region: str | None
    zones: tuple[str, ...]


@pytest.mark.parametrize(
    ("caller", "preset", "start", "end", "agent_text", "caller_text"),
    [
        ("+44 20 7031 3000", "within_24h", at(23, 14, 15), at(23, 16, 15), "Mon 23 Nov 14:15-16:15 GMT", "Mon 23 Nov 14:15-16:15 GMT"),
        ("+1 212 555 0100", "within_24h", at(23, 14, 15), at(23, 16, 15), "Mon 23 Nov 14:15-16:15 GMT", "Mon 23 Nov 09:15-11:15 EST"),
        ("+1 212 555 0100", "within_2h", at(23, 14, 15), at(23, 16, 0), "Mon 23 Nov 14:15-16:00 GMT", "Mon 23 Nov 09:15-11:00 EST"),
        ("+1 212 555 0100", "later_today", at(23, 14, 15), at(23, 16, 15), "Mon 23 Nov 14:15-16:15 GMT", "Mon 23 Nov 09:15-11:15 EST"),
        # next business morning: Tuesday, first thing the New York caller may be called (08:00 EST)
        ("+1 212 555 0100", "next_business_morning", at(24, 13), at(24, 15), "Tue 24 Nov 13:00-15:00 GMT", "Tue 24 Nov 08:00-10:00 EST"),
        ("+44 20 7031 3000", "next_business_morning", at(24, 9), at(24, 11), "Tue 24 Nov 09:00-11:00 GMT", "Tue 24 Nov 09:00-11:00 GMT"),
        ("+81 3 1234 5678", "within_24h", at(24, 9), at(24, 11), "Tue 24 Nov 09:00-11:00 GMT", "Tue 24 Nov 18:00-20:00 JST"),
    ],
)
def test_presets(caller, preset, start, end, agent_text, caller_text):
    result = compute_window(LONDON, number(caller), preset, MONDAY_1407)
    assert result.ok, result.problem
    window = result.window
    assert (window.start, window.end) == (start, end)
    assert window.start.tzinfo is UTC and window.end.tzinfo is UTC
    assert (window.agent_text, window.caller_text) == (agent_text, caller_text)
    assert window.preset == preset


def test_propose_is_the_first_default_length_window_in_the_next_24_hours():
    result = propose(LONDON, number("+1 212 555 0100"), MONDAY_1407)
    assert (result.window.start, result.window.end, result.window.preset) == (at(23, 14, 15), at(23, 16, 15), "within_24h")
    assert result.notes == ()


@pytest.mark.parametrize(("length", "end"), [(timedelta(hours=1), at(23, 15, 15)), (timedelta(minutes=90), at(23, 15, 45))])
def test_window_length_is_configurable(length, end):
    rules = WindowRules("Europe/London", calling=CALLING, length=length)
    assert propose(rules, number("+44 20 7031 3000"), MONDAY_1407).window.end == end


def test_later_today_ends_with_the_callers_day():
    # 19:40 GMT is 20:40 in Paris: the caller's day has no legal time left
    result = compute_window(WindowRules("Europe/London", business=ALWAYS), number("+49 30 123456"), "later_today", at(23, 19, 40))
    assert not result.ok
    assert "later today" in result.problem and "Europe/Berlin" in result.problem


# -- France's weekday rule ---------------------------------------------------------------------


def test_france_skips_the_lunch_break():
    # Monday 12:00 in Paris: only an hour before the 13:00-14:00 break, so 14:00-16:00 CET
    result = propose(LONDON, number("+33 1 42 68 53 00"), at(23, 11))
    assert result.window.caller_text == "Mon 23 Nov 14:00-16:00 CET"


def test_france_weekend_is_refused_then_monday_is_proposed():
    rules = WindowRules("Europe/London", business=ALWAYS, calling=CALLING)  # the agent works weekends
    friday_evening = at(27, 19, 30)  # 20:30 in Paris: after 20:00, and the weekend has no hours
    refused = compute_window(rules, number("+33 1 42 68 53 00"), "within_24h", friday_evening)
    assert refused.problem == (
        "No 2-hour window in the next 24 hours is inside the caller's calling hours (Mon-Fri 10:00-13:00, 14:00-20:00 in Europe/Paris)."
    )
    proposed = propose(rules, number("+33 1 42 68 53 00"), friday_evening)
    assert proposed.window.caller_text == "Mon 30 Nov 10:00-12:00 CET"
    assert proposed.window.preset == "first_possible"
    assert proposed.notes[0].startswith(refused.problem)


def test_france_saturday_custom_window_is_refused():
    rules = WindowRules("Europe/London", business=ALWAYS, calling=CALLING)
    custom = Custom(date(2026, 11, 28), time(10), time(12), typed_in="caller")
    result = compute_window(rules, number("+33 1 42 68 53 00"), "custom", MONDAY_1407, custom=custom)
    assert result.problem == (
        "Sat 28 Nov 09:00-11:00 GMT is Sat 28 Nov 10:00-12:00 CET for the caller, outside their calling hours "
        "(Mon-Fri 10:00-13:00, 14:00-20:00 in Europe/Paris)."
    )
    # the same numbers in Germany are fine on a Saturday
    assert compute_window(rules, number("+49 30 123456"), "custom", MONDAY_1407, custom=custom).ok


# -- business hours that close before calling hours open ---------------------------------------


def test_business_hours_closing_before_calling_hours_open_are_refused():
    rules = WindowRules("Europe/London", business=business_hours({"mon-fri": ["09:00-12:00"]}), calling=CALLING)
    result = propose(rules, number("+1 212 555 0100"), MONDAY_1407)
    assert not result.ok
    assert result.problem == (
        "No 2-hour window in the next 24 hours is inside both your business hours (Mon-Fri 09:00-12:00 in "
        "Europe/London) and the caller's calling hours (every day 08:00-21:00 in America/New_York)."
    )


def test_a_short_overlap_is_offered_within_two_hours_but_not_as_a_full_window():
    rules = WindowRules("Europe/London", business=business_hours({"mon-fri": ["09:00-14:00"]}), calling=CALLING)
    caller = number("+1 212 555 0100")  # opens 13:00 GMT: one shared hour
    short = compute_window(rules, caller, "within_2h", at(23, 12, 30))
    assert (short.window.start, short.window.end) == (at(23, 13), at(23, 14))
    assert not compute_window(rules, caller, "within_24h", at(23, 12, 30)).ok


def test_outside_business_hours_says_so():
    result = compute_window(LONDON, number("+44 20 7031 3000"), "within_2h", at(23, 18, 30))
    assert result.problem == "No 30-minute window in the next 2 hours is inside your business hours (Mon-Fri 09:00-18:00 in Europe/London)."


# -- numbers in several zones ------------------------------------------------------------------


def test_us_toll_free_must_be_legal_in_every_zone_or_the_agent_picks_one():
    toll_free = number("+1 800 555 0199")
    refused = propose(LONDON, toll_free, MONDAY_1407)
    assert not refused.ok
    assert f"in all {len(toll_free.zones)} of the number's time zones" in refused.problem
    assert refused.problem.endswith("Pick the caller's time zone to narrow it down.")
    picked = propose(LONDON, toll_free, MONDAY_1407, zone_choice="America/Chicago")
    assert picked.window.caller_text == "Mon 23 Nov 08:15-10:15 CST"
    assert picked.window.zone_choice == "America/Chicago" and picked.window.zones == ("America/Chicago",)


def test_newfoundland_half_hour_zone_moves_the_window():
    caller = number("+1 709 555 0123")  # America/Halifax and America/St_Johns (UTC-3:30)
    both = propose(LONDON, caller, at(23, 11))
    assert (both.window.start, both.window.end) == (at(23, 12), at(23, 14))  # 08:00 in Halifax
    assert both.window.text_in("America/St_Johns") == "Mon 23 Nov 08:30-10:30 NST"
    assert not both.window.caller_zone_known
    only_st_johns = propose(LONDON, caller, at(23, 11), zone_choice="America/St_Johns")
    assert (only_st_johns.window.start, only_st_johns.window.caller_text) == (at(23, 11, 30), "Mon 23 Nov 08:00-10:00 NST")


def test_russian_mobile_spans_too_many_zones_until_one_is_picked():
    caller = number("+7 912 345 6789")
    assert not propose(LONDON, caller, MONDAY_1407).ok
    picked = propose(LONDON, caller, MONDAY_1407, zone_choice="Asia/Yekaterinburg")
    assert picked.window.caller_text == "Tue 24 Nov 14:00-16:00 +05"  # 14:15-16:00 GMT today is too short


def test_australian_mobile_is_legal_in_all_eight_zones_from_singapore():
    rules = WindowRules("Asia/Singapore", calling=CALLING)
    caller = number("+61 412 345 678")
    result = propose(rules, caller, at(23, 0, 10))
    # Indian/Cocos (UTC+6:30) is among them: 08:00 there is 01:30 UTC
    assert (result.window.start, result.window.end) == (at(23, 1, 30), at(23, 3, 30))
    for zone in caller.zones:
        start, end = result.window.local(zone)
        assert time(8) <= start.time() and end.time() <= time(21), zone
    assert not propose(LONDON, caller, MONDAY_1407).ok  # from London only an hour overlaps


def test_same_clock_zones_count_as_one():
    window = propose(LONDON, number("+44 7400 123456"), MONDAY_1407).window
    assert len(window.zones) > 1 and window.caller_zone == "Europe/London"
    assert window.caller_zone_known


def test_unknown_zone_needs_a_pick():
    unknown = Somewhere(region="GB", zones=())
    assert propose(LONDON, unknown, MONDAY_1407).problem == "The time zone of this number is not known; pick the caller's time zone."
    assert propose(LONDON, unknown, MONDAY_1407, zone_choice="Europe/Dublin").ok


# -- DST in New York ---------------------------------------------------------------------------

NEW_YORK = Somewhere(region="US", zones=("America/New_York",))
AROUND_THE_CLOCK = WindowRules("America/New_York", business=ALWAYS, calling=CallingHours(ALWAYS))


def test_gap_time_is_shifted_with_a_note():
    custom = Custom(date(2026, 3, 8), time(2, 30), time(4, 0), typed_in="caller")
    result = compute_window(AROUND_THE_CLOCK, NEW_YORK, "custom", at(1, 0, month=3), custom=custom)
    assert result.window.start == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert result.window.caller_text == "Sun 8 Mar 03:30-04:00 EDT"
    assert result.notes == (
        "02:30 on Sun 8 Mar 2026 in America/New_York does not exist (the clocks go forward); moved to 03:30 EDT.",
        "The clocks change in America/New_York before this window (EST to EDT).",
    )


def test_gap_note_survives_a_refusal():
    custom = Custom(date(2026, 3, 8), time(2, 30), time(4, 0), typed_in="caller")
    result = compute_window(LONDON, NEW_YORK, "custom", at(1, 0, month=3), custom=custom)
    assert not result.ok and "outside your business hours" in result.problem
    assert "does not exist" in result.notes[0]


def test_fold_time_is_refused():
    custom = Custom(date(2026, 11, 1), time(1, 30), time(3, 0), typed_in="caller")
    result = compute_window(AROUND_THE_CLOCK, NEW_YORK, "custom", at(20, 0, month=10), custom=custom)
    assert not result.ok
    assert (
        result.problem
        == "01:30 on Sun 1 Nov 2026 in America/New_York happens twice (the clocks go back); choose a time outside the repeated hour."
    )


def test_custom_window_across_the_fold_is_kept_with_a_note():
    custom = Custom(date(2026, 11, 1), time(0, 30), time(3, 0), typed_in="caller")
    result = compute_window(AROUND_THE_CLOCK, NEW_YORK, "custom", at(20, 0, month=10), custom=custom)
    assert result.window.end - result.window.start == timedelta(hours=3, minutes=30)
    assert result.window.caller_text == "Sun 1 Nov 00:30 EDT-03:00 EST"
    assert result.notes == ("The clocks change in America/New_York during this window (EDT to EST).",)


@pytest.mark.parametrize(
    ("now", "start", "caller_text"),
    [
        # 01:10 EST, just before the gap: 01:15-02:00 is too short, so the window starts at 03:00 EDT
        (datetime(2026, 3, 8, 6, 10, tzinfo=UTC), datetime(2026, 3, 8, 7, tzinfo=UTC), "Sun 8 Mar 03:00-05:00 EDT"),
        # 01:10 EDT, in the first pass of the repeated hour: skip both passes
        (datetime(2026, 11, 1, 5, 10, tzinfo=UTC), datetime(2026, 11, 1, 7, tzinfo=UTC), "Sun 1 Nov 02:00-04:00 EST"),
        # 01:10 EST, in the second pass
        (datetime(2026, 11, 1, 6, 10, tzinfo=UTC), datetime(2026, 11, 1, 7, tzinfo=UTC), "Sun 1 Nov 02:00-04:00 EST"),
        # 23:10 EDT the evening before: 23:15-01:00 is too short, the repeated hour is skipped
        (datetime(2026, 11, 1, 3, 10, tzinfo=UTC), datetime(2026, 11, 1, 7, tzinfo=UTC), "Sun 1 Nov 02:00-04:00 EST"),
        # a day later nothing is in the way
        (datetime(2026, 11, 2, 5, 10, tzinfo=UTC), datetime(2026, 11, 2, 5, 15, tzinfo=UTC), "Mon 2 Nov 00:15-02:15 EST"),
    ],
)
def test_proposals_never_touch_a_gap_or_fold(now, start, caller_text):
    result = propose(AROUND_THE_CLOCK, NEW_YORK, now)
    assert result.window.start == start
    assert result.window.caller_text == caller_text
    local_start, local_end = result.window.local("America/New_York")
    assert local_start.utcoffset() == local_end.utcoffset()


def test_a_clock_change_before_the_window_is_noted():
    result = propose(AROUND_THE_CLOCK, NEW_YORK, datetime(2026, 3, 8, 6, 10, tzinfo=UTC))
    assert result.notes == ("The clocks change in America/New_York before this window (EST to EDT).",)


# -- custom windows ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("custom", "zone_choice", "problem"),
    [
        (Custom(date(2026, 11, 23), time(16), time(15)), None, "The window must end after it starts (16:00 to 15:00 Europe/London)."),
        (Custom(date(2026, 11, 23), time(16), time(16)), None, "The window must end after it starts (16:00 to 16:00 Europe/London)."),
        (Custom(date(2026, 11, 23), time(10), time(12)), None, "That window is already over (it ended Mon 23 Nov 2026 12:00 GMT)."),
        (
            Custom(date(2026, 11, 23), time(17), time(19)),
            None,
            "Mon 23 Nov 17:00-19:00 GMT is outside your business hours (Mon-Fri 09:00-18:00 in Europe/London).",
        ),
        (
            Custom(date(2026, 11, 24), time(7), time(9), typed_in="caller"),
            "America/Chicago",
            "Tue 24 Nov 13:00-15:00 GMT is Tue 24 Nov 07:00-09:00 CST for the caller, outside their calling hours (every day 08:00-21:00 in America/Chicago).",
        ),
        (
            Custom(date(2026, 11, 24), time(10), time(12), typed_in="caller"),
            None,
            "This number spans 42 time zones; pick the caller's zone before typing a time in it.",
        ),
    ],
)
def test_custom_refusals(custom, zone_choice, problem):
    caller = number("+1 800 555 0199")
    assert compute_window(LONDON, caller, "custom", MONDAY_1407, custom=custom, zone_choice=zone_choice).problem == problem


@pytest.mark.parametrize(("typed_in", "start"), [("agent", at(24, 15)), ("caller", at(24, 20))])
def test_custom_in_either_partys_time(typed_in, start):
    custom = Custom(date(2026, 11, 24), time(15), time(16), typed_in=typed_in)
    rules = WindowRules("Europe/London", business=ALWAYS, calling=CALLING)
    result = compute_window(rules, number("+1 212 555 0100"), "custom", MONDAY_1407, custom=custom)
    assert result.window.start == start and result.window.end == start + timedelta(hours=1)


def test_unknown_preset_and_missing_custom_are_programming_errors():
    with pytest.raises(ValueError, match="unknown preset"):
        compute_window(LONDON, NEW_YORK, "soon", MONDAY_1407)
    with pytest.raises(ValueError, match="custom preset needs"):
        compute_window(LONDON, NEW_YORK, "custom", MONDAY_1407)
    assert PRESETS == ("within_2h", "later_today", "within_24h", "next_business_morning", "custom")


def test_a_picked_zone_must_be_a_real_one():
    result = propose(LONDON, number("+1 800 555 0199"), MONDAY_1407, zone_choice="America/Springfield")
    assert result.problem == "'America/Springfield' is not a time zone; pick one such as America/Chicago."


def test_custom_to_midnight_and_an_end_in_the_gap():
    to_midnight = Custom(date(2026, 11, 24), time(22), time(0))
    result = compute_window(AROUND_THE_CLOCK, NEW_YORK, "custom", MONDAY_1407, custom=to_midnight)
    assert result.window.caller_text == "Tue 24 Nov 22:00 EST - Wed 25 Nov 00:00 EST"
    into_gap = Custom(date(2026, 3, 8), time(1), time(2, 30), typed_in="caller")
    result = compute_window(AROUND_THE_CLOCK, NEW_YORK, "custom", at(1, 0, month=3), custom=into_gap)
    assert result.window.caller_text == "Sun 8 Mar 01:00 EST-03:30 EDT"
    assert result.notes[0].endswith("moved to 03:30 EDT.")
    assert "during this window (EST to EDT)" in result.notes[1]
