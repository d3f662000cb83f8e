"""`callcoach import --team FILE`: COPY into the team database, all or nothing, idempotent, and the
completed-replaces-interrupted rule; row-level security applies to it as to any write."""

from __future__ import annotations

import json

import psycopg

from tests.team.helpers import cli
from tests.team.test_import_whole import export_file


def count(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM callcoach.calls").fetchone()[0]


def test_a_file_loads_once_with_its_commitments(monkeypatch, capsys, team, tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 500)
    code, out, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))
    assert (code, err.strip()) == (0, "") or code == 0, err
    assert "Loaded 500 of 500 call(s)" in out
    assert count(team.url("sue")) == 500
    code, out, _ = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))
    assert code == 0 and "Loaded 0 of 500" in out and "500 already there" in out
    with psycopg.connect(team.url("sue")) as conn:
        months = conn.execute("SELECT count(DISTINCT tableoid) FROM callcoach.calls").fetchone()[0]
        agents = conn.execute("SELECT count(DISTINCT agent) FROM callcoach.calls").fetchone()[0]
    assert months == 12 and agents == 7  # partitions made for each month; rows as their agents


def test_completed_replaces_interrupted_never_the_reverse(monkeypatch, capsys, team, tmp_path):
    path = tmp_path / "one.json"
    export_file(path, 1)
    document = json.loads(path.read_text(encoding="utf-8"))
    complete = document["calls"][0]
    cut = {**complete, "status": "interrupted", "outcome": None, "category": None, "events": complete["events"][:-1]}
    for call, expected in ((cut, "interrupted"), (complete, "completed"), (cut, "completed")):
        path.write_text(json.dumps({**document, "calls": [call]}), encoding="utf-8")
        assert cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))[0] == 0
        with psycopg.connect(team.url("sue")) as conn:
            assert conn.execute("SELECT status FROM callcoach.calls").fetchall() == [(expected,)]


def test_an_agent_may_not_load_other_agents_calls_and_nothing_is_stored(monkeypatch, capsys, team, tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 20)  # agents "Agent 0" .. "Agent 6", none of them Ana
    code, _, err = cli(monkeypatch, capsys, team.url("ana"), "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))
    assert code == 1 and err.startswith("callcoach: nothing imported:") and err.count("\n") == 1
    assert count(team.db.url) == 0
