"""`callcoach import --team FILE`: an export checked and masked exactly as a local import is, then
loaded straight into the team database with COPY, all or nothing (tui/store/team/bulk.py)."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    the name of the phase after checking ("Loading"), `progress` how far it got. The calls are
    loaded as they are checked (COPY in this process while the workers check the next ones), so a
    problem found late in the file undoes the load: nothing is stored, as before."""
    # Imported here: a local `callcoach import` needs neither psycopg nor the team store.
    from tui.domain.call.record import masked_comment
    from tui.domain.review.import_check import checked_reviews, document_parts, settling
    from tui.services.import_calls import prepared, team_call
    from tui.services.imports import read_document
    from tui.store.team.bulk import copy_calls, copy_comments
    from tui.store.team.connection import connect, guarded

    assert config.team_database is not None
    calls, reviews = document_parts(read_document(path))
    comments: list[dict] = []

    def rows() -> Iterator[tuple[str, str, list[tuple]]]:
        with ctrl_c_between_rows() as pressed:
            for call in settling(calls, prepared(calls, team_call, progress)):
                if pressed():
                    raise KeyboardInterrupt  # here, between rows: COPY is ended cleanly and nothing stored
                yield call.call_id, call.line, call.promises
        comments.extend(masked_comment(comment) for comment in checked_reviews(reviews))  # then the comments, as before
        if stage is not None:
            stage("Loading")

    url = config.team_database
    with connect(url, up_to_date=True) as conn, guarded(url):  # older: its functions are not there yet
        read, stored = copy_calls(conn, file_ids(calls), rows(), progress)
        added = copy_comments(conn, comments)
    return TeamImportResult(read, stored, added)


@contextmanager
def ctrl_c_between_rows() -> Iterator[Callable[[], bool]]:
    """Ctrl+C while the calls are being loaded, taken between two rows (and by the workers forked
    meanwhile, who are stopped by this process) instead of inside the driver's wait, which left the
    connection mid-COPY and printed the rollbacks it could not do. Raised on leaving, if pressed."""
    pressed: list[int] = []
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield lambda: False
        return
    signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield lambda: bool(pressed)
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt


def file_ids(calls: list) -> list[str]:
    """The call ids in the file that have a call id's shape, before the calls are checked: the
    months to make and the ids to look up (a call with another id is refused when it is checked)."""
    from tui.domain.call.schema import CALL_ID

    shape = re.compile(CALL_ID)
    return [call_id for call in calls if isinstance(call, dict) and isinstance(call_id := call.get("id"), str) and shape.fullmatch(call_id)]


def index_notes(config: Config, progress: Progress | None = None) -> int:
    """After a load: the notes' search index of each month that has none (the new ones), a month at
    a time, on as many connections as there are cores (at most two: each build is one backend's
    work); returns how many were built. Stopped half way, the rest is built by the next import or
    `callcoach db init`; the history finds the same calls meanwhile, by reading those months."""
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
