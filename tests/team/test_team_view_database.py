"""The team view on the team database (issue 16): every agent compared over the whole filter, not
the page shown, added up by PostgreSQL as each role may see the calls; the same figures the view
computes from rows in memory on one machine."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from tests.team.helpers import cli
from tests.team.test_import_whole import export_file
from tests.team.test_team_history_paged import FILTERS
from tui.config.settings import Config
from tui.domain.review.history_rows import Filters, action_index, filter_rows, now_epoch, with_status
from tui.domain.review.team import team_stats
from tui.services.team_review import TeamReviewService
from tui.store.datadir import prepare_data_dir
from tui.store.team.reads import TeamReader


def figures(stats) -> dict:
    """What the view shows of each agent, rounded as it is drawn."""
    return {
        s.agent: (
            s.calls,
            round(s.durations, 1),
            round(s.acw_total, 1),
            s.acw_calls,
            {key: (round(total, 1), s.step_calls[key]) for key, total in s.step_totals.items() if s.step_calls[key]},
            (s.kept, s.due),
            dict(s.categories),
            dict(s.flags),
        )
        for s in stats
    }


@pytest.fixture
def promised(monkeypatch, capsys, team, tmp_path):
    """The history test's calls, every fifth with a promise (windows before and after now, on the
    clock the tests run at), and actions on them: kept on time, early, late, rescheduled (past or
    not), cancelled, and one dated after now (not counted yet)."""
    path = tmp_path / "promised.json"
    export_file(path, 300)
    document = json.loads(path.read_text(encoding="utf-8"))
    uids = []
    for number, call in enumerate(document["calls"]):
        if number % 50 == 0:
            call["agent"] = call["events"][0]["agent"] = "Ana"
        if number % 5 == 0:
            start = datetime.fromisoformat(call["started_at"]) + timedelta(days=1)
            uid = f"cb-{call['id']}"
            uids.append((uid, start))
            promise = {"t": 50.0, "type": "callback", "number": "+442070313000", "zone": "Europe/London", "uid": uid, "sequence": 0}
            call["events"].insert(
                -1, promise | {"start": f"{start:%Y-%m-%dT%H:%M:%SZ}", "end": f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M:%SZ}"}
            )
        if number % 7 == 0:
            call["events"].insert(3, {"t": 20.0, "type": "step", "step": "apologize"})
        if number % 3 == 0:
            call["events"][2]["text"] += ", the caller tried twice"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "lead"), "import", "--team", str(path))
    assert code == 0, err
    kinds = [
        ("callback_kept", 1),
        ("callback_kept", -5),
        ("callback_kept", 30),
        ("callback_rescheduled", 10),
        ("callback_cancelled", 1),
        ("callback_kept", 24 * 400),
        None,
    ]
    with psycopg.connect(team.db.url) as conn:
        for number, (uid, start) in enumerate(uids):
            kind = kinds[number % len(kinds)]
            if kind is None:
                continue
            at = start + timedelta(hours=kind[1])
            action = {"type": kind[0], "uid": uid, "at": at.isoformat()}
            if kind[0] == "callback_rescheduled":
                action["end"] = (at + timedelta(days=number % 3 * 300)).isoformat()
            agent = conn.execute("SELECT agent FROM callcoach.calls WHERE id = %s", (uid[3:],)).fetchone()[0]
            conn.execute(
                "INSERT INTO callcoach.callback_actions (id, uid, agent, type, at, action) VALUES (%s, %s, %s, %s, %s, %s)",
                (f"a{number}", uid, agent, kind[0], at, json.dumps(action)),
            )
    return document


@pytest.mark.parametrize("who", ["sue", "ana", "ben"])
def test_the_databases_sums_are_the_views_own_over_every_matching_call(team, promised, tmp_path, clock, who):
    config = Config(agent="Sue", timezone="UTC", team_database=team.url(who))
    review = TeamReviewService(prepare_data_dir(tmp_path / who), "UTC", "Sue", clock, config)
    reader = TeamReader(team.url(who))
    try:
        now = now_epoch(review.now())
        rows = [with_status(row, action_index(reader.actions()), now) for month in reader.months() for row in reader.rows(month)]
        for filters in [*FILTERS, Filters(since=datetime(2026, 10, 1, tzinfo=UTC).timestamp(), agent="Ana")]:
            stats, span = review.team_view(filters)
            expected = team_stats(filter_rows(rows, filters))
            assert expected[0].due or not expected[0].calls or filters.text  # promises came due among them
            assert figures(stats) == figures(expected), filters
            if expected[0].calls:
                starts = [row["start"] for row in filter_rows(rows, filters)]
                assert span == (min(starts), max(starts))
            else:
                assert span is None
        if who == "ben":
            assert review.team_view(Filters())[0][0].calls == 0
    finally:
        reader.close()
        review.close()


async def test_f9_in_the_team_history_compares_every_agent_over_the_whole_filter(team, promised, tmp_path, clock, monkeypatch):
    import tui.app.review.team_calls as team_calls
    from tests.app.conftest import until
    from tui.app.base import review_app

    monkeypatch.setattr(team_calls, "PAGE", 40)  # a page is 40 calls: the view still counts all 300
    config = Config(agent="Sue", timezone="UTC", team_database=team.url("sue"))
    review = TeamReviewService(prepare_data_dir(tmp_path / "sue"), "UTC", "Sue", clock, config)
    app = review_app(review, config, start="calls")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: not app.screen.reading and len(app.screen.all_rows) == 40)
            await pilot.press("f9")
            await until(pilot, lambda: "300 calls" in str(app.screen.query_one("#team-title").render()))
            body = str(app.screen.query_one("#team-body").render())
            assert "300 call(s)" in body and "Callbacks kept on time (K1): " in body
            await pilot.press("escape")
            await until(pilot, lambda: hasattr(app.screen, "reading"))
            await pilot.press(*"tried")  # the filter the history shows: every third call
            await until(pilot, lambda: not app.screen.reading and len(app.screen.all_rows) == 40)
            await pilot.press("f9")
            await until(pilot, lambda: "100 calls" in str(app.screen.query_one("#team-title").render()))
    finally:
        review.close()
