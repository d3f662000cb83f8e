"""History rows, the callback state at viewing time, date ranges and the team figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tui.domain.review.history_rows import (
    CB_CANCELLED,
    CB_KEPT,
    CB_KEPT_LATE,
    CB_OVERDUE,
    CB_UPCOMING,
    Filters,
    action_index,
    callback_status,
    matches,
    parse_date_range,
    with_status,
)
from tui.domain.review.team import bar, team_stats

ROW = {
    "id": "x",
    "start": 1000.0,
    "agent": "Ana",
    "caller": "+1",
    "duration": 90.0,
    "outcome": "resolved",
    "category": "usage",
    "status": "completed",
    "flags": 0,
    "rules": [],
    "cb": {"uid": "u", "start": 2000.0, "end": 3000.0},
    "steps": {"listen": 60.0, "apologize": 30.0},
    "search": "ana +1 parcel 快递",
}


@pytest.mark.parametrize(
    "actions, now, expected",
    [
        ([], 2500.0, CB_UPCOMING),
        ([], 3000.0, CB_OVERDUE),
        ([{"type": "callback_kept", "uid": "u", "at": "1970-01-01T00:41:00Z"}], 5000.0, CB_KEPT),
        ([{"type": "callback_kept", "uid": "u", "at": "1970-01-01T01:00:00Z"}], 5000.0, CB_KEPT_LATE),
        ([{"type": "callback_cancelled", "uid": "u", "at": "1970-01-01T00:40:00Z"}], 5000.0, CB_CANCELLED),
        ([{"type": "callback_rescheduled", "uid": "u", "at": "1970-01-01T00:40:00Z", "end": "1970-01-01T02:00:00Z"}], 5000.0, CB_UPCOMING),
    ],
)
def test_callback_status(actions, now, expected):
    assert callback_status(ROW, action_index(actions), now) == expected


def test_filters_combine():
    row = with_status(dict(ROW), {}, 5000.0)
    assert row["cbs"] == CB_OVERDUE and row["nflags"] == 1
    assert matches(row, Filters(text="PARCEL 快递"))
    assert not matches(row, Filters(text="parcel missing"))
    assert matches(row, Filters(flagged=True, overdue=True, outcome="resolved"))
    assert not matches(row, Filters(outcome="escalated"))
    assert not matches(row, Filters(since=1001.0))


def test_date_range():
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    since, until = parse_date_range("2026-11-01 2026-11-30", "UTC", now)
    assert (since, until) == (datetime(2026, 11, 1, tzinfo=UTC).timestamp(), datetime(2026, 12, 1, tzinfo=UTC).timestamp())
    assert parse_date_range("7d", "UTC", now) == (datetime(2026, 11, 17, tzinfo=UTC).timestamp(), None)
    assert parse_date_range("", "UTC", now) == (None, None)
    with pytest.raises(ValueError, match="not a date"):
        parse_date_range("yesterday", "UTC", now)


def test_team_stats_and_bars():
    rows = [with_status(dict(ROW), {}, 5000.0), with_status({**ROW, "id": "y", "agent": "Bo", "cb": None, "rules": ["L3"]}, {}, 5000.0)]
    everyone, ana, bo = team_stats(rows)
    assert everyone.calls == 2 and everyone.average_step("listen") == 60.0
    assert ana.kept_rate == 0.0 and bo.kept_rate is None
    assert bo.flags["L3"] == 1 and ana.flags["K1"] == 1
    assert bar(1, 2, 4) == "██" and bar(1, 8, 1) == "▏" and bar(0, 0, 5) == ""


def test_filter_rows_fast_paths_and_narrowing():
    from tui.domain.review.history_rows import filter_rows, narrows

    rows = [
        with_status({**ROW, "id": str(i), "search": text, "outcome": outcome}, {}, 0.0)
        for i, (text, outcome) in enumerate(
            [("ana parcel late", "resolved"), ("bo refund", "escalated"), ("ana refund parcel", "resolved")]
        )
    ]
    assert [r["id"] for r in filter_rows(rows, Filters(text="parcel"))] == ["0", "2"]
    assert [r["id"] for r in filter_rows(rows, Filters(text="REFUND parcel"))] == ["2"]
    assert [r["id"] for r in filter_rows(rows, Filters(text="refund", outcome="escalated"))] == ["1"]
    assert len(filter_rows(rows, Filters())) == 3
    assert narrows(Filters(text="par"), Filters(text="parcel x"))
    assert not narrows(Filters(text="parcel"), Filters(text="par"))
    assert not narrows(Filters(text="par"), Filters(text="parcel", flagged=True))
