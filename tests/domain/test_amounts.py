"""Offer amounts are read strictly: a finite decimal from 0 to 999,999,999.999 (issue 15, class 1).

float() takes "inf", "nan", "1e9", " 4_111 " and "٤٢"; an offer of inf could never be filed, and a
card number typed as an amount would be stored as a number, out of reach of the masking."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.coaching.offers import CARD_NOT_AMOUNT, AmountError, parse_amount


@pytest.mark.parametrize(
    "text, value", [("12.50", 12.5), ("12,50", 12.5), (" 30 ", 30.0), ("0", 0.0), ("", None), ("999999999.999", 999999999.999)]
)
def test_amounts(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "inf", "Infinity", "-inf", "nan", "NaN", "1e9", "1E3", "-5", "+5", "0x10", "1_000", "12.", ".5", "1.2.3",
        "12.5000", "1000000000", "٤٢", "４２", "12 50", "1,000.50", "twelve", "1e400", "9" * 400,
    ],
)  # fmt: skip
def test_not_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize("text", ["4111_1111_1111_1111", "4111111111111111", "4111.1111.1111.1111", "4111 1111 1111 1111"])
def test_a_card_is_never_an_amount(text):
    with pytest.raises(ValueError, match=CARD_NOT_AMOUNT):
        parse_amount(text)


@given(st.text(max_size=30))
def test_anything_typed_is_a_bounded_finite_amount_or_refused(text):
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert value is None or (math.isfinite(value) and 0 <= value < 1e9)


@pytest.mark.parametrize(
    "text, problem, suggestion",
    [
        ("-5", "negative", "5"), ("−12.50", "negative", "12.50"), ("+5", "sign", "5"),
        ("$20", "currency", "20"), ("20 EUR", "currency", "20"), ("£12.50", "currency", "12.50"), ("5000원", "currency", "5000"),
        ("４２", "digits", "42"), ("1,000.50", "grouped", "1000.50"), ("1.000,50", "grouped", "1000.50"),
        ("1 000", "grouped", "1000"), ("12.5000", "decimals", "12.50"), ("1000000000", "too_large", ""),
        ("twelve", "not_a_number", ""), ("1e9", "not_a_number", ""),
    ],
)  # fmt: skip
def test_a_refused_amount_says_what_is_wrong_and_what_to_type(text, problem, suggestion):
    with pytest.raises(AmountError) as refused:
        parse_amount(text)
    assert (refused.value.problem, refused.value.suggestion) == (problem, suggestion)


@pytest.mark.parametrize("text", ["1,000", "2,500", "999,999"])
def test_a_comma_before_three_digits_is_refused_as_unclear_not_read_as_decimals(text):
    """'1,000' was read as 1.0: a thousand refund recorded as one, and judged inside authority."""
    with pytest.raises(AmountError) as refused:
        parse_amount(text)
    assert (refused.value.problem, refused.value.suggestion) == ("ambiguous", text.replace(",", ""))
    assert parse_amount("12,50") == 12.5  # a decimal comma with two decimals still reads
