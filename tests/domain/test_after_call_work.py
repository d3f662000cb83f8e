"""`ended` is the hang-up, `filed` the accepted wrap-up: talk time and after-call work are derived."""

from __future__ import annotations

import pytest

from tui.domain.call.record import call_record
from tui.domain.call.replay import ReplayModel
from tui.domain.call.schema import RecordError, check_call
from tui.domain.call.state import derive

STARTED = {"t": 0.0, "type": "started", "call_id": "20261123T140317Z-3fa9c1", "agent": "Ana", "started_at": "2026-11-23T14:03:17+00:00"}


def test_talk_time_and_after_call_work_from_ended_and_filed():
    log = [
        STARTED,
        {"t": 0.0, "type": "step", "step": "listen"},
        {"t": 200.0, "type": "ended", "by": "caller"},
        {"t": 230.0, "type": "note", "n": 0, "text": "typed after the hang-up"},
        {"t": 245.5, "type": "filed", "outcome": "resolved", "category": "usage"},
    ]
    state = derive(log)
    assert (state.ended_at, state.ended_by, state.filed_at) == (200.0, "caller", 245.5)
    assert state.call_elapsed(999) == 200.0  # the talk clock stops at the hang-up
    assert state.after_call_work() == 45.5
    assert state.time_in_step("listen", 999) == 200.0
    record = call_record(log)
    assert (record["status"], record["outcome"], record["category"]) == ("completed", "resolved", "usage")
    assert ReplayModel(log).end == 245.5  # the replay runs through the wrap-up


def test_after_call_work_runs_until_filed():
    state = derive([STARTED, {"t": 60.0, "type": "ended"}])
    assert state.after_call_work(now=75.0) == 15.0 and not state.talking and not state.filed
    assert call_record([STARTED, {"t": 60.0, "type": "ended"}])["status"] == "interrupted"  # never filed


def test_a_log_from_before_filed_existed():
    log = [STARTED, {"t": 90.0, "type": "ended", "outcome": "escalated", "category": "service"}]
    state = derive(log)
    assert (state.ended_at, state.filed_at, state.outcome) == (90.0, 90.0, "escalated")
    assert state.after_call_work() is None  # not recorded: shown as unknown, never as 0
    assert call_record(log)["outcome"] == "escalated"


def _record(events: list[dict]) -> dict:
    return call_record([STARTED, *events])


@pytest.mark.parametrize(
    "events, problem",
    [
        ([{"t": 5.0, "type": "filed", "outcome": "resolved", "category": "usage"}], "has not ended"),
        (
            [
                {"t": 5.0, "type": "ended"},
                {"t": 6.0, "type": "filed", "outcome": "resolved", "category": "usage"},
                {"t": 7.0, "type": "filed", "outcome": "resolved", "category": "usage"},
            ],
            "filed once",
        ),
        (
            [
                {"t": 5.0, "type": "ended", "outcome": "resolved", "category": "usage"},
                {"t": 6.0, "type": "filed", "outcome": "resolved", "category": "usage"},
            ],
            "already filed",
        ),
        ([{"t": 5.0, "type": "ended", "by": "the cat"}], "by"),
    ],
)
def test_the_schema_refuses_a_filing_that_does_not_add_up(events, problem):
    record = {**_record([]), "events": [STARTED, *events], "status": "completed", "outcome": "resolved", "category": "usage"}
    with pytest.raises(RecordError, match=problem):
        check_call(record, "call")


@pytest.mark.parametrize(
    "events",
    [
        [{"t": 5.0, "type": "ended", "by": "caller"}, {"t": 9.0, "type": "filed", "outcome": "resolved", "category": "usage"}],
        [{"t": 5.0, "type": "ended", "outcome": "resolved", "category": "usage"}],  # before `filed` existed
        [{"t": 5.0, "type": "ended", "by": "agent"}],  # hung up, never filed: interrupted
    ],
)
def test_the_schema_takes_what_the_desk_writes(events):
    check_call(_record(events), "call")
