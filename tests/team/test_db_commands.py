"""`callcoach db init` and `callcoach db add-user` against a real PostgreSQL, and the faults each
one names in a sentence: no database configured, a wrong address, a missing or newer schema."""

from __future__ import annotations

import psycopg

from tests.team.helpers import cli, unique_role


def test_init_creates_the_schema_then_says_it_is_up_to_date(monkeypatch, capsys, team_db, tmp_path):
    from tui.store.team.connection import latest_version

    latest = latest_version()
    assert latest >= 3  # 3: the caller's history for every agent (callcoach.caller_history)
    code, out, err = cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "init")
    assert (code, err) == (0, "")
    assert f"Created the team database's schema (version {latest})" in out
    code, out, _ = cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "init")
    assert code == 0 and f"up to date (schema version {latest})" in out
    with psycopg.connect(team_db.url) as conn:
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'callcoach'")}
        assert {"calls", "comments", "callback_actions", "commitments", "machines", "live_state", "agent_roles"} <= tables
        assert conn.execute("SELECT relkind FROM pg_class WHERE oid = 'callcoach.calls'::regclass").fetchone()[0] == "p"
        versions = conn.execute("SELECT version FROM callcoach.schema_version ORDER BY version").fetchall()
        assert versions == [(version,) for version in range(1, latest + 1)]
        # A database still at version 1 is upgraded by the same command, in a transaction; each
        # migration after the first may be applied again over what it already made.
        conn.execute("DELETE FROM callcoach.schema_version WHERE version > 1")
        conn.commit()
    code, out, _ = cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "init")
    assert code == 0 and f"Upgraded the team database's schema from version 1 to {latest}" in out


def test_calls_are_partitioned_by_month(team_db):
    from tests.team.helpers import insert_call
    from tui.store.team.connection import connect
    from tui.store.team.migrations import migrate

    with connect(team_db.url, check_schema=False) as conn:
        migrate(conn)
    insert_call(team_db.url, "a", "Ana", "2026-10-31T23:59:59+00:00")
    insert_call(team_db.url, "b", "Ana", "2026-11-01T00:00:00+00:00")
    with psycopg.connect(team_db.url) as conn:
        where = dict(conn.execute("SELECT id, tableoid::regclass::text FROM callcoach.calls").fetchall())
    assert where == {"a": "callcoach.calls_2026_10", "b": "callcoach.calls_2026_11"}


def test_add_user_for_an_agent_and_a_supervisor(monkeypatch, capsys, team_db, tmp_path):
    cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "init")
    agent, boss = unique_role("ana"), unique_role("sue")
    code, out, err = cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "add-user", agent, "--agent", "Ana")
    assert (code, err) == (0, "") and f"Created role {agent!r} for agent 'Ana'" in out
    code, out, _ = cli(
        monkeypatch,
        capsys,
        team_db.url,
        "--data-dir",
        str(tmp_path),
        "db",
        "add-user",
        boss,
        "--supervisor",
        "--password",
        stdin="s3cret horse\n",
    )
    assert code == 0 and "a supervisor with a password" in out
    # A second run updates: the agent becomes a supervisor, and no longer maps to Ana.
    code, out, _ = cli(monkeypatch, capsys, team_db.url, "--data-dir", str(tmp_path), "db", "add-user", agent, "--supervisor")
    assert code == 0 and out.startswith("Updated role")
    with psycopg.connect(team_db.url) as conn:
        assert conn.execute("SELECT count(*) FROM callcoach.agent_roles WHERE role = %s", (agent,)).fetchone()[0] == 0
        assert conn.execute("SELECT pg_has_role(%s, 'callcoach_supervisor', 'MEMBER')", (agent,)).fetchone()[0]
        assert not conn.execute("SELECT pg_has_role(%s, 'callcoach_agent', 'MEMBER')", (agent,)).fetchone()[0]
    # The password works over TCP (scram), for the supervisor's role.
    with psycopg.connect(team_db.cluster.tcp_url(team_db.name, boss), password="s3cret horse") as conn:
        assert conn.execute("SELECT callcoach.is_supervisor()").fetchone()[0]


def test_no_database_configured_is_a_usage_error(monkeypatch, capsys, tmp_path):
    code, _, err = cli(monkeypatch, capsys, None, "--data-dir", str(tmp_path), "db", "init")
    assert code == 2 and "no team database is configured" in err and "CALLCOACH_DATABASE_URL" in err


def test_faults_are_one_sentence_each(monkeypatch, capsys, cluster, team_db, tmp_path):
    d = ("--data-dir", str(tmp_path))
    code, _, err = cli(monkeypatch, capsys, "not an address", *d, "db", "init")
    assert code == 1 and "is not a PostgreSQL address" in err and "Traceback" not in err
    code, _, err = cli(monkeypatch, capsys, cluster.url("no_such_db"), *d, "db", "init")
    assert code == 1 and "does not exist; create it" in err
    code, _, err = cli(
        monkeypatch, capsys, f"postgresql://nobody@127.0.0.1:{cluster.port}/{team_db.name}?connect_timeout=3", *d, "db", "init"
    )
    assert code == 1 and ("refused the password" in err or "no role" in err)
    code, _, err = cli(monkeypatch, capsys, f"postgresql://x@/{team_db.name}?host={tmp_path}", *d, "db", "init")
    assert code == 1 and "cannot be reached" in err and "nothing is lost" in err
    # The schema is missing: add-user says to run db init.
    code, _, err = cli(monkeypatch, capsys, team_db.url, *d, "db", "add-user", "someone", "--agent", "Ana")
    assert code == 1 and "run `callcoach db init`" in err
    # A schema newer than this program is refused, never half-used.
    cli(monkeypatch, capsys, team_db.url, *d, "db", "init")
    with psycopg.connect(team_db.url) as conn:
        conn.execute("INSERT INTO callcoach.schema_version (version) VALUES (99)")
    code, _, err = cli(monkeypatch, capsys, team_db.url, *d, "db", "add-user", "someone", "--agent", "Ana")
    assert code == 1 and "version 99, newer than this callcoach knows" in err
    assert err.count("\n") == 1
