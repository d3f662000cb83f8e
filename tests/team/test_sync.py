"""Offline-first sync against a real PostgreSQL: a call filed on a desk goes to the outbox in the
same commit, is pushed in order and exactly once, waits while the database is away, and the agent
pulls the comments and callback actions others wrote (issue 16 item 3)."""

from __future__ import annotations

import shutil
from dataclasses import replace

import psycopg
import pytest

from tui.config.settings import Config
from tui.services import sync
from tui.services.review import ReviewService
from tui.services.session import DeskServices, open_desk
from tui.store.callback_actions import read_actions
from tui.store.datadir import prepare_data_dir
from tui.store.reviews import ReviewStore
from tui.store.team.outbox import SyncOutbox


def same_desk_under(desk: DeskServices, **config_changes) -> DeskServices:
    """The same data dir, clock and playbook under another config (another agent, no team database)."""
    return DeskServices(replace(desk.config, **config_changes), desk.data_dir, desk.clock, desk.playbook)


def file_calls(desk, clock, count: int, category: str = "usage") -> list[str]:
    ids = []
    for _ in range(count):
        session, _warning = desk.start_call("+44 20 7031 3000")
        clock.advance(30)
        session.call.add_note("Caller could not log in")
        ids.append(session.finish("resolved", category)["id"])
        clock.advance(60)
    return ids


@pytest.fixture
def ana(team, tmp_path, clock):
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    return open_desk(config, prepare_data_dir(tmp_path / "ana"), clock)


def sync_in_a_thread(desk, errors: list[Exception]):
    """sync_once for `desk` in a thread of its own, already started; what it raises goes to `errors`."""
    import threading

    def push() -> None:
        try:
            sync.sync_once(desk.config, desk.data_dir)
        except Exception as error:
            errors.append(error)

    worker = threading.Thread(target=push)
    worker.start()
    return worker


def rows(url: str, sql: str, *params):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_filed_call_waits_in_the_outbox_then_reaches_the_supervisor(team, ana, clock):
    [call_id] = file_calls(ana, clock, 1)
    assert SyncOutbox(ana.data_dir).count() == 1
    assert sync.status(ana.data_dir)[:2] == (1, 0)
    report = sync.sync_once(ana.config, ana.data_dir)
    assert (report.pushed, report.waiting, report.refused) == (1, 0, 0)
    [(agent, status, category, summary, notes)] = rows(
        team.url("sue"), "SELECT agent, status, category, summary, notes FROM callcoach.calls"
    )
    assert (agent, status, category) == ("Ana", "completed", "usage")
    assert summary["id"] == call_id and "could not log in" in notes
    assert sync.status(ana.data_dir)[2] is not None  # the last good sync is remembered


def test_without_a_team_database_nothing_goes_to_an_outbox(desk, clock):
    file_calls(desk, clock, 2)
    assert not (desk.data_dir / "sync").exists()


def test_records_are_pushed_in_order_and_exactly_once(team, ana, clock):
    file_calls(ana, clock, 3)
    outbox = SyncOutbox(ana.data_dir)
    saved = {record.path: record.path.read_bytes() for record in outbox.waiting()}
    assert [record.seq for record in outbox.waiting()] == [1, 2, 3]
    sync.sync_once(ana.config, ana.data_dir)
    before = rows(team.url("ana"), "SELECT id, pushed_at FROM callcoach.calls ORDER BY id")
    # A kill after the database committed but before the files were removed: they are all back.
    for path, data in saved.items():
        path.write_bytes(data)
    report = sync.sync_once(ana.config, ana.data_dir)
    assert (report.pushed, report.waiting) == (0, 0)
    assert rows(team.url("ana"), "SELECT id, pushed_at FROM callcoach.calls ORDER BY id") == before
    assert rows(team.url("ana"), "SELECT last_seq FROM callcoach.machines") == [(3,)]


def test_a_pending_record_is_settled_by_what_the_local_store_holds(team, ana, clock):
    """A crash between the outbox record and the local commit: pushed only if the commit happened."""
    [filed] = file_calls(same_desk_under(ana, team_database=None), clock, 1)
    outbox = SyncOutbox(ana.data_dir)
    committed = outbox.prepare("call", {"id": filed})  # the commit happened, the rename did not
    never = outbox.prepare("call", {"id": "20261123T150000Z-abcdef"})  # the commit never happened
    for pending in (committed, never):
        import os

        os.close(pending.fd)  # the writer died: its lock is gone
    report = sync.sync_once(ana.config, ana.data_dir)
    assert report.pushed == 1 and report.waiting == 0
    assert rows(team.url("ana"), "SELECT id FROM callcoach.calls") == [(filed,)]
    assert list((ana.data_dir / "sync" / "outbox").iterdir()) == []


def test_the_agent_pulls_a_supervisors_comment_and_action(team, ana, clock, tmp_path):
    [call_id] = file_calls(ana, clock, 1)
    sync.sync_once(ana.config, ana.data_dir)
    # The supervisor, on a machine of her own, comments through the review service and keeps the
    # agent's callback: both go through her outbox.
    sue = Config(agent="Sue", timezone="Europe/London", team_database=team.url("sue"))
    sue_dir = prepare_data_dir(tmp_path / "sue")
    shutil.copytree(ana.data_dir / "history", sue_dir / "history", dirs_exist_ok=True)  # her copy, as by import
    review = ReviewService(sue_dir, "Europe/London", "Sue", clock, sue)
    review.add_comment(call_id, 12.0, "Good apology; offer the refund sooner.")
    kept = {"type": "callback_kept", "uid": "cb-1@callcoach", "at": "2026-11-23T16:00:00Z"}
    sync.append_action(sue, sue_dir, kept, agent="Ana")
    assert sync.sync_once(sue, sue_dir).pushed == 2
    # Ana's next sync brings both, and pushes nothing back.
    report = sync.sync_once(ana.config, ana.data_dir)
    assert (report.pulled, report.pushed, report.waiting) == (2, 0, 0)
    assert [c["text"] for c in ReviewStore(ana.data_dir).for_call(call_id)] == ["Good apology; offer the refund sooner."]
    assert kept in read_actions(ana.data_dir)
    # A second pull (the overlap window) adds nothing twice.
    assert sync.sync_once(ana.config, ana.data_dir).pulled == 0
    # Ben sees none of it.
    assert rows(team.url("ben"), "SELECT count(*) FROM callcoach.comments") == [(0,)]


def test_another_agents_call_is_refused_once_and_kept_aside(team, ana, clock):
    ben_call = same_desk_under(ana, agent="Ben")
    file_calls(ben_call, clock, 1)
    report = sync.sync_once(ana.config, ana.data_dir)
    assert (report.pushed, report.refused, report.waiting) == (0, 1, 0)
    assert rows(team.url("sue"), "SELECT count(*) FROM callcoach.calls") == [(0,)]


def test_two_syncs_at_once_store_each_record_once(team, ana, clock):
    """The desk's worker and `callcoach sync` may push from one machine at the same moment."""
    file_calls(ana, clock, 30)
    errors: list[Exception] = []
    workers = [sync_in_a_thread(ana, errors) for _ in range(3)]
    for worker in workers:
        worker.join(30)
    assert errors == []
    assert rows(team.url("sue"), "SELECT count(*), count(DISTINCT id) FROM callcoach.calls") == [(30, 30)]
    assert SyncOutbox(ana.data_dir).count() == 0
