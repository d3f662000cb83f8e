"""Phone numbers as the agent types them, checked with phonenumbers (imported on first use)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CallerNumber:
    typed: str
    e164: str | None          # None when the text is not a valid number
    display: str              # what the header shows: international format, or the text as typed
    problem: str | None       # one sentence when the number could not be used


def parse_caller(typed: str, default_region: str | None) -> CallerNumber:
    """Read a caller number; never raises: a bad number is shown as typed with the reason."""
    import phonenumbers  # lazy: about 50 ms, not worth paying before the first frame

    text = typed.strip()
    if not text:
        return CallerNumber(typed, None, "", None)
    region = None if text.startswith("+") else default_region
    if region is None and not text.startswith("+"):
        return CallerNumber(typed, None, text, "no country code (+...) and no default region set")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        return CallerNumber(typed, None, text, _parse_problem(error, region))
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        problems = {
            phonenumbers.ValidationResult.TOO_SHORT: "too short",
            phonenumbers.ValidationResult.TOO_LONG: "too long",
            phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
        }
        problem = problems.get(reason, f"not a number in region {phonenumbers.region_code_for_number(number) or region}")
        return CallerNumber(typed, None, text, problem)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return CallerNumber(typed, e164, display, None)


def _parse_problem(error: Exception, region: str | None) -> str:
    import phonenumbers

    kinds = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
        phonenumbers.NumberParseException.NOT_A_NUMBER: "not a phone number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
        phonenumbers.NumberParseException.TOO_LONG: "too long",
    }
    return kinds.get(getattr(error, "error_type", None), f"not a number in region {region}")
