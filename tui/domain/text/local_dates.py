"""Dates and times written the way the agent's language writes them (en, ko, zh-Hans, zh-Hant).

Sentences go through gettext (tui.support.i18n); the forms of a date cannot, because Korean and Chinese
put the month first, use numbers for months and name the weekday differently. These small tables
do that part, in the language chosen at start (config `language`, `--lang`):

    en       Tue 24 Nov               Tuesday 24 November 2027
    ko       11월 24일(화)             2027년 11월 24일 화요일
    zh-Hans  11月24日 周二             2027年11月24日星期二
    zh-Hant  11月24日 週二             2027年11月24日星期二
"""

from __future__ import annotations

from datetime import date, datetime

from tui.support.i18n import language

# Monday first, as date.weekday() counts.
WEEKDAYS_SHORT = {
    "ko": ("월", "화", "수", "목", "금", "토", "일"),
    "zh-Hans": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "zh-Hant": ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
}
WEEKDAYS_LONG = {
    "ko": ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"),
    "zh-Hans": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "zh-Hant": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _lang() -> str:
    current = language()
    return current if current in WEEKDAYS_SHORT else "en"


def weekday_short(day: date | int) -> str:
    """ "Tue", "화", "周二", "週二" (a date, or its weekday() number)."""
    lang, index = _lang(), day if isinstance(day, int) else day.weekday()
    return _EN_WEEKDAYS[index][:3] if lang == "en" else WEEKDAYS_SHORT[lang][index]


def short_date(day: date, *, year: bool = False) -> str:
    """For screens: "Tue 24 Nov", "11월 24일(화)", "11月24日 周二" (with the year when asked)."""
    lang, weekday = _lang(), weekday_short(day)
    if lang == "en":
        return f"{weekday} {day.day} {_EN_MONTHS[day.month - 1][:3]}" + (f" {day.year}" if year else "")
    if lang == "ko":
        return (f"{day.year}년 " if year else "") + f"{day.month}월 {day.day}일({weekday})"
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日 {weekday}"


def long_date(day: date, *, year: bool = False) -> str:
    """To be read aloud: "Tuesday 24 November", "11월 24일 화요일", "11月24日星期二"."""
    lang = _lang()
    if lang == "en":
        return f"{_EN_WEEKDAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    weekday = WEEKDAYS_LONG[lang][day.weekday()]
    if lang == "ko":
        return (f"{day.year}년 " if year else "") + f"{day.month}월 {day.day}일 {weekday}"
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日{weekday}"


def spoken_time(moment: datetime, *, after: datetime | None = None) -> str:
    """A time to read aloud. Korean agents say "오전 10시 30분", "낮 12시", "오후 2시" (the period
    left out when it repeats the one of `after`, the start of the same range); the others read 10:00."""
    if _lang() != "ko":
        return f"{moment:%H:%M}"
    hour, minute = moment.hour, moment.minute
    if hour == 0 and minute == 0:
        return "자정"
    period = "오전" if hour < 12 else "낮" if hour == 12 else "오후"
    text = f"{hour % 12 or 12}시" + (f" {minute}분" if minute else "")
    if after is not None and period == ("오전" if after.hour < 12 else "낮" if after.hour == 12 else "오후") and period != "낮":
        return text
    return f"{period} {text}"
