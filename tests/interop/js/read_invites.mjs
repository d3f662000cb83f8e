// Reads callcoach invites with ical.js, the iCalendar parser of Thunderbird, and prints one JSON
// line per file: method, UID, SEQUENCE, STATUS, the TZID and the UTC instants of DTSTART/DTEND.
// Only the VTIMEZONEs inside each file are registered, so the times come from the invite itself.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(time) {
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function read(path) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const vevents = calendar.getAllSubcomponents("vevent");
  if (vevents.length !== 1) throw new Error(`${vevents.length} VEVENTs, expected one`);
  const event = new ICAL.Event(vevents[0]);
  const tzid = vevents[0].getFirstProperty("dtstart").getParameter("tzid");
  for (const time of [event.startDate, event.endDate]) {
    // A TZID that ical.js could not resolve leaves the time floating: that is a failure, not a guess.
    if (!time.zone || time.zone.tzid !== tzid) throw new Error(`TZID ${tzid} not resolved (zone ${time.zone && time.zone.tzid})`);
  }
  return {
    file: path,
    method: calendar.getFirstPropertyValue("method"),
    uid: event.uid,
    sequence: event.sequence,
    status: vevents[0].getFirstPropertyValue("status"),
    tzid,
    start: instant(event.startDate),
    end: instant(event.endDate),
    organizer: event.organizer,
    attendees: event.attendees.map((attendee) => attendee.getFirstValue()),
    alarms: vevents[0].getAllSubcomponents("valarm").map((alarm) => alarm.getFirstPropertyValue("trigger").toString()),
  };
}

for (const path of process.argv.slice(2)) {
  try {
    console.log(JSON.stringify(read(path)));
  } catch (error) {
    console.log(JSON.stringify({ file: path, error: String(error && error.message ? error.message : error) }));
  }
}
