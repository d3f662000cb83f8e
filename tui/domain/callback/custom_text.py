"""A custom callback window as the agent says it, in English, Korean or Chinese:

    tomorrow 10-12    fri 2pm-4pm    next monday 10-12    24 nov 9-11    tomorrow afternoon
    내일 10-12        금 오후 2시-4시  다음 주 월요일 10-12  11월 24일 오전 9시~11시   내일 오후
    明天 10:00-12:00  周五 下午2-4    下周一 10-12 / 下週一   11月24日 上午9点到11点     明天下午

Every language's words are read whatever the desk's language, so an agent can mix them. The day
is read relative to `today` in the zone the time is typed in (the agent's or the caller's); without
a day it is today. "next monday" (다음 주 월요일, 下周一) is that weekday in the next calendar week.

The clock (clock_text) reads 24-hour ranges, am/pm, noon and midnight, and 오후/下午/afternoon
before a range. A part of the day said alone is the window in DAY_PARTS, narrowed to the agent's
business hours and the caller's calling hours, and starting no earlier than now. Returns a
callback_window.Custom, or a sentence (in the agent's language) naming what could not be read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from tui.domain.callback.clock_text import DAY_PARTS, PART_WORDS, read_range, starts_like_a_time
from tui.domain.callback.intervals import wall_to_utc, zone_info
from tui.domain.callback.window import Custom, NumberLike, WindowResult, WindowRules, compute_window, legal_intervals
from tui.domain.text.local_dates import WEEKDAYS_LONG, WEEKDAYS_SHORT
from tui.support.i18n import _

__all__ = ["DAY_PARTS", "as_typed", "custom_form", "custom_window", "parse_custom"]

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
_LETTERS = re.compile(r"[^\d\s]*")
# "next week's": 다음 주 월요일, 下周一, 下週五, 下星期三, 下礼拜二
_NEXT_WEEK = re.compile(r"(?:다음\s*주|下周|下週|下星期|下礼拜|下禮拜)\s*")
_CHINESE_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\s+|$)")
_DAY_MONTH = re.compile(r"(\d{1,2})\s+([a-z]{3,9})(?:\s+|$)")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日号號]\s*")
_ENGLISH_WORD = re.compile(r"([a-z]+)(?:\s+|$)")
# Said instead of a day: rewritten to the day and the part of the day they mean.
_SAYINGS = (
    (re.compile(r"^tonight\b"), "today evening"),
    (re.compile(r"^this\s+(morning|afternoon|evening)\b"), r"today \1"),
    (re.compile(r"^this\s+(?=[a-z])"), ""),  # "this friday" is "fri"
    (re.compile(r"^(?:the\s+)?day\s+after\s+tomorrow\b"), "모레"),
)


def custom_form() -> str:
    """The form to type, with examples in the agent's language (English words are read in every language)."""
    return _('a day and from-to, e.g. "tomorrow 10:00-12:00", "fri 2pm-4pm", "next monday 10-12" or "tomorrow afternoon"')


def as_typed(event: dict, zone: str) -> str:
    """A promised window as the custom field reads it back, in `zone`: "2026-11-24 10:00-12:00"
    (a second F5 or /callback shows the promise this way, to be changed)."""
    tz = zone_info(zone)
    start = datetime.fromisoformat(str(event["start"]).replace("Z", "+00:00")).astimezone(tz)
    end = datetime.fromisoformat(str(event["end"]).replace("Z", "+00:00")).astimezone(tz)
    until = "24:00" if end.date() > start.date() and end.hour == end.minute == 0 else f"{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}-{until}"


def parse_custom(text: str, today: date, typed_in: str = "agent") -> Custom | str:
    text = text.strip().lower()
    for saying, meaning in _SAYINGS:
        text = saying.sub(meaning, text, count=1)
    day, rest = _split_day(text, today)
    if isinstance(day, str):
        return day
    read = _read_rest(day, rest.strip(), typed_in)
    if isinstance(read, str) and (said_last := _day_said_last(text, today)) is not None:
        return _read_rest(*said_last, typed_in)  # "2-4pm tomorrow", "2pm-4pm on friday"; or what of the time could not be read
    return read


def _day_said_last(text: str, today: date) -> tuple[date, str] | None:
    """(the day, the time before it) when the day is said after the time: "10-12 next monday"."""
    words = text.split()
    for cut in range(1, len(words)):
        tail = " ".join(words[cut:]).removeprefix("on ").strip()
        day, rest = _split_day(tail, today)
        if isinstance(day, date) and not rest.strip():
            return day, " ".join(words[:cut])
    return None


def _read_rest(day: date, rest: str, typed_in: str) -> Custom | str:
    """The time (or part of the day) that follows the day."""
    if rest in PART_WORDS:
        start, end = DAY_PARTS[PART_WORDS[rest]]
        return Custom(day, start, end, typed_in, part=PART_WORDS[rest])
    if not rest:
        return _("Type {form}.").format(form=custom_form())
    span = read_range(rest)
    if isinstance(span, str):
        return span or _("Type {form}; {text} could not be read.").format(form=custom_form(), text=repr(rest))
    return Custom(day, *span, typed_in)


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
    note = None
    if custom.part is not None:
        narrowed = _narrow_part(rules, number, custom, zone, zone_choice, now)
        if isinstance(narrowed, str):
            return WindowResult(problem=narrowed)
        if narrowed != custom:
            note = _("Narrowed from {window} to the hours you may call.").format(window=f"{custom.start:%H:%M}-{custom.end:%H:%M}")
        custom = narrowed
    result = compute_window(rules, number, "custom", now, zone_choice=zone_choice, custom=custom)
    return replace(result, notes=(note, *result.notes)) if note and result.ok else result


def _narrow_part(rules: WindowRules, number: NumberLike, custom: Custom, zone: str, zone_choice: str | None, now: datetime) -> Custom | str:
    """A part of the day is a span to call within: from now at the earliest, and only the first stretch
    of it inside business and calling hours. Unchanged when nothing of it is legal: the window then
    says why (outside business hours, already over)."""
    tz = zone_info(zone)
    start = wall_to_utc(custom.day, custom.start.hour * 60 + custom.start.minute, tz)
    end = wall_to_utc(custom.day, custom.end.hour * 60 + custom.end.minute, tz)
    step = rules.step.total_seconds()
    soonest = datetime.fromtimestamp(-(-now.timestamp() // step) * step, UTC)
    if now >= end:
        return custom  # the window says it is over
    if end - max(start, soonest) < rules.min_length:
        left = int((end - max(now, start)).total_seconds() // 60)
        window = f"{custom.start:%H:%M}-{custom.end:%H:%M}"
        return _("Only {minutes} minutes of {window} are left today; type a later window.").format(minutes=left, window=window)
    zones = (zone_choice,) if zone_choice else number.zones
    if not zones:
        return custom  # the window names the missing zone
    for lo, hi in legal_intervals(rules, number.region, zones, max(start, soonest), end):
        if hi - lo >= rules.min_length:
            return replace(custom, start=lo.astimezone(tz).time(), end=hi.astimezone(tz).time())
    return custom


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
    if match := _NEXT_WEEK.match(text):
        return _next_week(text, match.end(), today)
    if match := _CJK_DAY.match(text):
        return _relative(match.group(0), today), text[match.end() :].lstrip()
    if match := _ENGLISH_WORD.match(text):
        word = match.group(1)
        if word in _RELATIVE or (word[:3] in _WEEKDAYS):
            return _relative(word, today), text[match.end() :]
        if word == "next" and (after := _ENGLISH_WORD.match(text, match.end())):
            if after.group(1)[:3] in _WEEKDAYS:
                return _in_next_week(_WEEKDAYS.index(after.group(1)[:3]), today), text[after.end() :]
            return _not_a_day(f"next {after.group(1)}", text[after.end() :]), ""
        if word in PART_WORDS or starts_like_a_time(text):
            return today, text
        return _not_a_day(word, text[match.end() :]), ""
    if text and not text[0].isdigit() and not starts_like_a_time(text):
        word = _leading_word(text)
        return _not_a_day(word, text[len(word) :].lstrip()), ""
    return today, text


def _leading_word(text: str, at: int = 0) -> str:
    """The run of letters (no digit, no space) at `at`; empty when there is none."""
    found = _LETTERS.match(text, at)
    return found.group(0) if found else ""


def _next_week(text: str, at: int, today: date) -> tuple[date | str, str]:
    """The weekday after 다음 주 / 下周: a Chinese number (下周一) or a Korean weekday (다음 주 월요일)."""
    if at < len(text) and text[at] in _CHINESE_WEEKDAY:
        return _in_next_week(_CHINESE_WEEKDAY[text[at]], today), text[at + 1 :].lstrip()
    match = _CJK_DAY.match(text, at)
    if match and match.group(0) in _WEEKDAY_WORDS:
        return _in_next_week(_WEEKDAY_WORDS[match.group(0)], today), text[match.end() :].lstrip()
    word = text[:at].strip() + _leading_word(text, at)
    return _not_a_day(word, ""), ""


def _in_next_week(weekday: int, today: date) -> date:
    """That weekday in the calendar week (Monday to Sunday) after this one."""
    return today + timedelta(days=7 - today.weekday() + weekday)


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
    """An unknown first word: named as not a day when a time or a part of the day follows it;
    otherwise the whole text is named as unread, with the form to type."""
    rest = rest.strip()
    if rest in PART_WORDS or not isinstance(read_range(rest), str):
        return _("{word} is not a day: type today, tomorrow, a weekday, a date like 2026-11-24 or 24 nov.").format(word=repr(word))
    text = f"{word} {rest}".strip()
    return _("Type {form}; {text} could not be read.").format(form=custom_form(), text=repr(text))
