"""The callback queue with a team database: the commitments this role may see in PostgreSQL beside
this machine's (an agent's own from every machine, a supervisor's every agent's), the actions taken
on them, and whose each one is, so that marking, rescheduling or cancelling a colleague's
commitment travels as an action on that agent's commitment (pushed through the outbox, brought to
the agent's machine by the agent's next pull). The database not answering leaves the queue as this
machine holds it.
"""

from __future__ import annotations

from tui.config.settings import Config
from tui.store.team.connection import TeamDatabaseError

OWNERS: dict[str, str] = {}  # invite uid -> agent, from the last read of the team database


def team_commitments(config: Config) -> tuple[list[dict], list[dict]] | None:
    """(call records holding only their promises, every action) as this role may see them; None
    when the database cannot be read now. Blocking: the queue reads it in a worker thread."""
    try:
        records, actions, owners = read_commitments(config)
    except TeamDatabaseError:
        return None
    OWNERS.update(owners)
    return records, actions


def read_commitments(config: Config) -> tuple[list[dict], list[dict], dict[str, str]]:
    """(call records holding only their promises, every action, invite uid -> agent) as this role
    may see them. Raises TeamDatabaseError. Blocking."""
    from tui.store.team.reads import TeamReader  # psycopg: only when a queue is opened with a database

    assert config.team_database is not None
    reader = TeamReader(config.team_database)
    try:
        promises = reader.commitments()
        actions = reader.actions()
    finally:
        reader.close()
    records: dict[str, dict] = {}
    owners: dict[str, str] = {}
    for call_id, agent, event in promises:
        records.setdefault(call_id, {"id": call_id, "events": []})["events"].append(event)
        if isinstance(event.get("uid"), str):
            owners[event["uid"]] = agent
    return list(records.values()), actions, owners
