"""The calendar invite for a callback: RFC 5545 via icalendar (imported on first use), plus its e-mail.

A commitment keeps one UID for life; every re-issue (reschedule, cancel) raises SEQUENCE so
calendar clients replace the earlier copy (RFC 5546). Only the promise goes into the invite:
call reference, number, time and the readback, never the notes. Its words are in the agent's
language (config `language`), like the readback it carries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from tui.domain.callback.contact import NumberCheck
from tui.domain.callback.readback import readback
from tui.domain.callback.window import Window
from tui.domain.text.local_dates import long_date
from tui.support.i18n import _

PRODID = "-//callcoach//callback invite//EN"
CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"
NO_REPLY = "callbacks@callcoach.invalid"  # RFC 2606 name: every iTIP method needs an organizer


@dataclass(frozen=True)
class Commitment:
    uid: str
    sequence: int
    call_id: str
    number: str  # E.164
    reading: str  # the number grouped for reading
    zone: str  # the caller's zone: the invite's TZID
    start: datetime  # aware UTC
    end: datetime
    readback: str
    agent: str = ""
    agent_zone: str = "UTC"
    email: str | None = None  # the caller's, for ATTENDEE
    organizer: str | None = None  # the agent's or the desk's sender address
    preset: str = ""
    zone_choice: str | None = None
    status: str = CONFIRMED

    @property
    def method(self) -> str:
        if self.status == CANCELLED:
            return "CANCEL"
        return "REQUEST" if self.email else "PUBLISH"


def commitment_uid(call_id: str, index: int) -> str:
    """Stable per commitment: the call it was made in and its position among that call's callbacks."""
    return f"{call_id}-callback{index}@callcoach"


def commitment_index(callback_events: list[dict]) -> int:
    """The index for a new commitment in a call: how many distinct ones it already holds
    (a reschedule inside the call repeats a UID and must not count)."""
    return len({event["uid"] for event in callback_events if "uid" in event})


def make_commitment(
    call_id: str,
    index: int,
    number: NumberCheck,
    window: Window,
    now: datetime,
    *,
    agent: str = "",
    email: str | None = None,
    organizer: str | None = None,
) -> Commitment:
    """A new commitment from a checked number (contact.NumberCheck) and a computed window."""
    if not number.ok or number.e164 is None:
        raise ValueError(f"cannot commit to an invalid number: {number.problem}")
    return Commitment(
        uid=commitment_uid(call_id, index),
        sequence=0,
        call_id=call_id,
        number=number.e164,
        reading=number.reading,
        zone=window.caller_zone,
        start=window.start,
        end=window.end,
        readback=readback(window, number.reading, now, invite=bool(email)),
        agent=agent,
        agent_zone=window.agent_zone,
        email=email or None,
        organizer=organizer,
        preset=window.preset,
        zone_choice=window.zone_choice,
    )


def reschedule(commitment: Commitment, window: Window, now: datetime) -> Commitment:
    """The same promise at a new time: same UID, SEQUENCE + 1."""
    return replace(
        commitment,
        sequence=commitment.sequence + 1,
        zone=window.caller_zone,
        start=window.start,
        end=window.end,
        readback=readback(window, commitment.reading, now, invite=bool(commitment.email)),
        preset=window.preset,
        zone_choice=window.zone_choice,
        status=CONFIRMED,
    )


def cancel(commitment: Commitment) -> Commitment:
    return replace(commitment, sequence=commitment.sequence + 1, status=CANCELLED)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def event_fields(commitment: Commitment) -> dict:
    """The `callback` event's fields (DESIGN.md export format) for LiveCall.record(CALLBACK, **fields)."""
    return {
        "number": commitment.number,
        "zone": commitment.zone,
        "start": _iso(commitment.start),
        "end": _iso(commitment.end),
        "uid": commitment.uid,
        "sequence": commitment.sequence,
        "agent_zone": commitment.agent_zone,
        "reading": commitment.reading,
        "preset": commitment.preset,
        "zone_choice": commitment.zone_choice,
        "email": commitment.email,
        "readback": commitment.readback,
    }


def from_event(event: dict, call_id: str, agent: str = "", organizer: str | None = None) -> Commitment:
    """A commitment back from a stored `callback` event (to reschedule or cancel it later)."""
    return Commitment(
        uid=event["uid"],
        sequence=int(event.get("sequence", 0)),
        call_id=call_id,
        number=event["number"],
        reading=event.get("reading") or event["number"],
        zone=event["zone"],
        start=datetime.fromisoformat(event["start"]).astimezone(UTC),
        end=datetime.fromisoformat(event["end"]).astimezone(UTC),
        readback=event.get("readback", ""),
        agent=agent,
        agent_zone=event.get("agent_zone", "UTC"),
        email=event.get("email"),
        organizer=organizer,
        preset=event.get("preset", ""),
        zone_choice=event.get("zone_choice"),
        status=CANCELLED if event.get("status") == CANCELLED else CONFIRMED,
    )


def _description(commitment: Commitment) -> str:
    lines = [
        _("Call reference: {call}").format(call=commitment.call_id),
        _("Number: {number} ({reading})").format(number=commitment.number, reading=commitment.reading),
        _("Promise: {readback}").format(readback=commitment.readback) if commitment.readback else "",
    ]
    if commitment.status == CANCELLED:
        lines.insert(0, _("This callback is cancelled."))
    return "\n".join(line for line in lines if line)


def invite_ics(commitment: Commitment, dtstamp: datetime) -> bytes:
    """The .ics: CRLF line ends and 75-octet folding come from icalendar's serializer."""
    import icalendar  # lazy: about 120 ms to import

    tz = ZoneInfo(commitment.zone)
    start, end = commitment.start.astimezone(tz), commitment.end.astimezone(tz)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", commitment.method)
    event = icalendar.Event()
    event.add("uid", commitment.uid)
    event.add("dtstamp", dtstamp.astimezone(UTC))
    event.add("sequence", commitment.sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _("Callback from {agent}").format(agent=commitment.agent) if commitment.agent else _("Callback"))
    event.add("description", _description(commitment))
    event.add("location", _("Phone call to {number}").format(number=commitment.reading))
    event.add("url", f"tel:{commitment.number}", parameters={"VALUE": "URI"})
    event.add("contact", commitment.number, parameters={"ALTREP": f"tel:{commitment.number}"})
    event.add("status", commitment.status)
    event.add("transp", "OPAQUE")
    # RFC 5546 wants exactly one ORGANIZER for PUBLISH, REQUEST and CANCEL alike (libical checks it).
    organizer = icalendar.vCalAddress(f"mailto:{commitment.organizer or NO_REPLY}")
    if commitment.agent:
        organizer.params["CN"] = commitment.agent
    event.add("organizer", organizer)
    if commitment.email:
        attendee = icalendar.vCalAddress(f"mailto:{commitment.email}")
        attendee.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"})
        event.add("attendee", attendee)
    if commitment.status != CANCELLED:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(minutes=-15))
        alarm.add("description", _("Callback to {number} in 15 minutes").format(number=commitment.reading))
        event.add_component(alarm)
    cal.add_component(event)
    # One VTIMEZONE per TZID, covering a year either side rather than 1970-2038: smaller, faster.
    cal.add_missing_timezones(first_date=start.date() - timedelta(days=366), last_date=end.date() + timedelta(days=366))
    ical: bytes = cal.to_ical()
    return ical


def invite_email(commitment: Commitment, ics: bytes, dtstamp: datetime, sender: str) -> EmailMessage:
    """An e-mail any mail system can send: the readback as text, the invite as text/calendar."""

    if not commitment.email:
        raise ValueError("an invite e-mail needs the caller's e-mail address")
    local = commitment.start.astimezone(ZoneInfo(commitment.zone))
    message = EmailMessage()
    message["From"] = sender
    message["To"] = commitment.email
    subject = _("Cancelled: callback {date} at {time}") if commitment.status == CANCELLED else _("Callback {date} at {time}")
    message["Subject"] = subject.format(date=long_date(local.date()), time=f"{local:%H:%M %Z}")
    message["Date"] = format_datetime(dtstamp.astimezone(UTC))
    message["Message-ID"] = make_msgid(domain="callcoach.invalid")  # a domain: no slow getfqdn()
    message.set_content(_description(commitment) + "\n")
    message.add_alternative(ics, maintype="text", subtype="calendar", params={"method": commitment.method, "charset": "utf-8"})
    return message
