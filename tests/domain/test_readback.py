"""The sentence the agent reads aloud: the caller's local day and time, the number grouped for reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui.domain.callback.readback import readback, zone_phrase
from tui.domain.callback.window import Window

UTC = UTC


def window(start: datetime, hours: float = 2, caller_zone: str = "Europe/London", zones=None, zone_choice=None) -> Window:
    return Window(start, start + timedelta(hours=hours), "within_24h", "Europe/London", caller_zone, zones or (caller_zone,), zone_choice)


NOW = datetime(2026, 11, 23, 14, 7, tzinfo=UTC)  # Monday


def test_the_example_from_the_issue():
    sentence = readback(window(datetime(2026, 11, 24, 10, tzinfo=UTC)), "020 7031 3000", NOW)
    assert sentence == (
        "I'll call you back tomorrow, Tuesday 24 November, between 10:00 and 12:00 your time, "
        "on 020 7031 3000. I'm sending you a calendar invite for it."
    )


@pytest.mark.parametrize(
    ("start", "zone", "now", "day_words", "times"),
    [
        (datetime(2026, 11, 23, 15, tzinfo=UTC), "Europe/London", NOW, "today, Monday 23 November", "between 15:00 and 17:00"),
        (datetime(2026, 11, 25, 9, tzinfo=UTC), "Europe/London", NOW, "on Wednesday 25 November", "between 09:00 and 11:00"),
        # 23:00 GMT Monday is already Tuesday 08:00 in Tokyo: "today" is the caller's
        (datetime(2026, 11, 23, 23, tzinfo=UTC), "Asia/Tokyo", NOW, "tomorrow, Tuesday 24 November", "between 08:00 and 10:00"),
        (
            datetime(2026, 11, 24, 0, tzinfo=UTC),
            "Asia/Tokyo",
            datetime(2026, 11, 23, 16, tzinfo=UTC),
            "today, Tuesday 24 November",
            "between 09:00 and 11:00",
        ),
        (
            datetime(2027, 1, 4, 14, tzinfo=UTC),
            "America/New_York",
            datetime(2026, 12, 31, 15, tzinfo=UTC),
            "on Monday 4 January 2027",
            "between 09:00 and 11:00",
        ),
    ],
)
def test_day_and_time_are_the_callers(start, zone, now, day_words, times):
    sentence = readback(window(start, caller_zone=zone), "03-1234-5678", now, invite=False)
    assert sentence == f"I'll call you back {day_words}, {times} your time, on 03-1234-5678."


def test_a_window_past_midnight_names_the_second_day():
    sentence = readback(window(datetime(2026, 11, 23, 23, tzinfo=UTC), hours=2), "020 7031 3000", NOW, invite=False)
    assert "between 23:00 and 01:00 tomorrow, Tuesday 24 November your time" in sentence


def test_unpicked_zone_with_different_clocks_is_named():
    halifax = window(datetime(2026, 11, 23, 14, tzinfo=UTC), caller_zone="America/Halifax", zones=("America/Halifax", "America/St_Johns"))
    assert zone_phrase(halifax) == "Halifax time (AST)"
    assert "between 10:00 and 12:00 Halifax time (AST)" in readback(halifax, "(709) 555-0123", NOW)
    picked = window(halifax.start, caller_zone="America/St_Johns", zones=("America/St_Johns",), zone_choice="America/St_Johns")
    assert zone_phrase(picked) == "your time"


def test_invite_sentence_only_when_an_invite_is_sent():
    w = window(datetime(2026, 11, 24, 10, tzinfo=UTC))
    assert readback(w, "020 7031 3000", NOW).endswith("I'm sending you a calendar invite for it.")
    assert readback(w, "020 7031 3000", NOW, invite=False).endswith("on 020 7031 3000.")


# -- in the agent's language: the same promises, said the way a Korean or Chinese agent says them ------------

TOMORROW_10 = window(datetime(2026, 11, 24, 10, tzinfo=UTC))
LATE_TONIGHT = window(datetime(2026, 11, 23, 23, tzinfo=UTC), hours=2.5)
NEXT_YEAR = window(datetime(2027, 1, 4, 14, tzinfo=UTC), caller_zone="America/New_York")
HALIFAX = window(datetime(2026, 11, 23, 14, tzinfo=UTC), caller_zone="America/Halifax", zones=("America/Halifax", "America/St_Johns"))


@pytest.mark.parametrize(
    ("lang", "promise", "now", "invite", "sentence"),
    [
        (
            "ko",
            TOMORROW_10,
            NOW,
            True,
            "내일(11월 24일 화요일) 고객님 시간 기준 오전 10시에서 낮 12시 사이에 020 7031 3000번으로 다시 전화드리겠습니다. "
            "캘린더 초대도 이메일로 보내드리겠습니다.",
        ),
        (
            "ko",
            LATE_TONIGHT,
            NOW,
            False,
            "오늘(11월 23일 월요일) 고객님 시간 기준 오후 11시에서 내일(11월 24일 화요일) 오전 1시 30분 사이에 "
            "020 7031 3000번으로 다시 전화드리겠습니다.",
        ),
        (
            "ko",
            NEXT_YEAR,
            datetime(2026, 12, 31, 15, tzinfo=UTC),
            False,
            "2027년 1월 4일 월요일 고객님 시간 기준 오전 9시에서 11시 사이에 020 7031 3000번으로 다시 전화드리겠습니다.",
        ),
        (
            "ko",
            HALIFAX,
            NOW,
            False,
            "오늘(11월 23일 월요일) Halifax 시간(AST) 기준 오전 10시에서 낮 12시 사이에 020 7031 3000번으로 다시 전화드리겠습니다.",
        ),
        (
            "zh-Hans",
            TOMORROW_10,
            NOW,
            True,
            "我会在明天（11月24日星期二）您当地时间10:00至12:00之间拨打 020 7031 3000 给您回电。我也会给您发送一份日历邀请。",
        ),
        (
            "zh-Hans",
            LATE_TONIGHT,
            NOW,
            False,
            "我会在今天（11月23日星期一）您当地时间23:00至明天（11月24日星期二）01:30之间拨打 020 7031 3000 给您回电。",
        ),
        (
            "zh-Hans",
            NEXT_YEAR,
            datetime(2026, 12, 31, 15, tzinfo=UTC),
            False,
            "我会在2027年1月4日星期一您当地时间09:00至11:00之间拨打 020 7031 3000 给您回电。",
        ),
        (
            "zh-Hant",
            TOMORROW_10,
            NOW,
            True,
            "我會在明天（11月24日星期二）您當地時間10:00至12:00之間撥打 020 7031 3000 回電給您。我也會寄一份行事曆邀請給您。",
        ),
        ("zh-Hant", HALIFAX, NOW, False, "我會在今天（11月23日星期一）Halifax時間（AST）10:00至12:00之間撥打 020 7031 3000 回電給您。"),
    ],
    ids=[
        "ko-tomorrow",
        "ko-past-midnight",
        "ko-next-year",
        "ko-zone-named",
        "zh-Hans-tomorrow",
        "zh-Hans-past-midnight",
        "zh-Hans-next-year",
        "zh-Hant-tomorrow",
        "zh-Hant-zone-named",
    ],
)
def test_readback_in_the_agents_language(lang, promise, now, invite, sentence, agent_language):
    agent_language(lang)
    assert readback(promise, "020 7031 3000", now, invite=invite) == sentence


@pytest.mark.parametrize(
    ("lang", "caller_text", "notes"),
    [
        ("en", "Sun 1 Nov 00:30 EDT-03:00 EST", ("The clocks change in America/New_York during this window (EDT to EST).",)),
        ("ko", "11월 1일(일) 00:30 EDT-03:00 EST", ("이 시간대 중에 America/New_York의 시각이 바뀝니다(EDT → EST).",)),
        ("zh-Hans", "11月1日 周日 00:30 EDT-03:00 EST", ("在这个时段内，America/New_York 会调整时间（EDT 改为 EST）。",)),
        ("zh-Hant", "11月1日 週日 00:30 EDT-03:00 EST", ("在這個時段內，America/New_York 會調整時間（EDT 改為 EST）。",)),
    ],
)
def test_window_dates_and_the_dst_note_in_the_agents_language(lang, caller_text, notes, agent_language):
    from datetime import date, time

    from tui.domain.callback.calling_hours import CallingHours
    from tui.domain.callback.contact import check_number
    from tui.domain.callback.weekly_hours import ALWAYS
    from tui.domain.callback.window import Custom, WindowRules, compute_window

    agent_language(lang)
    rules = WindowRules("America/New_York", business=ALWAYS, calling=CallingHours(ALWAYS))
    custom = Custom(date(2026, 11, 1), time(0, 30), time(3, 0), typed_in="caller")
    result = compute_window(rules, check_number("+1 212 555 0100", None), "custom", datetime(2026, 10, 31, 20, tzinfo=UTC), custom=custom)
    assert (result.window.caller_text, result.notes) == (caller_text, notes)


@pytest.mark.parametrize(
    ("lang", "typed", "problem"),
    [
        ("ko", "020 7031", "GB 지역의 번호가 아닙니다"),
        ("ko", "+44 20", "너무 짧습니다"),
        ("zh-Hans", "020 7031 3000 1234 5678", "太长"),
        ("zh-Hant", "hello", "不是電話號碼"),
    ],
)
def test_number_problems_in_the_agents_language(lang, typed, problem, agent_language):
    from tui.domain.callback.contact import check_number

    agent_language(lang)
    assert problem in check_number(typed, "GB").problem
