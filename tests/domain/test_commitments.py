"""The callback queue (K1): statuses derived from stored calls plus queue actions at a given now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import tui.domain.callback.commitments as q

UTC = UTC


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def callback(uid: str, start: datetime, hours: float = 2, sequence: int = 0, **extra) -> dict:
    return {
        "t": 300.2,
        "type": "callback",
        "number": "+12125550100",
        "zone": "America/New_York",
        "agent_zone": "Europe/London",
        "start": iso(start),
        "end": iso(start + timedelta(hours=hours)),
        "uid": uid,
        "sequence": sequence,
        **extra,
    }


def record(call_id: str, *events: dict, linked: str | None = None) -> dict:
    started = {"t": 0.0, "type": "started", "call_id": call_id, "started_at": "2026-11-20T10:00:00+00:00"}
    if linked:
        started["callback_uid"] = linked
    notes = {"t": 3.0, "type": "note", "n": 0, "text": "caller upset"}
    return {"id": call_id, "agent": "Ana", "events": [started, notes, *events]}


RECORDS = [
    record("call-1", callback("uid-1", at(23, 14, 15))),
    record("call-2", callback("uid-2", at(24, 9))),
    record("call-3", callback("uid-3", at(22, 10))),
]
NOW = at(23, 14, 7)


def statuses(entries) -> dict[str, str]:
    return {entry.uid: entry.status for entry in entries}


def test_statuses_and_order_without_actions():
    entries = q.build_queue(RECORDS, [], NOW)
    assert [entry.uid for entry in entries] == ["uid-3", "uid-1", "uid-2"]  # overdue stands first
    assert statuses(entries) == {"uid-3": q.OVERDUE, "uid-1": q.DUE_SOON, "uid-2": q.UPCOMING}
    assert all(entry.open for entry in entries)
    assert entries[1].call_id == "call-1" and entries[1].start == at(23, 14, 15)


@pytest.mark.parametrize(
    ("kept_at", "status"),
    # kept before the window opened (10:00) is early (issue 14): the promise said later
    [
        (at(22, 11), q.KEPT_ON_TIME),
        (at(22, 12), q.KEPT_ON_TIME),
        (at(22, 10), q.KEPT_ON_TIME),
        (at(22, 9), q.KEPT_EARLY),
        (at(22, 12, 1), q.KEPT_LATE),
    ],
)
def test_kept_on_time_or_late(kept_at, status):
    entries = q.build_queue(RECORDS, [q.kept_action("uid-3", kept_at, call_id="call-9")], NOW)
    kept = next(entry for entry in entries if entry.uid == "uid-3")
    assert (kept.status, kept.kept_at, kept.kept_call) == (status, kept_at, "call-9")
    assert not kept.open
    assert entries[-1].uid == "uid-3"  # closed ones go last


def test_reschedule_moves_the_window_and_a_stale_one_is_ignored():
    fields = {key: value for key, value in callback("uid-2", at(25, 13), sequence=1).items() if key not in ("t", "type")}
    stale = {**fields, "sequence": 0, "start": iso(at(30, 9)), "end": iso(at(30, 11))}
    actions = [q.rescheduled_action(fields, at(23, 12)), q.rescheduled_action(stale, at(23, 13))]
    entry = next(e for e in q.build_queue(RECORDS, actions, NOW) if e.uid == "uid-2")
    assert (entry.status, entry.start, entry.sequence, entry.rescheduled) == (q.RESCHEDULED_STATUS, at(25, 13), 1, 1)
    assert entry.fields["sequence"] == 1
    # a rescheduled promise still comes due, and is late if missed
    assert statuses(q.build_queue(RECORDS, actions, at(25, 12, 55)))["uid-2"] == q.DUE_SOON
    assert statuses(q.build_queue(RECORDS, actions, at(25, 15, 1)))["uid-2"] == q.OVERDUE


def test_cancelled_leaves_the_open_queue():
    entries = q.build_queue(RECORDS, [q.cancelled_action("uid-1", 1, at(23, 14), "caller solved it")], NOW)
    cancelled = next(entry for entry in entries if entry.uid == "uid-1")
    assert (cancelled.status, cancelled.cancelled_at, cancelled.sequence) == (q.CANCELLED_STATUS, at(23, 14), 1)
    assert q.next_due(entries, NOW) is None


def test_actions_after_now_are_not_yet_applied():
    actions = [q.kept_action("uid-1", at(23, 15))]
    assert statuses(q.build_queue(RECORDS, actions, NOW))["uid-1"] == q.DUE_SOON
    assert statuses(q.build_queue(RECORDS, actions, at(23, 15)))["uid-1"] == q.KEPT_ON_TIME


@pytest.mark.parametrize(
    ("now", "uid"),
    [
        (at(23, 14, 4), None),
        (at(23, 14, 5), "uid-1"),
        (NOW, "uid-1"),
        (at(23, 16), "uid-1"),
        (at(23, 16, 15), None),
        (at(24, 8, 55), "uid-2"),
    ],
)
def test_next_due_within_ten_minutes(now, uid):
    entries = q.build_queue(RECORDS[:2], [], now)
    due = q.next_due(entries, now)
    assert (due.uid if due else None) == uid


def test_due_text_for_the_status_line():
    entry = q.next_due(q.build_queue(RECORDS, [], NOW), NOW)
    assert q.due_text(entry, NOW) == "Callback +12125550100 due in 8 min (Mon 23 Nov 14:15-16:15 GMT)"
    assert q.due_text(entry, at(23, 14, 30)).startswith("Callback +12125550100 due now")
    assert entry.caller_text() == "Mon 23 Nov 09:15-11:15 EST"


@pytest.mark.parametrize(
    ("lang", "soon", "now"),
    [
        ("ko", "콜백 +12125550100: 8분 후 (11월 23일(월) 14:15-16:15 GMT)", "콜백 +12125550100: 지금 할 시간입니다"),
        ("zh-Hans", "回电 +12125550100：8 分钟后（11月23日 周一 14:15-16:15 GMT）", "回电 +12125550100：现在该打了"),
        ("zh-Hant", "回電 +12125550100：8 分鐘後（11月23日 週一 14:15-16:15 GMT）", "回電 +12125550100：現在該打了"),
    ],
)
def test_due_text_in_the_agents_language(lang, soon, now, agent_language):
    agent_language(lang)
    entry = q.next_due(q.build_queue(RECORDS, [], NOW), NOW)
    assert q.due_text(entry, NOW) == soon
    assert q.due_text(entry, at(23, 14, 30)).startswith(now)


def test_kept_on_time_rate_counts_missed_promises():
    assert q.kept_on_time_rate(q.build_queue(RECORDS[1:2], [], NOW)) is None  # nothing due yet
    records = RECORDS + [record("call-4", callback("uid-4", at(21, 10))), record("call-5", callback("uid-5", at(20, 10)))]
    actions = [
        q.kept_action("uid-3", at(22, 11)),  # on time
        q.kept_action("uid-4", at(21, 13)),  # late
        q.cancelled_action("uid-1", 1, at(23, 14)),  # does not count
    ]  # uid-5 overdue: counts against
    assert q.kept_on_time_rate(q.build_queue(records, actions, NOW)) == pytest.approx(1 / 3)


def test_latest_sequence_in_a_call_wins_and_linked_calls_are_listed():
    records = [
        record("call-1", callback("uid-1", at(23, 14, 15)), callback("uid-1", at(23, 16), sequence=1)),
        record("call-7", linked="uid-1"),
    ]
    (entry,) = q.build_queue(records, [], NOW)
    assert (entry.start, entry.sequence, entry.linked_calls) == (at(23, 16), 1, ("call-7",))


def test_unreadable_events_show_as_damaged_and_unreadable_actions_are_skipped_not_fatal():
    broken = record("call-8", {"t": 1.0, "type": "callback", "uid": "uid-8", "start": "soon"})
    actions = [{"type": "callback_kept", "uid": "uid-1"}, {"type": "nonsense"}, q.kept_action("uid-2", at(23, 9))]
    entries = q.build_queue(RECORDS + [broken], actions, NOW)
    assert statuses(entries)["uid-8"] == q.DAMAGED  # issue 15: shown as damaged, never left out silently
    [damaged] = [entry for entry in entries if entry.uid == "uid-8"]
    assert not damaged.open and damaged.agent_text() == "number is missing"  # the first thing wrong with it
    assert statuses(entries)["uid-2"] == q.KEPT_EARLY and statuses(entries)["uid-1"] == q.DUE_SOON  # kept 23 Nov, due 24 Nov


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ([], "must be a JSON object"),
        ({"type": "callback_done", "uid": "u", "at": "2026-11-23T10:00:00Z"}, "field 'type' must be one of"),
        ({"type": "callback_kept", "at": "2026-11-23T10:00:00Z"}, "field 'uid' is missing"),
        ({"type": "callback_kept", "uid": "u", "at": "2026-11-23T10:00:00"}, "field 'at' must be an ISO 8601 time with offset"),
        ({"type": "callback_rescheduled", "uid": "u", "at": "2026-11-23T10:00:00Z", "start": "x"}, "field 'end' is missing"),
    ],
)
def test_validate_action_names_the_field(action, message):
    with pytest.raises(ValueError, match=message):
        q.validate_action(action)


def test_built_actions_validate():
    for action in (
        q.kept_action("u", NOW),
        q.cancelled_action("u", 2, NOW),
        q.rescheduled_action({k: v for k, v in callback("u", NOW).items() if k not in ("t", "type")}, NOW),
    ):
        assert q.validate_action(action) is action
        assert action["at"] == "2026-11-23T14:07:00Z"
