"""Each call of an import checked and masked (and, for the team database, made into its COPY row)
over the machine's cores, then settled in file order (tui.domain.review.import_check).

Worker processes are forked after the document is parsed, so they read its calls from memory
instead of receiving them pickled; each returns what the parent needs and no more: a masked record
for the local store, or for the team database the row's values (the record and its history row
already as JSON) and its promises. A bad call comes back as its RecordError, so the first problem
in the file is the one named, as when one process checks them all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from tui.domain.call.record import masked_call
from tui.domain.call.schema import CheckedCall, RecordError
from tui.domain.review.import_check import check_call_at, settle_calls

PARALLEL_FROM = 2000  # below this, starting processes costs more than it saves
CHUNK = 1000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TeamCall:
    """A call made ready for COPY into the team database."""

    call_id: str
    uids: frozenset[str]
    line: str  # CALL_COLUMNS' values as a line of COPY text (tui.store.team.bulk.copy_line)
    promises: list[tuple]  # (uid, call_id, agent, started_at, window_start, window_end, event json)


_calls: list = []  # the parsed document's calls, read by the forked workers


def local_call(index: int) -> CheckedCall | RecordError:
    """Checked and masked as the desk masks what is typed (issue 15)."""
    item = check_call_at(_calls[index], index)
    return item if isinstance(item, RecordError) else replace(item, record=masked_call(item.record))


def team_call(index: int) -> TeamCall | RecordError:
    """Checked, masked, its history row made (the review's flags: the slow part), and the COPY row."""
    # Here: only `import --team` needs the review flags and the team store (psycopg); a local
    # import's worker processes never load them.
    from tui.services.flagging import history_row
    from tui.store.team.bulk import copy_line
    from tui.store.team.exchange import CALL_COLUMNS, call_columns, promise_rows

    item = local_call(index)
    if isinstance(item, RecordError):
        return item
    columns = call_columns(item.record, history_row(item.record, checked=True))
    line = copy_line([columns[name] for name in CALL_COLUMNS])
    return TeamCall(item.call_id, item.uids, line, promise_rows(item.record, columns))


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _worker_start(parent: int) -> None:
    """A worker leaves Ctrl+C to the import (which stops it) and dies with it: killed, the import
    leaves no worker behind to write into its closed pipe, and a traceback onto the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # killed before that was asked
        os._exit(1)


def _chunk(task: tuple[Callable, int, int]) -> list:
    prepare, start, stop = task
    return [prepare(index) for index in range(start, stop)]


def prepared(calls: list, prepare: Callable[[int], object], progress: Progress | None = None) -> Iterator:
    """prepare(index) for every call, in file order, over the cores when there are many."""
    global _calls
    _calls = calls
    try:
        cores = usable_cores()
        tasks = [(prepare, start, min(start + CHUNK, len(calls))) for start in range(0, len(calls), CHUNK)]
        if len(calls) < PARALLEL_FROM or cores < 2:
            results: Iterator[list] = map(_chunk, tasks)
            pool = None
        else:
            # The parsed document moves to a generation the collector never walks: a worker's
            # collections would otherwise touch every object and copy each page the fork shares.
            gc.freeze()
            pool = multiprocessing.get_context("fork").Pool(cores, initializer=_worker_start, initargs=(os.getpid(),))
            results = pool.imap(_chunk, tasks)
        try:
            done = 0
            for chunk in results:
                yield from chunk
                done += len(chunk)
                if progress is not None:
                    progress(done, len(calls))
        finally:
            if pool is not None:
                pool.terminate()
                gc.unfreeze()
    finally:
        _calls = []


def settled(calls: list, prepare: Callable[[int], object], progress: Progress | None = None) -> list:
    """Every call prepared and the document's rules across calls applied; raises ImportRefused."""
    return settle_calls(calls, prepared(calls, prepare, progress))
