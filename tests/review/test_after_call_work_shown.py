"""Talk time and after-call work where the supervisor looks (issue 17 item 5), by real keys: the
history browser's ACW column (and sorting by it), the replay's grey stretch after the hang-up and
its header, the team view's average after-call work per agent. The team database's copy is in
tests/team/test_team_review.py."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.conftest import until
from tests.app.review_helpers import filled_dir, review_app
from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.call_table import CallTable
from tui.app.widgets.timeline import STEP_COLOURS, Timeline
from tui.domain.call.replay import ACW

GOLDEN = Path(__file__).parent / "golden"
PHONE_CALL = "20261123T170000Z-dddddd"  # hung up by the caller at 140 s, filed at 182.5 s


def with_the_phone_call(data_dir: Path) -> Path:
    calls = json.loads((GOLDEN / "calls.json").read_text(encoding="utf-8"))["calls"]
    phone = json.loads((GOLDEN / "phone_call.json").read_text(encoding="utf-8"))["calls"]
    return filled_dir(data_dir, calls + phone)


def line_of(app, call_id: str) -> str:
    table = app.screen.query_one(CallTable)
    index = [row["id"] for row in table.rows].index(call_id)
    return table.render_line(index + 1).text  # line 0 is the column titles


async def test_the_history_has_an_acw_column_that_sorts(data_dir):
    app = review_app(with_the_phone_call(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading and len(app.screen.query_one(CallTable).rows) == 4)
        table = app.screen.query_one(CallTable)
        assert "ACW" in table.render_line(0).text
        assert "00:42" in line_of(app, PHONE_CALL)  # 182.5 - 140
        assert "02:20" in line_of(app, PHONE_CALL)  # the call's length is its talk time
        assert "00:42" not in line_of(app, "20261123T140000Z-aaaaaa")  # filed before ACW was recorded
        for _ in range(10):
            if table.sort_column == "acw":
                break
            await pilot.press("f6")
        assert table.sort_column == "acw" and table.rows[0]["id"] == PHONE_CALL  # most first
        await pilot.press("f7")
        assert table.rows[-1]["id"] == PHONE_CALL  # unknown ACW sorts before 00:00


async def test_the_replay_shows_after_call_work_after_the_hang_up(data_dir):
    app = review_app(with_the_phone_call(data_dir), start="replay", call_id=PHONE_CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        timeline = app.screen.query_one(Timeline)
        [acw] = [segment for segment in timeline.segments if segment.key == ACW]
        assert (acw.start, acw.end) == (140.0, 182.5)
        assert any(mark.kind == "hangup" for mark in timeline.marks)
        bar = timeline.render_line(0)
        assert any(segment.style and STEP_COLOURS[ACW] in str(segment.style.bgcolor.name) for segment in bar)
        await pilot.press("end")
        await pilot.pause()
        header = str(app.screen.query_one(CallHeader).render())
        assert "After-call work 00:42" in header and "02:20" in header


async def test_the_team_view_averages_after_call_work_per_agent(data_dir):
    app = review_app(with_the_phone_call(data_dir), "team")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.stats != [])
        await pilot.pause()
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("All agents") and "average after-call work 00:42" in body
        await pilot.press("down")
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("Ana") and "average after-call work 00:42" in body
        await pilot.press("down")
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("Min-jun") and "after-call work" not in body  # none recorded: never a made-up 0
