"""`callcoach callbacks --list`: the queue printed from the stored calls and queue actions."""

from __future__ import annotations

from datetime import UTC

from tests.app.test_callback_queue import file_call_with_callback
from tui.cli import main


def test_list_prints_the_queue_and_the_rate(desk, clock, data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CALLCOACH_CONFIG", str(tmp_path / "no-config.toml"))
    assert main(["--data-dir", str(data_dir), "callbacks", "--list"]) == 0
    assert "No callbacks promised yet." in capsys.readouterr().out
    promise = file_call_with_callback(desk, clock)  # dated 2026: still upcoming or long overdue, never kept
    assert main(["--data-dir", str(data_dir), "callbacks", "--list"]) == 0
    out = capsys.readouterr().out
    assert promise.number in out and promise.call_id in out and "America/New_York" in out
    assert "Kept on time:" in out


async def test_the_command_opens_the_desk_on_its_queue(desk, clock):
    from tests.app.conftest import until
    from tui.app.base import desk_app
    from tui.app.desk.callback_queue import CallbackQueueScreen

    promise = file_call_with_callback(desk, clock)
    app = desk_app(desk, open_queue=True)  # what `callcoach callbacks` runs
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CallbackQueueScreen) and app.screen.entries)
        assert [entry.uid for entry in app.screen.entries] == [promise.uid]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CallbackQueueScreen))


def test_list_speaks_the_configured_language(desk, clock, data_dir, tmp_path, monkeypatch, capsys):
    from datetime import datetime

    from rich.cells import cell_len

    from tui.domain.callback.commitments import STATUS_LABELS
    from tui.services.callbacks import load_queue
    from tui.support.i18n import _

    config_file = tmp_path / "config.toml"
    config_file.write_text('language = "ko"\n', encoding="utf-8")
    monkeypatch.setenv("CALLCOACH_CONFIG", str(config_file))
    assert main(["--data-dir", str(data_dir), "callbacks", "--list"]) == 0
    assert capsys.readouterr().out == "아직 약속한 콜백이 없습니다.\n"
    promise = file_call_with_callback(desk, clock)
    assert main(["--data-dir", str(data_dir), "callbacks", "--list"]) == 0
    row, rate = capsys.readouterr().out.splitlines()
    [entry] = load_queue(desk, datetime.now(UTC))  # its dates in Korean: the language is set
    status = _(STATUS_LABELS[entry.status])
    assert status != STATUS_LABELS[entry.status] and row.startswith(status + " ")  # a Korean status
    assert "월)" in entry.agent_text() and row[len(status) :].lstrip().startswith(entry.agent_text())
    assert cell_len(row[: row.index(entry.agent_text())]) == 14  # columns line up by terminal cells
    assert f" 고객 {entry.caller_text()} America/New_York  {promise.number}  {promise.call_id}" in row
    assert rate.startswith("제시간 완료율: ")
