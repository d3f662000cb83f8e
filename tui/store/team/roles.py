"""Login roles for agents and supervisors: membership in a group role, and for an agent the agent
name its calls carry. What each may then see is decided by the policies in schema_v1.sql."""

from __future__ import annotations

from typing import Any

from tui.store.team.connection import SCHEMA

AGENT_GROUP = "callcoach_agent"
SUPERVISOR_GROUP = "callcoach_supervisor"


def add_user(conn: Any, role: str, *, agent: str | None = None, password: str | None = None) -> bool:
    """Create (True) or update (False) login role `role`: an agent tied to `agent`, or a supervisor
    when `agent` is None. A password is set only when one is given. One transaction."""
    from psycopg import sql  # lazy: psycopg costs about 0.3 s, paid only when a team database is used

    name = sql.Identifier(role)
    with conn.transaction():
        created = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN" if created else "ALTER ROLE {} LOGIN").format(name))
        if password is not None:
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(password)))
        joins, leaves = (AGENT_GROUP, SUPERVISOR_GROUP) if agent is not None else (SUPERVISOR_GROUP, AGENT_GROUP)
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(joins), name))
        conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(leaves), name))
        conn.execute(f"DELETE FROM {SCHEMA}.agent_roles WHERE role = %s", (role,))
        if agent is not None:
            conn.execute(f"INSERT INTO {SCHEMA}.agent_roles (role, agent) VALUES (%s, %s)", (role, agent))
    return created
