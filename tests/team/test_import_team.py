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


def test_a_big_file_checked_over_several_processes_names_its_first_problem(monkeypatch, capsys, team, tmp_path):
    """Past PARALLEL_FROM calls each call is checked in a worker process: the refusal still names
    the first problem in file order, and nothing is stored."""
    from tui.services.import_calls import PARALLEL_FROM

    path = tmp_path / "team.json"
    export_file(path, PARALLEL_FROM + 600)
    document = json.loads(path.read_text(encoding="utf-8"))
    late, later = PARALLEL_FROM + 500, PARALLEL_FROM + 550
    document["calls"][later]["events"][1]["t"] = -1.0  # a bad field, in another worker's chunk
    repeated = json.loads(json.dumps(document["calls"][3]))
    repeated["events"][2]["text"] = "another note"
    document["calls"][late] = repeated  # call 3's id again, with other content
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))
    assert code == 1 and err.startswith(f"callcoach: nothing imported: calls[{late}].id ") and "repeats calls[3]" in err, err
    assert count(team.db.url) == 0


def test_every_character_of_a_call_arrives_as_it_was_in_the_file(monkeypatch, capsys, team, tmp_path):
    """Rows travel as COPY text made in the workers: tabs, line breaks, backslashes, quotes and
    non-Latin text in a note come back out of the database unchanged."""
    path = tmp_path / "team.json"
    export_file(path, 3)
    document = json.loads(path.read_text(encoding="utf-8"))
    tricky = 'tab\there, line\nbreak\r\n, back\\slash \\N "quoted" 택배 안 왔어요 包裹没到'
    document["calls"][1]["events"][2]["text"] = tricky
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))[0] == 0
    call_id = document["calls"][1]["id"]
    with psycopg.connect(team.url("sue")) as conn:
        record, notes, flags = conn.execute("SELECT record, notes, flags FROM callcoach.calls WHERE id = %s", (call_id,)).fetchone()
    assert record == document["calls"][1]
    assert tricky.casefold().split()[0] in notes and isinstance(flags, list)


def test_calls_stored_while_the_file_was_checked_send_the_load_the_long_way(monkeypatch, capsys, team, tmp_path):
    """New calls go straight into their month partitions; when one of them turns out to be there
    already (a push stored it after the ids were looked up), the whole load goes through the upsert
    instead: the interrupted copy is completed, the completed call stays as it was."""
    from tests.team.helpers import insert_call
    from tui.store.team import bulk

    path = tmp_path / "team.json"
    ids = export_file(path, 30)
    document = json.loads(path.read_text(encoding="utf-8"))
    started = {call["id"]: call["started_at"] for call in document["calls"]}
    insert_call(team.db.url, ids[4], "Agent 4", started[ids[4]])  # completed: stays as it is
    with psycopg.connect(team.db.url) as conn:
        conn.execute("SELECT callcoach.ensure_month(%s)", (started[ids[9]],))
        conn.execute(
            "INSERT INTO callcoach.calls (id, started_at, agent, status, record) VALUES (%s, %s, 'Agent 2', 'interrupted', '{}')",
            (ids[9], started[ids[9]]),
        )
    monkeypatch.setattr(bulk, "_any_stored", lambda conn, rows, months: False)  # as if looked up before those pushes
    code, out, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))
    assert code == 0 and "Loaded 29 of 30" in out, (out, err)
    with psycopg.connect(team.db.url) as conn:
        rows = dict(conn.execute("SELECT id, record FROM callcoach.calls").fetchall())
    assert len(rows) == 30 and rows[ids[4]] == {"id": ids[4]} and rows[ids[9]]["status"] == "completed"
