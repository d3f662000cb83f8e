"""The team view: per agent over a period, from the history browser's rows. Pure.

Calls, average time per step, callbacks kept on time (kept on time / everything that came due:
kept, kept late, overdue; K1), the most frequent categories (METHOD.md: supervisors track the
frequent reasons) and the most frequent review flags by rule id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from tui.domain.review.history_rows import CB_KEPT, CB_KEPT_EARLY, CB_KEPT_LATE, CB_OVERDUE
from tui.support.i18n import N_

ALL_AGENTS = N_("All agents")  # the first row; translated where it is drawn


@dataclass
class AgentStats:
    agent: str
    calls: int = 0
    step_totals: dict[str, float] = field(default_factory=dict)
    step_calls: Counter = field(default_factory=Counter)
    kept: int = 0
    due: int = 0
    categories: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    durations: float = 0.0
    acw_total: float = 0.0  # after-call work, over the calls that recorded it
    acw_calls: int = 0

    def add(self, row: dict) -> None:
        self.calls += 1
        self.durations += row["duration"]
        if row.get("acw") is not None:
            self.acw_total += row["acw"]
            self.acw_calls += 1
        for key, seconds in row.get("steps", {}).items():
            self.step_totals[key] = self.step_totals.get(key, 0.0) + seconds
            self.step_calls[key] += 1
        status = row.get("cbs", "")
        if status in (CB_KEPT, CB_KEPT_LATE, CB_KEPT_EARLY, CB_OVERDUE):
            self.due += 1
            self.kept += status == CB_KEPT
        if row["category"]:
            self.categories[row["category"]] += 1
        for rule in row.get("rules", ()):
            self.flags[rule] += 1
        if status in (CB_OVERDUE, CB_KEPT_LATE):
            self.flags["K1"] += 1

    def add_counts(self, counts: TeamCounts) -> None:
        """Calls already added up elsewhere (the team database's sums), as add() would count them."""
        self.calls += counts.calls
        self.durations += counts.seconds
        self.acw_total += counts.acw_total
        self.acw_calls += counts.acw_calls
        for key, (seconds, calls) in counts.steps.items():
            self.step_totals[key] = self.step_totals.get(key, 0.0) + seconds
            self.step_calls[key] += calls
        self.due += counts.due
        self.kept += counts.kept
        if counts.category:
            self.categories[counts.category] += counts.calls
        for rule in counts.rules:
            self.flags[rule] += counts.calls
        if counts.late:
            self.flags["K1"] += counts.late

    def average_step(self, key: str) -> float:
        """Average seconds in a step over the calls that entered it."""
        count = self.step_calls.get(key, 0)
        return self.step_totals.get(key, 0.0) / count if count else 0.0

    @property
    def average_call(self) -> float:
        return self.durations / self.calls if self.calls else 0.0

    @property
    def average_acw(self) -> float | None:
        """Average after-call work (hang-up to filed); None when no call recorded it."""
        return self.acw_total / self.acw_calls if self.acw_calls else None

    @property
    def kept_rate(self) -> float | None:
        return self.kept / self.due if self.due else None


class TeamCounts(Protocol):
    """Calls of one agent with one category and one set of rules, added up (by the team database)."""

    agent: str
    category: str
    rules: list[str]
    calls: int
    seconds: float
    acw_total: float
    acw_calls: int
    steps: dict[str, tuple[float, int]]
    due: int
    kept: int
    late: int


def team_stats_of_counts(groups: Iterable[TeamCounts]) -> list[AgentStats]:
    """team_stats() of calls added up elsewhere: the whole team first, then each agent."""
    everyone = AgentStats(ALL_AGENTS)
    agents: dict[str, AgentStats] = {}
    for group in groups:
        everyone.add_counts(group)
        agents.setdefault(group.agent, AgentStats(group.agent)).add_counts(group)
    return [everyone] + sorted(agents.values(), key=lambda stats: (-stats.calls, stats.agent.casefold()))


def team_stats(rows: Iterable[dict]) -> list[AgentStats]:
    """The whole team first, then each agent by number of calls (most first)."""
    everyone = AgentStats(ALL_AGENTS)
    agents: dict[str, AgentStats] = {}
    for row in rows:
        if row.get("status") == "damaged":
            continue  # no length, steps or outcome to count; the history lists it as damaged
        everyone.add(row)
        agents.setdefault(row["agent"], AgentStats(row["agent"])).add(row)
    return [everyone] + sorted(agents.values(), key=lambda stats: (-stats.calls, stats.agent.casefold()))


def bar(value: float, most: float, width: int) -> str:
    """A horizontal bar in eighths of a cell: value out of `most` over `width` cells."""
    if most <= 0 or width <= 0:
        return ""
    eighths = round(max(0.0, min(value, most)) / most * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
