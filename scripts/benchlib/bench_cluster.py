"""A throwaway PostgreSQL cluster for a bench figure: started in a directory of its own, the schema
made, the roles added; stopped and removed afterwards with the figure's scratch directory."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoCluster(Exception):
    """No cluster here (no psycopg, no PostgreSQL programs): the rest of the bench's table stands."""


@contextmanager
def team_cluster(label: str, roles: dict[str, str | None]) -> Iterator[tuple[str, Path]]:
    """Yields (a URL whose {} is the role to connect as, a scratch directory). `roles`: role name ->
    the agent it is (None: a supervisor). Raises NoCluster with one sentence naming `label`."""
    try:
        import pgcluster
        import psycopg  # noqa: F401 - the bench's own connections need it too
    except ImportError as missing:
        raise NoCluster(f"{label}: {missing}") from None
    from tui.store.team.connection import connect
    from tui.store.team.migrations import migrate
    from tui.store.team.roles import add_user

    directory = pgcluster.cluster_dir()
    scratch = Path(tempfile.mkdtemp(prefix=f"callcoach-bench-{label}-"))
    try:
        try:
            env = pgcluster.start_cluster(directory)
        except Exception as error:
            raise NoCluster(f"{label}: no PostgreSQL cluster could be started ({type(error).__name__})") from None
        base = f"postgresql://{{}}@/postgres?host={env['CALLCOACH_TEST_PGHOST']}&port={env['CALLCOACH_TEST_PGPORT']}"
        with connect(base.format("postgres"), check_schema=False) as conn:
            migrate(conn)
            for role, agent in roles.items():
                add_user(conn, role, agent=agent)
        yield base, scratch
    finally:
        pgcluster.stop_cluster(directory, "immediate")
        shutil.rmtree(directory, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
