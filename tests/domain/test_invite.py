"""The callback invite: RFC 5545 read back by another parser (`ical`), raw bytes, re-issues, e-mail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import SMTP, default

import pytest
from ical.calendar_stream import IcsCalendarStream

from tui.domain.callback.contact import check_number
from tui.domain.callback.invite import (
    cancel,
    commitment_index,
    event_fields,
    from_event,
    invite_email,
    invite_ics,
    make_commitment,
    reschedule,
)
from tui.domain.callback.window import WindowRules, compute_window, propose

UTC = UTC
NOW = datetime(2026, 11, 23, 14, 7, tzinfo=UTC)
CALL_ID = "20261123T140317Z-3fa9c1"
RULES = WindowRules("Europe/London")


def commitment(caller="+1 212 555 0100", email="caller@example.com", agent="Zoë Ångström-Løvenskiold", zone_choice=None):
    number = check_number(caller, "GB")
    window = propose(RULES, number, NOW, zone_choice=zone_choice).window
    return make_commitment(CALL_ID, 0, number, window, NOW, agent=agent, email=email, organizer="desk@example.com")


def parse(ics: bytes):
    return IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))


def unfold(ics: bytes) -> str:
    return ics.decode("utf-8").replace("\r\n ", "")


@pytest.mark.parametrize(
    ("caller", "zone_choice", "tzid"),
    [
        ("+1 212 555 0100", None, "America/New_York"),
        ("+44 20 7031 3000", None, "Europe/London"),
        ("+33 1 42 68 53 00", None, "Europe/Paris"),
        ("+1 709 555 0123", "America/St_Johns", "America/St_Johns"),
    ],
)
def test_another_parser_agrees_on_the_instant(caller, zone_choice, tzid):
    promise = commitment(caller, zone_choice=zone_choice)
    calendar = parse(invite_ics(promise, NOW))
    event = calendar.events[0]
    assert event.dtstart.astimezone(UTC) == promise.start
    assert event.dtend.astimezone(UTC) == promise.end
    # and the VTIMEZONE we ship, read on its own, gives the same offset as the zone database
    (vtimezone,) = calendar.timezones
    assert vtimezone.tz_id == tzid
    local = event.dtstart.replace(tzinfo=None)
    assert local - vtimezone_offset(vtimezone, local) == promise.start.replace(tzinfo=None)


def vtimezone_offset(vtimezone, local: datetime) -> timedelta:
    """The offset a VTIMEZONE gives at a local time: the latest onset (DTSTART or RDATE) before it.

    Done here because ical's own reader skips an observance's DTSTART when it has RDATEs only.
    """
    onsets = [
        (onset, observance.tz_offset_to.offset)
        for observance in [*vtimezone.standard, *vtimezone.daylight]
        for onset in [observance.dtstart, *observance.rdate]
        if onset <= local
    ]
    return max(onsets)[1]


def test_request_with_an_email_carries_organizer_attendee_and_everything_required():
    promise = commitment()
    ics = invite_ics(promise, NOW)
    text = unfold(ics)
    for line in (
        "VERSION:2.0",
        "PRODID:-//callcoach//callback invite//EN",
        "METHOD:REQUEST",
        f"UID:{CALL_ID}-callback0@callcoach",
        "DTSTAMP:20261123T140700Z",
        "SEQUENCE:0",
        "DTSTART;TZID=America/New_York:20261123T091500",
        "DTEND;TZID=America/New_York:20261123T111500",
        "URL;VALUE=URI:tel:+12125550100",
        "TRIGGER:-PT15M",
        "ACTION:DISPLAY",
        "STATUS:CONFIRMED",
    ):
        assert f"\r\n{line}\r\n" in text, line
    assert re.search(r"\r\nORGANIZER;CN=\"Zoë Ångström-Løvenskiold\":mailto:desk@example.com\r\n", text)
    assert re.search(r"\r\nATTENDEE;[^:]*ROLE=REQ-PARTICIPANT[^:]*:mailto:caller@example.com\r\n", text)
    event = parse(ics).events[0]
    assert event.summary == "Callback from Zoë Ångström-Løvenskiold"
    assert CALL_ID in event.description and "+12125550100" in event.description
    assert promise.readback in event.description
    assert event.alarm[0].trigger == timedelta(minutes=-15)


def test_every_tzid_used_has_a_vtimezone():
    text = unfold(invite_ics(commitment(), NOW))
    used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
    defined = set(re.findall(r"\r\nBEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n", text))
    assert used == defined == {"America/New_York"}


def test_publish_without_an_email():
    number = check_number("+1 212 555 0100", "GB")
    promise = make_commitment(CALL_ID, 0, number, propose(RULES, number, NOW).window, NOW, agent="Ana")  # no organizer set
    text = unfold(invite_ics(promise, NOW))
    assert "\r\nMETHOD:PUBLISH\r\n" in text
    assert "ATTENDEE" not in text
    assert "\r\nORGANIZER;CN=Ana:mailto:callbacks@callcoach.invalid\r\n" in text  # RFC 5546: PUBLISH needs one
    assert "I'm sending you a calendar invite" not in text


def test_crlf_and_75_octet_folding_on_raw_bytes():
    ics = invite_ics(commitment(agent="Zoë Ångström-Løvenskiold " * 4), NOW)
    assert ics.endswith(b"\r\n")
    assert ics.count(b"\n") == ics.count(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something long was folded
    for line in lines:
        line.decode("utf-8")  # folds never split a multi-byte character


def test_notes_and_card_numbers_never_reach_the_invite():
    record_event = {"t": 300.2, "type": "callback", **event_fields(commitment())}
    log = [
        {"t": 3.0, "type": "note", "n": 0, "text": "caller rude; card **** **** **** 1111 ref 4111"},
        record_event,
    ]
    promise = from_event(log[1], CALL_ID, agent="Ana")
    ics = invite_ics(promise, NOW)
    assert b"rude" not in ics and b"1111" not in ics
    assert b"rude" not in invite_email(promise, ics, NOW, "desk@example.com").as_bytes()


def test_the_same_commitment_gives_the_same_bytes():
    promise = commitment()
    assert invite_ics(promise, NOW) == invite_ics(promise, NOW)


def test_reschedule_keeps_the_uid_and_raises_the_sequence():
    first = commitment()
    later = compute_window(RULES, check_number("+1 212 555 0100", None), "next_business_morning", NOW).window
    moved = reschedule(first, later, NOW + timedelta(minutes=5))
    assert (moved.uid, moved.sequence) == (first.uid, 1)
    event = parse(invite_ics(moved, NOW + timedelta(minutes=5))).events[0]
    assert event.uid == first.uid and event.sequence == 1
    assert event.dtstart.astimezone(UTC) == later.start != first.start
    assert "tomorrow, Tuesday 24 November" in moved.readback
    assert reschedule(moved, later, NOW).sequence == 2


def test_cancel_issues_method_cancel():
    first = commitment()
    cancelled = cancel(first)
    ics = invite_ics(cancelled, NOW)
    text = unfold(ics)
    assert "\r\nMETHOD:CANCEL\r\n" in text and "\r\nSTATUS:CANCELLED\r\n" in text
    assert f"\r\nUID:{first.uid}\r\n" in text and "\r\nSEQUENCE:1\r\n" in text
    assert "VALARM" not in text
    event = parse(ics).events[0]
    assert event.status.value == "CANCELLED"


def test_email_carries_readback_and_calendar_request():
    promise = commitment()
    ics = invite_ics(promise, NOW)
    raw = invite_email(promise, ics, NOW, "desk@example.com").as_bytes(policy=SMTP)
    message = message_from_bytes(raw, policy=default)
    assert message.get_content_type() == "multipart/alternative"
    assert (message["From"], message["To"]) == ("desk@example.com", "caller@example.com")
    assert message["Subject"] == "Callback Monday 23 November at 09:15 EST"
    plain, calendar = message.iter_parts()
    assert plain.get_content_type() == "text/plain" and promise.readback in plain.get_content()
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_payload(decode=True) == ics


def test_cancel_email_says_so():
    cancelled = cancel(commitment())
    message = invite_email(cancelled, invite_ics(cancelled, NOW), NOW, "desk@example.com")
    assert message["Subject"].startswith("Cancelled: callback")
    assert list(message.iter_parts())[1].get_param("method") == "CANCEL"


def test_email_needs_an_address():
    promise = commitment(email=None)
    with pytest.raises(ValueError, match="e-mail address"):
        invite_email(promise, invite_ics(promise, NOW), NOW, "desk@example.com")


def test_callback_event_fields_follow_the_export_format_and_round_trip():
    promise = commitment(zone_choice=None)
    fields = event_fields(promise)
    assert {key: fields[key] for key in ("number", "zone", "start", "end", "uid", "sequence")} == {
        "number": "+12125550100",
        "zone": "America/New_York",
        "start": "2026-11-23T14:15:00Z",
        "end": "2026-11-23T16:15:00Z",
        "uid": f"{CALL_ID}-callback0@callcoach",
        "sequence": 0,
    }
    assert "t" not in fields and "type" not in fields  # LiveCall.record adds those
    assert fields["preset"] == "within_24h" and fields["email"] == "caller@example.com"
    back = from_event({"t": 1.0, "type": "callback", **fields}, CALL_ID, agent=promise.agent)
    assert back == promise.__class__(**{**promise.__dict__, "organizer": None})


def test_invalid_number_cannot_be_committed():
    bad = check_number("12", "GB")
    window = propose(RULES, check_number("+44 20 7031 3000", None), NOW).window
    with pytest.raises(ValueError, match="too short"):
        make_commitment(CALL_ID, 0, bad, window, NOW)


def test_commitment_index_counts_distinct_promises_in_a_call():
    assert commitment_index([]) == 0
    first = event_fields(commitment())
    assert commitment_index([first, {**first, "sequence": 1}]) == 1
    assert commitment_index([first, {**first, "uid": "other"}]) == 2


def test_from_event_takes_the_organizer_for_re_issues():
    fields = event_fields(commitment())
    again = from_event(fields, CALL_ID, agent="Ana", organizer="desk@example.com")
    assert "mailto:desk@example.com" in unfold(
        invite_ics(reschedule(again, propose(RULES, check_number("+1 212 555 0100", None), NOW).window, NOW), NOW)
    )
