"""The supervisor's history, replay and team view on the team database: two agents' desks push,
the supervisor's screens read PostgreSQL as her role (Pilot, real keys); `--local` stays local."""

from __future__ import annotations

import pytest

from tests.app.conftest import until
from tests.team.helpers import cli
from tests.team.test_sync import file_calls
from tui.app.base import review_app
from tui.app.widgets.call_table import CallTable
from tui.config.settings import Config
from tui.services import sync
from tui.services.session import open_desk
from tui.services.team_review import TeamReviewService
from tui.store.datadir import prepare_data_dir


@pytest.fixture
def two_agents_pushed(team, tmp_path, clock):
    filed = {}
    for who, name in (("ana", "Ana"), ("ben", "Ben")):
        config = Config(agent=name, timezone="Europe/London", default_region="GB", team_database=team.url(who))
        desk = open_desk(config, prepare_data_dir(tmp_path / who), clock)
        filed[name] = file_calls(desk, clock, 2, category="usage" if who == "ana" else "service")
        sync.sync_once(config, desk.data_dir)
    return filed


def supervisor(team, tmp_path, clock, who: str = "sue") -> TeamReviewService:
    config = Config(agent="Sue", timezone="Europe/London", team_database=team.url(who))
    return TeamReviewService(prepare_data_dir(tmp_path / f"{who}-machine"), "Europe/London", "Sue", clock, config)


async def test_the_supervisor_browses_every_agents_calls_and_replays_one(team, two_agents_pushed, tmp_path, clock):
    review = supervisor(team, tmp_path, clock)
    app = review_app(review, review.config, start="calls")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading and len(app.screen.query_one(CallTable).rows) == 4)
        rows = app.screen.query_one(CallTable).rows
        assert sorted(row["agent"] for row in rows) == ["Ana", "Ana", "Ben", "Ben"]
        await pilot.press(*"ben")  # the typed filter reads the agent too
        assert {row["agent"] for row in app.screen.query_one(CallTable).rows} == {"Ben"}
        await pilot.press("enter")
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        assert app.screen.call_id in two_agents_pushed["Ben"]
    comment = review.add_comment(two_agents_pushed["Ben"][0], 5.0, "Say sorry once, then the plan.")
    assert [c["id"] for c in review.reviews.for_call(two_agents_pushed["Ben"][0])] == [comment["id"]]
    assert sync.status(review.data_dir)[0] == 0  # pushed at once


def test_an_agents_role_sees_only_its_own_calls_in_the_same_screens(team, two_agents_pushed, tmp_path, clock):
    review = supervisor(team, tmp_path, clock, who="ana")
    rows = [row for month in review.call_index().months() for row in review.call_index().rows(month)]
    assert sorted(row["id"] for row in rows) == sorted(two_agents_pushed["Ana"])
    assert review.latest_id() in two_agents_pushed["Ana"]


def test_replay_latest_and_local(team, two_agents_pushed, tmp_path, monkeypatch, capsys):
    empty = prepare_data_dir(tmp_path / "empty")
    import tui.commands.replay
    import tui.commands.review_common

    for module in (tui.commands.review_common, tui.commands.replay):  # the app itself is not what this tests
        monkeypatch.setattr(module, "run_review_app", lambda *a, **k: 0)
    code, _, err = cli(monkeypatch, capsys, team.url("sue"), "--data-dir", str(empty), "replay", "nosuchcall")
    assert code == 1 and "no call 'nosuchcall' in the team database" in err
    code, _, err = cli(monkeypatch, capsys, team.url("sue"), "--data-dir", str(empty), "replay", "--local")
    assert code == 1 and f"no filed calls to replay in {empty}" in err
    code, _, err = cli(monkeypatch, capsys, team.url("sue") + "&connect_timeout=2", "--data-dir", str(empty), "calls", "--local")
    assert code == 0
    unreachable = f"postgresql://sue@/x?host={tmp_path}"
    code, _, err = cli(monkeypatch, capsys, unreachable, "--data-dir", str(empty), "calls")
    assert code == 1 and "cannot be reached" in err and "`--local` reads this machine's calls" in err


async def test_the_history_filters_by_agent_and_category_by_keys(team, two_agents_pushed, tmp_path, clock):
    """F10 cycles the category, F11 the agent (issue 16: history filters gain agent and category)."""
    review = supervisor(team, tmp_path, clock)
    app = review_app(review, review.config, start="calls")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading and len(app.screen.query_one(CallTable).rows) == 4)

        def agents() -> list[str]:
            return sorted(row["agent"] for row in app.screen.query_one(CallTable).rows)

        await pilot.press("f11")  # the first agent by name
        assert agents() == ["Ana", "Ana"]
        await pilot.press("f11")
        assert agents() == ["Ben", "Ben"]
        await pilot.press("f11")  # every agent again
        assert len(agents()) == 4
        await pilot.press("f10", "f10")  # product quality, then usage: Ana's calls were filed as usage
        assert agents() == ["Ana", "Ana"]
        await pilot.press("f10")  # service: Ben's
        assert agents() == ["Ben", "Ben"]
        await pilot.press("f11")  # Ana among the service calls: none
        assert agents() == []
        assert "category Service" in str(app.screen.query_one("#calls-title").render())
