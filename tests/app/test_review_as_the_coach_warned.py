"""The supervisor's screens agree with the live coach (issue 14 item 5, 6), driven by keys: the
call from the issue (L2 twice, L5, E1 unanswered, an apologize step with no apology, an accepted
offer over authority) shows each flag with its time in the replay's review pane, the same count in
the history's flag column and the rules among the team view's most frequent flags; a promise to a
caller in another zone is shown at the play head in both times, with its number and state; a
back-dated note sits in call-clock order in the replay."""

from __future__ import annotations

from tests.review.calls import callback, ended, note, record, step, warned_opening
from tests.review.test_review_phrases import offer
from tui.app.widgets.call_facts import CallFacts
from tui.app.widgets.call_table import CallTable
from tui.app.widgets.replay_notes import ReplayNotes
from tui.app.widgets.review_pane import ReviewPane

from .conftest import until
from .review_helpers import filled_dir, review_app

CALL = "20261123T140000Z-aaaaaa"
WARNED = ["E1", "L2", "L2", "L5", "L3", "P1"]


def the_issues_call() -> dict:
    return record(
        *warned_opening(),
        note(40, "said at 00:40, typed later", 2),  # back-dated: committed after 01:01
        offer(90, "replacement", None, False, True),
        offer(100, "credit", 80, True, False, 50),
        callback(200, number="+12125550100", zone="America/New_York", start="2026-11-24T15:00:00Z", end="2026-11-24T17:00:00Z"),
        step(300, "thank"),
        ended(400, "callback_promised"),
        caller="+12125550100",
    )


async def opened(pilot) -> None:
    await until(pilot, lambda: getattr(pilot.app.screen, "model", None) is not None)
    await pilot.pause()


async def test_the_replay_review_pane_lists_every_rule_the_coach_warned_about_with_its_time(data_dir):
    app = review_app(filled_dir(data_dir, [the_issues_call()], []), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        pane = app.screen.query_one(ReviewPane)
        lines = [str(pane.get_option_at_index(index).prompt) for index in range(pane.option_count)]
        rules = [line.split()[1] for line in lines]
        assert sorted(rules) == sorted(WARNED), lines
        assert '00:12 L5   Qualifier "to be honest"' in "\n".join(lines)
        assert "01:40 P1" in "\n".join(lines) and "00:05 E1" in "\n".join(lines)
        assert pane.border_title == f"Review · {len(WARNED)} flags"
        notes = app.screen.query_one(ReplayNotes)
        await pilot.press("end")
        await until(pilot, lambda: app.screen.t == 400.0)
        assert [note.t for note in notes.shown] == [5.0, 12.0, 40.0]  # the back-dated note where it happened


async def test_the_promise_at_the_play_head_is_in_both_times_with_number_and_state(data_dir):
    app = review_app(filled_dir(data_dir, [the_issues_call()], []), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("end")
        await until(pilot, lambda: app.screen.t == 400.0)
        facts = app.screen.query_one(CallFacts)
        text = str(facts.render())
        assert "Offer 01:40 Credit 80 GBP · accepted · outside authority" in text, text
        assert "Promise 03:20 Tue 24 Nov 15:00-17:00 GMT (caller: Tue 24 Nov 10:00-12:00 EST) on +12125550100 · upcoming" in text, text


async def test_the_history_counts_and_the_team_view_ranks_the_same_flags(data_dir):
    app = review_app(filled_dir(data_dir, [the_issues_call()], []))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading)
        await pilot.pause()
        [row] = app.screen.query_one(CallTable).rows
        assert row["flags"] == len(WARNED) and row["rules"] == sorted(set(WARNED))
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TeamScreen")
        await pilot.pause()
        body = str(app.screen.query_one("#team-body").render())
        ranked = body.split("Most frequent flags")[1]
        for rule in set(WARNED):
            assert f"  {rule} " in ranked, ranked
