"""The wallboard follows the desks through LISTEN/NOTIFY (Pilot on the real app, a real
PostgreSQL), shows amber past a step's target, and offline when a desk goes quiet; a desk driven
by keys publishes its state, never a note or the caller's number."""

from __future__ import annotations

import time
from dataclasses import replace

import psycopg

from tests.app.conftest import desk_screen, until
from tui.app.base import desk_app, wallboard_app
from tui.services.live import LivePublisher


def board_rows(app) -> dict[str, list[str]]:
    table = app.query_one("DataTable")
    return {row.value: [str(cell) for cell in table.get_row(row.value)] for row in table.rows}


async def test_the_wallboard_follows_a_step_change_within_a_second(team):
    publisher = LivePublisher(team.url("ana"), "Ana", "machine-1")
    publisher.start()
    app = wallboard_app(team.url("sue"))
    async with app.run_test(size=(120, 30)) as pilot:
        publisher.offer(
            {"state": "on call", "step": "listen", "step_title": "Listen", "step_seconds": 5.0, "step_target": 60.0, "call_seconds": 5.0}
        )
        await until(pilot, lambda: board_rows(app).get("Ana", [None, None])[1] == "on call", timeout=5)
        assert board_rows(app)["Ana"][2] == "Listen"
        began = time.monotonic()
        publisher.offer(
            {
                "state": "on call",
                "step": "apologize",
                "step_title": "Apologize",
                "step_seconds": 95.0,
                "step_target": 60.0,
                "call_seconds": 100.0,
            }
        )
        await until(pilot, lambda: board_rows(app)["Ana"][2] == "Apologize", timeout=5)
        assert time.monotonic() - began < 1.0  # NOTIFY, not a polling loop (which waits REFRESH = 5 s)
        step_time = app.query_one("DataTable").get_row("Ana")[3]
        assert "dark_orange" in str(step_time.style)  # past the target: amber
        publisher.stop()  # the desk closes
        await until(pilot, lambda: board_rows(app)["Ana"][1] == "offline", timeout=5)


async def test_a_desk_that_vanished_is_offline_after_30_seconds(team):
    with psycopg.connect(team.db.url) as conn:
        conn.execute(
            "INSERT INTO callcoach.live_state (agent, machine, state, updated_at) VALUES ('Ben', 'm', 'on call', now() - interval '31 seconds'), ('Ana', 'm', 'idle', now())"
        )
    app = wallboard_app(team.url("sue"))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: len(board_rows(app)) == 2, timeout=5)
        assert board_rows(app)["Ben"][1] == "offline" and board_rows(app)["Ana"][1] == "idle"


async def test_an_agents_role_sees_only_itself_on_the_board(team):
    with psycopg.connect(team.db.url) as conn:
        conn.execute("INSERT INTO callcoach.live_state (agent, machine, state) VALUES ('Ben', 'm', 'idle'), ('Ana', 'm', 'idle')")
    app = wallboard_app(team.url("ana"))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: len(board_rows(app)) >= 1, timeout=5)
        await pilot.pause(0.3)
        assert list(board_rows(app)) == ["Ana"]


async def test_the_desk_publishes_its_state_but_no_note_or_number(team, desk):
    desk.config = replace(desk.config, team_database=team.url("ana"))
    app = desk_app(desk, start_caller="+44 20 7031 3000")

    def live() -> tuple | None:
        with psycopg.connect(team.url("sue")) as conn:
            return conn.execute("SELECT state, step, row_to_json(l)::text FROM callcoach.live_state l WHERE agent = 'Ana'").fetchone()

    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press(*"secret note text", "enter")
        await until(pilot, lambda: (live() or (None,))[0] == "on call", timeout=5)
        await pilot.press("f2")
        await until(pilot, lambda: live()[1] == "apologize", timeout=5)
        await pilot.press("f8")
        await until(pilot, lambda: live()[0] == "on hold", timeout=5)
        row = live()[2]
        assert "secret" not in row and "7031" not in row
    await_offline = live()
    assert await_offline[0] == "offline"
