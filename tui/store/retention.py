"""Removing calls for good (purge past retention, erase one caller): the file work.

`plan` finds what goes without changing anything (so --dry-run and the confirmation prompt show
the truth); `carry_out` removes it. The calls' invites, callback actions, comments and cut-short
journals go first and the calls last: killed half way, a second run finds the same calls again
and finishes the job. Each month is rewritten in one atomic write; the jsonl files are rewritten
whole (temp file, fsync, rename) under their append lock. The derived index of every month
touched is deleted, so the history browser rebuilds it. Call with the desk lock held.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.domain.review.retention import Removal, started_utc
from tui.store.datadir import actions_path, index_dir, journal_dir, outbox_dir, quarantine_dir, reviews_path
from tui.store.fsutil import atomic_write, chmod_nofollow, fsync_dir, open_nofollow, read_nofollow
from tui.store.history import History, partition_key, partition_of_call_id
from tui.store.journal import JOURNAL_SUFFIX, pending_journals, read_journal, remove_journal
from tui.store.outbox import invite_files

Matcher = Callable[[dict | list[dict]], bool]  # a call record, or a cut-short call's journal events


@dataclass
class Removed:
    calls: int = 0
    journals: int = 0
    invites: int = 0
    actions: int = 0
    comments: int = 0
    quarantined: int = 0


def plan(data_dir: Path, matches: Matcher, *, read_only: bool = True, in_text: Callable[[str], bool] | None = None) -> Removal:
    """Every filed call and cut-short journal `matches` picks, with what goes along with them.

    `in_text` (an erase): damaged files set aside in quarantine/ are searched as text too, since
    they cannot be read as calls; one that holds the caller goes whole."""
    removal = Removal()
    if in_text is not None:
        removal.quarantined = [path.name for path in _quarantined(data_dir) if in_text(read_nofollow(path).decode("utf-8", "replace"))]
    history = History(data_dir, read_only=read_only)
    try:
        for record in history.calls():
            if matches(record):
                started = started_utc(record)
                month = partition_key(started) if started is not None else partition_of_call_id(str(record.get("id", "")))
                if month is not None:
                    removal.add_call(month, record)
    finally:
        history.close()
    for path in pending_journals(journal_dir(data_dir)):
        events = read_journal(path)[0]
        if events and matches(events):
            removal.add_journal(path.stem, events)
    return removal


def _quarantined(data_dir: Path) -> list[Path]:
    folder = quarantine_dir(data_dir)
    return sorted(path for path in folder.iterdir() if path.is_file() and not path.is_symlink()) if folder.is_dir() else []


def invites_of(data_dir: Path, removal: Removal) -> list[Path]:
    return sorted(path for uid in removal.uids for path in invite_files(data_dir, uid))


def carry_out(data_dir: Path, removal: Removal) -> Removed:
    done = Removed()
    for path in invites_of(data_dir, removal):
        path.unlink(missing_ok=True)
        done.invites += 1
    if done.invites:
        fsync_dir(outbox_dir(data_dir))
    done.actions = drop_lines(actions_path(data_dir), lambda action: action.get("uid") in removal.uids)
    done.comments = drop_lines(reviews_path(data_dir), lambda comment: comment.get("call_id") in removal.call_ids)
    for call_id in removal.journals:
        remove_journal(journal_dir(data_dir) / f"{call_id}{JOURNAL_SUFFIX}")
        done.journals += 1
    for name in removal.quarantined:
        (quarantine_dir(data_dir) / name).unlink(missing_ok=True)
        done.quarantined += 1
    if done.quarantined:
        fsync_dir(quarantine_dir(data_dir))
    history = History(data_dir)
    try:
        for month, call_ids in sorted(removal.calls.items()):
            done.calls += history.remove(month, call_ids)
            (index_dir(data_dir) / f"{month}.json").unlink(missing_ok=True)  # rebuilt when next read
    finally:
        history.close()
    return done


def drop_lines(path: Path, drop: Callable[[dict], bool]) -> int:
    """Rewrite a jsonl file without the lines `drop` picks; other lines (torn ones too) are kept
    byte for byte. Holds the file's flock, as appenders do. Returns how many lines went."""
    try:
        fd = open_nofollow(path, os.O_RDWR)
    except FileNotFoundError:
        return 0
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        raw = read_nofollow(path)
        kept, dropped = [], 0
        for line in raw.splitlines(keepends=True):
            if _parses_and_matches(line, drop):
                dropped += 1
            else:
                kept.append(line)
        if dropped:
            atomic_write(path, b"".join(kept))
            chmod_nofollow(path)
        return dropped
    finally:
        os.close(fd)


def _parses_and_matches(line: bytes, drop: Callable[[dict], bool]) -> bool:
    try:
        item = json.loads(line)
    except ValueError:
        return False
    return isinstance(item, dict) and drop(item)
