"""The callback number, checked as it is typed: formats, type, place, carrier and time zones.

Called on every keystroke of the F5 panel, so results are cached and the geocoder, carrier and
time-zone data of phonenumbers are imported on first use (or earlier, by `warm_up` in a worker).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tui.domain.callback.phone import parse_number
from tui.support.i18n import N_, _, language

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

# Labels for phonenumbers.PhoneNumberType values, in the words an agent would use (translated when checked).
_TYPE_LABELS = {
    0: N_("fixed line"),
    1: N_("mobile"),
    2: N_("fixed line or mobile"),
    3: N_("toll-free"),
    4: N_("premium rate"),
    5: N_("shared cost"),
    6: N_("VoIP"),
    7: N_("personal number"),
    8: N_("pager"),
    9: N_("company number (UAN)"),
    10: N_("voicemail"),
}
_WARNINGS = {
    3: N_("Toll-free numbers often cannot be reached from abroad or from mobiles; ask for a direct number."),
    4: N_("Premium-rate number: calling it costs money; ask for an ordinary number."),
    5: N_("Shared-cost number: calling it may cost extra; ask for a direct number."),
}


@dataclass(frozen=True)
class NumberCheck:
    typed: str
    e164: str | None = None
    national: str = ""
    international: str = ""
    reading: str = ""  # grouped the way the caller says it (national format)
    region: str | None = None  # ISO region code, e.g. "GB"; "US" for +1 800
    type: str = ""  # "mobile", "fixed line", "toll-free", ... in the agent's language
    place: str = ""  # geocoder description in English ("London"), may be empty
    carrier: str = ""  # original carrier of a mobile range, where known
    zones: tuple[str, ...] = ()  # IANA zones the number may be in, unknown ones dropped
    extension: str | None = None
    tel_uri: str = ""  # RFC 3966, for the invite
    problem: str | None = None  # why the number cannot be committed
    warning: str | None = None  # it can, but think twice

    @property
    def ok(self) -> bool:
        return self.e164 is not None and self.problem is None

    @property
    def summary(self) -> str:
        """One line for the panel: "+44 20 7031 3000 · fixed line · London · Europe/London"."""
        if not self.ok:
            return f"{self.typed.strip() or '(empty)'}: {self.problem}"
        zones = self.zones[0] if len(self.zones) == 1 else _("{count} time zones").format(count=len(self.zones))
        parts = [self.international, self.type, self.place, self.carrier, zones if self.zones else ""]
        return " · ".join(part for part in parts if part)


def check_number(text: str, default_region: str | None, *, lookups: bool = True) -> NumberCheck:
    """Check a typed number; never raises. A number without + is read in `default_region`.

    `lookups=False` leaves out the place and the carrier: their data (phonenumbers' geocoder,
    about 0.6 s to load, holding the GIL) is not touched, so a panel can check numbers before it is warm.
    """
    return _check(text.strip(), default_region, text, lookups, language())


def lookups_ready() -> bool:
    """Whether the geocoder and carrier data are fully loaded (their functions exist only after the data)."""
    geocoder, carrier = sys.modules.get("phonenumbers.geocoder"), sys.modules.get("phonenumbers.carrier")
    return hasattr(geocoder, "description_for_number") and hasattr(carrier, "name_for_number")


@lru_cache(maxsize=256)
def _check(text: str, default_region: str | None, typed: str, lookups: bool = True, lang: str = "en") -> NumberCheck:
    """`lang` is only part of the cache key: the problem, type and warning are in that language."""
    import phonenumbers  # lazy: phonenumbers stays off the desk's first frame
    from phonenumbers import timezone  # lazy: its prefix data loads on the first number checked

    number, problem = parse_number(text, default_region)
    if problem is not None or number is None:
        return NumberCheck(typed=typed, problem=problem)
    fmt = phonenumbers.PhoneNumberFormat
    kind = phonenumbers.number_type(number)
    national = phonenumbers.format_number(number, fmt.NATIONAL)
    return NumberCheck(
        typed=typed,
        e164=phonenumbers.format_number(number, fmt.E164),
        national=national,
        international=phonenumbers.format_number(number, fmt.INTERNATIONAL),
        reading=national,
        region=phonenumbers.region_code_for_number(number),
        type=_(_TYPE_LABELS.get(kind, N_("unknown type"))),
        place=_place(number) if lookups else "",
        carrier=_carrier(number) if lookups else "",
        zones=_ordered_zones(timezone.time_zones_for_number(number), phonenumbers.region_code_for_number(number)),
        extension=number.extension or None,
        tel_uri=phonenumbers.format_number(number, fmt.RFC3966),
        warning=_(_WARNINGS[kind]) if kind in _WARNINGS else None,
    )


def _place(number: PhoneNumber) -> str:
    from phonenumbers import geocoder  # lazy: the geocoder's data takes about 0.6 s (warm_up loads it in a worker)

    return geocoder.description_for_number(number, "en")


def _carrier(number: PhoneNumber) -> str:
    from phonenumbers import carrier  # lazy: the carrier data, like the geocoder's, loads in warm_up

    return carrier.name_for_number(number, "en")


def _ordered_zones(zones: tuple[str, ...], region: str | None) -> tuple[str, ...]:
    """Real zones only, the region's main zone first: it names the caller's time when all agree."""
    real = [zone for zone in zones if known_zone(zone)]
    main = _main_zone(region)
    if main in real:
        real.remove(main)
        real.insert(0, main)
    return tuple(real)


@lru_cache(maxsize=64)
def _main_zone(region: str | None) -> str | None:
    """The zone of the region's example fixed-line number: Europe/London for GB, not Europe/Guernsey."""
    import phonenumbers  # lazy: phonenumbers stays off the desk's first frame
    from phonenumbers import timezone  # lazy: its prefix data loads on the first number checked

    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE) if region else None
    zones = timezone.time_zones_for_number(example) if example else ()
    return zones[0] if len(zones) == 1 else None


@lru_cache(maxsize=1024)
def known_zone(name: str) -> bool:
    """Whether zoneinfo has the zone; phonenumbers says "Etc/Unknown" when it does not know."""
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return name != "Etc/Unknown"


def warm_metadata() -> None:
    """Every region's number metadata (about 60 ms): for a worker soon after start-up. Otherwise a
    region's files load on the event loop the first time a number of it is typed (+61: 7 ms)."""
    # The package, never its submodule first: importing phonenumbers.phonemetadata locks it, then
    # waits for the package, which another thread (the desk's warm-up, a call's number) may be
    # importing and which imports that submodule itself: Python stops both imports with a
    # _DeadlockError (the desk's --caller call never began). Lazy: off the desk's first frame.
    import phonenumbers

    phonenumbers.PhoneMetadata.load_all()


def warm_up(regions: tuple[str, ...] = ("US", "GB"), *, calendar: bool = False) -> None:
    """Load phonenumbers' metadata and lookup data; call in a worker thread after the first frame.

    `regions` are the ones the desk expects (its default region first): their geocoder and
    carrier files are loaded now so the first F5 keystroke does not pay for them. `calendar`
    also imports icalendar (about 120 ms), so the first invite written does not pay for it either.
    """
    import phonenumbers  # lazy: phonenumbers stays off the desk's first frame

    if calendar:
        import icalendar  # noqa: F401  (lazy on purpose: this is the warm-up that loads it)

    for region in regions:
        example = phonenumbers.example_number(region)
        if example is None:
            continue
        for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
            sample = phonenumbers.example_number_for_type(region, kind) or example
            text = phonenumbers.format_number(sample, phonenumbers.PhoneNumberFormat.E164)
            _check.__wrapped__(text, None, text)  # bypass the cache: the point is the loading
