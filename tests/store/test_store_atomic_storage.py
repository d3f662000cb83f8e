"""AtomicJSONStorage: a writer killed between its temp file and os.replace leaves the old data."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB

from tui.store.atomic_storage import AtomicJSONStorage
from tui.store.history import History

from .conftest import call

# The child subclasses the storage at its documented seam and stops there, reporting the temp file.
KILL_BEFORE_REPLACE = """
    import sys, time
    from pathlib import Path
    from tinydb import TinyDB
    from tui.store.atomic_storage import AtomicJSONStorage

    class PausesBeforeReplace(AtomicJSONStorage):
        pause = False
        def _before_replace(self, temp_path):
            if PausesBeforeReplace.pause:
                print("paused", temp_path, flush=True)
                time.sleep(120)

    db = TinyDB(sys.argv[1], storage=PausesBeforeReplace)
    db.insert({"n": 1, "text": "committed"})
    PausesBeforeReplace.pause = True
    db.insert({"n": 2, "text": "never committed"})
"""

# The same through History, pausing the class the history really uses.
KILL_HISTORY_COMMIT = """
    import json, sys, time
    from pathlib import Path
    from tui.store.atomic_storage import AtomicJSONStorage
    from tui.store.history import History

    def pause(self, temp_path):
        print("paused", temp_path, flush=True)
        time.sleep(120)

    history = History(Path(sys.argv[1]))
    AtomicJSONStorage._before_replace = pause
    history.commit(json.loads(sys.argv[2]))
"""


def test_round_trip_in_a_private_file_with_no_temp_left(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"a": 1})
    db.insert({"b": "é"})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]
    assert TinyDB(path, storage=AtomicJSONStorage).all() == [{"a": 1}, {"b": "é"}]


@pytest.mark.parametrize("exists", [False, True], ids=["missing", "zero-bytes"])
def test_a_missing_or_zero_byte_file_is_an_empty_database(tmp_path: Path, exists: bool) -> None:
    path = tmp_path / "db.json"
    if exists:
        path.touch()
    assert AtomicJSONStorage(path).read() is None
    db = TinyDB(path, storage=AtomicJSONStorage)
    assert db.all() == []
    assert path.exists() == exists  # reading never creates the file


def test_read_hands_out_copies_tinydb_may_mutate(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    storage.write({"_default": {"1": {"a": 1}}})
    first = storage.read()
    first["_default"]["1"]["a"] = 99
    first["_default"]["2"] = {"b": 2}
    assert storage.read() == {"_default": {"1": {"a": 1}}}


def test_a_file_replaced_by_another_writer_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    reader = AtomicJSONStorage(path)
    AtomicJSONStorage(path).write({"_default": {"1": {"v": 1}}})
    assert reader.read() == {"_default": {"1": {"v": 1}}}
    AtomicJSONStorage(path).write({"_default": {"1": {"v": 2}, "2": {"v": 3}}})
    assert reader.read() == {"_default": {"1": {"v": 2}, "2": {"v": 3}}}


def test_a_failure_before_replace_keeps_the_old_file_and_memory(tmp_path: Path) -> None:
    class DiskFullAtRename(AtomicJSONStorage):
        def _before_replace(self, temp_path: Path) -> None:
            raise OSError(28, "No space left on device")

    path = tmp_path / "db.json"
    AtomicJSONStorage(path).write({"_default": {"1": {"v": 1}}})
    before = path.read_bytes()
    db = TinyDB(path, storage=DiskFullAtRename)
    with pytest.raises(OSError):
        db.update({"v": 2}, doc_ids=[1])
    assert path.read_bytes() == before
    assert db.storage.read() == {"_default": {"1": {"v": 1}}}  # the in-place update did not leak
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def test_sigkill_between_temp_file_and_replace_leaves_the_old_state(tmp_path: Path, child) -> None:
    path = tmp_path / "db.json"
    writer = child(KILL_BEFORE_REPLACE, str(path))
    temp_path = Path(writer.wait_for("paused"))
    # The new state is complete and durable in the temp file: only the rename is missing.
    assert json.loads(temp_path.read_text())["_default"]["2"] == {"n": 2, "text": "never committed"}
    writer.kill9()

    assert TinyDB(path, storage=AtomicJSONStorage).all() == [{"n": 1, "text": "committed"}]
    assert json.loads(path.read_text()) == {"_default": {"1": {"n": 1, "text": "committed"}}}


def test_sigkill_mid_history_commit_keeps_the_month_and_cleans_the_temp(data_dir: Path, child) -> None:
    first = call("20261105T090000Z-aaaaaa", "2026-11-05T09:00:00+00:00")
    second = call("20261106T090000Z-bbbbbb", "2026-11-06T09:00:00+00:00")
    history = History(data_dir)
    history.commit(first)
    history.close()
    month = data_dir / "history" / "2026-11.json"
    before = month.read_bytes()

    writer = child(KILL_HISTORY_COMMIT, str(data_dir), json.dumps(second))
    temp_path = Path(writer.wait_for("paused"))
    writer.kill9()

    assert month.read_bytes() == before
    assert temp_path.exists()
    reopened = History(data_dir)
    assert [c["id"] for c in reopened.calls()] == [first["id"]]
    assert reopened.quarantined == []
    assert not temp_path.exists()  # the writer's leftover is cleaned when the month is opened
    reopened.commit(second)
    assert [c["id"] for c in History(data_dir).calls()] == [second["id"], first["id"]]
