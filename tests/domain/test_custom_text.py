"""A custom window as typed in the F5 panel: day words, dates, from-to, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tui.domain.callback.calling_hours import CallingHours, business_hours
from tui.domain.callback.contact import check_number
from tui.domain.callback.custom_text import DAY_PARTS, custom_window, parse_custom
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


NEXT_MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 11, 24)


# -- windows as agents say them (issue 14 item 3), in each of the four languages -------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "2pm-4pm", Custom(MONDAY, time(14), time(16))),
        ("en", "10am-12pm", Custom(MONDAY, time(10), time(12))),
        ("en", "2-4pm", Custom(MONDAY, time(14), time(16))),
        ("en", "noon-2", Custom(MONDAY, time(12), time(14))),
        ("en", "tomorrow 2pm-4pm", Custom(TUESDAY, time(14), time(16))),
        ("en", "next monday 10-12", Custom(NEXT_MONDAY, time(10), time(12))),
        ("en", "tomorrow 2:30 pm to 4", Custom(TUESDAY, time(14, 30), time(16))),
        ("en", "fri between 2 and 4pm", Custom(date(2026, 11, 27), time(14), time(16))),
        ("en", "tomorrow 10-12pm", Custom(TUESDAY, time(10), time(12))),
        ("en", "tomorrow 11am-1", Custom(TUESDAY, time(11), time(13))),
        ("en", "tomorrow 9-5pm", Custom(TUESDAY, time(9), time(17))),
        ("en", "tomorrow 10pm-12am", Custom(TUESDAY, time(22), time(0))),
        ("en", "tomorrow afternoon 2-4", Custom(TUESDAY, time(14), time(16))),
        ("en", "THIS FRIDAY 2PM-4PM", Custom(date(2026, 11, 27), time(14), time(16))),
        ("en", "day after tomorrow 9am-11am", Custom(date(2026, 11, 25), time(9), time(11))),
        ("ko", "오후 2시-4시", Custom(MONDAY, time(14), time(16))),
        ("ko", "오전 10시-오후 12시", Custom(MONDAY, time(10), time(12))),
        ("ko", "2시-오후 4시", Custom(MONDAY, time(14), time(16))),
        ("ko", "낮 12시-2시", Custom(MONDAY, time(12), time(14))),
        ("ko", "정오-2시", Custom(MONDAY, time(12), time(14))),
        ("ko", "다음 주 월요일 10-12", Custom(NEXT_MONDAY, time(10), time(12))),
        ("ko", "다음주 금 오후 2시~4시", Custom(date(2026, 12, 4), time(14), time(16))),
        ("zh-Hans", "下午2点到4点", Custom(MONDAY, time(14), time(16))),
        ("zh-Hans", "中午12点-2点", Custom(MONDAY, time(12), time(14))),
        ("zh-Hans", "下周一 10-12", Custom(NEXT_MONDAY, time(10), time(12))),
        ("zh-Hans", "下星期五 下午2-4点", Custom(date(2026, 12, 4), time(14), time(16))),
        ("zh-Hant", "下午2點到4點", Custom(MONDAY, time(14), time(16))),
        ("zh-Hant", "下週一 10-12", Custom(NEXT_MONDAY, time(10), time(12))),
        ("zh-Hant", "下禮拜三 上午9點-11點", Custom(date(2026, 12, 2), time(9), time(11))),
    ],
)
def test_windows_as_agents_say_them(lang, text, expected, agent_language):
    agent_language(lang)
    assert parse_custom(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "part", "day"),
    [
        ("tomorrow afternoon", "afternoon", TUESDAY),
        ("this morning", "morning", MONDAY),
        ("tonight", "evening", MONDAY),
        ("next monday lunchtime", "midday", NEXT_MONDAY),
        ("afternoon", "afternoon", MONDAY),
        ("내일 오후", "afternoon", TUESDAY),
        ("모레 오전", "morning", date(2026, 11, 25)),
        ("다음 주 월요일 저녁", "evening", NEXT_MONDAY),
        ("明天下午", "afternoon", TUESDAY),
        ("下周一上午", "morning", NEXT_MONDAY),
        ("明天 中午", "midday", TUESDAY),
        ("後天晚上", "evening", date(2026, 11, 25)),
    ],
)
def test_a_part_of_the_day_is_its_documented_window(text, part, day):
    start, end = DAY_PARTS[part]
    assert parse_custom(text, MONDAY) == Custom(day, start, end, part=part)


def test_the_documented_parts_of_the_day():
    # README "Custom windows" states these; change both together.
    assert {part: f"{start:%H:%M}-{end:%H:%M}" for part, (start, end) in DAY_PARTS.items()} == {
        "morning": "09:00-12:00",
        "midday": "12:00-14:00",
        "afternoon": "13:00-17:00",
        "evening": "17:00-20:00",
    }


def test_next_weekday_is_in_the_next_calendar_week_from_any_day():
    for offset in range(7):
        today = MONDAY + timedelta(days=offset)
        assert parse_custom("next monday 10-12", today).day == NEXT_MONDAY
        assert parse_custom("next fri 10-12", today).day == date(2026, 12, 4)
        assert parse_custom("下周日 10-12", today).day == date(2026, 12, 6)


@pytest.mark.parametrize(
    ("lang", "text", "named"),
    [
        ("en", "tomorrow 2pm-4pz", "'4pz' is not a time"),
        ("en", "tomorrow 13pm-14pm", "'13pm' is not a time"),
        ("en", "tomorrow 2pm", "'2pm' is one time"),
        ("en", "tomorrow after lunch", "'after lunch' could not be read"),
        ("en", "whenever suits", "'whenever suits' could not be read"),
        ("en", "someday afternoon", "'someday' is not a day"),
        ("en", "next moonday 10-12", "'next moonday' is not a day"),
        ("ko", "내일 두시-네시", "'두시-네시'"),
        ("ko", "내일 오후 2시", "한 시점"),
        ("zh-Hans", "明天 两点到四点", "无法识别 '两点到四点'"),
        ("zh-Hant", "明天 下午2點", "只是一個時間點"),
        ("zh-Hant", "明天 2點到四點", "'四點' 不是時間"),
    ],
)
def test_a_refusal_names_what_could_not_be_read(lang, text, named, agent_language):
    agent_language(lang)
    result = parse_custom(text, MONDAY)
    assert isinstance(result, str) and named in result


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


# -- a part of the day: narrowed to the hours that may be called, from now on -----------------------

LONDON_NUMBER = "+44 20 7031 3000"


def test_a_part_of_the_day_is_narrowed_to_business_hours_with_a_note():
    result = custom_window(
        WindowRules("Europe/London"), check_number(LONDON_NUMBER, "GB"), "tomorrow evening", datetime(2026, 11, 23, 14, tzinfo=UTC)
    )
    assert result.ok, result.problem
    assert (result.window.start, result.window.end) == (datetime(2026, 11, 24, 17, tzinfo=UTC), datetime(2026, 11, 24, 18, tzinfo=UTC))
    assert result.notes[0] == "Narrowed from 17:00-20:00 to the hours you may call."


def test_a_part_of_the_day_inside_the_hours_is_taken_whole():
    result = custom_window(
        WindowRules("Europe/London"), check_number(LONDON_NUMBER, "GB"), "tomorrow afternoon", datetime(2026, 11, 23, 14, tzinfo=UTC)
    )
    assert result.ok and result.window.agent_text == "Tue 24 Nov 13:00-17:00 GMT" and result.notes == ()


def test_this_afternoon_starts_from_now():
    now = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
    result = custom_window(WindowRules("Europe/London"), check_number(LONDON_NUMBER, "GB"), "this afternoon", now)
    assert result.ok and result.window.agent_text == "Mon 23 Nov 14:15-17:00 GMT"


def test_a_part_of_the_day_nearly_over_says_so():
    now = datetime(2026, 11, 23, 16, 50, tzinfo=UTC)
    result = custom_window(WindowRules("Europe/London"), check_number(LONDON_NUMBER, "GB"), "this afternoon", now)
    assert result.problem == "Only 10 minutes of 13:00-17:00 are left today; type a later window."


def test_a_part_of_the_day_in_the_callers_time_is_narrowed_to_their_calling_hours():
    # 08:00-11:00 in New York is 13:00-16:00 in London; "morning" there is 09:00-12:00, of which 09:00-11:00 fits
    rules = WindowRules("Europe/London")
    result = custom_window(
        rules, check_number("+1 212 555 0100", "GB"), "tomorrow morning", datetime(2026, 11, 23, 14, tzinfo=UTC), typed_in="caller"
    )
    assert result.ok and result.window.caller_text == "Tue 24 Nov 09:00-12:00 EST"
    assert result.window.agent_text == "Tue 24 Nov 14:00-17:00 GMT"


def test_a_weekend_part_of_the_day_says_why_it_is_refused():
    result = custom_window(
        WindowRules("Europe/London"), check_number(LONDON_NUMBER, "GB"), "sat morning", datetime(2026, 11, 23, 14, tzinfo=UTC)
    )
    assert not result.ok and "is outside your business hours" in result.problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-4pm tomorrow", Custom(TUESDAY, time(14), time(16))),
        ("10am-12pm tomorrow", Custom(TUESDAY, time(10), time(12))),
        ("2pm-4pm on friday", Custom(date(2026, 11, 27), time(14), time(16))),
        ("10-12 next monday", Custom(NEXT_MONDAY, time(10), time(12))),
        ("9-11 24 nov", Custom(TUESDAY, time(9), time(11))),
        ("afternoon tomorrow", Custom(TUESDAY, time(13), time(17), part="afternoon")),
    ],
)
def test_a_day_said_after_the_time_is_that_day(text, expected):
    assert parse_custom(text, MONDAY) == expected


def test_a_time_that_cannot_be_read_before_a_day_is_named():
    assert parse_custom("2pm-4pz tomorrow", MONDAY) == "'4pz' is not a time: type from-to such as 2pm-4pm or 14:00-16:00."
    assert parse_custom("2pm tomorrow", MONDAY) == "'2pm' is one time; a window needs from-to, such as 2pm-4pm."
