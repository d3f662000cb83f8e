"""History: one month per file, upsert by id, reads that open only the months they need."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.domain.call.record import call_record
from tui.store.history import History, partition_of_call_id

from .conftest import call

OCT = call("20261015T120000Z-aaaaaa", "2026-10-15T14:00:00+02:00")
NOV_1 = call("20261102T080000Z-bbbbbb", "2026-11-02T09:00:00+01:00")
NOV_2 = call("20261123T140317Z-cccccc", "2026-11-23T09:03:17-05:00")
DEC = call("20261201T003000Z-dddddd", "2026-12-01T01:30:00+01:00")


def month_file(data_dir: Path, key: str) -> Path:
    return data_dir / "history" / f"{key}.json"


@pytest.fixture
def filled(data_dir: Path) -> Path:
    history = History(data_dir)
    for record in (OCT, NOV_1, NOV_2, DEC):
        history.commit(record)
    history.close()
    return data_dir


@pytest.mark.parametrize(
    "started_at, month",
    [
        ("2026-12-01T00:30:00+01:00", "2026-11"),  # still November in UTC
        ("2026-11-30T20:00:00-05:00", "2026-12"),  # already December in UTC
        ("2026-11-15T12:00:00+00:00", "2026-11"),
        ("2027-01-01T00:00:00+00:00", "2027-01"),
    ],
)
def test_a_call_goes_to_the_file_of_its_utc_month(data_dir: Path, started_at: str, month: str) -> None:
    History(data_dir).commit(call("x-1", started_at))
    assert [p.name for p in (data_dir / "history").iterdir()] == [f"{month}.json"]
    assert stat.S_IMODE(os.stat(month_file(data_dir, month)).st_mode) == 0o600


def test_commit_is_idempotent_by_id_and_replaces_the_whole_record(data_dir: Path) -> None:
    history = History(data_dir)
    history.commit(NOV_2)
    first_bytes = month_file(data_dir, "2026-11").read_bytes()
    history.commit(NOV_2)
    assert month_file(data_dir, "2026-11").read_bytes() == first_bytes  # nothing rewritten
    assert history.count() == 1

    interrupted = {key: value for key, value in NOV_2.items() if key != "category"}
    interrupted["status"] = "interrupted"
    history.commit(interrupted)
    assert History(data_dir).count() == 1
    assert History(data_dir).get(NOV_2["id"]) == interrupted  # "category" is gone, not merged


def test_a_commit_is_on_disk_for_another_process_when_it_returns(data_dir: Path, child) -> None:
    History(data_dir).commit(NOV_1)
    reader = child(
        """
        import sys
        from pathlib import Path
        from tui.store.history import History
        print("found", History(Path(sys.argv[1]), read_only=True).get(sys.argv[2])["id"], flush=True)
        """,
        str(data_dir),
        NOV_1["id"],
    )
    assert reader.wait_for("found") == NOV_1["id"]


def test_a_commit_reads_and_rewrites_only_its_own_month(filled: Path) -> None:
    # Garbage in the other months would be quarantined if the commit opened them at all.
    for key in ("2026-10", "2026-12"):
        month_file(filled, key).write_bytes(b"\x00garbage")
    others = {key: os.stat(month_file(filled, key)) for key in ("2026-10", "2026-12")}
    history = History(filled)
    history.commit(call("20261124T100000Z-eeeeee", "2026-11-24T10:00:00+00:00"))
    assert history.quarantined == []
    for key, before in others.items():
        after = os.stat(month_file(filled, key))
        assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert [c["id"] for c in History(filled).calls(since=datetime(2026, 11, 1))][0] == "20261124T100000Z-eeeeee"


def test_get_and_a_ranged_read_never_open_other_months(filled: Path) -> None:
    # Garbage in the other months would be quarantined if they were opened at all.
    for key in ("2026-10", "2026-12"):
        month_file(filled, key).write_bytes(b"\x00garbage")
    history = History(filled)
    assert history.get(NOV_2["id"]) == NOV_2
    assert history.get("20261123T000000Z-nope00") is None
    november = [c["id"] for c in history.calls(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))]
    assert november == [NOV_2["id"], NOV_1["id"]]
    assert history.quarantined == []


def test_calls_come_newest_first_within_the_half_open_range(filled: Path) -> None:
    history = History(filled)
    assert [c["id"] for c in history.calls()] == [DEC["id"], NOV_2["id"], NOV_1["id"], OCT["id"]]
    since = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # exactly NOV_1's start: included
    until = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # exactly DEC's start: excluded
    assert [c["id"] for c in history.calls(since, until)] == [NOV_2["id"], NOV_1["id"]]
    naive_since = datetime(2026, 11, 30)  # naive means UTC
    assert [c["id"] for c in history.calls(since=naive_since)] == [DEC["id"]]
    assert history.count() == 4
    assert history.partitions() == ["2026-12", "2026-11", "2026-10"]


def test_records_handed_out_are_copies(filled: Path) -> None:
    history = History(filled)
    record = history.get(NOV_1["id"])
    record["events"].append({"t": 99.0, "type": "hold"})
    record["agent"] = "someone else"
    next(history.calls())["events"].clear()
    assert history.get(NOV_1["id"]) == NOV_1
    assert history.get(DEC["id"]) == DEC


def test_the_callers_record_is_not_shared_with_the_history(data_dir: Path) -> None:
    history = History(data_dir)
    record = json.loads(json.dumps(NOV_1))
    history.commit(record)
    record["events"].append({"t": 99.0, "type": "hold"})
    assert history.get(NOV_1["id"]) == NOV_1


def test_a_record_from_the_domain_round_trips(data_dir: Path) -> None:
    log = [
        {
            "t": 0.0,
            "type": "started",
            "call_id": "20261123T140317Z-3fa9c1",
            "agent": "Dana",
            "caller": None,
            "playbook": "default",
            "started_at": "2026-11-23T15:03:17+01:00",
            "zone": "Europe/Paris",
        },
        {"t": 0.0, "type": "step", "step": "listen"},
    ]
    record = call_record(log, {"t": 4.0, "text": "was typing"})
    history = History(data_dir)
    history.commit(record)
    assert History(data_dir).get(record["id"]) == record
    assert partition_of_call_id(record["id"]) == "2026-11"


def test_a_call_id_that_is_not_a_start_time_is_still_found(filled: Path) -> None:
    imported = call("imported-from-elsewhere", "2026-10-20T10:00:00+00:00")
    History(filled).commit(imported)
    assert History(filled).get("imported-from-elsewhere") == imported


@pytest.mark.parametrize(
    "record, problem",
    [
        (call("x", "2026-11-23T14:03:17"), "UTC offset"),
        (call("x", "yesterday"), "ISO 8601"),
        ({"id": "x"}, "ISO 8601"),
        (call("", "2026-11-23T14:03:17+00:00"), "string id"),
        (call("x", "2026-11-23T14:03:17+00:00", outcome=float("nan")), "plain JSON"),
        (call("x", "2026-11-23T14:03:17+00:00", outcome={1, 2}), "plain JSON"),
    ],
)
def test_a_record_that_cannot_be_placed_or_stored_is_refused(data_dir: Path, record: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        History(data_dir).commit(record)
    assert History(data_dir).count() == 0


def test_a_read_only_history_refuses_to_commit(filled: Path) -> None:
    history = History(filled, read_only=True)
    with pytest.raises(PermissionError):
        history.commit(NOV_1)
    assert history.count() == 4


def test_reads_of_an_empty_data_dir(data_dir: Path) -> None:
    history = History(data_dir)
    assert (history.count(), list(history.calls()), history.get(NOV_1["id"]), history.partitions()) == (0, [], None, [])
    assert list((data_dir / "history").iterdir()) == []  # reading creates no files
