"""One week of hours in local wall-clock time (`WeeklyHours`), and the default hours. Apart from
tui.domain.callback.calling_hours, which reads them from tables: the config holds the agent's
business hours before the desk's first frame, and reads a table only when config.toml has one
(issue 18 item 1).
"""

from __future__ import annotations

from datetime import date

from tui.domain.text.local_dates import weekday_short
from tui.support.frozen_record import FrozenRecord
from tui.support.i18n import _

Span = tuple[int, int]  # minutes since local midnight, [start, end), end may be 1440


class WeeklyHours(FrozenRecord):
    days: tuple[tuple[Span, ...], ...]  # seven entries, Monday first

    def spans_on(self, day: date) -> tuple[Span, ...]:
        return self.days[day.weekday()]

    def describe(self) -> str:
        """ "Mon-Fri 10:00-13:00, 14:00-20:00", day names in the agent's language: consecutive equal days
        grouped, days without hours left out."""
        groups: list[list[int]] = []
        for index in range(7):
            if groups and self.days[groups[-1][-1]] == self.days[index]:
                groups[-1].append(index)
            else:
                groups.append([index])
        parts = []
        for group in groups:
            if not self.days[group[0]]:
                continue
            first, last = weekday_short(group[0]), weekday_short(group[-1])
            days = _("every day") if len(group) == 7 else first if first == last else f"{first}-{last}"
            parts.append(f"{days} {', '.join(span_text(span) for span in self.days[group[0]])}")
        return "; ".join(parts) or _("no hours on any day")


def span_text(span: Span) -> str:
    return f"{span[0] // 60:02d}:{span[0] % 60:02d}-{span[1] // 60:02d}:{span[1] % 60:02d}"


def uniform(days: tuple[int, ...], spans: tuple[Span, ...]) -> WeeklyHours:
    return WeeklyHours(tuple(spans if index in days else () for index in range(7)))


DEFAULT_CALLING_HOURS = uniform(tuple(range(7)), ((8 * 60, 21 * 60),))
DEFAULT_BUSINESS_HOURS = uniform(tuple(range(5)), ((9 * 60, 18 * 60),))
ALWAYS = uniform(tuple(range(7)), ((0, 24 * 60),))
