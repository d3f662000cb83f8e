"""`callcoach import --team FILE`: an export checked and masked exactly as a local import is, then
loaded straight into the team database with COPY, all or nothing (tui/store/team/bulk.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.config.settings import Config

Progress = Callable[[int, int], None]
Stage = Callable[[str], None]


@dataclass(frozen=True)
class TeamImportResult:
    calls: int  # in the file
    stored: int  # new, or completing an interrupted copy
    comments: int


def import_to_team(config: Config, path: Path, progress: Progress | None = None, stage: Stage | None = None) -> TeamImportResult:
    """Raises ImportRefused (nothing stored) or TeamDatabaseError (nothing stored). `stage` is told
    the name of the phase after checking ("Loading"), `progress` how far it got."""
    # Imported here: a local `callcoach import` needs neither psycopg nor the team store.
    from tui.domain.call.record import masked_comment
    from tui.domain.review.import_check import checked_reviews, document_parts
    from tui.services.import_calls import settled, team_call
    from tui.services.imports import read_document
    from tui.store.team.bulk import copy_calls, copy_comments
    from tui.store.team.connection import connect, guarded

    assert config.team_database is not None
    calls, reviews = document_parts(read_document(path))
    ready = settled(calls, team_call, progress)
    comments = [masked_comment(comment) for comment in checked_reviews(reviews)]
    del calls  # the parsed document: its calls are rows now
    if stage is not None:
        stage("Loading")
    url = config.team_database
    with connect(url, up_to_date=True) as conn, guarded(url):  # older: its functions are not there yet
        stored = copy_calls(
            conn, [(call.call_id, call.line) for call in ready], [promise for call in ready for promise in call.promises], progress
        )
        added = copy_comments(conn, comments)
    return TeamImportResult(len(ready), stored, added)


def index_notes(config: Config, progress: Progress | None = None) -> int:
    """After a load: the notes' search index of each month that has none (the new ones), a month at
    a time, on as many connections as there are cores (at most two: each build is one backend's
    work); returns how many were built. Stopped half way, the rest is built by the next import or
    `callcoach db init`; the history finds the same calls meanwhile, by reading those months."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from tui.services.import_calls import usable_cores
    from tui.store.team.connection import connect, guarded
    from tui.store.team.search_index import index_month, unindexed_months

    assert config.team_database is not None
    url = config.team_database
    with connect(url, up_to_date=True) as conn, guarded(url):  # older: its functions are not there yet
        months = unindexed_months(conn)
    waiting = iter(months)  # newest first: the history reads those first
    taken, stopping = threading.Lock(), threading.Event()
    done: list[bool] = []

    def build() -> None:
        with connect(url) as conn, guarded(url):
            while True:
                with taken:
                    month = None if stopping.is_set() else next(waiting, None)
                    if month is None:
                        return
                    if progress is not None:
                        progress(len(done), len(months))
                built = index_month(conn, month)
                with taken:
                    done.append(built)

    if months:
        connections = min(2, usable_cores(), len(months))
        with ThreadPoolExecutor(connections) as builders:
            try:
                for builder in [builders.submit(build) for _ in range(connections)]:
                    builder.result()  # a build's failure, said as one sentence
            except BaseException:  # Ctrl+C, or the other build failed: no month after the ones under way
                stopping.set()
                raise
        if progress is not None:
            progress(len(months), len(months))
    return sum(done)
