"""After-call work on the team database (issue 17 item 5): a call hung up by the phone and filed
later is pushed by the agent's sync; the supervisor's history row, team view and export read it
from PostgreSQL as her role."""

from __future__ import annotations

import csv
import io
import json

from tests.app.conftest import until
from tests.team.helpers import cli
from tests.team.test_team_review import supervisor
from tui.app.base import review_app
from tui.app.widgets.call_table import CallTable
from tui.config.settings import Config
from tui.services import sync
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir


def anas_phone_call(team, tmp_path, clock) -> str:
    """Talk 90 s, hung up by the caller, filed 30 s later; pushed."""
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    desk = open_desk(config, prepare_data_dir(tmp_path / "ana"), clock)
    session, _warning = desk.start_call("+44 20 7031 3000")
    clock.advance(90)
    session.call.hang_up("caller")
    clock.advance(30)
    call_id = session.finish("resolved", "usage")["id"]
    assert sync.sync_once(config, desk.data_dir).pushed == 1
    return call_id


async def test_the_supervisors_history_and_team_view_show_after_call_work(team, tmp_path, clock):
    call_id = anas_phone_call(team, tmp_path, clock)
    review = supervisor(team, tmp_path, clock)
    app = review_app(review, review.config, start="calls")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading and len(app.screen.query_one(CallTable).rows) == 1)
        [row] = app.screen.query_one(CallTable).rows
        assert (row["id"], row["duration"], row["acw"]) == (call_id, 90.0, 30.0)
        assert "00:30" in app.screen.query_one(CallTable).render_line(1).text
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TeamScreen" and app.screen.stats != [])
        await pilot.press("down")
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("Ana") and "average after-call work 00:30" in body


def test_the_team_export_carries_talk_time_and_after_call_work(team, tmp_path, clock, monkeypatch, capsys):
    anas_phone_call(team, tmp_path, clock)
    out = tmp_path / "out"
    for fmt in ("json", "csv", "md"):
        code, _, err = cli(
            monkeypatch, capsys, team.url("sue"), "--data-dir", str(tmp_path / "sue"), "export", "--format", fmt, "--out", f"{out}.{fmt}"
        )
        assert code == 0 and err.startswith("Wrote 1 call(s)")
    [call] = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["calls"]
    assert (call["talk_seconds"], call["acw_seconds"]) == (90.0, 30.0)
    [row] = csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig")))
    assert row["acw_s"] == "30.0"
    assert "After-call work: 00:30" in (tmp_path / "out.md").read_text(encoding="utf-8")
