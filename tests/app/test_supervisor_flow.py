"""Issue 4's "done when": a supervisor imports calls exported on another machine, finds one,
replays it by keyboard, comments, and exports a summary whose flags name the broken rules."""

from __future__ import annotations

import json
from pathlib import Path

from tui.app.widgets.call_table import CallTable
from tui.app.widgets.step_tracker import StepTracker
from tui.cli import main
from tui.store.datadir import prepare_data_dir

from .conftest import until
from .review_helpers import GOLDEN, review_app


async def test_import_find_replay_comment_export(tmp_path, capsys):
    elsewhere, here = tmp_path / "elsewhere", tmp_path / "here"
    assert main(["--data-dir", str(elsewhere), "import", str(GOLDEN)]) == 0
    exported = tmp_path / "export.json"
    assert main(["--data-dir", str(elsewhere), "export", "--format", "json", "--out", str(exported)]) == 0
    prepare_data_dir(here)
    assert main(["--data-dir", str(here), "import", str(exported)]) == 0
    capsys.readouterr()

    app = review_app(here)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading)
        await pilot.press(*"耳机")  # find it by a note in Chinese
        table = app.screen.query_one(CallTable)
        assert [row["id"] for row in table.rows] == ["20261123T150000Z-bbbbbb"]
        await pilot.press("enter")
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        await pilot.press("right", "right", "right")  # 00:30, in resolve
        assert "▶ 3 Resolve 00:10" in str(app.screen.query_one(StepTracker).render())
        await pilot.press("c", *"Say why you hold, and for how long", "enter")
        await until(pilot, lambda: "2 comment(s)" in app.screen.query_one("#review").border_title)
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "CallsScreen"

    out = tmp_path / "ticket.md"
    assert main(["--data-dir", str(here), "export", "--format", "md", "--agent", "Min-jun", "--out", str(out)]) == 0
    ticket = out.read_text(encoding="utf-8")
    for rule in ("E1:", "L1:", "L3:", "L9:", "L10:", "L11:"):
        assert rule in ticket
    assert "00:30 Sam (" in ticket and "Say why you hold, and for how long" in ticket
    document = json.loads(Path(exported).read_text(encoding="utf-8"))
    assert len(document["reviews"]) == 2
