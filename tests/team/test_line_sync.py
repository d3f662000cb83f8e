"""Line mode with a team database: a call filed line by line reaches PostgreSQL through the same
background sync as the desk's, and what waits shows on the toolbar, never as a line."""

from __future__ import annotations

from dataclasses import replace

import psycopg

from tests.line.pipe_driver import ENTER, run_line_desk, wait_for
from tui.line.desk import LineDesk


def test_a_call_filed_in_line_mode_is_pushed(team, desk, monkeypatch):
    monkeypatch.setattr("tui.line.desk.START_DELAY", 0.0)
    desk.config = replace(desk.config, team_database=team.url("ana"))
    said, code = run_line_desk(desk, ["parcel never arrived" + ENTER, "/end" + ENTER, ENTER, ENTER], patience=10.0)
    assert code == 0 and not any("sync" in line or "database" in line for line in said)

    def stored() -> int:
        with psycopg.connect(team.url("sue")) as conn:
            return conn.execute("SELECT count(*) FROM callcoach.calls WHERE agent = 'Ana'").fetchone()[0]

    # The worker stops with line mode; what it had not pushed yet waits on disk for the next start.
    from tui.services import sync

    if stored() == 0:
        sync.sync_once(desk.config, desk.data_dir)
    wait_for(lambda: stored() == 1, 10.0)
    assert sync.status(desk.data_dir)[0] == 0


def test_the_toolbar_says_what_waits(desk, tmp_path):
    desk.config = replace(desk.config, team_database=f"postgresql://ana@/team?host={tmp_path}&port=1")
    line_desk = LineDesk(desk, write=lambda text: None, toolbar=True)
    line_desk.sync_status = "1 record(s) wait here"
    assert line_desk.toolbar_text().endswith("·  1 record(s) wait here")


def test_line_mode_publishes_its_state_for_the_wallboard_and_no_note(team, desk, monkeypatch):
    """A call taken in line mode shows on the wallboard like the desk's: on call with its step, then
    wrap-up while /end asks, idle once filed, offline when line mode closes; never a note or the number."""
    from tui.store.team.live import board

    monkeypatch.setattr("tui.line.desk.START_DELAY", 0.0)
    desk.config = replace(desk.config, team_database=team.url("ana"))

    def state() -> str | None:
        with psycopg.connect(team.url("sue")) as conn:
            rows = {row["agent"]: row for row in board(conn)[0]}
        return rows["Ana"]["state"] if "Ana" in rows else None

    seen: list[str | None] = []

    def before(chunk: str) -> None:
        if chunk.startswith("/end"):
            wait_for(lambda: state() == "on call", 10.0)  # the note was typed on a live call
            seen.append("on call")
        elif chunk == ENTER and seen == ["on call"]:
            wait_for(lambda: state() == "wrap-up", 10.0)  # /end asks for the outcome
            seen.append("wrap-up")

    said, code = run_line_desk(desk, ["parcel never arrived" + ENTER, "/end" + ENTER, ENTER, ENTER], advance=before, patience=10.0)
    assert code == 0 and seen == ["on call", "wrap-up"]
    wait_for(lambda: state() == "offline", 10.0)
    with psycopg.connect(team.db.url) as conn:
        stored = conn.execute("SELECT row_to_json(l)::text FROM callcoach.live_state l").fetchone()[0]
    assert "parcel" not in stored and "7031" not in stored
