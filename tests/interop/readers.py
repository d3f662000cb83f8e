"""Three calendar programs other than icalendar read callcoach's invites: libical, ical.js and khal.

Each reader returns a `Reading` (what that program understood: method, UID, SEQUENCE, STATUS,
TZID and the UTC instants of DTSTART and DTEND) or raises `Refused` with the program's own words.
libical is Debian's libical3 called through ctypes; ical.js (Thunderbird's parser) runs in node
from tests/interop/js; khal is the PyPI package's own command line. `scripts/interop_tools` installs
all three. A missing program skips its test, unless CALLCOACH_REQUIRE_INTEROP=1 (CI) makes it fail.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

UTC = UTC
JS_DIR = Path(__file__).parent / "js"
INSTALL_HINT = "run scripts/interop_tools (as root for libical3) to install the interop checkers"


class Refused(AssertionError):
    """The program did not accept the invite; the message is what it said."""


@dataclass(frozen=True)
class Reading:
    reader: str
    method: str
    uid: str
    sequence: int
    status: str
    tzid: str
    start: datetime  # aware UTC
    end: datetime
    attendees: tuple[str, ...] = ()
    description: str = ""  # DESCRIPTION unfolded and unescaped (libical and ical.js)


def require(tool: str, problem: str | None) -> None:
    """Skip when a checker is missing; in CI (CALLCOACH_REQUIRE_INTEROP=1) a missing checker fails."""
    if problem is None:
        return
    message = f"{tool} is not available ({problem}); {INSTALL_HINT}"
    if os.environ.get("CALLCOACH_REQUIRE_INTEROP") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _utc(seconds: int | float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


# -- libical (C) ---------------------------------------------------------------------------------


class _IcalTime(ctypes.Structure):
    """struct icaltimetype of libical 3."""

    _fields_ = [
        *[(name, ctypes.c_int) for name in ("year", "month", "day", "hour", "minute", "second", "is_date", "is_daylight")],
        ("zone", ctypes.c_void_p),
    ]


class _Libical:
    def __init__(self, library: ctypes.CDLL) -> None:
        p, s, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int

        def fn(name, result, *arguments):
            function = getattr(library, name)
            function.restype, function.argtypes = result, list(arguments)
            return function

        self.parse = fn("icalparser_parse_string", p, s)
        self.component_kind = fn("icalcomponent_string_to_kind", i, s)
        self.property_kind = fn("icalproperty_string_to_kind", i, s)
        self.parameter_kind = fn("icalparameter_string_to_kind", i, s)
        self.first_component = fn("icalcomponent_get_first_component", p, p, i)
        self.count_components = fn("icalcomponent_count_components", i, p, i)
        self.first_property = fn("icalcomponent_get_first_property", p, p, i)
        self.next_property = fn("icalcomponent_get_next_property", p, p, i)
        self.first_parameter = fn("icalproperty_get_first_parameter", p, p, i)
        self.parameter_tzid = fn("icalparameter_get_tzid", s, p)
        self.datetime_of = {"DTSTART": fn("icalproperty_get_dtstart", _IcalTime, p), "DTEND": fn("icalproperty_get_dtend", _IcalTime, p)}
        self.property_text = fn("icalproperty_get_value_as_string", s, p)
        self.attendee = fn("icalproperty_get_attendee", s, p)
        self.timezone = fn("icalcomponent_get_timezone", p, p, s)
        self.as_timet = fn("icaltime_as_timet_with_zone", ctypes.c_int64, _IcalTime, p)
        self.count_errors = fn("icalcomponent_count_errors", i, p)
        self.restriction_check = fn("icalrestriction_check", i, p)
        self.uid = fn("icalcomponent_get_uid", s, p)
        self.description = fn("icalcomponent_get_description", s, p)
        self.sequence = fn("icalcomponent_get_sequence", i, p)
        self.method = fn("icalcomponent_get_method", i, p)
        self.method_text = fn("icalproperty_method_to_string", s, i)
        self.status = fn("icalcomponent_get_status", i, p)
        self.status_text = fn("icalproperty_status_to_string", s, i)
        self.free = fn("icalcomponent_free", None, p)


@cache
def _libical() -> tuple[_Libical | None, str | None]:
    name = ctypes.util.find_library("ical") or "libical.so.3"
    try:
        return _Libical(ctypes.CDLL(name)), None
    except OSError as error:
        return None, str(error)


def libical_problem() -> str | None:
    return _libical()[1]


def _lic_errors(lib: _Libical, component) -> list[str]:
    """libical reports what it disliked as X-LIC-ERROR properties, anywhere in the tree."""
    errors = []
    kind = lib.property_kind(b"X-LIC-ERROR")
    found = lib.first_property(component, kind)
    while found:
        errors.append(lib.property_text(found).decode())
        found = lib.next_property(component, kind)
    for kind in (b"VEVENT", b"VTIMEZONE", b"VALARM"):
        child = lib.first_component(component, lib.component_kind(kind))
        if child:
            errors += _lic_errors(lib, child)
    return errors


def libical_read(path: Path) -> Reading:
    """Parse with libical, check RFC 5546 (iTIP) restrictions for the METHOD, and resolve each TZID
    through the VTIMEZONE inside the file (not libical's own zone data)."""
    lib, problem = _libical()
    require("libical", problem)
    calendar = lib.parse(path.read_bytes())
    if not calendar:
        raise Refused(f"libical could not parse {path.name}")
    try:
        if lib.count_errors(calendar):
            raise Refused(f"libical found errors in {path.name}: {_lic_errors(lib, calendar) or 'see X-LIC-ERROR'}")
        if not lib.restriction_check(calendar) or lib.count_errors(calendar):
            raise Refused(f"libical: {path.name} breaks the iTIP rules of its METHOD: {_lic_errors(lib, calendar)}")
        vevent_kind = lib.component_kind(b"VEVENT")
        if lib.count_components(calendar, vevent_kind) != 1:
            raise Refused(f"libical: {path.name} does not hold exactly one VEVENT")
        vevent = lib.first_component(calendar, vevent_kind)
        instants, tzids = [], []
        for name in ("DTSTART", "DTEND"):
            prop = lib.first_property(vevent, lib.property_kind(name.encode()))
            parameter = lib.first_parameter(prop, lib.parameter_kind(b"TZID")) if prop else None
            if not parameter:
                raise Refused(f"libical: {name} of {path.name} has no TZID")
            tzid = lib.parameter_tzid(parameter)
            zone = lib.timezone(calendar, tzid)
            if not zone:
                raise Refused(f"libical: no VTIMEZONE in {path.name} for TZID {tzid.decode()}")
            instants.append(_utc(lib.as_timet(lib.datetime_of[name](prop), zone)))
            tzids.append(tzid.decode())
        if tzids[0] != tzids[1]:
            raise Refused(f"libical: DTSTART and DTEND in different zones ({tzids})")
        attendees, kind = [], lib.property_kind(b"ATTENDEE")
        found = lib.first_property(vevent, kind)
        while found:
            attendees.append(lib.attendee(found).decode())
            found = lib.next_property(vevent, kind)
        return Reading(
            "libical",
            lib.method_text(lib.method(calendar)).decode(),
            lib.uid(vevent).decode(),
            lib.sequence(vevent),
            lib.status_text(lib.status(vevent)).decode(),
            tzids[0],
            instants[0],
            instants[1],
            tuple(attendees),
            (lib.description(vevent) or b"").decode("utf-8"),
        )
    finally:
        lib.free(calendar)


# -- ical.js (node) ------------------------------------------------------------------------------


def icaljs_problem() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS_DIR / "node_modules" / "ical.js" / "package.json").exists():
        return "tests/interop/js/node_modules has no ical.js (npm ci there)"
    return None


def icaljs_read(paths: list[Path]) -> list[Reading]:
    """One node process for several files; one JSON line back per file."""
    require("ical.js", icaljs_problem())
    done = subprocess.run(
        ["node", str(JS_DIR / "read_invites.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise Refused(f"ical.js failed: {done.stderr.strip()}")
    readings = []
    for line in done.stdout.splitlines():
        found = json.loads(line)
        if "error" in found:
            raise Refused(f"ical.js refused {Path(found['file']).name}: {found['error']}")
        readings.append(
            Reading(
                "ical.js",
                found["method"],
                found["uid"],
                found["sequence"],
                found["status"],
                found["tzid"],
                _iso(found["start"]),
                _iso(found["end"]),
                tuple(found["attendees"]),
                found["description"] or "",
            )
        )
    return readings


# -- khal (PyPI) ---------------------------------------------------------------------------------

_KHAL_FIELDS = "{uid}|{start}|{end}|{status}|{attendees}"
_KHAL_TIME = "%Y-%m-%dT%H:%M:%S%z"


def _khal() -> str | None:
    return shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")


def khal_problem() -> str | None:
    return None if _khal() else "the khal command is not installed (pip install the dev extras)"


class Khal:
    """khal with a config of its own in `home`: one vdir calendar, everything shown in UTC."""

    def __init__(self, home: Path) -> None:
        require("khal", khal_problem())
        self.home = home
        self.calendar = home / "calendar"
        self.calendar.mkdir(parents=True, exist_ok=True)
        self.config = home / "khal.conf"
        self.config.write_text(
            "[calendars]\n[[callbacks]]\n"
            f"path = {self.calendar}\n"
            "[sqlite]\n"
            f"path = {home / 'khal.db'}\n"
            "[locale]\nlocal_timezone = UTC\ndefault_timezone = UTC\n"
            "timeformat = %H:%M:%S\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            f"datetimeformat = {_KHAL_TIME}\nlongdatetimeformat = {_KHAL_TIME}\n",
            encoding="utf-8",
        )

    def _run(self, *arguments: str) -> str:
        env = {**os.environ, "XDG_CONFIG_HOME": str(self.home), "XDG_DATA_HOME": str(self.home), "TZ": "UTC"}
        done = subprocess.run(
            [_khal(), "-c", str(self.config), *arguments],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
        if done.returncode != 0 or "error" in done.stderr.lower():
            raise Refused(f"khal {arguments[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def _parse(self, line: str, method: str = "", tzid: str = "") -> Reading:
        uid, start, end, status, attendees = line.split("|")
        return Reading(
            "khal",
            method,
            uid,
            -1,
            status.strip(),
            tzid,
            datetime.strptime(start, _KHAL_TIME).astimezone(UTC),
            datetime.strptime(end, _KHAL_TIME).astimezone(UTC),
            tuple(part.strip() for part in attendees.split(",") if part.strip()),
        )

    def printics(self, path: Path) -> Reading:
        """`khal printics`: how khal reads the file on its own."""
        out = self._run("printics", "--format", _KHAL_FIELDS, str(path)).splitlines()
        if not out or not out[0].startswith("1 events found"):
            raise Refused(f"khal printics found no single event in {path.name}: {out}")
        return self._parse(out[1])

    def import_(self, path: Path) -> None:
        """`khal import --batch`: into the calendar, replacing an event with the same UID."""
        self._run("import", "--batch", "--include-calendar", "callbacks", str(path))

    def listed(self, since: str, days: int) -> list[Reading]:
        """What the calendar holds after imports (`khal list`)."""
        out = self._run("list", "--format", _KHAL_FIELDS, "--day-format", "", since, f"{days}d")
        return [self._parse(line) for line in out.splitlines() if "|" in line]
