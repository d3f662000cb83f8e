"""Supervisor comments, kept apart from the calls: reviews/comments.jsonl, one comment a line.

Appends are fsynced before they count (the file is 0600, its directory 0700); a torn last line
(a crash mid-append) is skipped on reading. Comments are deduplicated by id, so importing the
same file twice adds nothing. Call from a worker thread: this touches the disk.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from tui.domain.review.comments import validate_comment
from tui.store.atomic_storage import utf8_json
from tui.store.datadir import reviews_path
from tui.store.fsutil import fsync_dir, make_private_dir, open_locked_for_append, read_nofollow, write_all


class ReviewStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = reviews_path(data_dir)
        self._lock = threading.Lock()

    def all(self) -> list[dict]:
        try:
            raw = read_nofollow(self.path)
        except FileNotFoundError:
            return []
        comments: dict[str, dict] = {}
        for line in raw.splitlines():
            try:
                comment = validate_comment(json.loads(line))
            except ValueError:
                continue  # a torn last line or a damaged one: the rest still reads
            comments.setdefault(comment["id"], comment)
        return sorted(comments.values(), key=lambda c: (c["call_id"], c["t"], c["created_at"]))

    def for_call(self, call_id: str) -> list[dict]:
        return [comment for comment in self.all() if comment["call_id"] == call_id]

    def add(self, comments: Iterable[dict]) -> int:
        """Append the comments not already stored; durable when this returns. Returns how many."""
        with self._lock:
            known = {comment["id"] for comment in self.all()}
            fresh = []
            for comment in comments:
                validate_comment(comment)
                if comment["id"] not in known:
                    known.add(comment["id"])
                    fresh.append(comment)
            if not fresh:
                return 0
            make_private_dir(self.path.parent)
            created = not self.path.exists()
            data = utf8_json("".join(json.dumps(c, ensure_ascii=False, allow_nan=False) + "\n" for c in fresh))
            fd = open_locked_for_append(self.path)  # a purge may rewrite the file meanwhile
            try:
                size = os.fstat(fd).st_size
                torn = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
                write_all(fd, (b"\n" if torn else b"") + data)
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                fsync_dir(self.path.parent)
            return len(fresh)
