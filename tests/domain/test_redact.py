"""Card numbers and security codes are masked before anything is written (DESIGN.md, fault row 11)."""

from __future__ import annotations

import pytest

from tui.domain.text.redact import luhn_valid, mask_sensitive


@pytest.mark.parametrize(
    "text, expected",
    [
        ("card 4111111111111111 ok", "card ************1111 ok"),
        ("4111 1111 1111 1111", "**** **** **** 1111"),
        ("4111-1111-1111-1111", "****-****-****-1111"),
        ("amex 378282246310005", "amex ***********0005"),
        ("cvv 123", "cvv ***"),
        ("CVC: 9876", "CVC: ****"),
        ("security code 321", "security code ***"),
    ],
)
def test_masked(text, expected):
    assert mask_sensitive(text) == (expected, True)


@pytest.mark.parametrize(
    "text",
    [
        "order 4111111111111112",  # fails Luhn: an order number, not a card
        "call me on +1 650 253 0000",
        "ticket 123456789012",  # 12 digits: too short for a card
        "version 3.11.7",
    ],
)
def test_left_alone(text):
    assert mask_sensitive(text) == (text, False)


def test_luhn():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
