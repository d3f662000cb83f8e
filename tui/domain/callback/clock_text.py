"""The from-to of a custom window and the parts of the day, as agents say them (custom_text reads the day).

    14-16   14:00-16:00   2pm-4pm   10am-12pm   2-4pm   noon-2   2:30pm to 4   between 2 and 4pm
    afternoon 2-4   오후 2시-4시   오전 11시-1시   낮 12시-2시   下午2点到4点   中午12点-2点

A bare hour is a 24-hour clock ("2-4" is 02:00-04:00) unless the other end says which half of the
day it is in (am/pm, noon, midnight, 오후, 下午, afternoon ...): then it is read the nearest way that
makes the window run forward, so "2-4pm" is 14:00-16:00, "10-12pm" 10:00-12:00, "noon-2" 12:00-14:00
and "11am-1" 11:00-13:00. A period said once before the start carries to the end.

A part of the day said alone is a documented window (DAY_PARTS; README "Custom windows"):

    morning    09:00-12:00   morning, 오전, 아침, 上午, 早上
    midday     12:00-14:00   midday, lunchtime, 점심, 中午
    afternoon  13:00-17:00   afternoon, 오후, 下午
    evening    17:00-20:00   evening, tonight, 저녁, 晚上, 傍晚
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import time

from tui.support.i18n import _

DAY_PARTS = {
    "morning": (time(9), time(12)),
    "midday": (time(12), time(14)),
    "afternoon": (time(13), time(17)),
    "evening": (time(17), time(20)),
}
PART_WORDS = {
    **dict.fromkeys(("morning", "오전", "아침", "上午", "早上"), "morning"),
    **dict.fromkeys(("midday", "lunchtime", "점심", "中午"), "midday"),
    **dict.fromkeys(("afternoon", "오후", "下午"), "afternoon"),
    **dict.fromkeys(("evening", "저녁", "晚上", "傍晚"), "evening"),
}
# Before a range, a period says which half of the day its bare hours are in.
_AFTERNOON = {"afternoon", "evening", "下午", "晚上", "傍晚", "오후", "저녁", "낮"}
_MORNING = {"morning", "上午", "早上", "오전", "아침"}
_MIDDAY = {"midday", "lunchtime", "中午", "점심"}  # 1 and 2 are after noon
_NOON = {"noon", "정오", "正午"}
_MIDNIGHT = {"midnight", "자정", "午夜"}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_PERIOD = _alternatives(_AFTERNOON | _MORNING | _MIDDAY)
_WORD = _alternatives(_NOON | _MIDNIGHT)
_SEPARATOR = r"(?:\s*(?:-|–|—|~|～|〜|至|到|부터)\s*|\s+(?:to|till|until|and)\s+)"
_LEADING = r"(?:(?:from|between|at)\s+)?"


def _clock(i: int) -> str:
    """One end: 14, 14:30, 2pm, 2:30 p.m., noon, 2시 30분, 오후 2시 반, 下午2点半, 9：30."""
    return (
        rf"(?P<e{i}>(?:(?P<p{i}>{_PERIOD})\s*)?(?:(?P<w{i}>{_WORD})|(?P<h{i}>\d{{1,2}})"
        rf"(?:[:：.](?P<m{i}>\d{{2}})|\s*[시点點時]\s*(?:(?P<n{i}>\d{{1,2}})\s*[분分]|(?P<half{i}>半|반))?)?"
        rf"(?:\s*(?P<s{i}>[ap])\.?m\b\.?)?))"
    )


_RANGE = re.compile(rf"^{_LEADING}{_clock(1)}{_SEPARATOR}{_clock(2)}\s*(?:까지)?\s*(?:사이)?$")
_ONE_TIME = re.compile(rf"^{_LEADING}{_clock(1)}$")
_SPLIT = re.compile(_SEPARATOR)
_LIKE_A_TIME = re.compile(rf"^(?:from|between|at|{_WORD}|{_PERIOD})(?:\b|\s|\d|$)")


def starts_like_a_time(text: str) -> bool:
    """Whether text that begins with a word begins a time ("noon-2", "at 2pm-4pm", "오후 2시-4시")."""
    return bool(_LIKE_A_TIME.match(text))


def read_range(text: str) -> tuple[time, time] | str:
    """(start, end) with an end of 00:00 meaning midnight; a sentence naming what is wrong; or ""
    when the text is not a range at all (the caller names the whole text)."""
    match = _RANGE.match(text)
    if not match:
        return _unreadable(text)
    ends: list[tuple[int, bool]] = []
    for i in (1, 2):
        reading = _reading(match, i)
        if isinstance(reading, str):
            return _("{word} is not a time: type from-to such as 2pm-4pm or 14:00-16:00.").format(word=repr(match.group(f"e{i}")))
        ends.append(reading)
    (start, start_fixed), (end, end_fixed) = ends
    if start_fixed and not end_fixed:
        end = _nearest(end, lambda candidate: candidate > start, min, end)
    elif end_fixed and not start_fixed:
        start = _nearest(start, lambda candidate: candidate < end, max, start)
    if start >= 24 * 60 or end > 24 * 60:
        return _("Times run from 00:00 to 24:00 (24:00 only as the end).")
    if end == 0:
        return _("The window must end after it starts ({start} to {end}); write 24:00 for midnight.").format(
            start=_hhmm(start), end="00:00"
        )
    if end <= start:
        return _("The window must end after it starts ({start} to {end}).").format(start=_hhmm(start), end=_hhmm(end))
    return time(start // 60, start % 60), time(0) if end == 24 * 60 else time(end // 60, end % 60)


def _reading(match: re.Match[str], i: int) -> tuple[int, bool] | str:
    """(minutes since midnight, whether the half of the day is said), or "" for an impossible hour."""
    word = match.group(f"w{i}")
    if word:
        return (12 * 60 if word in _NOON else 24 * 60 if i == 2 else 0), True
    hours = int(match.group(f"h{i}"))
    minutes = 30 if match.group(f"half{i}") else int(match.group(f"m{i}") or match.group(f"n{i}") or 0)
    if minutes > 59:
        return 24 * 60 + 1, False  # past 24:00: refused with the 00:00-24:00 sentence
    if mark := match.group(f"s{i}"):
        if not 1 <= hours <= 12:
            return ""
        hours = hours % 12 + (12 if mark == "p" else 0)
        if i == 2 and hours == 0 and minutes == 0:
            hours = 24  # "10pm-12am" ends at midnight
        return hours * 60 + minutes, True
    period = match.group(f"p{i}") or (match.group("p1") if i == 2 else None)
    if period is None or i == 2 and match.group("p2") is None:
        return hours * 60 + minutes, False  # a start's period reaches the end through _nearest
    if period in _AFTERNOON and 1 <= hours <= 11 or period in _MIDDAY and 1 <= hours <= 2:
        hours += 12
    return hours * 60 + minutes, True


def _nearest(minutes: int, fits: Callable[[int], bool], pick: Callable[[list[int]], int], default: int) -> int:
    """A bare hour next to a said one: of its two readings (a.m., p.m.), the one that fits, nearest."""
    hours, rest = divmod(minutes, 60)
    if not 1 <= hours <= 12:
        return default
    readings = [reading for reading in (hours % 12 * 60 + rest, (hours % 12 + 12) * 60 + rest) if fits(reading)]
    if not readings and hours == 12 and rest == 0 and fits(24 * 60):
        return 24 * 60  # "9pm-12": to midnight
    return pick(readings) if readings else default


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _unreadable(text: str) -> str:
    """What to name: one end that is not a time, or a single time where a window needs two."""
    if _ONE_TIME.match(text):
        return _("{word} is one time; a window needs from-to, such as 2pm-4pm.").format(word=repr(text))
    sides = [side for side in _SPLIT.split(text) if side]
    if len(sides) == 2:
        bad = next((side for side in sides if not _ONE_TIME.match(side)), None)
        if bad is not None and _ONE_TIME.match(sides[0] if bad is sides[1] else sides[1]):
            return _("{word} is not a time: type from-to such as 2pm-4pm or 14:00-16:00.").format(word=repr(bad))
    return ""
