"""A custom window as typed in the F5 panel: day words, dates, from-to, and what is refused."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from tui.domain.callback_window import Custom, WindowRules
from tui.domain.calling_hours import CallingHours, business_hours
from tui.domain.contact import check_number
from tui.domain.custom_text import custom_window, parse_custom

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10-12", Custom(MONDAY, time(10), time(12))),
        ("today 9:30-11", Custom(MONDAY, time(9, 30), time(11))),
        ("tomorrow 10:00-12:00", Custom(date(2026, 11, 24), time(10), time(12))),
        ("Fri 14-16", Custom(date(2026, 11, 27), time(14), time(16))),
        ("mon 14-16", Custom(MONDAY, time(14), time(16))),
        ("2026-12-01 08:00-09:15", Custom(date(2026, 12, 1), time(8), time(9, 15))),
        ("24 nov 10-12", Custom(date(2026, 11, 24), time(10), time(12))),
        ("3 jan 10-12", Custom(date(2027, 1, 3), time(10), time(12))),
        ("today 22:00-24:00", Custom(MONDAY, time(22), time(0))),
    ],
)
def test_accepted(text, expected):
    assert parse_custom(text, MONDAY) == expected


def test_typed_in_the_callers_time():
    assert parse_custom("tomorrow 10-12", MONDAY, "caller").typed_in == "caller"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Type a day and from-to"),
        ("tomorrow", "Type a day and from-to"),
        ("someday 10-12", "is not a day"),
        ("2026-02-30 10-12", "is not a date"),
        ("31 feb 10-12", "is not a date"),
        ("12-10", "must end after it starts"),
        ("10-00:00", "write 24:00 for midnight"),
        ("25-26", "00:00 to 24:00"),
    ],
)
def test_refused_with_a_sentence(text, problem):
    result = parse_custom(text, MONDAY)
    assert isinstance(result, str) and problem in result


# -- custom_window: the text read the way the F5 panel and the queue's reschedule read it -------------


@pytest.mark.parametrize(
    ("typed_in", "text", "start_utc"),
    [
        # 23:30 on Monday in London is already Tuesday in Tokyo: "tomorrow" counts from the zone typed in
        ("agent", "tomorrow 10:00-12:00", datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)),
        ("caller", "tomorrow 10:00-12:00", datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)),
    ],
)
def test_custom_window_counts_days_in_the_zone_it_is_typed_in(typed_in, text, start_utc):
    rules = WindowRules("Europe/London", business=business_hours({"every_day": ["00:00-24:00"]}),
                        calling=CallingHours(business_hours({"every_day": ["00:00-24:00"]})))
    late_monday = datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc)
    result = custom_window(rules, check_number("+81 3-3224-5000", "GB"), text, late_monday, typed_in=typed_in)
    assert result.ok and result.window.start == start_utc and result.window.preset == "custom"


def test_custom_window_says_what_is_wrong_with_the_text():
    result = custom_window(WindowRules("Europe/London"), check_number("+44 20 7031 3000", "GB"), "tomorrow", datetime(2026, 11, 23, 14, tzinfo=timezone.utc))
    assert not result.ok and result.problem.startswith("Type a day and from-to")
