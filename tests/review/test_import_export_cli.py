"""`callcoach import` and `callcoach export --format md|csv|json` through the real command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.store.history import History
from tui.store.reviews import ReviewStore

GOLDEN = Path(__file__).parent / "golden" / "calls.json"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}


def test_import_is_idempotent_by_call_id(tmp_path, capsys):
    data = tmp_path / "d"
    assert run(data, "import", str(GOLDEN)) == 0
    assert "Imported 3 call(s) and 2 comment(s)" in capsys.readouterr().out
    before = snapshot(data)
    assert run(data, "import", str(GOLDEN)) == 0
    assert "Imported 0 call(s) and 0 comment(s); 3 already here" in capsys.readouterr().out
    assert snapshot(data) == before
    assert History(data, read_only=True).get("20261123T150000Z-bbbbbb")["agent"] == "Min-jun"
    assert len(ReviewStore(data).all()) == 2


def _bad(tmp_path: Path, change) -> Path:
    document = json.loads(GOLDEN.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


REFUSALS = {
    "newer-version": (lambda d: d.update(version=2), "version 2 is newer"),
    "wrong-format": (lambda d: d.update(format="other"), "format must be"),
    "event-time": (lambda d: d["calls"][1]["events"][2].update(t="soon"), "calls[1].events[2].t"),
    "outcome": (lambda d: d["calls"][2].update(outcome="happy"), "calls[2].outcome"),
    "started-at": (lambda d: d["calls"][0].update(started_at="yesterday"), "calls[0].started_at"),
    "comment": (lambda d: d["reviews"][1].pop("author"), "reviews[1].author"),
    "first-event": (lambda d: d["calls"][0]["events"].pop(0), "calls[0].events[0].type"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_import_refuses_and_changes_nothing(tmp_path, capsys, case):
    data = tmp_path / "d"
    assert run(data, "import", str(GOLDEN)) == 0
    History(data).close()
    before = snapshot(data)
    change, message = REFUSALS[case]

    # Make the valid calls new ones, so a half-import would show up as added calls.
    def mutate(document):
        for call in document["calls"]:
            call["id"] = call["id"].replace("Z-", "Z-9")
            call["events"][0]["call_id"] = call["id"]
        change(document)

    assert run(data, "import", str(_bad(tmp_path, mutate))) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err and message in err
    assert snapshot(data) == before


def test_import_refuses_a_file_that_is_not_json(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text('{"format": "callcoach-export",\n "version": 1, "calls": [', encoding="utf-8")
    assert run(tmp_path / "d", "import", str(path)) == 1
    assert "not valid JSON (line 2" in capsys.readouterr().err


def test_export_round_trip_md_csv_and_filters(tmp_path, capsys):
    source, target = tmp_path / "a", tmp_path / "b"
    assert run(source, "import", str(GOLDEN)) == 0
    out = tmp_path / "out.json"
    assert run(source, "export", "--format", "json", "--out", str(out)) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["calls"]) == 3 and len(document["reviews"]) == 2
    assert run(target, "import", str(out)) == 0
    capsys.readouterr()
    assert run(target, "export", "--format", "md", "--agent", "min-jun") == 0
    md = capsys.readouterr().out
    assert "1 call(s)" in md and "L10: Escalated" in md and "Three minutes on hold" in md
    assert run(target, "export", "--format", "csv", "--since", "2026-11-23", "--until", "2026-11-23") == 0
    text = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(text)))  # a cell of notes holds one line per note
    assert text.startswith("\ufeffid,started_at") and len(rows) == 4
    assert run(target, "export", "--format", "csv", "--since", "2026-11-24") == 0
    assert len(list(csv.reader(io.StringIO(capsys.readouterr().out)))) == 1


def test_replay_command_refuses_unknown_or_missing_calls(tmp_path, capsys):
    assert run(tmp_path / "empty", "replay") == 1
    assert "no filed calls to replay" in capsys.readouterr().err
    data = tmp_path / "d"
    assert run(data, "import", str(GOLDEN)) == 0
    assert run(data, "replay", "20991231T000000Z-nope") == 1
    assert "no call '20991231T000000Z-nope'" in capsys.readouterr().err


def test_export_refuses_a_bad_date(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        run(tmp_path / "d", "export", "--format", "md", "--since", "last week")
    assert stopped.value.code == 2
    assert "not a date; write YYYY-MM-DD" in capsys.readouterr().err
