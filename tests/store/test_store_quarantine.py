"""A corrupt month is moved aside byte for byte, never overwritten; the other months still load."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tui.store.atomic_storage import AtomicJSONStorage, CorruptStorage
from tui.store.history import History

from .conftest import call

OCT = call("20261015T120000Z-aaaaaa", "2026-10-15T12:00:00+00:00")
NOV = call("20261123T140317Z-bbbbbb", "2026-11-23T14:03:17+00:00")
NOV_LATER = call("20261125T100000Z-cccccc", "2026-11-25T10:00:00+00:00")


def good_month() -> bytes:
    return json.dumps({"calls": {"1": NOV}}).encode()


CORRUPTIONS = {
    "truncated": good_month()[: len(good_month()) // 2],
    "trailing-garbage": good_month() + b"}\n{garbage",
    "second-document-appended": good_month() + good_month(),
    "whitespace-only": b" \n\t \n",
    "all-nul-bytes": b"\x00" * 4096,
    "nul-bytes-after-json": good_month() + b"\x00\x00\x00",
    "nul-byte-inside-a-string": good_month().replace(b"upset", b"up\x00et"),
    "a-json-list": b'[{"id": "20261123T140317Z-bbbbbb"}]',
    "a-json-string": b'"history"',
    "json-null": b"null",
    "bad-utf8": good_month().replace(b"invoice", b"inv\xff\xfeice"),
    "table-is-a-list": b'{"calls": [{"id": "x"}]}',
    "document-is-a-string": b'{"calls": {"1": "not a document"}}',
    "document-id-not-a-number": b'{"calls": {"abc": {"id": "x"}}}',
}


@pytest.fixture
def two_months(data_dir: Path) -> Path:
    history = History(data_dir)
    history.commit(OCT)
    history.commit(NOV)
    history.close()
    return data_dir


@pytest.mark.parametrize("junk", list(CORRUPTIONS.values()), ids=list(CORRUPTIONS))
def test_a_corrupt_month_is_moved_aside_byte_for_byte(two_months: Path, junk: bytes) -> None:
    month = two_months / "history" / "2026-11.json"
    month.write_bytes(junk)

    history = History(two_months)
    assert [c["id"] for c in history.calls()] == [OCT["id"]]  # the rest loads
    assert len(history.quarantined) == 1
    moved = history.quarantined[0]
    assert moved.parent == two_months / "quarantine"
    assert moved.name.startswith("history-2026-11.json.") and moved.name.endswith(".corrupt")
    assert moved.read_bytes() == junk
    assert stat.S_IMODE(os.stat(moved).st_mode) == 0o600  # the copy keeps the original's privacy
    assert not month.exists()

    history.commit(NOV_LATER)  # the month starts again, empty, and the bad file stays aside
    assert [c["id"] for c in History(two_months).calls()] == [NOV_LATER["id"], OCT["id"]]
    assert moved.read_bytes() == junk


def test_a_zero_byte_month_is_empty_not_corrupt(two_months: Path) -> None:
    (two_months / "history" / "2026-11.json").write_bytes(b"")
    history = History(two_months)
    assert [c["id"] for c in history.calls()] == [OCT["id"]]
    assert history.quarantined == []
    assert list((two_months / "quarantine").iterdir()) == []


def test_two_corruptions_of_one_month_in_the_same_second_are_both_kept(two_months: Path) -> None:
    month = two_months / "history" / "2026-11.json"
    month.write_bytes(b"first junk")
    first = History(two_months)
    first.count()
    month.write_bytes(b"second junk")
    second = History(two_months)
    second.count()
    kept = sorted(path.read_bytes() for path in (two_months / "quarantine").iterdir())
    assert kept == [b"first junk", b"second junk"]
    assert first.quarantined[0] != second.quarantined[0]


def test_a_month_corrupted_while_the_desk_has_it_open_is_quarantined_and_the_commit_lands(two_months: Path) -> None:
    history = History(two_months)
    assert history.get(NOV["id"]) == NOV  # November is now open and cached
    month = two_months / "history" / "2026-11.json"
    month.write_bytes(b"{torn")
    history.commit(NOV_LATER)
    assert [path.read_bytes() for path in history.quarantined] == [b"{torn"]
    assert [c["id"] for c in History(two_months).calls(since=None)] == [NOV_LATER["id"], OCT["id"]]


def test_check_all_finds_every_corrupt_month(two_months: Path) -> None:
    for key in ("2026-10", "2026-11"):
        (two_months / "history" / f"{key}.json").write_bytes(b"\x00")
    history = History(two_months)
    found = history.check_all()
    assert sorted(path.name.split(".json")[0] for path in found) == ["history-2026-10", "history-2026-11"]
    assert history.count() == 0


def test_a_read_only_history_leaves_a_corrupt_month_where_it_is(two_months: Path) -> None:
    month = two_months / "history" / "2026-11.json"
    month.write_bytes(b"[]")
    reader = History(two_months, read_only=True)
    assert [c["id"] for c in reader.calls()] == [OCT["id"]]
    assert reader.get(NOV["id"]) is None
    assert reader.unreadable == [month] and reader.quarantined == []
    assert month.read_bytes() == b"[]"
    assert list((two_months / "quarantine").iterdir()) == []


def test_the_corruption_message_never_quotes_the_file(two_months: Path) -> None:
    month = two_months / "history" / "2026-11.json"
    month.write_bytes(b'{"calls": {"1": {"text": "PRIVATE NOTE"}} zebra')
    with pytest.raises(CorruptStorage) as caught:
        AtomicJSONStorage(month).read()
    assert "PRIVATE" not in str(caught.value) and "zebra" not in str(caught.value)
