"""The real desk with a team database: a call filed by keys is pushed by the background worker;
with the database away, the status line says quietly what waits, and no dialog opens."""

from __future__ import annotations

from dataclasses import replace

import psycopg

from tests.app.conftest import desk_screen, settle, until
from tui.app.base import desk_app
from tui.app.widgets.status_line import StatusLine
from tui.store.team.outbox import SyncOutbox


async def file_a_call_by_keys(pilot, screen) -> None:
    await until(pilot, lambda: screen.live)
    await pilot.press(*"parcel never arrived", "enter")
    await pilot.press("f10")
    await settle(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: screen.session is None)


async def test_a_call_filed_by_keys_reaches_the_team_database(team, desk):
    desk.config = replace(desk.config, team_database=team.url("ana"))
    app = desk_app(desk, start_caller="+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await file_a_call_by_keys(pilot, screen)
        await until(pilot, lambda: SyncOutbox(desk.data_dir).count() == 0 and app.sync_worker is not None, timeout=10)

        def stored() -> int:
            with psycopg.connect(team.url("sue")) as conn:
                return conn.execute("SELECT count(*) FROM callcoach.calls WHERE agent = 'Ana'").fetchone()[0]

        await until(pilot, lambda: stored() == 1, timeout=10)
        assert "sync" not in str(screen.query_one(StatusLine).render())


async def test_with_the_database_away_the_status_line_counts_what_waits(desk, tmp_path):
    desk.config = replace(desk.config, team_database=f"postgresql://ana@/team?host={tmp_path}&port=1")
    app = desk_app(desk, start_caller="+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await file_a_call_by_keys(pilot, screen)
        status = screen.query_one(StatusLine)
        await until(pilot, lambda: "1 record(s) wait here" in str(status.render()), timeout=10)
        assert "unreachable" in str(status.render())
        assert len(app.screen_stack) == 1  # no dialog, no error box
        assert SyncOutbox(desk.data_dir).count() == 1
    [record] = list(desk.history.calls())  # filed locally as always
    assert record["status"] == "completed"
