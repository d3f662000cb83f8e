"""`callcoach demo`'s data: a few dozen realistic calls that open in the history browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tui.commands.demo import fill_demo_dir
from tui.domain.review.demo import demo_calls
from tui.services.flagging import flags_for
from tui.store.history import History
from tui.store.reviews import ReviewStore

from .conftest import until
from .review_helpers import review_app


def test_demo_calls_cover_agents_outcomes_flags_callbacks_and_languages():
    now = datetime(2026, 11, 23, 14, tzinfo=UTC)
    records, comments, actions = demo_calls(now)
    assert len(records) == 36 and len({r["agent"] for r in records}) == 4
    assert {r["outcome"] for r in records} == {"resolved", "callback_promised", "escalated", "unresolved"}
    notes = " ".join(e["text"] for r in records for e in r["events"] if e["type"] == "note")
    assert re.search(r"[\u4e00-\u9fff]", notes) and re.search(r"[\uac00-\ud7a3]", notes)
    rules = {f.rule for r in records for f in flags_for(r, now, actions) if f.level == "warn"}
    assert {"L1", "L3", "L8", "L9", "L10", "L11", "K1", "E1"} <= rules
    assert sum(1 for r in records if any(e["type"] == "callback" for e in r["events"])) >= 8
    assert comments and actions
    assert demo_calls(now) == (records, comments, actions)  # the same demo every time


async def test_demo_dir_opens_in_the_history(tmp_path):
    data = tmp_path / "demo"
    assert fill_demo_dir(data) == 36
    assert History(data, read_only=True).count() == 36 and len(ReviewStore(data).all()) >= 1
    app = review_app(data)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not app.screen.reading)
        assert len(app.screen.all_rows) == 36
