"""`callcoach import --team` meeting each fault a team lead can meet, as they would: one sentence on
stderr saying what to do, exit 1, and nothing stored."""

from __future__ import annotations

import uuid

import psycopg

from tests.team.helpers import cli
from tests.team.test_import_whole import export_file
from tui.store.team.connection import migration_files


def imported(monkeypatch, capsys, url: str, tmp_path, path) -> tuple[int, str]:
    code, out, err = cli(monkeypatch, capsys, url, "--data-dir", str(tmp_path / "d"), "import", "--team", str(path))
    assert "Traceback" not in err and (code == 0 or not out), (out, err)
    return code, err


def one_sentence(err: str) -> str:
    assert err.startswith("callcoach: nothing imported: ") and err.count("\n") == 1 and err.rstrip().endswith("."), err
    return err


def test_a_schema_older_than_the_import_needs_says_to_run_db_init(monkeypatch, capsys, team_db, tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 5)
    with psycopg.connect(team_db.url) as conn:  # a database made by the callcoach of schema 5
        conn.execute("CREATE ROLE callcoach_agent NOLOGIN") if not _role(conn, "callcoach_agent") else None
        conn.execute("CREATE ROLE callcoach_supervisor NOLOGIN") if not _role(conn, "callcoach_supervisor") else None
        for version, sql in migration_files():
            if version <= 5:
                conn.execute(sql)
                conn.execute("INSERT INTO callcoach.schema_version (version) VALUES (%s)", (version,))
    code, err = imported(monkeypatch, capsys, team_db.url, tmp_path, path)
    assert code == 1 and "version 5, older than this callcoach needs" in one_sentence(err) and "run `callcoach db init`" in err
    cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path / "d"), "db", "init")
    code, err = imported(monkeypatch, capsys, team_db.url, tmp_path, path)
    assert code == 0, err
    with psycopg.connect(team_db.url) as conn:
        assert conn.execute("SELECT count(*) FROM callcoach.calls").fetchone()[0] == 5


def _role(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


def test_a_wrong_address_a_refused_password_a_missing_or_newer_schema(monkeypatch, capsys, cluster, team_db, tmp_path):
    path = tmp_path / "team.json"
    export_file(path, 5)
    code, err = imported(monkeypatch, capsys, "not an address", tmp_path, path)
    assert code == 1 and "is not a PostgreSQL address" in one_sentence(err) and "CALLCOACH_DATABASE_URL" in err
    code, err = imported(monkeypatch, capsys, f"postgresql://x@/{team_db.name}?host={tmp_path}", tmp_path, path)
    assert code == 1 and "cannot be reached" in one_sentence(err) and "run the import again once it answers" in err
    assert "tried again later" not in err  # nothing tries an import again by itself
    role = f"lead_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(team_db.url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'right one'")
    monkeypatch.setenv("PGPASSWORD", "wrong one")
    code, err = imported(monkeypatch, capsys, f"{cluster.tcp_url(team_db.name, role)}?connect_timeout=3", tmp_path, path)
    assert code == 1 and "refused the password" in one_sentence(err) and "PGPASSWORD" in err
    monkeypatch.delenv("PGPASSWORD")
    code, err = imported(monkeypatch, capsys, team_db.url, tmp_path, path)
    assert code == 1 and "has no callcoach tables yet; run `callcoach db init`" in one_sentence(err)
    cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path / "d"), "db", "init")
    with psycopg.connect(team_db.url) as conn:
        conn.execute("INSERT INTO callcoach.schema_version (version) VALUES (99)")
    code, err = imported(monkeypatch, capsys, team_db.url, tmp_path, path)
    assert code == 1 and "version 99, newer than this callcoach knows" in one_sentence(err) and "upgrade callcoach" in err
    with psycopg.connect(team_db.url) as conn:
        assert conn.execute("SELECT count(*) FROM callcoach.calls").fetchone()[0] == 0
