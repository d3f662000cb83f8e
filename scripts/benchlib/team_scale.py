"""A team's database at scale for the bench: calls loaded by `import --team` copied inside
PostgreSQL until the database holds the number asked for (a million calls are ten files of the
import's largest size; loading them all through the import would take the bench half an hour and
measure the import ten times). Each copy is another call: its own id (the copy's number after the
id's time, so the id still begins with its month), its agent moved along the team, the record and
its history row saying the same.
"""

from __future__ import annotations

from typing import Any

COPY_SQL = """
INSERT INTO callcoach.calls (id, started_at, agent, caller, status, playbook, outcome, category, seconds, flags, notes, summary, record)
SELECT new.id, c.started_at, new.agent, c.caller, c.status, c.playbook, c.outcome, c.category, c.seconds, c.flags,
       replace(c.notes, lower(c.agent), lower(new.agent)),
       c.summary || jsonb_build_object('id', new.id, 'agent', new.agent),
       jsonb_set(c.record || jsonb_build_object('id', new.id, 'agent', new.agent), '{events,0}',
                 c.record->'events'->0 || jsonb_build_object('call_id', new.id, 'agent', new.agent))
FROM (SELECT * FROM callcoach.calls WHERE id !~ '^.{17}c') c,
     LATERAL (SELECT left(c.id, 17) || 'c' || %(copy)s || '-' || substr(c.id, 18) AS id,
                     'Agent ' || lpad(((substr(c.agent, 7)::int + %(copy)s * 37) %% %(agents)s)::text, 3, '0') AS agent) new
LIMIT %(wanted)s
"""


def grow(conn: Any, total: int, agents: int) -> int:
    """Copies of the calls loaded (never copies of copies) until there are `total`; returns how many
    calls the database then holds. `conn` is the schema owner's (row-level security stands aside)."""
    have = conn.execute("SELECT count(*) FROM callcoach.calls").fetchone()[0]
    copy = 0
    while have < total:
        copy += 1
        with conn.transaction():
            added = conn.execute(COPY_SQL, {"copy": copy, "agents": agents, "wanted": total - have}).rowcount
        if added <= 0:
            break
        have += added
    conn.execute("VACUUM ANALYZE callcoach.calls")
    return int(have)
