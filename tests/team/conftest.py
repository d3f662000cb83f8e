"""A real PostgreSQL for the team tests: the cluster scripts/test started (CALLCOACH_TEST_PG*), or
one started here for this session when pytest runs alone; a fresh database for each test.

Without PostgreSQL the team tests skip, unless CALLCOACH_REQUIRE_POSTGRES=1 (CI) makes that a
failure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_pgcluster():
    spec = importlib.util.spec_from_file_location("pgcluster", ROOT / "scripts" / "pgcluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Cluster:
    host: str  # the socket directory
    port: int  # also on 127.0.0.1, with scram passwords
    superuser: str
    directory: Path | None  # set when this session started it (it may be stopped and started)

    def url(self, dbname: str = "postgres", user: str | None = None) -> str:
        return f"postgresql://{user or self.superuser}@/{dbname}?host={self.host}&port={self.port}"

    def tcp_url(self, dbname: str, user: str) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"


def _missing(reason: str):
    if os.environ.get("CALLCOACH_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (CALLCOACH_REQUIRE_POSTGRES=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def cluster():
    host = os.environ.get("CALLCOACH_TEST_PGHOST")
    if host:
        yield Cluster(host, int(os.environ["CALLCOACH_TEST_PGPORT"]), os.environ.get("CALLCOACH_TEST_PGUSER", "postgres"), Path(host))
        return
    yield from started_cluster()


def started_cluster(stop_mode: str = "fast"):
    """A cluster started here, yielded, then stopped and removed (skipped without PostgreSQL)."""
    pgcluster = load_pgcluster()
    try:
        pgcluster.bindir()
    except pgcluster.NoPostgres as error:
        _missing(str(error))
    directory = pgcluster.cluster_dir()
    try:
        settings = pgcluster.start_cluster(directory)
        yield Cluster(settings["CALLCOACH_TEST_PGHOST"], int(settings["CALLCOACH_TEST_PGPORT"]), pgcluster.SUPERUSER, directory)
    finally:
        pgcluster.stop_cluster(directory, stop_mode)
        shutil.rmtree(directory, ignore_errors=True)


def admin(cluster: Cluster, dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(cluster.url(dbname), autocommit=True)


@dataclass(frozen=True)
class Database:
    name: str
    url: str  # the superuser's address
    cluster: Cluster

    def url_as(self, role: str) -> str:
        return self.cluster.url(self.name, role)


@pytest.fixture
def team_db(cluster: Cluster):
    """A fresh, empty database; dropped after the test."""
    name = f"cc_{uuid.uuid4().hex[:12]}"
    with admin(cluster) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield Database(name, cluster.url(name), cluster)
    with admin(cluster) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Team:
    """A migrated database with two agents (Ana, Ben) and a supervisor (Sue), each its own role."""

    db: Database
    roles: dict[str, str]

    def url(self, who: str) -> str:
        return self.db.url_as(self.roles[who])


@pytest.fixture
def team(team_db):
    from tui.store.team.connection import connect
    from tui.store.team.migrations import migrate
    from tui.store.team.roles import add_user

    roles = {who: f"{who}_{uuid.uuid4().hex[:8]}" for who in ("ana", "ben", "sue")}
    with connect(team_db.url, check_schema=False) as conn:
        migrate(conn)
        add_user(conn, roles["ana"], agent="Ana")
        add_user(conn, roles["ben"], agent="Ben")
        add_user(conn, roles["sue"])
    return Team(team_db, roles)


@pytest.fixture
def own_cluster():
    """A cluster of this test's own, which it may stop and start (the database going away)."""
    yield from started_cluster("immediate")


def own_team(cluster: Cluster) -> Team:
    """A Team on a given cluster (its `postgres` database)."""
    from tui.store.team.connection import connect
    from tui.store.team.migrations import migrate
    from tui.store.team.roles import add_user

    roles = {who: f"{who}_{uuid.uuid4().hex[:8]}" for who in ("ana", "ben", "sue")}
    with connect(cluster.url(), check_schema=False) as conn:
        migrate(conn)
        add_user(conn, roles["ana"], agent="Ana")
        add_user(conn, roles["ben"], agent="Ben")
        add_user(conn, roles["sue"])
    return Team(Database("postgres", cluster.url(), cluster), roles)
