"""The database goes away mid-sync, and the sync is killed at random points: nothing is lost,
nothing is stored twice, and the next sync completes (issue 16: faults)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from tests.team.conftest import load_pgcluster, own_team
from tests.team.test_sync import file_calls, rows, sync_in_a_thread
from tui.config.settings import Config
from tui.services import sync
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir
from tui.store.team.connection import Unreachable
from tui.store.team.outbox import SyncOutbox


@pytest.fixture
def offline_team(own_cluster, tmp_path, clock):
    team = own_team(own_cluster)
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    return team, open_desk(config, prepare_data_dir(tmp_path / "ana"), clock)


def test_the_cluster_stops_mid_sync_and_the_rest_waits(offline_team, own_cluster, clock, monkeypatch):
    team, ana = offline_team
    file_calls(ana, clock, 40)
    monkeypatch.setattr(sync, "BATCH", 2)  # many small transactions, so the stop lands mid-way
    outbox = SyncOutbox(ana.data_dir)
    errors: list[Exception] = []
    worker = sync_in_a_thread(ana, errors)
    deadline = time.monotonic() + 30
    while outbox.count() > 30 and time.monotonic() < deadline:
        time.sleep(0.005)
    load_pgcluster().stop_cluster(own_cluster.directory, "immediate")
    worker.join(30)
    waiting = outbox.count()
    assert 0 < waiting < 40, "the stop should land mid-sync"
    assert len(errors) == 1 and str(errors[0]).count(".") >= 1 and "Traceback" not in str(errors[0])
    # While it is away: one sentence, nothing lost, the desk keeps filing.
    with pytest.raises(Unreachable, match="cannot be reached.*nothing is lost"):
        sync.sync_once(ana.config, ana.data_dir)
    file_calls(ana, clock, 2)
    assert outbox.count() == waiting + 2
    load_pgcluster().start_again(own_cluster.directory)
    report = sync.sync_once(ana.config, ana.data_dir)
    assert report.waiting == 0
    assert rows(team.url("sue"), "SELECT count(*), count(DISTINCT id) FROM callcoach.calls") == [(42, 42)]
    assert rows(team.url("ana"), "SELECT last_seq FROM callcoach.machines") == [(42,)]


def test_sync_command_exits_1_with_one_sentence_when_the_database_is_away(offline_team, own_cluster, clock, capsys, monkeypatch):
    from tui.cli import main

    team, ana = offline_team
    file_calls(ana, clock, 1)
    load_pgcluster().stop_cluster(own_cluster.directory, "immediate")
    monkeypatch.setenv("CALLCOACH_DATABASE_URL", team.url("ana"))
    assert main(["--data-dir", str(ana.data_dir), "sync"]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and err.count("\n") == 1
    assert main(["--data-dir", str(ana.data_dir), "sync", "--status"]) == 0
    assert "1 record(s) wait to be pushed" in capsys.readouterr().out


def test_killing_the_sync_anywhere_stores_each_record_exactly_once(team, tmp_path, clock):
    config = Config(agent="Ana", timezone="Europe/London", default_region="GB", team_database=team.url("ana"))
    ana = open_desk(config, prepare_data_dir(tmp_path / "ana"), clock)
    file_calls(ana, clock, 120)
    env = {**os.environ, "CALLCOACH_DATABASE_URL": team.url("ana")}
    command = [sys.executable, "-m", "tui", "--data-dir", str(ana.data_dir), "sync"]
    outbox = SyncOutbox(ana.data_dir)
    kills = 0
    # From start-up through connecting to the push itself: a sync quicker than the first kill would
    # otherwise finish untouched and prove nothing.
    for delay in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8):
        if outbox.count() == 0:
            break
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    assert subprocess.run(command, env=env, capture_output=True, text=True).returncode == 0
    assert outbox.count() == 0 and kills >= 1
    with psycopg.connect(team.url("ana")) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM callcoach.calls").fetchone() == (120, 120)
        assert conn.execute("SELECT last_seq FROM callcoach.machines").fetchone() == (120,)
