"""The phone with a team database (issue 17), against the real throwaway cluster. The caller's
history when it rings (item 4): what happened the last time this number called anyone on the team,
read as each role; an agent's rows stay its own (row-level security) and caller_history() tells any
agent the counts, dates, outcomes and promises of the number, never a note. The live state follows
the phone: ringing, and after-call work as wrap-up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import psycopg
import pytest

from tests.phone.desk_driver import banner, desk_screen, phone, settle, until
from tests.store.conftest import call
from tui.app.base import desk_app
from tui.config.settings import Config
from tui.services import sync
from tui.services.caller_history import CallerHistory, TeamUnavailable
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

NUMBER = "+442070313000"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def anas_calls(team, tmp_path) -> None:
    """Ana took this number twice, the second time promising a callback; both pushed by her sync."""
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    data_dir = prepare_data_dir(tmp_path / "ana")
    history = History(data_dir)
    first = call(
        "20261101T090000Z-aaaaaa", "2026-11-01T09:00:00+00:00", agent="Ana", caller=NUMBER, outcome="escalated", category="service"
    )
    second = call("20261120T150000Z-bbbbbb", "2026-11-20T15:00:00+00:00", agent="Ana", caller=NUMBER, outcome="callback_promised")
    promise = {"t": 30.0, "type": "callback", "number": NUMBER, "zone": "Europe/London", "uid": "u1@callcoach", "sequence": 0}
    second["events"].insert(2, promise | {"start": "2026-12-02T14:00:00Z", "end": "2026-12-02T16:00:00Z"})
    other = call("20261121T150000Z-cccccc", "2026-11-21T15:00:00+00:00", agent="Ana")  # another number
    for record in (first, second, other):
        sync.commit_call(config, data_dir, history, record)
    assert sync.sync_once(config, data_dir).pushed == 3


def bens_callers(team, tmp_path, **settings) -> CallerHistory:
    """Ben's desk has none of these calls on its own machine."""
    data_dir = prepare_data_dir(tmp_path / "ben")
    url = settings["url"] if "url" in settings else team.url("ben")
    return CallerHistory(History(data_dir), data_dir, "Europe/London", url)


def test_an_agent_hears_what_happened_when_a_colleague_took_the_number(team, tmp_path):
    anas_calls(team, tmp_path)
    callers = bens_callers(team, tmp_path)
    try:
        assert callers.look_up(NUMBER, NOW).summary.count == 0  # this machine: nothing
        found = callers.look_up_team(NUMBER, NOW)
    finally:
        callers.close()
    assert found.team and found.summary.count == 2
    assert (
        found.text
        == "2 earlier call(s) · last 2026-11-20: Callback promised, Usage · open promise: call back 2026-12-02 14:00-16:00 (upcoming)"
    )
    with psycopg.connect(team.url("ben")) as conn:  # and still not one of Ana's rows for Ben
        assert conn.execute("SELECT count(*) FROM callcoach.calls").fetchone()[0] == 0


def test_a_promise_kept_by_a_colleague_is_no_longer_open(team, tmp_path):
    anas_calls(team, tmp_path)
    with psycopg.connect(team.url("sue")) as conn:
        kept = {"id": "k1", "uid": "u1@callcoach", "type": "callback_kept", "at": "2026-11-25T10:00:00+00:00"}
        conn.execute(
            "INSERT INTO callcoach.callback_actions (id, uid, agent, type, at, action) VALUES (%s, %s, 'Ana', %s, %s, %s)",
            (kept["id"], kept["uid"], kept["type"], kept["at"], psycopg.types.json.Jsonb(kept)),
        )
    callers = bens_callers(team, tmp_path)
    try:
        found = callers.look_up_team(NUMBER, NOW)
    finally:
        callers.close()
    assert found.summary.count == 2 and found.summary.promise is None and "open promise" not in found.text


def test_a_supervisor_reads_it_too_and_a_role_that_is_neither_does_not(team, tmp_path):
    anas_calls(team, tmp_path)
    boss = bens_callers(team, tmp_path, url=team.url("sue"))
    try:
        assert boss.look_up_team(NUMBER, NOW).summary.count == 2
    finally:
        boss.close()
    stranger = f"nobody_{team.roles['ana']}"
    with psycopg.connect(team.db.url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{stranger}" LOGIN')
    nobody = bens_callers(team, tmp_path, url=team.db.url_as(stranger))
    with pytest.raises(TeamUnavailable, match="refused"):
        nobody.look_up_team(NUMBER, NOW)
    nobody.close()


def test_an_unreachable_team_database_is_one_sentence(tmp_path):
    callers = bens_callers(None, tmp_path, url="postgresql://ben@127.0.0.1:9/none?connect_timeout=1")
    with pytest.raises(TeamUnavailable, match="cannot be reached"):
        callers.look_up_team(NUMBER, NOW)


async def test_the_desk_rings_with_the_teams_history(team, tmp_path, clock):
    anas_calls(team, tmp_path)
    data_dir = prepare_data_dir(tmp_path / "ben")
    config = Config(agent="Ben", timezone="Europe/London", default_region="GB", team_database=team.url("ben"))
    app = desk_app(open_desk(replace(config, team_live=False), data_dir, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", NUMBER, "r1")
        await until(pilot, lambda: "2 earlier call(s)" in banner(pilot), timeout=15)
        assert "open promise: call back" in banner(pilot) and "Callback promised" in banner(pilot)
        assert desk_screen(app).session is None


async def test_the_desk_says_when_the_team_database_did_not_answer(tmp_path, clock):
    data_dir = prepare_data_dir(tmp_path / "ben")
    config = Config(agent="Ben", timezone="Europe/London", default_region="GB", team_database="postgresql://ben@127.0.0.1:9/none")
    app = desk_app(open_desk(replace(config, team_live=False), data_dir, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await phone(pilot, data_dir, "ringing", NUMBER, "r1")
        await until(pilot, lambda: "this machine's calls only" in banner(pilot), timeout=15)
        assert "First call from this number." in banner(pilot)


async def test_the_wallboard_hears_the_phone_ring_and_after_call_work(team, tmp_path, clock):
    """The live state follows the phone: ringing, on call, wrap-up from the hang-up (after-call
    work), idle once filed; never the caller's number."""
    data_dir = prepare_data_dir(tmp_path / "ana")
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    app = desk_app(open_desk(config, data_dir, clock))

    def state() -> str | None:
        with psycopg.connect(team.url("sue")) as conn:
            row = conn.execute("SELECT state, row_to_json(l)::text FROM callcoach.live_state l WHERE agent = 'Ana'").fetchone()
        if row is not None:
            assert "7031" not in row[1]
        return row[0] if row else None

    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: state() == "idle", timeout=20)
        await phone(pilot, data_dir, "ringing", NUMBER, "r1")
        await until(pilot, lambda: state() == "ringing", timeout=10)
        await phone(pilot, data_dir, "answered", ref="r1")
        await until(pilot, lambda: state() == "on call", timeout=10)
        await pilot.press(*"typing")  # the wrap-up stays closed: after-call work alone is wrap-up too
        await phone(pilot, data_dir, "ended", ref="r1", by="caller")
        await until(pilot, lambda: state() == "wrap-up", timeout=10)
        assert pilot.app.screen is screen
        await pilot.press("enter", "f10")
        await until(pilot, lambda: pilot.app.screen is not screen)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
        await until(pilot, lambda: state() == "idle", timeout=10)
