"""A custom window as typed in the F5 panel: day words, dates, from-to, and what is refused."""

from __future__ import annotations

from datetime import date, time

import pytest

from tui.domain.callback_window import Custom
from tui.domain.custom_text import parse_custom

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
