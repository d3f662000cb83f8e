"""`callcoach import --team FILE`: an export checked and masked exactly as a local import is, then
loaded straight into the team database with COPY, all or nothing (tui/store/team/bulk.py)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.config.settings import Config

Progress = Callable[[int, int], None]
PARALLEL_FROM = 2000  # below this a process pool costs more than it saves


@dataclass(frozen=True)
class TeamImportResult:
    calls: int  # in the file
    stored: int  # new, or completing an interrupted copy
    comments: int


def summaries(records: list[dict]) -> list[dict]:
    """The history browser's row of each call (review flags included): the slow part, so spread
    over the machine's cores for a big file."""
    # Imported here, like the team store below: `callcoach import` loads this module for its
    # local imports too, which need neither the review flags' phrase rules nor psycopg.
    from tui.services.flagging import history_row

    if len(records) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [history_row(record) for record in records]
    from concurrent.futures import ProcessPoolExecutor  # only a big file pays for multiprocessing

    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return list(pool.map(history_row, records, chunksize=500))


def import_to_team(config: Config, path: Path, progress: Progress | None = None) -> TeamImportResult:
    """Raises ImportRefused (nothing stored) or TeamDatabaseError (nothing stored)."""
    # Imported here: a local `callcoach import` needs neither psycopg nor the team store.
    from tui.services.imports import check_file
    from tui.store.team.bulk import copy_calls, copy_comments
    from tui.store.team.connection import connect, guarded

    assert config.team_database is not None
    checked = check_file(path)
    records = [item.record for item in checked.calls]
    rows = summaries(records)
    url = config.team_database
    with connect(url) as conn, guarded(url):
        stored = copy_calls(conn, zip(records, rows), len(records), progress)
        comments = copy_comments(conn, checked.reviews)
    return TeamImportResult(len(records), stored, comments)
