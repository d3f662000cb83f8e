"""Phone numbers as the agent types them, checked with phonenumbers (imported on first use).

`parse_number` is the one place a typed number is read; the call header (`parse_caller`) and the
callback panel (`contact.check_number`) both go through it, so they never disagree on a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

from tui.support.i18n import N_, _

NO_REGION = N_("no country code (+...) and no default region set")  # a sentence in the agent's language


@dataclass(frozen=True)
class CallerNumber:
    typed: str
    e164: str | None  # None when the text is not a valid number
    display: str  # what the header shows: international format, or the text as typed
    problem: str | None  # one sentence when the number could not be used


def parse_number(text: str, default_region: str | None) -> tuple[PhoneNumber | None, str | None]:
    """(phonenumbers.PhoneNumber, None) for a valid number, else (None or the parsed number, problem).

    A number without + is read in `default_region`. Never raises.
    """
    import phonenumbers  # lazy: about 50 ms, not worth paying before the first frame

    text = text.strip()
    if not text:
        return None, _("no number typed")
    region = None if text.startswith("+") else default_region
    if region is None and not text.startswith("+"):
        return None, _(NO_REGION)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        return None, _parse_problem(error, region)
    if phonenumbers.is_valid_number(number):
        return number, None
    reason = phonenumbers.is_possible_number_with_reason(number)
    where = phonenumbers.region_code_for_country_code(number.country_code or 0)
    if where in (None, "ZZ", "001"):
        where = region or f"+{number.country_code}"
    problems = {
        phonenumbers.ValidationResult.TOO_SHORT: N_("too short for a number in region {region}"),
        phonenumbers.ValidationResult.TOO_LONG: N_("too long for a number in region {region}"),
        phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: N_("unknown country code +{code}"),
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: N_("a local number only: add the area code"),
        phonenumbers.ValidationResult.INVALID_LENGTH: N_("wrong length for a number in region {region}"),
    }
    problem = problems.get(reason, N_("not a number in region {region}"))
    return number, _(problem).format(region=where, code=number.country_code)


NUMBER_PUNCTUATION = frozenset("+-()./ \t")


def reads_as_number(text: str, default_region: str | None) -> bool:
    """Whether a typed line is meant as a phone number, even a wrong one, rather than words: it is
    mostly digits and number punctuation, or phonenumbers reads a possible number in it from the
    digits as typed (not from letters turned into digits: "ref 12345678 order" is words)."""
    import phonenumbers  # lazy: phonenumbers stays off the desk's first frame

    text = text.strip()
    digits = "".join(c for c in text if c.isdigit())
    if not digits:
        return False
    others = [c for c in text if not c.isdigit() and c not in NUMBER_PUNCTUATION]
    if len(others) * 4 <= len(digits):  # "+44 20 7031 3000", "020-7031-3000 ext. 12", "12"
        return True
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else default_region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number) and str(number.national_number) in digits


def parse_caller(typed: str, default_region: str | None) -> CallerNumber:
    """Read a caller number; never raises: a bad number is shown as typed with the reason."""
    text = typed.strip()
    if not text:
        return CallerNumber(typed, None, "", None)
    number, problem = parse_number(text, default_region)
    if problem is not None or number is None:
        return CallerNumber(typed, None, text, problem)
    import phonenumbers  # lazy: phonenumbers stays off the desk's first frame

    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return CallerNumber(typed, e164, display, None)


def _parse_problem(error: Exception, region: str | None) -> str:
    import phonenumbers  # lazy: phonenumbers stays off the desk's first frame

    kinds = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: N_("unknown country code"),
        phonenumbers.NumberParseException.NOT_A_NUMBER: N_("not a phone number"),
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: N_("too short"),
        phonenumbers.NumberParseException.TOO_SHORT_NSN: N_("too short"),
        phonenumbers.NumberParseException.TOO_LONG: N_("too long"),
    }
    return _(kinds.get(getattr(error, "error_type", -1), N_("not a number in region {region}"))).format(region=region)
