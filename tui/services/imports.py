"""`callcoach import FILE`: calls exported on another machine, checked whole before any is stored.

Two steps. `check_file` reads the file (a regular file, at most MAX_FILE_BYTES: a FIFO or
/dev/zero is refused at once), parses it strictly (no NaN or Infinity, bounded numbers, no
repeated keys, bounded nesting) and checks every call into values (tui.domain.review.import_check),
then masks every string as the desk masks what is typed. It takes no lock and touches no data.
`store_checked` then finds collisions with what is here, under the desk lock, and only when there
are none stores the calls: an imported call id, journal id, invite UID or comment id that belongs
to other local data is refused with the id named, so it never replaces, hides or deletes it.

Idempotent by call id: a call already here with the same content is left as it is, so importing
the same file twice changes nothing; a call cut short elsewhere that arrives again completed
replaces its interrupted copy when its log carries that copy's log on.
"""

from __future__ import annotations

import gc
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeVar

import tui.domain.call.events as ev
from tui.domain.call.record import COMPLETED, INTERRUPTED, masked_comment
from tui.domain.call.schema import CheckedCall
from tui.domain.review.import_check import ImportRefused, checked_reviews, document_parts
from tui.store.datadir import journal_dir
from tui.store.history import History, _started_utc, partition_key
from tui.store.history_import import commit_all, existing_by_month
from tui.store.journal import JOURNAL_SUFFIX
from tui.store.reviews import ReviewStore

MAX_FILE_BYTES = 256 * 1024 * 1024
Progress = Callable[[int, int], None]
MAX_NUMBER_CHARS = 32  # "1234.5" fits; a 400-digit number does not
T = TypeVar("T")


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0
    replaced: int = 0  # interrupted copies that arrived completed
    comments: int = 0


@dataclass(frozen=True)
class CheckedImport:
    calls: list[CheckedCall]
    reviews: list[dict]


# -- reading and checking (no lock, nothing written) -------------------------------------------------


def read_document(path: Path) -> object:
    """The file's JSON, read as a regular file of bounded size and parsed strictly."""
    raw = _read_regular_file(Path(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(f"{path} is not UTF-8 text") from None
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects, none garbage: collecting them as they come cost half the parse
    try:
        return json.loads(
            text, parse_constant=_no_constant, parse_int=_bounded(int), parse_float=_bounded(float), object_pairs_hook=_no_repeats
        )
    except json.JSONDecodeError as error:
        raise ImportRefused(f"{path} is not valid JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise ImportRefused(f"{path} nests lists or objects too deeply to be a callcoach export") from None
    finally:
        if collecting:
            gc.enable()


def _read_regular_file(path: Path) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise ImportRefused(f"cannot read {path} ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ImportRefused(f"{path} is not a regular file (a pipe, device or folder cannot be imported)")
        if info.st_size > MAX_FILE_BYTES:
            raise ImportRefused(
                f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; export fewer calls at a time (--since, --until)"
            )
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, 1024 * 1024)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise ImportRefused(f"{path} grew past {MAX_FILE_BYTES // (1024 * 1024)} MB while it was read")
        return b"".join(chunks)
    except OSError as error:
        raise ImportRefused(f"cannot read {path} ({error.strerror})") from None
    finally:
        os.close(fd)


def _no_constant(name: str) -> NoReturn:
    raise ImportRefused(f"the file holds {name}, which is not a number JSON allows")


def _bounded(kind: Callable[[str], T]) -> Callable[[str], T]:
    def parse(text: str) -> T:
        if len(text) > MAX_NUMBER_CHARS:
            raise ImportRefused(f"the file holds a number of {len(text)} characters; callcoach writes at most {MAX_NUMBER_CHARS}")
        return kind(text)

    return parse


def _no_repeats(pairs: list[tuple[str, object]]) -> dict:
    document = dict(pairs)
    if len(document) != len(pairs):
        keys = [key for key, _value in pairs]
        repeated = next(key for key in keys if keys.count(key) > 1)
        raise ImportRefused(f"the file holds an object with the key {repeated!r} twice")
    return document


def check_file(path: Path, progress: Progress | None = None) -> CheckedImport:
    """Everything in the file checked and masked (over the machine's cores for a big file), or
    ImportRefused naming the first problem."""
    from tui.services.import_calls import local_call, settled  # here: multiprocessing only when a file is checked

    calls, reviews = document_parts(read_document(path))
    # Another machine's calls are masked like ours before they are stored (issue 15, class 1).
    masked = settled(calls, local_call, progress)
    return CheckedImport(masked, [masked_comment(comment) for comment in checked_reviews(reviews)])


# -- storing (under the desk lock) ------------------------------------------------------------------


def store_checked(checked: CheckedImport, data_dir: Path, progress: Progress | None = None) -> ImportResult:
    """Refuse collisions with local data, then store every call at once (all or nothing; `progress`
    is told (calls stored, of how many) month by month). Raises ImportRefused (nothing changed) or OSError."""
    history = History(data_dir)
    try:
        cut_short = {path.name.removesuffix(JOURNAL_SUFFIX) for path in journal_dir(data_dir).glob(f"*{JOURNAL_SUFFIX}")}
        here = existing_by_month(data_dir, [item.record for item in checked.calls])  # each month read once
        result, fresh = ImportResult(), []
        for index, item in enumerate(checked.calls):
            call_id = item.record["id"]
            where = f"calls[{index}].id {call_id}"
            if call_id in cut_short:
                raise ImportRefused(f"{where} is a call cut short on this machine (journal/{call_id}{JOURNAL_SUFFIX}); file it first")
            existing = here[partition_key(_started_utc(item.record))].get(call_id)
            if existing == item.record:
                result.already += 1
            elif existing is None or _continues(existing, item.record):
                fresh.append(item)
            else:
                raise ImportRefused(f"{where} is already here with different content; the call here stays as it is")
        _refuse_taken_uids(history, fresh)
        reviews = ReviewStore(data_dir)
        _refuse_taken_comment_ids(reviews.all(), checked.reviews)
        for item in fresh:
            replacing = here[partition_key(_started_utc(item.record))].get(item.record["id"]) is not None
            result.replaced += replacing
            result.added += not replacing
        commit_all(data_dir, [item.record for item in fresh], progress)  # all or nothing
        result.comments = reviews.add(checked.reviews)
        return result
    finally:
        history.close()


def _continues(existing: dict, imported: dict) -> bool:
    """An interrupted copy here, and the same call completed: its log carries that log on."""
    here, there = existing.get("events") or [], imported["events"]
    carried = [event for event in there[: len(here)] if not event.get("draft")]
    return (
        existing.get("status") == INTERRUPTED
        and imported["status"] == COMPLETED
        and carried == [event for event in here if not event.get("draft")]
    )


def _refuse_taken_uids(history: History, fresh: list[CheckedCall]) -> None:
    """An invite UID of a call here may not arrive in another call: the queue would show the wrong
    promise and erasing one caller would delete the other's invites."""
    wanted = {uid: item.record["id"] for item in fresh for uid in item.uids}
    if not wanted:
        return
    for record in history.calls():
        for event in record.get("events") or ():
            uid = event.get("uid") if isinstance(event, dict) and event.get("type") == ev.CALLBACK else None
            if uid in wanted and wanted[uid] != record.get("id"):
                raise ImportRefused(f"call {wanted[uid]} uses the invite UID {uid}, which belongs to call {record.get('id')} here")


def _refuse_taken_comment_ids(here: list[dict], imported: list[dict]) -> None:
    known = {comment["id"]: comment for comment in here}
    for index, comment in enumerate(imported):
        if comment["id"] in known and known[comment["id"]] != comment:
            raise ImportRefused(f"reviews[{index}].id {comment['id']} is already here with different content")


def import_file(path: Path, data_dir: Path) -> ImportResult:
    """Check, then store (the caller holds the desk lock). Raises ImportRefused or OSError."""
    return store_checked(check_file(path), data_dir)
