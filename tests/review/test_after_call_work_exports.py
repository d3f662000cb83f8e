"""Talk time and after-call work in every export: json (derived fields beside the log, checked on
import, never stored), csv (acw_s) and md; the history row and the team view's average."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.domain.review.history_rows import index_row
from tui.domain.review.team import team_stats
from tui.store.history import History

GOLDEN = Path(__file__).parent / "golden" / "calls.json"  # three calls filed before `filed` existed
PHONE = Path(__file__).parent / "golden" / "phone_call.json"  # one call hung up by the caller at 140 s, filed at 182.5 s
PHONE_CALL = "20261123T170000Z-dddddd"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def exported(tmp_path: Path, fmt: str = "json") -> str:
    data = tmp_path / "d"
    if not data.exists():
        assert run(data, "import", str(GOLDEN)) == 0
        assert run(data, "import", str(PHONE)) == 0
    out = tmp_path / f"out.{fmt}"
    assert run(data, "export", "--format", fmt, "--out", str(out)) == 0
    return out.read_text(encoding="utf-8-sig")


def test_json_export_carries_talk_time_and_after_call_work(tmp_path):
    calls = {call["id"]: call for call in json.loads(exported(tmp_path))["calls"]}
    assert (calls[PHONE_CALL]["talk_seconds"], calls[PHONE_CALL]["acw_seconds"]) == (140.0, 42.5)
    older = calls["20261123T140000Z-aaaaaa"]  # filed before the wrap-up was recorded
    assert older["talk_seconds"] == 262.0 and older["acw_seconds"] is None
    cut_short = calls["20261123T160000Z-cccccc"]
    assert cut_short["talk_seconds"] is None and cut_short["acw_seconds"] is None
    stored = History(tmp_path / "d", read_only=True).get(PHONE_CALL)
    assert "talk_seconds" not in stored and "acw_seconds" not in stored  # derived: never stored


def test_an_export_reads_back_and_a_wrong_derived_value_is_refused(tmp_path, capsys):
    document = json.loads(exported(tmp_path))
    again = tmp_path / "again.json"
    again.write_text(json.dumps(document), encoding="utf-8")
    assert run(tmp_path / "other", "import", str(again)) == 0
    next(call for call in document["calls"] if call["id"] == PHONE_CALL)["acw_seconds"] = 5.0
    again.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert run(tmp_path / "third", "import", str(again)) == 1
    assert "acw_seconds must be 42.5, as its events say" in capsys.readouterr().err


def test_md_and_csv_show_after_call_work(tmp_path):
    import csv
    import io

    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported(tmp_path, "csv")))}
    assert (rows[PHONE_CALL]["duration_s"], rows[PHONE_CALL]["acw_s"]) == ("140.0", "42.5")
    assert rows["20261123T140000Z-aaaaaa"]["acw_s"] == ""  # not recorded: empty, never 0
    md = exported(tmp_path, "md")
    assert "- Duration: 02:20 · Hold: 00:00 · After-call work: 00:42 · Outcome: Resolved" in md


def test_history_row_and_team_average():
    calls = json.loads(GOLDEN.read_text(encoding="utf-8"))["calls"] + json.loads(PHONE.read_text(encoding="utf-8"))["calls"]
    rows = [index_row(call, []) for call in calls]
    assert {row["id"]: row["acw"] for row in rows} == {
        "20261123T140000Z-aaaaaa": None,
        "20261123T150000Z-bbbbbb": None,
        "20261123T160000Z-cccccc": None,
        PHONE_CALL: 42.5,
    }
    everyone, *agents = team_stats(rows)
    ana = next(stats for stats in agents if stats.agent == "Ana")
    assert ana.average_acw == pytest.approx(42.5) and everyone.average_acw == pytest.approx(42.5)
    assert next(stats for stats in agents if stats.agent == "Min-jun").average_acw is None
