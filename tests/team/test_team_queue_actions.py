"""The interactive callback queue on team commitments (issue 16): a supervisor's queue shows every
agent's commitments with whose each is; rescheduling, marking kept or cancelling a colleague's
travels as an action on that agent's commitment (the supervisor's outbox, her role's push) and the
agent's next pull brings it to the agent's own queue. A real cluster, each role its own."""

from __future__ import annotations

from datetime import timedelta

import psycopg

import tui.domain.callback.commitments as q
from tui.config.settings import Config
from tui.domain.callback.window import Window
from tui.services import callbacks as cb
from tui.services import sync
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir


def desk_of(team, tmp_path, clock, who: str, name: str):
    config = Config(agent=name, timezone="Europe/London", default_region="GB", team_database=team.url(who))
    return open_desk(config, prepare_data_dir(tmp_path / who), clock)


def promise_on(desk, clock, uid: str) -> str:
    """A call on `desk` that promised a callback tomorrow morning, filed."""
    session, _warning = desk.start_call("+44 20 7031 3000")
    clock.advance(30)
    start = (clock.now_utc() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    session.call.record(
        "callback",
        number="+442070313000",
        zone="Europe/London",
        start=start.isoformat().replace("+00:00", "Z"),
        end=(start + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
        uid=uid,
        sequence=0,
        agent_zone="Europe/London",
    )
    return session.finish("callback_promised", "usage")["id"]


def test_a_supervisor_reschedules_an_agents_commitment_and_the_agent_pulls_it(team, tmp_path, clock):
    ana, sue = desk_of(team, tmp_path, clock, "ana", "Ana"), desk_of(team, tmp_path, clock, "sue", "Sue")
    ben = desk_of(team, tmp_path, clock, "ben", "Ben")
    promise_on(ana, clock, "cb-ana@callcoach")
    promise_on(ben, clock, "cb-ben@callcoach")
    for desk in (ana, ben):
        sync.sync_once(desk.config, desk.data_dir)
    now = clock.now_utc()

    queue = {entry.uid: entry for entry in cb.load_queue(sue, now)}
    assert set(queue) == {"cb-ana@callcoach", "cb-ben@callcoach"}  # every agent's, on the supervisor's desk
    assert cb.owner_of(queue["cb-ana@callcoach"], sue.config) == "Ana"
    assert {entry.uid for entry in cb.load_queue(ben, now)} == {"cb-ben@callcoach"}  # an agent: its own

    entry = queue["cb-ana@callcoach"]
    later = Window(
        entry.start + timedelta(days=1), entry.end + timedelta(days=1), "custom", "Europe/London", "Europe/London", ("Europe/London",), None
    )
    moved, ics = cb.reschedule_entry(sue, entry, later, now)
    assert ics.exists() and moved.sequence == 1
    cb.mark_kept(sue, queue["cb-ben@callcoach"], now)  # kept by someone else on Ben's behalf
    assert sync.sync_once(sue.config, sue.data_dir).refused == 0  # her role may write actions on theirs

    for desk in (ana, ben):
        assert sync.sync_once(desk.config, desk.data_dir).pulled == 1
    (anas,) = cb.read_queue(ana.data_dir, now)
    assert (anas.start, anas.end, anas.rescheduled, anas.sequence) == (later.start, later.end, 1, 1)
    (bens,) = cb.read_queue(ben.data_dir, now)
    assert bens.status == q.KEPT_EARLY  # marked before its window opened

    cb.cancel_entry(sue, {e.uid: e for e in cb.load_queue(sue, now)}["cb-ana@callcoach"], now, "caller asked")
    sync.sync_once(sue.config, sue.data_dir)
    sync.sync_once(ana.config, ana.data_dir)
    assert cb.read_queue(ana.data_dir, now)[0].status == q.CANCELLED_STATUS


def test_the_queue_stays_this_machines_when_the_database_does_not_answer(team, tmp_path, clock):
    ana = desk_of(team, tmp_path, clock, "ana", "Ana")
    promise_on(ana, clock, "cb-here@callcoach")
    ana.config = Config(agent="Ana", timezone="Europe/London", team_database=f"postgresql://ana@/x?host={tmp_path}&connect_timeout=1")
    assert [entry.uid for entry in cb.load_queue(ana, clock.now_utc())] == ["cb-here@callcoach"]


async def test_the_supervisors_queue_names_a_colleagues_commitment_and_keys_act_on_it(team, tmp_path, clock):
    """Real keys on the desk's queue (F9): Ana's commitment shows with her name; 1 then Enter marks
    it kept, and the action travels as one on Ana's commitment, written by the supervisor's role."""
    from tests.app.conftest import settle, until
    from tui.app.base import desk_app
    from tui.app.desk.callback_queue import CallbackQueueScreen

    ana, sue = desk_of(team, tmp_path, clock, "ana", "Ana"), desk_of(team, tmp_path, clock, "sue", "Sue")
    promise_on(ana, clock, "cb-ana@callcoach")
    sync.sync_once(ana.config, ana.data_dir)
    app = desk_app(sue)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, CallbackQueueScreen) and app.screen.entries, timeout=10)
        queue = app.screen
        status = str(queue.query_one("DataTable").get_row_at(0)[0])
        assert status.endswith(" · Ana")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: queue.entries and queue.entries[0].status == q.KEPT_EARLY, timeout=10)
    sync.sync_once(sue.config, sue.data_dir)  # what the desk's own sync had not pushed yet
    with psycopg.connect(team.url("sue")) as conn:
        rows = conn.execute("SELECT agent, uid, type, by_role FROM callcoach.callback_actions").fetchall()
    assert rows == [("Ana", "cb-ana@callcoach", q.KEPT, team.roles["sue"])]  # Ana's commitment, her supervisor's act
