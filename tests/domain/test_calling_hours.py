"""Calling hours (data/calling_hours.toml) and business hours: parsing, describing, clear errors."""

from __future__ import annotations

from datetime import date

import pytest

from tui.config.data_files import shipped_calling_hours
from tui.domain.callback.calling_hours import CallingHoursError, business_hours, parse_calling_hours, parse_hours
from tui.domain.callback.weekly_hours import DEFAULT_BUSINESS_HOURS, DEFAULT_CALLING_HOURS

MONDAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 28)


def test_shipped_table_has_the_default_and_france():
    hours = shipped_calling_hours()
    assert hours.default == DEFAULT_CALLING_HOURS
    assert hours.for_region("GB") == DEFAULT_CALLING_HOURS
    assert hours.for_region(None) == DEFAULT_CALLING_HOURS
    france = hours.for_region("FR")
    assert france.spans_on(MONDAY) == ((600, 780), (840, 1200))
    assert france.spans_on(SATURDAY) == ()
    assert france.spans_on(date(2026, 11, 29)) == ()


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (DEFAULT_CALLING_HOURS, "every day 08:00-21:00"),
        (DEFAULT_BUSINESS_HOURS, "Mon-Fri 09:00-18:00"),
        (parse_hours({"mon-fri": ["10:00-13:00", "14:00-20:00"], "sat-sun": []}, "t"), "Mon-Fri 10:00-13:00, 14:00-20:00"),
        (parse_hours({"mon": ["09:00-12:00"], "tue-sat": ["09:00-17:30"]}, "t"), "Mon 09:00-12:00; Tue-Sat 09:00-17:30"),
        (parse_hours({"sun": ["00:00-24:00"]}, "t"), "Sun 00:00-24:00"),
        (parse_hours({"every_day": []}, "t"), "no hours on any day"),
    ],
)
def test_describe(hours, text):
    assert hours.describe() == text


def test_business_hours_default_and_from_config():
    assert business_hours() == DEFAULT_BUSINESS_HOURS
    assert business_hours(None).spans_on(SATURDAY) == ()
    custom = business_hours({"mon-sat": ["08:00-16:00"]})
    assert custom.spans_on(SATURDAY) == ((480, 960),)
    assert custom.spans_on(date(2026, 11, 29)) == ()


def test_config_overrides_lay_over_the_shipped_table():
    shipped = shipped_calling_hours()
    merged = shipped.with_overrides({"regions": {"DE": {"mon-sat": ["09:00-20:00"]}}}, "config.toml")
    assert merged.for_region("DE").spans_on(SATURDAY) == ((540, 1200),)
    assert merged.for_region("FR") == shipped.for_region("FR")
    assert merged.default == shipped.default
    stricter = shipped.with_overrides({"default": {"every_day": ["09:00-20:00"]}}, "config.toml")
    assert stricter.default.spans_on(MONDAY) == ((540, 1200),)
    hash(merged)  # hashable: windows may be cached on it


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"default": {"every_day": ["8:00-21:00"]}}, "t.toml: default.every_day: '8:00-21:00' should be a span"),
        ({"default": {"every_day": ["21:00-08:00"]}}, "t.toml: default.every_day: '21:00-08:00' ends before it starts"),
        ({"default": {"every_day": ["08:00-25:00"]}}, "not a time of day"),
        ({"default": {"every_day": ["08:00-12:00", "11:00-13:00"]}}, "spans 08:00-12:00 and 11:00-13:00 overlap"),
        ({"default": {"monday": ["08:00-12:00"]}}, "t.toml: default.monday: day key 'monday'"),
        ({"default": {"fri-mon": ["08:00-12:00"]}}, "runs backwards"),
        ({"default": {"every_day": "08:00-21:00"}}, "t.toml: default.every_day: should be a list of spans"),
        ({"default": {"mon-fri": ["08:00-12:00"], "fri": []}}, "t.toml: default.fri: fri is already given"),
        (
            {"default": {"every_day": ["08:00-21:00"]}, "regions": {"fr": {"mon": []}}},
            "t.toml: regions.fr: region codes are two capital letters",
        ),
        ({"default": {"every_day": ["08:00-21:00"]}, "regions": {"FR": {"mon": [10]}}}, "t.toml: regions.FR.mon: 10 should be a span"),
        ({"regions": {}}, "t.toml: needs a [default] table"),
        ({"default": {"every_day": []}, "holidays": []}, "t.toml: 'holidays' is not a field"),
        ({"default": {}}, "t.toml: default: should be a table"),
    ],
)
def test_errors_name_file_and_field(table, message):
    with pytest.raises(CallingHoursError) as caught:
        parse_calling_hours(table, "t.toml")
    assert message in str(caught.value)
