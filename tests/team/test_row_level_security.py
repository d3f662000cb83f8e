"""Row-level security, enforced by PostgreSQL: each role connects as itself and sees what its
policies allow, whatever SQL it sends (DESIGN.md "Team database", issue 16 item 2)."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.team.helpers import insert_call, unique_role
from tui.store.team.connection import connect
from tui.store.team.migrations import migrate
from tui.store.team.roles import add_user


@pytest.fixture
def roles(team_db):
    with connect(team_db.url, check_schema=False) as conn:
        migrate(conn)
        names = {"ana": unique_role("ana"), "ben": unique_role("ben"), "sue": unique_role("sue"), "eve": unique_role("eve")}
        add_user(conn, names["ana"], agent="Ana")
        add_user(conn, names["ben"], agent="Ben")
        add_user(conn, names["sue"])  # a supervisor
        conn.execute(psycopg.sql.SQL("CREATE ROLE {} LOGIN").format(psycopg.sql.Identifier(names["eve"])))
        conn.execute(psycopg.sql.SQL("GRANT USAGE ON SCHEMA callcoach TO {}").format(psycopg.sql.Identifier(names["eve"])))
        conn.execute(psycopg.sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA callcoach TO {}").format(psycopg.sql.Identifier(names["eve"])))
        conn.commit()
    insert_call(team_db.url, "ana-1", "Ana")
    insert_call(team_db.url, "ben-1", "Ben")
    with psycopg.connect(team_db.url) as conn:
        for call_id, agent in (("ana-1", "Ana"), ("ben-1", "Ben")):
            conn.execute(
                "INSERT INTO callcoach.comments (id, call_id, agent, comment) VALUES (%s, %s, %s, '{}')", (f"c-{call_id}", call_id, agent)
            )
    return names


def as_role(team_db, role):
    return psycopg.connect(team_db.url_as(role), autocommit=True)


def ids(conn, table: str) -> set[str]:
    column = "id"
    return {row[0] for row in conn.execute(f"SELECT {column} FROM callcoach.{table}")}


def test_an_agent_reads_only_its_own_calls_and_comments(team_db, roles):
    with as_role(team_db, roles["ana"]) as conn:
        assert ids(conn, "calls") == {"ana-1"}
        assert ids(conn, "comments") == {"c-ana-1"}
        # Not even by asking for the other agent's call by id.
        assert conn.execute("SELECT count(*) FROM callcoach.calls WHERE agent = 'Ben'").fetchone()[0] == 0


def test_an_agent_writes_only_as_itself(team_db, roles):
    with as_role(team_db, roles["ana"]) as conn:
        conn.execute("SELECT callcoach.ensure_month('2026-12-02T09:00:00Z')")  # a new month, by the definer's function
        conn.execute(
            "INSERT INTO callcoach.calls (id, started_at, agent, status, record) VALUES ('ana-2', '2026-12-02T09:00:00Z', 'Ana', 'completed', '{}')"
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO callcoach.calls (id, started_at, agent, status, record) VALUES ('x', '2026-11-20T10:00:00Z', 'Ben', 'completed', '{}')"
            )
        # Updating Ben's call touches nothing: the row is invisible.
        assert conn.execute("UPDATE callcoach.calls SET outcome = 'forged' WHERE id = 'ben-1'").rowcount == 0
        # Nor may a call be moved to another agent.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE callcoach.calls SET agent = 'Ben' WHERE id = 'ana-1'")
        # The partitions themselves are out of reach; only the policies' view of the parent.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM callcoach.calls_2026_11")
    with as_role(team_db, roles["ben"]) as conn:
        assert ids(conn, "calls") == {"ben-1"}


def test_a_supervisor_reads_everything_and_writes_comments_not_calls(team_db, roles):
    with as_role(team_db, roles["sue"]) as conn:
        assert ids(conn, "calls") == {"ana-1", "ben-1"}
        assert ids(conn, "comments") == {"c-ana-1", "c-ben-1"}
        conn.execute(
            "INSERT INTO callcoach.comments (id, call_id, agent, comment) VALUES ('c-2', 'ben-1', 'Ben', %s)",
            (json.dumps({"text": "good"}),),
        )
        conn.execute(
            "INSERT INTO callcoach.callback_actions (id, uid, agent, type, at, action) VALUES ('a-1', 'u-1', 'Ben', 'callback_kept', now(), '{}')"
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO callcoach.calls (id, started_at, agent, status, record) VALUES ('s', '2026-11-20T10:00:00Z', 'Ben', 'completed', '{}')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE callcoach.calls SET outcome = 'x'")
    with as_role(team_db, roles["ben"]) as conn:
        assert ids(conn, "comments") == {"c-ben-1", "c-2"}
        assert ids(conn, "callback_actions") == {"a-1"}


def test_a_role_that_is_neither_sees_nothing(team_db, roles):
    with as_role(team_db, roles["eve"]) as conn:
        for table in ("calls", "comments", "callback_actions"):
            assert ids(conn, table) == set()
        assert conn.execute("SELECT count(*) FROM callcoach.live_state").fetchone()[0] == 0
