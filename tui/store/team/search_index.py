"""The notes' search index of each month's partition (schema_v6.sql), built outside the loads: a
load makes its new months without it, and this builds what is missing afterwards, one month per
transaction, so a build cut off keeps the months already done and the next run does the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.store.team.connection import SCHEMA

Progress = Callable[[int, int], None]


def unindexed_months(conn: Any) -> list[str]:
    """The month partitions ('calls_2026_11') whose notes have no index yet, newest first."""
    with conn.transaction():
        return [row[0] for row in conn.execute(f"SELECT {SCHEMA}.unindexed_months()").fetchall()]


def index_months(conn: Any, progress: Progress | None = None) -> int:
    """Index every month that has no index yet, newest first (the history reads those first);
    returns how many were built. Each month in its own transaction: rows pushed meanwhile wait for
    that month only."""
    months = unindexed_months(conn)
    built = 0
    for done, month in enumerate(months):
        if progress is not None:
            progress(done, len(months))
        built += index_month(conn, month)
    if progress is not None and months:
        progress(len(months), len(months))
    return built


def index_month(conn: Any, month: str) -> bool:
    """One month's index in a transaction of its own; False when another build made it first."""
    with conn.transaction():
        return bool(conn.execute(f"SELECT {SCHEMA}.index_month_notes(%s)", (month,)).fetchone()[0])
