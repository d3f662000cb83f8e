"""`callcoach import` of many calls: all or nothing when killed or interrupted, complete when run
again, progress on stderr (issue 16 item 6). The real program, killed for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from tui.domain.call.record import export_document
from tui.store.history import History


def export_file(path, count: int) -> list[str]:
    """`count` calls spread over twelve months, as another machine's `export --format json` writes them."""
    calls = []
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    for number in range(count):
        began = start - timedelta(days=(number % 12) * 30, minutes=number)
        call_id = f"{began:%Y%m%dT%H%M%SZ}-{number:06x}"
        iso = began.isoformat()
        calls.append(
            {
                "id": call_id,
                "agent": f"Agent {number % 7}",
                "caller": "+442070313000",
                "started_at": iso,
                "status": "completed",
                "playbook": "last",
                "outcome": "resolved",
                "category": "usage",
                "events": [
                    {
                        "t": 0.0,
                        "type": "started",
                        "call_id": call_id,
                        "agent": f"Agent {number % 7}",
                        "caller": "+442070313000",
                        "playbook": "last",
                        "started_at": iso,
                    },
                    {"t": 1.0, "type": "step", "step": "listen"},
                    {"t": 3.0, "type": "note", "n": 0, "text": f"parcel {number} never arrived"},
                    {"t": 60.0, "type": "ended", "outcome": "resolved", "category": "usage"},
                ],
            }
        )
    path.write_text(json.dumps(export_document(calls)), encoding="utf-8")
    return [call["id"] for call in calls]


def stored(data_dir) -> int:
    return History(data_dir, read_only=True).count()


def command(data_dir, path) -> list[str]:
    return [sys.executable, "-m", "tui", "--data-dir", str(data_dir), "import", str(path)]


def test_killed_or_interrupted_stores_nothing_and_a_rerun_completes(tmp_path):
    path = tmp_path / "team.json"
    ids = export_file(path, 3000)
    data_dir = tmp_path / "data"
    outcomes = set()
    for signum, delay in ((signal.SIGINT, 0.9), (signal.SIGKILL, 1.2), (signal.SIGKILL, 1.6), (signal.SIGINT, 1.9), (signal.SIGKILL, 2.3)):
        process = subprocess.Popen(
            command(data_dir, path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        time.sleep(delay)
        process.send_signal(signum)
        process.wait()
        subprocess.run(
            [sys.executable, "-c", f"from tui.store.datadir import prepare_data_dir; prepare_data_dir({str(data_dir)!r})"], check=True
        )
        count = stored(data_dir)
        assert count in (0, 3000), f"a partial import ({count} calls) after {signum!r} at {delay} s"
        outcomes.add(count)
        if count:
            break
    done = subprocess.run(command(data_dir, path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert stored(data_dir) == 3000
    assert History(data_dir, read_only=True).get(ids[1234])["events"][2]["text"] == "parcel 1234 never arrived"
    assert not list((data_dir / "history").glob(".*.import.tmp")) and not (data_dir / "history" / "import-intent.json").exists()


def test_progress_and_a_second_import_changes_nothing(tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 600)
    data_dir = tmp_path / "data"
    first = subprocess.run(command(data_dir, path), capture_output=True, text=True)
    assert first.returncode == 0 and "Imported 600 call(s)" in first.stdout
    assert "600/600 calls" in first.stderr
    before = {p.name: p.read_bytes() for p in (data_dir / "history").glob("*.json")}
    again = subprocess.run(command(data_dir, path), capture_output=True, text=True)
    assert again.returncode == 0 and "Imported 0 call(s)" in again.stdout and "600 already here" in again.stdout
    assert {p.name: p.read_bytes() for p in (data_dir / "history").glob("*.json")} == before


class Killed(BaseException):
    """The process dying right after the intent file, before the renames."""


def test_an_import_past_its_commit_point_is_finished_on_the_next_start(tmp_path, monkeypatch):
    import tui.store.history_import as bulk
    from tui.store.datadir import prepare_data_dir

    data_dir = prepare_data_dir(tmp_path / "data")
    export_file(tmp_path / "few.json", 30)
    records = json.loads((tmp_path / "few.json").read_text(encoding="utf-8"))["calls"]
    real = bulk.finish_interrupted_import
    seen = []

    def dies_at_the_renames(directory):
        seen.append(directory)
        if len(seen) == 2:  # the first call sweeps before staging; the second does the renames
            raise Killed
        return real(directory)

    monkeypatch.setattr(bulk, "finish_interrupted_import", dies_at_the_renames)
    try:
        bulk.commit_all(data_dir, records)
    except Killed:
        pass
    monkeypatch.setattr(bulk, "finish_interrupted_import", real)
    assert (data_dir / "history" / bulk.INTENT).exists() and stored(data_dir) == 0
    prepare_data_dir(data_dir)  # what every command does first
    assert stored(data_dir) == 30 and not (data_dir / "history" / bulk.INTENT).exists()


def test_calls_filed_as_appended_lines_are_kept_and_folded_in(tmp_path):
    """A big month keeps its latest filings as appended lines (history/2026-11.jsonl): the import
    reads the month as History does, never doubles or drops them, and folds them into the file."""
    path = tmp_path / "team.json"
    export_file(path, 48)  # four calls in each of twelve months
    records = json.loads(path.read_text(encoding="utf-8"))["calls"]
    data_dir = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-c", f"from tui.store.datadir import prepare_data_dir; prepare_data_dir({str(data_dir)!r})"], check=True
    )
    history = History(data_dir)
    november = [record for record in records if record["started_at"].startswith("2026-11")]
    filler = [{**november[0], "id": november[0]["id"].split("-")[0] + f"-f{n:05x}"} for n in range(40)]
    for record in filler:  # past 8 KB the month appends instead of rewriting
        record["events"] = [{**record["events"][0], "call_id": record["id"]}, *record["events"][1:]]
        history.commit(record)
    history.commit(november[1])  # already here when the file arrives
    history.close()
    log = data_dir / "history" / "2026-11.jsonl"
    assert log.exists() and log.read_bytes().count(b"\n") >= 2
    done = subprocess.run(command(data_dir, path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Imported 47 call(s)" in done.stdout and "1 already here" in done.stdout
    assert not log.exists()
    assert History(data_dir, read_only=True).count() == 48 + len(filler)
