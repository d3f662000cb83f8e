"""The caller index answers from one shard; it notices months changed behind its back and rebuilds
them; the desk's own filings land in it at once; a damaged shard is rebuilt, never trusted."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime

from tests.store.conftest import call
from tui.services.caller_history import CallerHistory
from tui.store.caller_index import shard_of
from tui.store.datadir import caller_index_dir
from tui.store.history import History

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANA = "+442070313000"


def filed(history: History, callers: CallerHistory, record: dict) -> None:
    with callers.commit(record):
        history.commit(record)


def test_lookup_after_refresh_and_after_the_desks_own_filings(data_dir):
    history = History(data_dir)
    history.commit(call("20261001T090000Z-aaaaaa", "2026-10-01T09:00:00+00:00", caller=ANA, outcome="escalated", category="service"))
    history.commit(call("20261002T090000Z-bbbbbb", "2026-10-02T09:00:00+00:00"))  # someone else
    callers = CallerHistory(history, data_dir, "Europe/London")
    assert callers.look_up(ANA, NOW).fresh is False  # never built
    assert callers.refresh() == ["2026-10"]
    found = callers.look_up(ANA, NOW)
    assert found.fresh and found.summary.count == 1 and found.summary.last["outcome"] == "escalated"
    filed(history, callers, call("20261115T090000Z-cccccc", "2026-11-15T09:00:00+00:00", caller=ANA))
    filed(history, callers, call("20261116T090000Z-dddddd", "2026-11-16T09:00:00+00:00", caller=ANA, category="logistics"))
    found = callers.look_up(ANA, NOW)
    assert found.fresh and found.summary.count == 3  # no refresh needed for the desk's own filings
    assert found.text.startswith("3 earlier call(s) · last 2026-11-16: Resolved, Logistics")
    filed(history, callers, call("20261116T090000Z-dddddd", "2026-11-16T09:00:00+00:00", caller=ANA, category="logistics"))
    assert callers.look_up(ANA, NOW).summary.count == 3  # the same call filed again is still one call
    assert callers.refresh() == []


def test_an_empty_history_gets_an_index_of_no_calls_that_its_filings_keep_fresh(data_dir):
    """A new desk: the start-up refresh builds an index of nothing, so the first calls filed are in
    it at once, as at any size (before, they waited for the first ring's refresh to rebuild)."""
    history = History(data_dir)
    callers = CallerHistory(history, data_dir, "UTC")
    assert callers.look_up(ANA, NOW).fresh is False  # never built
    assert callers.refresh() == []
    assert callers.look_up(ANA, NOW).fresh  # built, of no calls
    filed(history, callers, call("20261001T090000Z-aaaaaa", "2026-10-01T09:00:00+00:00", caller=ANA))
    found = callers.look_up(ANA, NOW)
    assert found.fresh and found.summary.count == 1
    assert callers.refresh() == []  # nothing to rebuild: the filing kept it up to date
    assert not list(caller_index_dir(data_dir).glob("??.json"))  # no shard written whole: one line appended


def test_a_month_changed_elsewhere_is_stale_until_refreshed(data_dir):
    history = History(data_dir)
    callers = CallerHistory(history, data_dir, "UTC")
    filed(history, callers, call("20261001T090000Z-aaaaaa", "2026-10-01T09:00:00+00:00", caller=ANA))
    callers.refresh()
    History(data_dir).commit(call("20261003T090000Z-eeeeee", "2026-10-03T09:00:00+00:00", caller=ANA))  # an import
    assert callers.look_up(ANA, NOW).fresh is False
    assert callers.refresh() == ["2026-10"]
    assert callers.look_up(ANA, NOW).summary.count == 2
    History(data_dir).remove("2026-10", ["20261001T090000Z-aaaaaa", "20261003T090000Z-eeeeee"])  # a purge
    callers.refresh()
    assert callers.look_up(ANA, NOW).summary.count == 0
    assert callers.look_up(ANA, NOW).text == "First call from this number."


def test_a_damaged_shard_is_rebuilt(data_dir):
    history = History(data_dir)
    callers = CallerHistory(history, data_dir, "UTC")
    history.commit(call("20261001T090000Z-aaaaaa", "2026-10-01T09:00:00+00:00", caller=ANA))
    callers.refresh()
    (caller_index_dir(data_dir) / f"{shard_of(ANA)}.json").write_bytes(b"{half a shard")
    assert callers.look_up(ANA, NOW).fresh is False
    callers.refresh()
    assert callers.look_up(ANA, NOW).summary.count == 1


def test_an_open_promise_and_its_state_now(data_dir):
    history = History(data_dir)
    callers = CallerHistory(history, data_dir, "Europe/London")
    promise = {"t": 30.0, "type": "callback", "number": ANA, "zone": "Europe/London", "uid": "u1@callcoach", "sequence": 0}
    promise |= {"start": "2026-11-30T14:00:00Z", "end": "2026-11-30T16:00:00Z"}
    record = call("20261130T090000Z-ffffff", "2026-11-30T09:00:00+00:00", caller=ANA, outcome="callback_promised")
    record["events"].insert(2, promise)
    filed(history, callers, record)
    callers.refresh()
    found = callers.look_up(ANA, NOW)
    assert found.summary.promise["state"] == "OVERDUE"
    assert "open promise: call back 2026-11-30 14:00-16:00 (OVERDUE)" in found.text


def test_index_files_are_private(data_dir):
    history = History(data_dir)
    history.commit(call("20261001T090000Z-aaaaaa", "2026-10-01T09:00:00+00:00", caller=ANA))
    CallerHistory(history, data_dir, "UTC").refresh()
    directory = caller_index_dir(data_dir)
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert {stat.S_IMODE(os.stat(path).st_mode) for path in directory.iterdir()} == {0o600}


def test_the_desks_filings_append_a_line_folded_later_and_never_counted_twice(data_dir, monkeypatch):
    import tui.store.caller_index as caller_index

    history = History(data_dir)
    callers = CallerHistory(history, data_dir, "UTC")
    history.commit(call("20261001T090000Z-aaaaaa", "2026-10-01T09:00:00+00:00", caller=ANA))
    callers.refresh()
    shard = caller_index_dir(data_dir) / f"{shard_of(ANA)}.json"
    built = shard.read_bytes()
    for day in range(1, 4):
        filed(history, callers, call(f"202611{day:02d}T090000Z-bbbbb{day}", f"2026-11-{day:02d}T09:00:00+00:00", caller=ANA))
    assert shard.read_bytes() == built  # the shard is not rewritten by a filing: a line is appended
    assert len(shard.with_suffix(".jsonl").read_bytes().splitlines()) == 3
    assert stat.S_IMODE(os.stat(shard.with_suffix(".jsonl")).st_mode) == 0o600
    found = callers.look_up(ANA, NOW)
    assert found.fresh and found.summary.count == 4

    monkeypatch.setattr(caller_index, "FOLD_BYTES", 0)  # the next filing folds the lines into the shard
    filed(history, callers, call("20261104T090000Z-cccccc", "2026-11-04T09:00:00+00:00", caller=ANA))
    assert not shard.with_suffix(".jsonl").exists() and callers.look_up(ANA, NOW).summary.count == 5

    # A fold cut short by a kill: the shard written with the lines, the lines not yet removed.
    monkeypatch.setattr(caller_index, "FOLD_BYTES", 1 << 30)
    for day in range(5, 14):  # more than the 8 ids a month keeps to tell a call filed twice
        filed(history, callers, call(f"202611{day:02d}T090000Z-ddddd{day}", f"2026-11-{day:02d}T09:00:00+00:00", caller=ANA))
    log = shard.with_suffix(".jsonl")
    kept = log.read_bytes()
    monkeypatch.setattr(caller_index.Path, "unlink", lambda path, missing_ok=False: None)
    callers.index._write_shard(shard_of(ANA), callers.index._read_shard(shard_of(ANA)) or {})
    monkeypatch.undo()
    assert log.read_bytes() == kept
    assert callers.look_up(ANA, NOW).summary.count == 14  # the lines the shard holds are read past
    filed(history, callers, call("20261120T090000Z-eeeeee", "2026-11-20T09:00:00+00:00", caller=ANA))
    assert callers.look_up(ANA, NOW).summary.count == 15
    assert callers.refresh() == []
