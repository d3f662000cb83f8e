"""The sentence the agent reads aloud: the caller's local day and time, the number grouped for reading."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tui.domain.callback_window import Window
from tui.domain.readback import readback, zone_phrase

UTC = timezone.utc


def window(start: datetime, hours: float = 2, caller_zone: str = "Europe/London", zones=None, zone_choice=None) -> Window:
    return Window(start, start + timedelta(hours=hours), "within_24h", "Europe/London", caller_zone,
                  zones or (caller_zone,), zone_choice)


NOW = datetime(2026, 11, 23, 14, 7, tzinfo=UTC)   # Monday


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
        (datetime(2026, 11, 24, 0, tzinfo=UTC), "Asia/Tokyo", datetime(2026, 11, 23, 16, tzinfo=UTC), "today, Tuesday 24 November", "between 09:00 and 11:00"),
        (datetime(2027, 1, 4, 14, tzinfo=UTC), "America/New_York", datetime(2026, 12, 31, 15, tzinfo=UTC), "on Monday 4 January 2027", "between 09:00 and 11:00"),
    ],
)
def test_day_and_time_are_the_callers(start, zone, now, day_words, times):
    sentence = readback(window(start, caller_zone=zone), "03-1234-5678", now, invite=False)
    assert sentence == f"I'll call you back {day_words}, {times} your time, on 03-1234-5678."


def test_a_window_past_midnight_names_the_second_day():
    sentence = readback(window(datetime(2026, 11, 23, 23, tzinfo=UTC), hours=2), "020 7031 3000", NOW, invite=False)
    assert "between 23:00 and 01:00 tomorrow, Tuesday 24 November your time" in sentence


def test_unpicked_zone_with_different_clocks_is_named():
    halifax = window(datetime(2026, 11, 23, 14, tzinfo=UTC), caller_zone="America/Halifax",
                     zones=("America/Halifax", "America/St_Johns"))
    assert zone_phrase(halifax) == "Halifax time (AST)"
    assert "between 10:00 and 12:00 Halifax time (AST)" in readback(halifax, "(709) 555-0123", NOW)
    picked = window(halifax.start, caller_zone="America/St_Johns", zones=("America/St_Johns",), zone_choice="America/St_Johns")
    assert zone_phrase(picked) == "your time"


def test_invite_sentence_only_when_an_invite_is_sent():
    w = window(datetime(2026, 11, 24, 10, tzinfo=UTC))
    assert readback(w, "020 7031 3000", NOW).endswith("I'm sending you a calendar invite for it.")
    assert readback(w, "020 7031 3000", NOW, invite=False).endswith("on 020 7031 3000.")
