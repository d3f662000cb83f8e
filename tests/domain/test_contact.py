"""The callback number, checked as typed (issue 3): formats, type, place, carrier, zones, problems."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.domain.callback.contact import check_number, warm_up
from tui.domain.callback.phone import parse_caller, reads_as_number

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("typed", "region", "e164", "national", "kind", "place", "zone"),
    [
        ("(212) 555-0100", "US", "+12125550100", "(212) 555-0100", "fixed line or mobile", "New York, NY", "America/New_York"),
        ("+1 650 253 0000", None, "+16502530000", "(650) 253-0000", "fixed line or mobile", "Mountain View, CA", "America/Los_Angeles"),
        ("020 7031 3000", "GB", "+442070313000", "020 7031 3000", "fixed line", "London", "Europe/London"),
        ("+44 20 7031 3000", "US", "+442070313000", "020 7031 3000", "fixed line", "London", "Europe/London"),
        ("02-312-3456", "KR", "+8223123456", "02-312-3456", "fixed line", "Seoul", "Asia/Seoul"),
        ("+82 10-1234-5678", None, "+821012345678", "010-1234-5678", "mobile", "South Korea", "Asia/Seoul"),
        ("010 1234 5678", "CN", "+861012345678", "010 1234 5678", "fixed line", "Beijing", "Asia/Shanghai"),
        ("+86 138 0013 8000", None, "+8613800138000", "138 0013 8000", "mobile", "Beijing", "Asia/Shanghai"),
        ("02 2311 6666", "TW", "+886223116666", "02 2311 6666", "fixed line", "Taipei", "Asia/Taipei"),
        ("+886 912 345 678", "GB", "+886912345678", "0912 345 678", "mobile", "Taiwan", "Asia/Taipei"),
        ("2123 4567", "HK", "+85221234567", "2123 4567", "fixed line", "Hong Kong", "Asia/Hong_Kong"),
        ("+852 5123 4567", None, "+85251234567", "5123 4567", "mobile", "Hong Kong", "Asia/Hong_Kong"),
        ("030 123456", "DE", "+4930123456", "030 123456", "fixed line", "Berlin", "Europe/Berlin"),
        ("+49 1512 3456789", None, "+4915123456789", "01512 3456789", "mobile", "Germany", "Europe/Berlin"),
        ("01 42 68 53 00", "FR", "+33142685300", "01 42 68 53 00", "fixed line", "Paris", "Europe/Paris"),
        ("+33 6 12 34 56 78", None, "+33612345678", "06 12 34 56 78", "mobile", "France", "Europe/Paris"),
        ("03-1234-5678", "JP", "+81312345678", "03-1234-5678", "fixed line", "Tokyo", "Asia/Tokyo"),
        ("+81 90-1234-5678", "JP", "+819012345678", "090-1234-5678", "mobile", "Japan", "Asia/Tokyo"),
    ],
)
def test_valid_numbers_national_and_international(typed, region, e164, national, kind, place, zone):
    number = check_number(typed, region)
    assert number.ok, number.problem
    assert (number.e164, number.national, number.reading) == (e164, national, national)
    assert number.type == kind
    assert number.place == place
    assert number.zones[0] == zone
    assert number.tel_uri.startswith("tel:+") and number.tel_uri.replace("-", "") == f"tel:{e164}"
    assert number.problem is None and number.warning is None


@pytest.mark.parametrize(
    ("typed", "region", "carrier"),
    [("+86 138 0013 8000", None, "China Mobile"), ("+49 1512 3456789", None, "T-Mobile"), ("+886 912 345 678", None, "Chunghwa Telecom")],
)
def test_carrier_where_known(typed, region, carrier):
    assert check_number(typed, region).carrier == carrier


def test_fixed_lines_have_no_carrier():
    assert check_number("020 7031 3000", "GB").carrier == ""


@pytest.mark.parametrize(
    ("typed", "region", "e164", "extension", "reading"),
    [
        ("+44 20 7031 3000 ext. 204", None, "+442070313000", "204", "020 7031 3000 x204"),
        ("(212) 555-0100 x42", "US", "+12125550100", "42", "(212) 555-0100 ext. 42"),
        ("(212) 555-0100", "US", "+12125550100", None, "(212) 555-0100"),
    ],
)
def test_extensions(typed, region, e164, extension, reading):
    number = check_number(typed, region)
    assert (number.e164, number.extension, number.reading) == (e164, extension, reading)


@pytest.mark.parametrize(
    ("typed", "region", "problem"),
    [
        ("12", "GB", "too short for a number in region GB"),
        ("+33 1 23", None, "too short for a number in region FR"),
        ("+44 20 7031 3000 12345", None, "too long for a number in region GB"),
        ("+1 212 555 01000", None, "too long for a number in region US"),
        ("07700 900123", "GB", "not a number in region GB"),
        ("020 7031 300", "GB", "not a number in region GB"),
        ("020 7031 3000", None, "no country code (+...) and no default region set"),
        ("555-0100", "US", "a local number only: add the area code"),
        ("+999 123", None, "unknown country code"),
        ("hello", "GB", "not a phone number"),
        ("   ", "GB", "no number typed"),
    ],
)
def test_invalid_numbers_name_the_problem(typed, region, problem):
    number = check_number(typed, region)
    assert not number.ok
    assert number.e164 is None
    assert number.problem == problem
    assert problem in number.summary


@pytest.mark.parametrize(
    ("typed", "region", "kind", "word"),
    [
        ("0800 123 4567", "GB", "toll-free", "Toll-free"),
        ("+1 800 555 0199", None, "toll-free", "Toll-free"),
        ("0900 123 4567", "GB", "premium rate", "Premium-rate"),
        ("+1 900 555 0100", None, "premium rate", "Premium-rate"),
    ],
)
def test_costly_numbers_are_committable_with_a_warning(typed, region, kind, word):
    number = check_number(typed, region)
    assert number.ok
    assert number.type == kind
    assert number.warning and number.warning.startswith(word)


def test_shared_cost_warning():
    # France's 081x numbers are shared cost in phonenumbers' metadata
    number = check_number("0810 12 34 56", "FR")
    assert number.ok and number.type == "shared cost"
    assert "Shared-cost" in number.warning


def test_voip_label():
    assert check_number("+44 56 1234 5678", None).type == "VoIP"


@pytest.mark.parametrize(
    ("typed", "at_least", "first", "includes"),
    [
        ("+1 800 555 0199", 40, "America/New_York", "Pacific/Honolulu"),
        ("+7 912 345 6789", 10, None, "Asia/Yekaterinburg"),
        ("+61 412 345 678", 5, "Australia/Sydney", "Australia/Perth"),
        ("+1 709 555 0123", 2, "America/Halifax", "America/St_Johns"),
    ],
)
def test_multi_zone_numbers(typed, at_least, first, includes):
    number = check_number(typed, None)
    assert len(number.zones) >= at_least
    assert includes in number.zones
    if first:
        assert number.zones[0] == first
    assert "Etc/Unknown" not in number.zones
    assert f"{len(number.zones)} time zones" in number.summary


def test_region_main_zone_comes_first():
    zones = check_number("07400 123456", "GB").zones
    assert zones[0] == "Europe/London" and "Europe/Jersey" in zones


def test_results_are_frozen_and_cached():
    first = check_number("020 7031 3000", "GB")
    assert check_number("020 7031 3000", "GB") is first
    with pytest.raises(AttributeError):
        first.e164 = "+1"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("typed", "e164", "problem"), [("+44 20 7031 3000", "+442070313000", None), ("12", None, "too short for a number in region GB")]
)
def test_parse_caller_agrees_with_check_number(typed, e164, problem):
    caller = parse_caller(typed, "GB")
    assert (caller.e164, caller.problem) == (e164, problem)
    assert caller.e164 == check_number(typed, "GB").e164


def test_warm_up_loads_the_lookup_data_in_a_fresh_process():
    script = (
        "import sys; from tui.domain.callback.contact import warm_up; warm_up(('GB',), calendar=True);"
        "loaded = [m for m in ('phonenumbers', 'phonenumbers.geocoder', 'phonenumbers.carrier', 'icalendar') if m in sys.modules];"
        "print(loaded); sys.exit(0 if len(loaded) == 4 else 1)"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    warm_up(("GB",))
    assert check_number("+44 7400 123456", None).carrier == "Three"


def test_importing_contact_does_not_import_phonenumbers_lookup_data():
    script = (
        "import sys, tui.domain.callback.contact, tui.domain.callback.window, tui.domain.callback.invite, tui.domain.callback.commitments;"
        "bad = [m for m in ('phonenumbers', 'icalendar', 'phonenumbers.geocoder', 'textual', 'tinydb') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "typed, region, expected",
    [
        ("020 7031 3000", "GB", True),
        ("+1 212 555 0100", None, True),
        ("020-7031-3000 ext. 12", "GB", True),
        ("12", "GB", True),  # a number, a wrong one: its check says why
        ("her mobile 07400 123456", "GB", True),
        ("she works nights so call after 6pm", "GB", False),
        ("she works nights so call after 6pm", None, False),
        ("a refund for the modem", "GB", False),
        ("2pm-4pm", "GB", False),
        ("tomorrow afternoon", "GB", False),
        ("ref 12345678 order", "GB", False),  # phonenumbers reads the letters as digits: words
        ("call me on 020 7031 3000 after 6", "GB", False),
    ],
)
def test_a_line_reads_as_a_number_only_when_it_is_one(typed, region, expected):
    assert reads_as_number(typed, region) is expected
