"""The throwaway cluster itself: a real server, reached over its socket, stopped and started again."""

from __future__ import annotations

import psycopg
import pytest

from tests.team.conftest import load_pgcluster


def test_a_fresh_database_is_a_real_postgresql(team_db):
    with psycopg.connect(team_db.url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        assert int(version) >= 130000
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0


def test_password_logins_go_over_tcp_with_scram(cluster, team_db):
    with psycopg.connect(team_db.url, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS cc_pw_probe")
        conn.execute("CREATE ROLE cc_pw_probe LOGIN PASSWORD 'right horse'")
    with psycopg.connect(cluster.tcp_url(team_db.name, "cc_pw_probe"), password="right horse") as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == "cc_pw_probe"
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(cluster.tcp_url(team_db.name, "cc_pw_probe"), password="wrong")


def test_the_binaries_are_found():
    assert (load_pgcluster().bindir() / "initdb").exists()
