"""Issue 3's done-when: F5 then Enter writes an invite that libical, ical.js (Thunderbird's parser)
and khal all accept, at the same instant the app stored in its `callback` event.

The invites come from the real desk driven by keys (tests/interop/desk_driver.py), never built by
hand here. libical and ical.js resolve the TZID through the VTIMEZONE inside the file; khal reads
it by name with its own zone data: together they check both the VTIMEZONE and the local times.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

import tui.domain.callback.commitments as q

from .desk_driver import Case, Issued, issue
from .readers import Khal, Reading, Refused, icaljs_read, libical_read

UTC = UTC
READERS = ("libical", "ical.js", "khal")
NEW_YORK = "+1 212 555 0100"
EMAIL = ("tab", "tab", *"caller@example.com")  # Tab to the number, Tab again to the e-mail

CASES = [
    Case("plain-zone", "+44 20 7031 3000", (), "Europe/London"),
    Case("multi-zone-pick", "+7 912 345 67 89", ("pagedown", "pagedown"), "Asia/Almaty"),
    Case("half-hour-zone", "+1 709 555 0123", ("pagedown", "pagedown"), "America/St_Johns"),
    # A window across each of New York's 2026 clock changes, typed in the caller's time (t).
    Case(
        "new-york-spring-forward",
        NEW_YORK,
        ("f4", "5", "tab", *"2026-03-08 01:00-04:00"),
        "America/New_York",
        wall=datetime(2026, 3, 7, 15, 0, tzinfo=UTC),
        expect=("2026-03-08T06:00:00Z", "2026-03-08T08:00:00Z"),
        round_the_clock=True,
    ),
    Case(
        "new-york-fall-back",
        NEW_YORK,
        ("f4", "5", "tab", *"2026-11-01 00:30-03:30"),
        "America/New_York",
        wall=datetime(2026, 10, 31, 15, 0, tzinfo=UTC),
        expect=("2026-11-01T04:30:00Z", "2026-11-01T08:30:00Z"),
        round_the_clock=True,
    ),
    Case("request-with-attendee", NEW_YORK, EMAIL, "America/New_York"),
    # A Korean desk: multibyte DESCRIPTION and SUMMARY, folded at 75 octets between whole characters.
    Case("korean-request", NEW_YORK, EMAIL, "America/New_York", language="ko"),
]
REISSUES = [
    # REQUEST, then a reschedule typed as in F5 in the caller's time, then METHOD:CANCEL
    Case(
        "request-reschedule-cancel",
        NEW_YORK,
        EMAIL,
        "America/New_York",
        expect=("2026-11-24T15:00:00Z", "2026-11-24T17:00:00Z"),
        reschedule_keys=("f4", "5", "tab", *"tomorrow 10:00-12:00"),
        cancel=True,
    ),
    Case("publish-reschedule-cancel", "+44 20 7031 3000", (), "Europe/London", reschedule_keys=("4",), cancel=True),
]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """Each case driven through the desk once, shared by the three readers' tests."""
    done: dict[str, Issued] = {}

    def get(case: Case) -> Issued:
        if case.name not in done:
            done[case.name] = asyncio.run(issue(case, tmp_path_factory.mktemp(case.name) / "data"))
        return done[case.name]

    return get


def read(reader: str, paths: list[Path], home: Path) -> list[Reading]:
    if reader == "libical":
        return [libical_read(path) for path in paths]
    if reader == "ical.js":
        return icaljs_read(paths)
    khal = Khal(home)
    return [khal.printics(path) for path in paths]


def assert_same_instant(reading: Reading, stored: dict) -> None:
    assert (reading.uid, reading.start, reading.end) == (stored["uid"], _utc(stored["start"]), _utc(stored["end"])), reading.reader


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_f5_enter_invite_is_read_at_the_stored_instant(reader, case, issued, tmp_path):
    promised = issued(case)
    event = promised.event
    assert event["zone"] == case.tzid
    if case.expect:
        assert (event["start"], event["end"]) == case.expect
    [ics] = promised.invites
    [reading] = read(reader, [ics], tmp_path)
    assert_same_instant(reading, event)
    assert reading.status == "CONFIRMED"
    if reader != "khal":  # khal shows neither METHOD, SEQUENCE nor TZID in its formats
        method = "REQUEST" if event["email"] else "PUBLISH"
        assert (reading.method, reading.sequence, reading.tzid) == (method, event["sequence"], case.tzid)
    if event["email"]:
        assert any(event["email"] in attendee for attendee in reading.attendees), reading.attendees


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", REISSUES, ids=[case.name for case in REISSUES])
def test_reschedule_and_cancel_from_the_queue_are_read_as_the_same_event(reader, case, issued, tmp_path):
    promised = issued(case)
    first, invites = promised.event, promised.invites
    rescheduled, cancelled = promised.actions
    assert (rescheduled["type"], cancelled["type"]) == (q.RESCHEDULED, q.CANCELLED)
    if case.expect:
        assert (rescheduled["start"], rescheduled["end"]) == case.expect
    assert len(invites) == 3 and [path.name.split(".")[-2] for path in invites][-1] == "cancel"
    readings = read(reader, invites, tmp_path)
    assert_same_instant(readings[0], first)
    assert_same_instant(readings[1], rescheduled)
    assert_same_instant(readings[2], rescheduled)  # a cancellation names the window it withdraws
    assert [r.status for r in readings] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    if reader != "khal":
        method = "REQUEST" if first["email"] else "PUBLISH"
        assert [r.method for r in readings] == [method, method, "CANCEL"]
        assert [r.sequence for r in readings] == [0, 1, 2] == [first["sequence"], rescheduled["sequence"], cancelled["sequence"]]
    else:
        # Imported in order into a khal calendar, the three issues are one event, cancelled, at the new time.
        khal = Khal(tmp_path / "calendar-home")
        for path in invites:
            khal.import_(path)
        [held] = khal.listed("2026-11-01", 60)
        assert_same_instant(held, rescheduled)
        assert held.status == "CANCELLED"


@pytest.mark.parametrize("reader", ("libical", "ical.js"))
def test_a_korean_invite_reads_back_its_korean_promise(reader, issued, tmp_path):
    """The DESCRIPTION of a Korean desk's invite, unfolded by another program, is the Korean readback."""
    promised = issued(next(case for case in CASES if case.language == "ko"))
    [ics] = promised.invites
    assert max(len(line) for line in ics.read_bytes().split(b"\r\n")) <= 75
    [reading] = read(reader, [ics], tmp_path)
    assert "다시 전화드리겠습니다" in promised.event["readback"]
    assert reading.description.splitlines()[1:] == [
        "번호: +12125550100 ((212) 555-0100)",
        f"약속 내용: {promised.event['readback']}",
    ]


def test_the_libical_check_is_real_it_refuses_an_invite_without_organizer(issued, tmp_path):
    """The same invite with its ORGANIZER line taken out breaks RFC 5546, and libical says so."""
    [ics] = issued(CASES[0]).invites
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"".join(line for line in ics.read_bytes().splitlines(keepends=True) if not line.startswith(b"ORGANIZER")))
    with pytest.raises(Refused, match="ORGANIZER"):
        libical_read(broken)
