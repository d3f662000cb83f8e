"""The desk's queue cache: a month of history is read again only when its file changed."""

from __future__ import annotations

from tests.app.test_callback_queue import file_call_with_callback
from tui.services.callbacks import QueueCache, mark_kept


def test_months_are_reread_only_when_their_file_changes(desk, clock, monkeypatch):
    first = file_call_with_callback(desk, clock)
    reads = []
    calls = desk.history.calls
    monkeypatch.setattr(desk.history, "calls", lambda **kw: reads.append(kw) or calls(**kw))
    cache = QueueCache(desk)
    now = clock.now_utc()
    assert [entry.uid for entry in cache.entries(now)] == [first.uid]
    assert len(reads) == 1
    cache.entries(now)
    assert len(reads) == 1  # nothing changed: a stat, no read
    clock.advance(60)
    second = file_call_with_callback(desk, clock, "+44 20 7031 3000")
    assert {entry.uid for entry in cache.entries(clock.now_utc())} == {first.uid, second.uid}
    assert len(reads) == 2
    mark_kept(desk, cache.entries(clock.now_utc())[0], clock.now_utc())  # actions are always re-read
    assert sum(entry.open for entry in cache.entries(clock.now_utc())) == 1
    assert len(reads) == 2


def test_the_live_call_counts_before_it_is_filed(desk, clock):
    session, _ = desk.start_call("+1 212 555 0100")
    record = {
        "id": session.call.call_id,
        "events": [
            {
                "t": 1.0,
                "type": "callback",
                "uid": "u-live",
                "number": "+12125550100",
                "zone": "America/New_York",
                "start": "2026-11-23T14:00:00Z",
                "end": "2026-11-23T16:00:00Z",
                "sequence": 0,
            }
        ],
    }
    assert [entry.uid for entry in QueueCache(desk).entries(clock.now_utc(), [record])] == ["u-live"]
    session.abandon()
