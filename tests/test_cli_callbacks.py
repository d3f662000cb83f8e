"""`callcoach callbacks --list`: the queue printed from the stored calls and queue actions."""

from __future__ import annotations

from tests.app.test_callback_queue import file_call_with_callback
from tui.cli import main


def test_list_prints_the_queue_and_the_rate(desk, clock, data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CALLCOACH_CONFIG", str(tmp_path / "no-config.toml"))
    assert main(["--data-dir", str(data_dir), "callbacks", "--list"]) == 0
    assert "No callbacks promised yet." in capsys.readouterr().out
    promise = file_call_with_callback(desk, clock)   # dated 2026: still upcoming or long overdue, never kept
    assert main(["--data-dir", str(data_dir), "callbacks", "--list"]) == 0
    out = capsys.readouterr().out
    assert promise.number in out and promise.call_id in out and "America/New_York" in out
    assert "Kept on time:" in out


async def test_the_command_opens_the_desk_on_its_queue(desk, clock):
    from tests.app.conftest import until
    from tui.app.screens.callback_queue import CallbackQueueScreen
    from tui.commands.callbacks import queue_app

    promise = file_call_with_callback(desk, clock)
    app = queue_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CallbackQueueScreen) and app.screen.entries)
        assert [entry.uid for entry in app.screen.entries] == [promise.uid]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CallbackQueueScreen))
