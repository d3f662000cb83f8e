"""The replay at 120x40 with a frozen clock: an escalated call at 04:10, with its review flags."""

from __future__ import annotations

from tui.app.widgets.call_header import CallHeader
from tui.store.datadir import prepare_data_dir

from .conftest import until
from .review_helpers import filled_dir, review_app


async def seek_into_call(pilot) -> None:
    # Bounded: a call that never loads fails here with what the header says, not a hung CI run.
    header = pilot.app.screen.query_one(CallHeader)
    await until(pilot, lambda: getattr(pilot.app.screen, "model", None) is not None or "could not" in str(header.render()), 30.0)
    assert pilot.app.screen.model is not None, str(header.render())
    await pilot.press("g", *"4:10", "enter")
    await pilot.pause(0.2)


def test_replay_snapshot(snap_compare, tmp_path):
    app = review_app(filled_dir(prepare_data_dir(tmp_path / "d")), "replay", "20261123T150000Z-bbbbbb")
    assert snap_compare(app, terminal_size=(120, 40), run_before=seek_into_call)
