"""`callcoach import FILE`: calls exported on another machine, checked whole before any is stored.

Idempotent by call id: a call already in the history is left as it is (ours is the record of that
call), so importing the same file twice changes nothing. Comments are deduplicated by their id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui.domain.call.record import masked_call, masked_comment
from tui.domain.review.import_check import ImportRefused, check_document


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0
    differing: int = 0  # same id, different content: the local copy was kept
    comments: int = 0


def read_document(path: Path) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ImportRefused(f"cannot read {path} ({error.strerror})") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportRefused(f"{path} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ImportRefused(f"{path} is not valid JSON (line {error.lineno}, column {error.colno})") from None


def import_file(path: Path, data_dir: Path) -> ImportResult:
    """Check everything, then store. Raises ImportRefused (nothing changed) or OSError."""
    from tui.store.history import History
    from tui.store.reviews import ReviewStore

    calls, reviews = check_document(read_document(path))
    # Another machine's calls are masked like ours before they are stored (issue 7, row 11).
    calls = [masked_call(call) for call in calls]
    reviews = [masked_comment(comment) for comment in reviews]
    history = History(data_dir)
    try:
        result = ImportResult()
        fresh = []
        seen = set()
        for call in calls:
            if call["id"] in seen:
                continue
            seen.add(call["id"])
            existing = history.get(call["id"])
            if existing is None:
                fresh.append(call)
            elif existing == call:
                result.already += 1
            else:
                result.differing += 1
        for call in fresh:
            history.commit(call)
            result.added += 1
        result.comments = ReviewStore(data_dir).add(reviews)
        return result
    finally:
        history.close()
