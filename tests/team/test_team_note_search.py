"""The notes' search index (schema version 6): a trigram index on each month's partition, built
after a load rather than row by row, by `import --team` and by `db init` (which indexes every month
after the upgrade from version 5); a rare word is then read through it, as each role may see."""

from __future__ import annotations

import psycopg

from tests.team.helpers import cli, unique_role
from tests.team.test_import_whole import export_file
from tui.domain.review.history_rows import Filters
from tui.store.team.reads import TeamReader


def _indexes(url: str) -> dict[str, bool]:
    """Each month partition: whether its notes have their index."""
    with psycopg.connect(url) as conn:
        months = [
            row[0]
            for row in conn.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'callcoach.calls'::regclass"
            )
        ]
        named = {row[0] for row in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'callcoach'")}
    return {month: f"{month}_notes" in named for month in months}


def test_upgrade_from_version_5_indexes_every_month_and_finds_the_same_calls(monkeypatch, capsys, team_db, tmp_path):
    import tui.store.team.migrations as migrations
    from tests.team.helpers import insert_call
    from tui.store.team.connection import connect, migration_files

    monkeypatch.setattr(migrations, "migration_files", lambda: [(v, sql) for v, sql in migration_files() if v <= 5])
    monkeypatch.setattr(migrations, "latest_version", lambda: 5)
    with connect(team_db.url, check_schema=False) as conn:
        assert migrations.migrate(conn) == (None, 5)
    for number, month in enumerate(("2026-09", "2026-10", "2026-11")):
        insert_call(team_db.url, f"{month.replace('-', '')}01T100000Z-{number}", "Ana", f"{month}-01T10:00:00+00:00")
    with psycopg.connect(team_db.url) as conn:
        conn.execute("UPDATE callcoach.calls SET summary = jsonb_build_object('id', id)")
        conn.execute("UPDATE callcoach.calls SET notes = 'ana +44 order 8812 late' WHERE id LIKE '202610%'")
    assert set(_indexes(team_db.url).values()) == {False}
    monkeypatch.undo()
    code, out, err = cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "init")
    assert code == 0 and err.splitlines()[-1].endswith("[##############################] 3/3 months")  # progress, a month at a time
    assert "from version 5 to 6" in out and "Indexed the notes of 3 month(s) for search." in out
    assert set(_indexes(team_db.url).values()) == {True}
    insert_call(team_db.url, "20261201T100000Z-9", "Ana", "2026-12-01T10:00:00+00:00")  # a push's new month: indexed at once
    assert set(_indexes(team_db.url).values()) == {True}
    reader = TeamReader(team_db.url)
    try:
        assert [row["id"] for row in reader.page(Filters(text="8812 LATE"), 100)] == ["20261001T100000Z-1"]
    finally:
        reader.close()
    code, out, _ = cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "init")
    assert code == 0 and "up to date" in out and "Indexed" not in out


def test_import_loads_without_the_index_then_builds_it_for_each_new_month(monkeypatch, capsys, team, tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 48)
    code, out, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "lead"), "import", "--team", str(path))
    assert code == 0, err
    assert "Loaded 48 of 48" in out and "Indexed the notes of 12 month(s) for search." in out
    assert set(_indexes(team.db.url).values()) == {True} and len(_indexes(team.db.url)) == 12
    code, out, err = cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "lead"), "import", "--team", str(path))
    assert code == 0 and "Indexed" not in out  # every month had it: nothing to build


def test_a_rare_word_is_read_through_the_index_as_each_role_may_see(monkeypatch, capsys, team, tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 48)
    assert cli(monkeypatch, capsys, team.db.url, "--data-dir", str(tmp_path / "lead"), "import", "--team", str(path))[0] == 0
    month = ("2026-11-01", "2026-12-01")
    with psycopg.connect(team.db.url) as conn:
        conn.execute("UPDATE callcoach.calls SET agent = 'Ana', notes = notes || ' order xq93kz' WHERE notes LIKE '%parcel 12 %'")
        conn.execute(  # a month with more than a page of calls
            """INSERT INTO callcoach.calls (id, started_at, agent, status, record, notes)
               SELECT '20261110T000000Z-f' || g, '2026-11-10'::timestamptz + g * interval '1 second', 'Agent 1', 'completed', '{}',
                      'agent 1 a parcel ' || g || ' came late' FROM generate_series(1, 3000) g"""
        )
    with psycopg.connect(team.db.url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE callcoach.calls_2026_11")  # the index's pending rows merged, as autovacuum does
        # The plan notes_matching() gets: as the tables' owner, as the function runs (3,000 short
        # rows are cheaper to read whole; a month of a team's is not: scripts/bench_team_scale.py).
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                "EXPLAIN SELECT id FROM callcoach.calls c WHERE c.started_at >= %s AND c.started_at < %s AND c.notes LIKE '%%xq93kz%%'",
                month,
            )
        )
        assert "Bitmap Index Scan on calls_2026_11_notes" in plan, plan
    for who, seen in (("sue", 1), ("ana", 1), ("ben", 0)):
        with psycopg.connect(team.url(who), autocommit=True) as conn:
            found = conn.execute("SELECT id FROM callcoach.notes_matching(%s, %s, %s, 10)", (*month, ["%xq93kz%", "%never%"])).fetchall()
            assert len(found) == seen  # an agent learns nothing of another agent's notes through it
        reader = TeamReader(team.url(who))
        try:
            assert len(reader.page(Filters(text="XQ93KZ never"), 100)) == seen
            assert len(reader.page(Filters(text="q93k parcel 12"), 100)) == seen  # any part of a word, as on one machine
        finally:
            reader.close()
    with psycopg.connect(team.db.url) as conn:
        nobody = unique_role("nobody")
        conn.execute(f"CREATE ROLE {nobody} LOGIN IN ROLE callcoach_agent")  # an agent role tied to no agent name
    with psycopg.connect(team.db.url_as(nobody)) as conn:
        assert conn.execute("SELECT count(*) FROM callcoach.notes_matching(%s, %s, %s, 10)", (*month, ["%parcel%"])).fetchone()[0] == 0
