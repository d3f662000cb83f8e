"""`callcoach import --team` stopped while its COPY is under way (the calls are loaded as they are
checked, so the load starts long before the last call is checked): Ctrl+C or a kill stores nothing,
and the next run completes. The real program, stopped for real, against a real PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg

from tests.team.test_import_whole import export_file


def loading(url: str, timeout: float = 60.0) -> bool:
    """Wait until a COPY into the calls runs in the database."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if conn.execute("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'COPY callcoach.calls %' AND state <> 'idle'").fetchone():
                return True
            time.sleep(0.02)
    return False


def interruptible() -> None:
    """Ctrl+C as at a terminal, also when this test runs where SIGINT is ignored (a background job)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def calls(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM callcoach.calls").fetchone()[0]


def test_stopped_while_loading_stores_nothing_and_a_rerun_completes(team, tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 6000)
    command = [sys.executable, "-m", "tui", "--data-dir", str(tmp_path / "d"), "import", "--team", str(path)]
    env = {**os.environ, "CALLCOACH_DATABASE_URL": team.db.url, "PYTHONUNBUFFERED": "1"}
    for signum in (signal.SIGINT, signal.SIGKILL):
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible)
        assert loading(team.db.url), process.communicate()
        process.send_signal(signum)
        out, err = process.communicate(timeout=60)
        assert process.returncode == (130 if signum == signal.SIGINT else -signal.SIGKILL) and "Loaded" not in out, (out, err)
        assert err.strip() == "", err  # Ctrl+C: no traceback, no driver's complaint, nothing else
        assert calls(team.db.url) == 0
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Loaded 6000 of 6000 call(s)" in done.stdout, done.stderr
    assert calls(team.db.url) == 6000
