"""Fixtures for the store tests: a prepared data dir, sample call records, real child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tui.store.datadir import prepare_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
CHILD_WATCHDOG_SECONDS = 60  # a hung child is killed so the suite fails instead of hanging


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return prepare_data_dir(tmp_path / "data")


def call(call_id: str, started_at: str, **fields: object) -> dict:
    """A CALL record as tui.domain.call.record builds it."""
    record = {
        "id": call_id,
        "agent": "Dana",
        "caller": "+14155550123",
        "started_at": started_at,
        "status": "completed",
        "playbook": "default",
        "outcome": "resolved",
        "category": "usage",
        "events": [
            {"t": 0.0, "type": "started", "call_id": call_id, "started_at": started_at},
            {"t": 3.0, "type": "note", "n": 0, "text": "caller upset about the invoice"},
            {"t": 60.0, "type": "ended", "outcome": "resolved", "category": "usage"},
        ],
    }
    record.update(fields)
    return record


class Child:
    """A real Python process running `script`, with tui importable and a line-based handshake."""

    def __init__(self, script: str, *args: str) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._watchdog = threading.Timer(CHILD_WATCHDOG_SECONDS, self._kill_quietly)
        self._watchdog.daemon = True
        self._watchdog.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_for(self, word: str) -> str:
        """Block until the child prints a line starting with `word`; return the rest of it."""
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait()
                raise AssertionError(f"child exited ({self.proc.returncode}) before '{word}': {self.proc.stderr.read()}")
            if line.startswith(word):
                return line[len(word) :].strip()

    def kill9(self) -> None:
        """SIGKILL for real and reap it: no handler, no atexit, no flush runs in the child."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        assert self.proc.returncode == -signal.SIGKILL

    def finish(self) -> tuple[int, str, str]:
        out, err = self.proc.communicate()
        self._watchdog.cancel()
        return self.proc.returncode, out, err

    def _kill_quietly(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()

    def cleanup(self) -> None:
        self._watchdog.cancel()
        self._kill_quietly()
        self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            stream.close()


@pytest.fixture
def child():
    """Factory for Child processes; every one still running at the end of the test is killed."""
    started: list[Child] = []

    def start(script: str, *args: str) -> Child:
        started.append(Child(script, *args))
        return started[-1]

    yield start
    for process in started:
        process.cleanup()
