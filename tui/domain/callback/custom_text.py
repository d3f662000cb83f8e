"""A custom callback window as the agent types it, in English, Korean or Chinese:

    tomorrow 10-12    fri 14:30-16:00    24 nov 9-11    2026-11-24 9:00-11:00
    내일 10-12        금 14-16           11월 24일 오전 9시~11시    모레 오후 2시 30분-4시
    明天 10:00-12:00  周五 14-16 / 週五  11月24日 上午9点到11点      后天 下午2-4

Every language's words are read whatever the desk's language, so an agent can mix them. The day
is read relative to `today` in the zone the time is typed in (the agent's or the caller's); without
a day it is today. 오후/下午/晚上 (and 저녁) put an hour from 1 to 11 in the afternoon; a period
given only for the start carries to the end. Returns a callback_window.Custom, or a sentence (in
the agent's language) saying what is wrong.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from tui.domain.callback.intervals import zone_info
from tui.domain.callback.window import Custom, NumberLike, WindowResult, WindowRules, compute_window
from tui.domain.text.local_dates import WEEKDAYS_LONG, WEEKDAYS_SHORT
from tui.support.i18n import _

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RELATIVE = {"today": 0, "tomorrow": 1, "오늘": 0, "내일": 1, "모레": 2, "今天": 0, "明天": 1, "后天": 2, "後天": 2}
_WEEKDAY_WORDS = {word: index for table in (*WEEKDAYS_LONG.values(), *WEEKDAYS_SHORT.values()) for index, word in enumerate(table)} | {
    "星期天": 6,
    "周天": 6,
    "週天": 6,
}
# Longest first, so 월요일 is not read as 월 and 星期天 is one word.
_CJK_DAY = re.compile("|".join(sorted(map(re.escape, {*_RELATIVE, *_WEEKDAY_WORDS} - {"today", "tomorrow"}), key=len, reverse=True)))
_AFTERNOON = {"下午", "晚上", "오후", "저녁"}
_MORNING = {"上午", "早上", "오전", "아침"}
_PERIOD = "|".join((*_AFTERNOON, *_MORNING, "中午"))


def _clock(i: int) -> str:
    """One end of the range: 14, 14:30, 2시 30분, 오후 2시 반, 下午2点半, 9：30."""
    return (
        rf"(?:(?P<p{i}>{_PERIOD})\s*)?(?P<h{i}>\d{{1,2}})"
        rf"(?:[:：](?P<m{i}>\d{{2}})|\s*[시点點時]\s*(?:(?P<n{i}>\d{{1,2}})\s*[분分]|(?P<half{i}>半|반))?)?"
    )


_TIMES = re.compile(rf"^{_clock(1)}\s*(?:-|–|~|～|〜|至|到|부터)\s*{_clock(2)}\s*(?:까지)?\s*(?:사이)?$")
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})\s+")
_DAY_MONTH = re.compile(r"(\d{1,2})\s+([a-z]{3,9})\s+")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日号號]\s*")
_ENGLISH_WORD = re.compile(r"([a-z]+)(?:\s+|$)")


def custom_form() -> str:
    """The form to type, with examples in the agent's language (English words are read in every language)."""
    return _('a day and from-to, e.g. "tomorrow 10:00-12:00", "fri 14-16" or "2026-11-24 9:30-11:00"')


def parse_custom(text: str, today: date, typed_in: str = "agent") -> Custom | str:
    day, rest = _split_day(text.strip().lower(), today)
    if isinstance(day, str):
        return day
    match = _TIMES.match(rest)
    if not match:
        return _("Type {form}.").format(form=custom_form())
    start = _time(match, 1, None)
    end = _time(match, 2, start)
    if start is None or end is None:
        return _("Times run from 00:00 to 24:00 (24:00 only as the end).")
    if end == time(0) and match.group("h2") != "24":
        return _("The window must end after it starts ({start} to {end}); write 24:00 for midnight.").format(
            start=f"{start:%H:%M}", end="00:00"
        )
    if end != time(0) and end <= start:
        return _("The window must end after it starts ({start} to {end}).").format(start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    return Custom(day, start, end, typed_in)


def custom_window(
    rules: WindowRules, number: NumberLike, text: str, now: datetime, *, typed_in: str = "agent", zone_choice: str | None = None
) -> WindowResult:
    """The window for typed text, as the F5 panel and the queue's reschedule both read it: days are
    counted from today in the zone the time is typed in (the agent's, or the caller's picked or first zone)."""
    if typed_in == "agent":
        zone = rules.agent_zone
    else:
        zone = zone_choice or (number.zones or (rules.agent_zone,))[0]
    custom = parse_custom(text, now.astimezone(zone_info(zone)).date(), typed_in)
    if isinstance(custom, str):
        return WindowResult(problem=custom)
    return compute_window(rules, number, "custom", now, zone_choice=zone_choice, custom=custom)


def _time(match: re.Match, i: int, start: time | None) -> time | None:
    hours, minutes = int(match.group(f"h{i}")), int(match.group(f"m{i}") or match.group(f"n{i}") or 0)
    if match.group(f"half{i}"):
        minutes = 30
    period = match.group(f"p{i}") or (match.group("p1") if i == 2 else None)
    if period in _AFTERNOON and 1 <= hours <= 11 or period == "中午" and 1 <= hours <= 2:
        hours += 12
    elif (
        period in _MORNING
        and start is not None
        and match.group("p2") is None
        and hours < 12
        and hours * 60 + minutes <= start.hour * 60 + start.minute
    ):
        hours += 12  # "오전 11시-1시": the end is past noon
    if hours == 24 and minutes == 0:
        return time(0)  # "to 24:00": Custom reads an end of 00:00 as midnight
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def _split_day(text: str, today: date) -> tuple[date | str, str]:
    """(the day, the rest of the text), or (a problem, "")."""
    if match := _ISO.match(text):
        try:
            return date.fromisoformat(match.group(1)), text[match.end() :]
        except ValueError:
            return _("{word} is not a date.").format(word=match.group(1)), ""
    if (match := _DAY_MONTH.match(text)) and match.group(2)[:3] in _MONTHS:
        day = _next_date(today, _MONTHS.index(match.group(2)[:3]) + 1, int(match.group(1)))
        return (day or _("{word} is not a date.").format(word=match.group(0).strip())), text[match.end() :]
    if match := _MONTH_DAY.match(text):
        day = _next_date(today, int(match.group(1)), int(match.group(2)))
        return (day or _("{word} is not a date.").format(word=match.group(0).strip())), text[match.end() :]
    if match := _CJK_DAY.match(text):
        return _relative(match.group(0), today), text[match.end() :].lstrip()
    if match := _ENGLISH_WORD.match(text):
        word = match.group(1)
        if word in _RELATIVE or (word[:3] in _WEEKDAYS):
            return _relative(word, today), text[match.end() :]
        return _not_a_day(word, text[match.end() :]), ""
    if text and not text[0].isdigit() and not re.match(_PERIOD, text):
        word = re.match(r"[^\d\s]+", text).group(0)
        return _not_a_day(word, text[len(word) :].lstrip()), ""
    return today, text


def _relative(word: str, today: date) -> date:
    if word in _RELATIVE:
        return today + timedelta(days=_RELATIVE[word])
    index = _WEEKDAY_WORDS[word] if word in _WEEKDAY_WORDS else _WEEKDAYS.index(word[:3])
    return today + timedelta(days=(index - today.weekday()) % 7)


def _next_date(today: date, month: int, number: int) -> date | None:
    """The next such date from today on: "3 jan" or "1월 3일" typed in December is next year's."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, number)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def _not_a_day(word: str, rest: str) -> str:
    """What to say about an unknown first word: the day is the problem only when a time range follows."""
    if not _TIMES.match(rest):
        return _("Type {form}.").format(form=custom_form())
    return _("{word} is not a day: type today, tomorrow, a weekday, a date like 2026-11-24 or 24 nov.").format(word=repr(word))
