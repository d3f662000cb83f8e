"""`export` and `callbacks --list` on the team database, as each role may see it; `--local` reads
this machine only."""

from __future__ import annotations

import json
from pathlib import Path

from tests.team.helpers import cli

GOLDEN = Path(__file__).parent.parent / "review" / "golden" / "calls.json"


def loaded(monkeypatch, capsys, team, tmp_path):
    code, _, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "lead"), "import", "--team", str(GOLDEN))
    assert code == 0, err
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_export_reads_the_team_database_as_the_role_may_see(monkeypatch, capsys, team, tmp_path):
    golden = loaded(monkeypatch, capsys, team, tmp_path)
    d = ("--data-dir", str(tmp_path / "sue"))
    code, out, err = cli(monkeypatch, capsys, team.url("sue"), *d, "export", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert [call["id"] for call in document["calls"]] == sorted(call["id"] for call in golden["calls"])
    assert len(document["reviews"]) == len(golden["reviews"])
    code, out, _ = cli(monkeypatch, capsys, team.url("sue"), *d, "export", "--format", "json", "--agent", "min-jun")
    assert [call["agent"] for call in json.loads(out)["calls"]] == ["Min-jun"]
    code, out, _ = cli(monkeypatch, capsys, team.url("ana"), *d, "export", "--format", "csv")
    assert code == 0 and "Min-jun" not in out and out.count("Ana") >= 2
    code, out, _ = cli(monkeypatch, capsys, team.url("sue"), *d, "export", "--format", "json", "--local")
    assert code == 0 and json.loads(out)["calls"] == []


def test_the_team_queue_lists_every_commitment_with_whose_it_is(monkeypatch, capsys, team, tmp_path):
    loaded(monkeypatch, capsys, team, tmp_path)
    d = ("--data-dir", str(tmp_path / "sue"))
    code, out, err = cli(monkeypatch, capsys, team.url("sue"), *d, "callbacks", "--list")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "Ana" in lines[0] and "20261123T140000Z-aaaaaa" in lines[0]
    assert lines[-1].startswith("Kept on time")
    code, out, _ = cli(monkeypatch, capsys, team.url("ben"), *d, "callbacks", "--list")
    assert code == 0 and "No callbacks promised yet." in out
    code, out, _ = cli(monkeypatch, capsys, team.url("sue"), *d, "callbacks", "--list", "--local")
    assert code == 0 and "No callbacks promised yet." in out
