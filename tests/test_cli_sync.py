"""`callcoach sync --status` on a machine with no team database says so, rather than a count of
nothing waiting and a last sync of 'never' that reads as a sync that keeps failing."""

from __future__ import annotations

from tui.cli import main


def test_status_without_a_team_database_says_none_is_configured(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CALLCOACH_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("CALLCOACH_DATABASE_URL", raising=False)
    assert main(["--data-dir", str(data_dir), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No team database is configured") and out.count("\n") == 1
    assert main(["--data-dir", str(data_dir), "sync"]) == 2  # a sync itself is refused, as before
    assert "no team database is configured" in capsys.readouterr().err
