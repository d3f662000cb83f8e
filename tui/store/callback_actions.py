"""What happened to callback commitments after their call: kept, rescheduled, cancelled.

Stored apart from the calls (their logs are closed once filed), in `callbacks/actions.jsonl`: one
JSON object per line, appended with O_APPEND under an exclusive lock and fsynced before the
function returns, so an action the screen reports is on disk. A line torn by a crash is skipped
when read, as is anything domain.commitments.validate_action refuses. File 0600, folder 0700.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui.domain.callback.commitments import validate_action
from tui.store.atomic_storage import utf8_json
from tui.store.datadir import actions_path
from tui.store.fsutil import fsync_dir, make_private_dir, open_locked_for_append, read_nofollow, write_all


def append_action(data_dir: Path, action: dict) -> None:
    """Append one queue action durably. Raises ValueError for a malformed action, OSError on disk trouble."""
    line = json.dumps(validate_action(action), ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    path = actions_path(data_dir)
    make_private_dir(path.parent)
    created = not path.exists()
    fd = open_locked_for_append(path)  # the desk and `callcoach callbacks` may both append
    try:
        if os.fstat(fd).st_size and not _ends_with_newline(fd):
            write_all(fd, b"\n")  # a torn last line stays its own (skipped) line
        write_all(fd, utf8_json(line))
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)


def _ends_with_newline(fd: int) -> bool:
    return os.pread(fd, 1, os.fstat(fd).st_size - 1) == b"\n"


def read_actions(data_dir: Path) -> list[dict]:
    """Every readable action in the order written; a missing file means none."""
    try:
        data = read_nofollow(actions_path(data_dir))
    except FileNotFoundError:
        return []
    actions = []
    for raw in data.splitlines():
        try:
            actions.append(validate_action(json.loads(raw)))
        except (ValueError, UnicodeDecodeError):
            continue
    return actions
