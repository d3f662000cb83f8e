"""A custom window as typed in the F5 panel: day words, dates, from-to, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from tui.domain.callback.calling_hours import CallingHours, business_hours
from tui.domain.callback.contact import check_number
from tui.domain.callback.custom_text import custom_window, parse_custom
from tui.domain.callback.window import Custom, WindowRules

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Korean: 오늘/내일/모레, weekdays long and short, month-day dates, 오전/오후, 시/분/반, ~ and 부터-까지
        ("내일 10-12", Custom(date(2026, 11, 24), time(10), time(12))),
        ("모레 오후 2시 30분-4시", Custom(date(2026, 11, 25), time(14, 30), time(16))),
        ("금요일 14:00~16:00", Custom(date(2026, 11, 27), time(14), time(16))),
        ("금 14-16", Custom(date(2026, 11, 27), time(14), time(16))),
        ("월 9-11", Custom(MONDAY, time(9), time(11))),
        ("11월 24일 오전 9시~11시", Custom(date(2026, 11, 24), time(9), time(11))),
        ("1월 3일 10시부터 12시까지", Custom(date(2027, 1, 3), time(10), time(12))),
        ("오늘 오전 11시-1시", Custom(MONDAY, time(11), time(13))),
        ("내일 오후 2시 반-4시", Custom(date(2026, 11, 24), time(14, 30), time(16))),
        ("내일10-12", Custom(date(2026, 11, 24), time(10), time(12))),
        # Simplified and Traditional Chinese
        ("明天 10:00-12:00", Custom(date(2026, 11, 24), time(10), time(12))),
        ("后天 下午2-4", Custom(date(2026, 11, 25), time(14), time(16))),
        ("後天 下午2點半到4點", Custom(date(2026, 11, 25), time(14, 30), time(16))),
        ("周五 14-16", Custom(date(2026, 11, 27), time(14), time(16))),
        ("週五 14-16", Custom(date(2026, 11, 27), time(14), time(16))),
        ("星期天 9点至11点", Custom(date(2026, 11, 29), time(9), time(11))),
        ("11月24日 上午9:30-11:00", Custom(date(2026, 11, 24), time(9, 30), time(11))),
        ("今天 晚上7点-8点", Custom(MONDAY, time(19), time(20))),
        ("明天10：00～12：00", Custom(date(2026, 11, 24), time(10), time(12))),
    ],
)
def test_accepted_in_korean_and_chinese(text, expected):
    assert parse_custom(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("lang", "text", "problem"),
    [
        ("ko", "낼 10-12", "'낼'"),
        ("ko", "아무 때나", "입력하세요"),
        ("ko", "내일", "입력"),
        ("ko", "2월 30일 10-12", "날짜가 아닙니다"),
        ("zh-Hans", "大后天 10-12", "不是"),
        ("zh-Hans", "明天 12-10", "结束时间必须晚于开始时间"),
        ("zh-Hant", "明天", "請輸入"),
    ],
)
def test_refusals_are_in_the_agents_language(lang, text, problem, agent_language):
    agent_language(lang)
    result = parse_custom(text, MONDAY)
    assert isinstance(result, str) and problem in result


def test_typed_in_the_callers_time():
    assert parse_custom("tomorrow 10-12", MONDAY, "caller").typed_in == "caller"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Type a day and from-to"),
        ("tomorrow", "Type a day and from-to"),
        ("someday 10-12", "is not a day"),
        ("whenever suits", "Type a day and from-to"),  # an unknown word is named only before a time range
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
        ("agent", "tomorrow 10:00-12:00", datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
        ("caller", "tomorrow 10:00-12:00", datetime(2026, 11, 25, 1, 0, tzinfo=UTC)),
    ],
)
def test_custom_window_counts_days_in_the_zone_it_is_typed_in(typed_in, text, start_utc):
    rules = WindowRules(
        "Europe/London",
        business=business_hours({"every_day": ["00:00-24:00"]}),
        calling=CallingHours(business_hours({"every_day": ["00:00-24:00"]})),
    )
    late_monday = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    result = custom_window(rules, check_number("+81 3-3224-5000", "GB"), text, late_monday, typed_in=typed_in)
    assert result.ok and result.window.start == start_utc and result.window.preset == "custom"


def test_custom_window_says_what_is_wrong_with_the_text():
    result = custom_window(
        WindowRules("Europe/London"), check_number("+44 20 7031 3000", "GB"), "tomorrow", datetime(2026, 11, 23, 14, tzinfo=UTC)
    )
    assert not result.ok and result.problem.startswith("Type a day and from-to")
