"""Row 19 (issue 15, class 3): every reader of stored data tolerates what the desk would never write.

History months hold, beside good calls, calls written by hand or by something else: a callback
zone on Mars, a callback ending in year 9999, a start in year 9999, a note whose text is a number,
events that are not objects. The queue (`callbacks --list`, F9), the history browser, replay and
the md, csv and json exports each show that one call as damaged and everything else as usual.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import tui.domain.callback.commitments as q
from tests.app.conftest import settle, until
from tests.app.review_helpers import review_app
from tests.review.calls import ended, note, record
from tui.app.desk.callback_queue import CallbackQueueScreen
from tui.app.widgets.call_table import CallTable
from tui.domain.callback.invite import commitment_uid
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

GOOD_ID = "20261123T140000Z-aaaaaa"


def callback(call_id: str, **changes) -> dict:
    event = {
        "t": 200.0, "type": "callback", "number": "+442070313000", "zone": "Europe/London", "start": "2026-11-24T10:00:00Z",
        "end": "2026-11-24T12:00:00Z", "uid": commitment_uid(call_id, 0), "sequence": 0, "agent_zone": "Europe/London",
    }  # fmt: skip
    return {**event, **changes}


def call(call_id: str, *events: dict, started_at: str = "2026-11-23T14:00:00+00:00") -> dict:
    return record(note(1, "the parcel never came"), *events, ended(300, "callback_promised"), call_id=call_id, started_at=started_at)


def good() -> dict:
    return call(GOOD_ID, callback(GOOD_ID))


def damaged_calls() -> dict[str, tuple[dict, str]]:
    """name -> (a call the desk would never write, what the damage is called)."""
    mars = call("20261123T150000Z-mars01", callback("20261123T150000Z-mars01", zone="Mars/Olympus_Mons"))
    far = call("20261123T160000Z-far001", callback("20261123T160000Z-far001", end="9999-12-31T23:00:00Z"))
    future = call("99991123T160000Z-year99", started_at="9999-11-23T16:00:00+00:00")
    number_note = call("20261123T170000Z-num001")
    number_note["events"][1]["text"] = 12345
    not_objects = call("20261123T180000Z-str001")
    not_objects["events"].insert(1, "an event that is a string")
    return {
        "zone-on-mars": (mars, "zone must be an IANA time zone that exists"),
        "callback-in-9999": (far, "end must be an ISO 8601 time with a UTC offset, in 1970-2200"),
        "start-in-9999": (future, "in 1970-2200"),
        "note-is-a-number": (number_note, "text must be a string"),
        "event-not-an-object": (not_objects, "must be a JSON object"),
    }


def stored(data_dir: Path, *records: dict) -> Path:
    history = History(data_dir)
    for item in records:
        history.commit(item)
    history.close()
    return data_dir


def callcoach(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(params=sorted(damaged_calls()))
def damaged(request, tmp_path):
    bad, damage = damaged_calls()[request.param]
    return stored(prepare_data_dir(tmp_path / "data"), good(), bad), bad["id"], damage


def test_callbacks_list_shows_the_good_promise_and_the_damaged_call(damaged):
    data_dir, bad_id, damage = damaged
    result = callcoach(data_dir, "callbacks", "--list")
    assert result.returncode == 0, result.stderr
    assert GOOD_ID in result.stdout and "+442070313000" in result.stdout
    if "callback" in damage or "zone" in damage or "end must" in damage:
        [line] = [line for line in result.stdout.splitlines() if bad_id in line]
        assert line.startswith("damaged") and damage.split(" must")[0].split(".")[-1] in line


@pytest.mark.parametrize("kind", ["md", "csv"])
def test_md_and_csv_exports_list_the_damaged_call_and_sum_up_the_rest(damaged, kind):
    data_dir, bad_id, damage = damaged
    result = callcoach(data_dir, "export", "--format", kind)
    assert result.returncode == 0, result.stderr
    assert f"Call {bad_id} is damaged (" in result.stderr and damage in result.stderr
    assert GOOD_ID in result.stdout and "the parcel never came" not in result.stdout.split(bad_id)[-1].split("## Call")[0]
    if kind == "md":
        assert f"## Call {bad_id}\n\n- Damaged: " in result.stdout and "**Notes**" in result.stdout
    else:
        [row] = [row for row in csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))) if row["id"] == bad_id]
        assert row["status"] == "damaged" and row["outcome"].startswith("damaged: ") and damage in row["outcome"]


def test_a_json_export_says_so_and_skips_only_when_told(damaged):
    data_dir, bad_id, damage = damaged
    refused = callcoach(data_dir, "export", "--format", "json")
    assert refused.returncode == 1 and refused.stdout == ""
    assert f"call {bad_id} cannot be read, so nothing was exported" in refused.stderr and "--skip-damaged" in refused.stderr
    skipped = callcoach(data_dir, "export", "--format", "json", "--skip-damaged")
    assert skipped.returncode == 0 and f"Skipped call {bad_id}: it cannot be read." in skipped.stderr
    assert GOOD_ID in skipped.stdout and bad_id not in skipped.stdout


def test_replay_of_the_damaged_call_is_one_sentence(damaged):
    data_dir, bad_id, damage = damaged
    result = callcoach(data_dir, "replay", bad_id)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"callcoach: call {bad_id} in {data_dir} is damaged and cannot be replayed (")


async def test_the_history_browser_loads_every_month_and_marks_the_damaged_call(damaged):
    data_dir, bad_id, _damage = damaged
    app = review_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: not pilot.app.screen.reading)
        rows = {row["id"]: row for row in app.screen.query_one(CallTable).rows}
        assert rows[GOOD_ID]["outcome"] == "callback_promised"
        assert rows[bad_id]["outcome"] == "damaged" and rows[bad_id]["problem"]


async def test_the_desk_queue_f9_reads_and_shows_the_damaged_promise(tmp_path, config, clock):
    from tui.app.base import desk_app
    from tui.services.session import open_desk

    bad, _damage = damaged_calls()["zone-on-mars"]
    data_dir = stored(prepare_data_dir(tmp_path / "data"), good(), bad)
    app = desk_app(open_desk(config, data_dir, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, CallbackQueueScreen) and len(app.screen.entries) == 2)
        statuses = {entry.call_id: entry.status for entry in app.screen.entries}
        assert statuses == {GOOD_ID: q.UPCOMING, bad["id"]: q.DAMAGED}  # the clock: 23 Nov 14:00
        assert "reading" not in str(app.screen.query_one("#cq-summary").render())
