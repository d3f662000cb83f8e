"""Calls filed before a team database was configured are sent on the first sync (issue 16): the
outbox is backfilled once, idempotently (killed half-way, the next sync adds only what is missing;
what already waits is not added twice), and `callcoach sync` says how many went. A real cluster."""

from __future__ import annotations

import psycopg

from tests.team.helpers import cli
from tests.team.test_sync import file_calls
from tui.config.settings import Config
from tui.domain.callback.commitments import kept_action
from tui.services import sync
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir
from tui.store.team.outbox import SyncOutbox


def stored(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM callcoach.calls ORDER BY id")]


def filed_alone(tmp_path, clock, count: int):
    """A desk that has worked without a team database: `count` calls and a callback action."""
    alone = Config(agent="Ana", timezone="Europe/London", default_region="GB")
    desk = open_desk(alone, prepare_data_dir(tmp_path / "ana"), clock)
    ids = file_calls(desk, clock, count)
    sync.append_action(alone, desk.data_dir, kept_action("cb-before", clock.now_utc(), ids[0]))
    return desk, ids


def test_the_first_sync_sends_what_was_filed_before_and_only_once(team, tmp_path, clock, monkeypatch, capsys):
    desk, ids = filed_alone(tmp_path, clock, 3)
    assert SyncOutbox(desk.data_dir).count() == 0  # nothing was outboxed without a database
    data_dir = ("--data-dir", str(desk.data_dir))
    config = tmp_path / "config.toml"
    config.write_text('agent = "Ana"\n', encoding="utf-8")
    code, out, err = cli(monkeypatch, capsys, team.url("ana"), *data_dir, "sync", config=config)
    assert code == 0, err
    assert "Pushed 4 record(s)" in out  # three calls and the action
    assert stored(team.url("sue")) == sorted(ids)
    with psycopg.connect(team.url("sue")) as conn:
        assert conn.execute("SELECT count(*) FROM callcoach.callback_actions").fetchone()[0] == 1
    code, out, _ = cli(monkeypatch, capsys, team.url("ana"), *data_dir, "sync", config=config)
    assert code == 0 and "Pushed 0 record(s)" in out  # once: the marker is kept in sync/state.json
    assert SyncOutbox(desk.data_dir).state()["backfilled"]


def test_a_backfill_cut_short_adds_only_what_is_missing(team, tmp_path, clock):
    desk, ids = filed_alone(tmp_path, clock, 4)
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    outbox = SyncOutbox(desk.data_dir)
    assert sync.backfill(config, desk.data_dir, desk.history) == 5
    outbox.update_state(backfilled=None)  # as if killed before the marker was written
    assert sync.backfill(config, desk.data_dir, desk.history) == 0 and outbox.count() == 5
    more = file_calls(open_desk(config, desk.data_dir, clock), clock, 1)  # filed with the database set: outboxed
    outbox.update_state(backfilled=None)
    assert sync.backfill(config, desk.data_dir, desk.history) == 0 and outbox.count() == 6
    report = sync.sync_once(config, desk.data_dir)
    assert (report.pushed, report.waiting) == (6, 0)
    assert stored(team.url("ana")) == sorted(ids + more)


def test_progress_is_told_while_a_first_sync_sends(team, tmp_path, clock):
    desk, _ids = filed_alone(tmp_path, clock, 3)
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    seen: list[tuple[int, int]] = []
    sync.sync_once(config, desk.data_dir, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (4, 4)
