"""A replay whose call cannot be read for a reason nobody foresaw (a bug, an error of the disk)
says so in its header and still takes its keys. It used to say "Loading call ..." for ever: the
reading worker's error went nowhere (and a test waiting for the call hung CI). The error is real,
raised in the running app through its test-only seam (tui.support.fault_seams, "replay-load");
its message must never show, as a real one might quote a note."""

from __future__ import annotations

from tui.app.widgets.call_header import CallHeader
from tui.store.datadir import prepare_data_dir
from tui.support import fault_seams

from .conftest import until
from .review_helpers import filled_dir, review_app

CALL = "20261123T140000Z-aaaaaa"


async def test_a_call_that_cannot_be_read_is_named_and_the_replay_goes_on(tmp_path, monkeypatch):
    app = review_app(filled_dir(prepare_data_dir(tmp_path / "d")), "replay", CALL)
    monkeypatch.setattr(fault_seams, "_POINTS", frozenset({"replay-load"}))
    async with app.run_test(size=(120, 40)) as pilot:
        header = app.screen.query_one(CallHeader)
        await until(pilot, lambda: "could not be read" in str(header.render()))
        shown = str(header.render())
        assert f"Call {CALL} could not be read (InjectedFault)" in shown and fault_seams.SECRET_MARKER not in shown
        assert app.screen.model is None and app.return_code is None
        await pilot.press("escape")  # the keys still act: Esc leaves the replay, as with a call not found
        await until(pilot, lambda: app.return_code is not None or app.screen.__class__.__name__ != "ReplayScreen")


async def test_without_the_fault_the_same_call_is_read(tmp_path):
    app = review_app(filled_dir(prepare_data_dir(tmp_path / "d")), "replay", CALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.model is not None)
        assert "could not be read" not in str(app.screen.query_one(CallHeader).render())
