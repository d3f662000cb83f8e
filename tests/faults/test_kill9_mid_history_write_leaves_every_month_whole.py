"""Fault matrix row 2 (issue 7): kill -9 during a history write leaves the history in the old or
the new state, never corrupt: a small month written whole (temp file, rename), and a big month
that a filing appends one line to (issue 18).

A real child process files calls into several months in a loop (new calls, and new versions of
calls already filed, as the desk does when a cut-short call is filed again), printing each commit
once `History.commit` has returned. It is SIGKILLed at random moments, many times over the same
data directory; every third kill waits for a write in flight: the writer is stopped (SIGSTOP) at
random moments until one finds it inside a write (its temp file, a line cut short, a line written
whose commit it has not acknowledged), then killed there. A random moment alone can miss every
write: with a quick fsync (a tmpfs) a commit spends a few per cent of its time writing, and 25
random kills found no write in 2 of 3 runs. After every kill: each month file parses as a whole TinyDB document, nothing was
quarantined, every acknowledged commit is there (in that version or a later one), and every call
stored is one whole version of a call the child tried to commit. The deterministic kill exactly
between the temp file and the rename is tests/store/test_store_atomic_storage.py.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.store.atomic_storage import parse_tinydb_document
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

REPO_ROOT = Path(__file__).resolve().parents[2]
KILLS = 25
IN_A_WRITE_EVERY = 3  # every third kill waits for a write in flight
CATCH_A_WRITE_S = 60.0

WRITER = r"""
import sys
from pathlib import Path
import tui.store.history as history_module
from tui.store.history import History

data_dir, seed = Path(sys.argv[1]), int(sys.argv[2])
history_module.INLINE_BYTES = int(sys.argv[3])  # 0: every month is big, each filing appends a line
history = History(data_dir)
filler = "x" * 1500          # a realistic note length: writes take long enough to be hit mid-way
n = 0
while True:
    month = 1 + (seed + n) % 4
    call = n % 12                                  # 12 calls per run, filed again and again: versions
    call_id = f"2026{month:02d}1{call % 10}T100000Z-s{seed:03d}c{call:02d}"
    before = history.get(call_id)
    version = before["version"] + 1 if before else 0     # each commit replaces the call with its next version
    events = [{"t": 0.0, "type": "started", "call_id": call_id, "started_at": f"2026-{month:02d}-1{call % 10}T10:00:00+00:00"}]
    events += [{"t": float(k), "type": "note", "n": k, "text": f"v{version} n{k} {filler}"} for k in range(1, version % 4 + 2)]
    history.commit({"id": call_id, "started_at": events[0]["started_at"], "status": "completed", "version": version,
                    "events": events})
    print("ok", call_id, version, flush=True)
    n += 1
"""


def well_formed(call: dict) -> bool:
    """One whole version: as many notes as its version says, each of that version."""
    version = call["version"]
    notes = [event for event in call["events"] if event["type"] == "note"]
    return len(notes) == version % 4 + 1 and all(event["text"].startswith(f"v{version} ") for event in notes)


def torn_append(path: Path) -> bool:
    """Every line but the last is a whole call; True when the last one was cut by the kill."""
    *whole, last = path.read_bytes().split(b"\n")
    assert all(isinstance(json.loads(line), dict) for line in whole), path
    return last != b""


class Acknowledged:
    """The writer's "ok" lines, read as they come without ever blocking: {call id: highest version}.
    A line the kill cut short was never acknowledged: only whole lines count."""

    def __init__(self, writer: subprocess.Popen) -> None:
        self.writer, self.fd = writer, writer.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.versions: dict[str, int] = {}
        self.lines = 0
        self._rest = b""

    def read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                return
            if not chunk:
                return
            *whole, self._rest = (self._rest + chunk).split(b"\n")
            for line in whole:
                _, call_id, version = line.decode().split()
                self.versions[call_id] = max(self.versions.get(call_id, -1), int(version))
                self.lines += 1

    def wait_for_the_first(self) -> None:
        while not self.lines:
            assert self.writer.poll() is None, self.writer.stderr.read()
            select.select([self.fd], [], [], 1.0)
            self.read()


def stop(pid: int) -> None:
    """SIGSTOP, and wait until the process is stopped (a syscall it is in, an fsync, ends first)."""
    os.kill(pid, signal.SIGSTOP)
    while Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("T", "t"):
        time.sleep(0.0005)


def tail(path: Path) -> bytes:
    """The end of a file, long enough for its last line (a call of at most four notes)."""
    with path.open("rb") as log:
        log.seek(max(0, log.seek(0, os.SEEK_END) - 64 * 1024))
        return log.read()


def write_in_flight(history: Path, torn_before: set[Path], acknowledged: dict[str, int], before: dict[str, int]) -> str | None:
    """What shows a history write the writer is inside of (stopped or killed there), or None: its
    temp file, a line it cut short, or the last line of a month whose commit it has not acknowledged."""
    if list(history.glob(".*.tmp")):
        return "a temp file"
    for log in history.glob("*.jsonl"):
        end = tail(log)
        if end and not end.endswith(b"\n"):
            if log not in torn_before:
                return "a line cut short"
            continue  # cut short by an earlier kill, not written to since
        call = json.loads(end.rstrip(b"\n").rsplit(b"\n", 1)[-1] or b'{"id": "", "version": -1}')
        if call["version"] > max(acknowledged.get(call["id"], -1), before.get(call["id"], -1)):
            return "a line not acknowledged"
    return None


def kill_inside_a_write(writer: subprocess.Popen, acks: Acknowledged, history: Path, before: dict[str, int], rng: random.Random) -> str:
    """Stop the writer at random moments until one finds it inside a write; kill it there."""
    torn_before = {log for log in history.glob("*.jsonl") if not tail(log).endswith(b"\n")}
    deadline = time.monotonic() + CATCH_A_WRITE_S
    while True:
        time.sleep(rng.uniform(0.0, 0.005))
        stop(writer.pid)
        acks.read()  # everything it acknowledged before it stopped
        found = write_in_flight(history, torn_before, acks.versions, before)
        if found or time.monotonic() > deadline:
            break
        os.kill(writer.pid, signal.SIGCONT)
    os.kill(writer.pid, signal.SIGKILL)  # a stopped process dies where it stopped
    assert found, f"no write in flight in {CATCH_A_WRITE_S:.0f} s of stopping the writer at random moments"
    return found


@pytest.mark.parametrize("inline_bytes", [256 * 1024, 0], ids=["written-whole", "appended"])
def test_sigkill_at_random_moments_of_history_writes_never_corrupts_a_month(tmp_path: Path, inline_bytes: int) -> None:
    rng = random.Random(20261130)
    data_dir = prepare_data_dir(tmp_path / "data")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    acknowledged: dict[str, int] = {}
    killed_mid_run = inside_a_write = 0
    caught: list[str] = []
    before: dict[str, int] = {}
    for seed in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), str(seed % 5), str(inline_bytes)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        try:
            acks = Acknowledged(writer)
            acks.wait_for_the_first()  # it is writing: kill it at a random moment after
            if seed % IN_A_WRITE_EVERY == IN_A_WRITE_EVERY - 1:
                caught.append(kill_inside_a_write(writer, acks, data_dir / "history", before, rng))
            else:
                time.sleep(rng.uniform(0.0, 0.15))
                os.kill(writer.pid, signal.SIGKILL)
            writer.wait(10)
            assert writer.returncode == -signal.SIGKILL
            killed_mid_run += 1
            acks.read()
            for call_id, version in acks.versions.items():
                acknowledged[call_id] = max(acknowledged.get(call_id, -1), version)
        finally:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
            writer.stdout.close()
            writer.stderr.close()

        temp_left = bool(list((data_dir / "history").glob(".*.tmp")))  # killed between temp file and rename
        for month in (data_dir / "history").glob("*.json"):
            parse_tinydb_document(month.read_bytes(), month)  # raises CorruptStorage on a torn file
        torn_line = any([torn_append(log) for log in (data_dir / "history").glob("*.jsonl")])
        history = History(data_dir)
        stored = {call["id"]: call for call in history.calls()}
        assert history.quarantined == []
        history.close()
        for call_id, version in acknowledged.items():
            assert call_id in stored and stored[call_id]["version"] >= version, call_id
        assert all(well_formed(call) for call in stored.values())
        # Written but never acknowledged: the kill came between the write and the child's "ok".
        unacknowledged = any(call["version"] > max(acknowledged.get(i, -1), before.get(i, -1)) for i, call in stored.items())
        before = {call_id: call["version"] for call_id, call in stored.items()}
        inside_a_write += temp_left or torn_line or unacknowledged
    assert killed_mid_run == KILLS
    print(f"{KILLS} kills, {inside_a_write} of them inside a write; {len(caught)} waited for one: {', '.join(caught)}")
    assert len(caught) == KILLS // IN_A_WRITE_EVERY
    assert inside_a_write >= len(caught)  # what the stopped writer showed, the kill left on disk
    assert list((data_dir / "quarantine").iterdir()) == []
