"""The history browser's month index: derived, rebuilt when its month changes, reused row by row."""

from __future__ import annotations

import json
import os

from tests.review.calls import ended, note, record, step
from tui.services.flagging import history_row
from tui.store.call_index import CallIndex, index_dir
from tui.store.history import History


def call(n: int, day: int = 23) -> dict:
    return record(
        step(0, "listen"),
        note(5, f"parcel {n}"),
        step(60, "apologize"),
        step(80, "resolve"),
        step(200, "thank"),
        ended(260),
        call_id=f"202611{day:02d}T14{n:04d}Z-x",
        started_at=f"2026-11-{day:02d}T14:00:00+00:00",
    )


def test_index_is_built_once_reused_and_rebuilt_incrementally(data_dir):
    history = History(data_dir)
    for n in range(3):
        history.commit(call(n))
    first = CallIndex(data_dir, history_row)
    assert first.months() == ["2026-11"]
    rows = first.rows("2026-11")
    assert len(rows) == 3 and first.summarised == 3 and "parcel 1" in rows[1]["search"] + rows[0]["search"] + rows[2]["search"]
    path = index_dir(data_dir) / "2026-11.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = CallIndex(data_dir, history_row)
    assert again.rows("2026-11") == rows and again.summarised == 0 and again.rebuilt == []
    history.commit(call(9))
    third = CallIndex(data_dir, history_row)
    assert len(third.rows("2026-11")) == 4 and third.summarised == 1


def test_a_damaged_index_is_rebuilt_and_a_deleted_one_too(data_dir):
    history = History(data_dir)
    history.commit(call(1))
    CallIndex(data_dir, history_row).rows("2026-11")
    path = index_dir(data_dir) / "2026-11.json"
    path.write_text("{not json", encoding="utf-8")
    assert len(CallIndex(data_dir, history_row).rows("2026-11")) == 1
    assert json.loads(path.read_text(encoding="utf-8"))["rows"][0]["id"] == call(1)["id"]
    os.unlink(path)
    assert len(CallIndex(data_dir, history_row).rows("2026-11")) == 1


def test_calls_filed_since_join_the_rows_at_once_and_the_index_is_written_after(data_dir):
    history = History(data_dir)
    for n in range(12):  # past the inline size: the month's next filings are appended lines
        history.commit(call(n))
    CallIndex(data_dir, history_row).rows("2026-11")
    path = index_dir(data_dir) / "2026-11.json"
    written = path.read_bytes()
    history.commit(call(40))
    assert history.stamp("2026-11")[0] == json.loads(written)["source"][0]  # the month file kept: a line appended

    index = CallIndex(data_dir, history_row)
    rows, fresh = index.cached("2026-11")
    assert not fresh
    caught_up = index.catch_up("2026-11", rows or [])
    assert caught_up is not None and len(caught_up) == 13 and call(40)["id"] in {row["id"] for row in caught_up}
    assert index.summarised == 1 and path.read_bytes() == written  # one call summarised; the file not yet written
    index.save_caught_up()
    again = CallIndex(data_dir, history_row)
    assert again.cached("2026-11") == (caught_up, True)

    history.fold("2026-11")  # the month file itself rewritten: more than lines appended
    history.commit(call(41))
    index = CallIndex(data_dir, history_row)
    rows, fresh = index.cached("2026-11")
    assert not fresh and index.catch_up("2026-11", rows or []) is None
    assert len(index.rows("2026-11")) == 14
