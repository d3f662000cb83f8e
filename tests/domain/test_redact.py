"""Card numbers and security codes are masked before anything is written (DESIGN.md, fault row 11)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cards import cards, grouped, luhn, surviving_cards
from tui.domain.text.mask_check import nothing_to_mask
from tui.domain.text.redact import luhn_valid, mask_across, mask_event, mask_sensitive, mask_value


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


# -- as an attacker would type them (issue 15, class 1) ---------------------------------------------

VISA = "4111111111111111"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("card 4111.1111.1111.1111 cvc is 123", "card ****.****.****.1111 cvc is ***"),
        ("4111/1111/1111/1111", "****/****/****/1111"),
        ("4111_1111_1111_1111", "****_****_****_1111"),
        ("4111  1111  1111  1111", "****  ****  ****  1111"),  # double spaces
        ("4111-1111 1111.1111", "****-**** ****.1111"),  # mixed separators
        ("4111 - 1111 - 1111 - 1111", "**** - **** - **** - 1111"),
        ("4111\n1111\n1111\n1111", "****\n****\n****\n1111"),
        ("4111\t1111\u00a01111\u30001111", "****\t****\u00a0****\u30001111"),
        ("5500.0000.0000.0004", "****.****.****.0004"),
        ("4111.1111.1111.1111@example.com", "****.****.****.1111@example.com"),
        ("x4111111111111111y", "x************1111y"),
        ("４１１１１１１１１１１１１１１１", "************１１１１"),  # full-width digits
        ("ref 12345 4111 1111 1111 1111", "ref 12345 **** **** **** 1111"),  # a card inside a longer run
        ("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "* * * * * * * * * * * * 1 1 1 1"),
        ("security code is 737", "security code is ***"),
        ("cvv is 741", "cvv is ***"),
        ("CVC: 738", "CVC: ***"),
        ("the 3-digit code on the back is 7 3 7", "the 3-digit code on the back is * * *"),
        ("보안코드 739", "보안코드 ***"),
        ("보안코드는 739", "보안코드는 ***"),
        ("카드 뒷면 번호는 7390", "카드 뒷면 번호는 ****"),
        ("安全码 740", "安全码 ***"),
        ("安全码是740", "安全码是***"),
        ("安全碼：741", "安全碼：***"),
        ("卡背面的三位數是 742", "卡背面的三位數是 ***"),
    ],
)
def test_masked_however_it_is_typed(text, expected):
    masked, changed = mask_sensitive(text)
    assert (masked, changed) == (expected, True)
    assert not surviving_cards(masked)


@pytest.mark.parametrize(
    "text",
    [
        "order 41111111111111112",  # 17 digits without a separator that fail Luhn: one number, not a card
        "call +44 20 7031 3000, +1 650 253 0000",
        "order 2026-11-23 14:03",
        "cvv 12345",  # five digits: not a security code
        "acid 123",  # "cid" inside a word
        "version 3.11.7",
    ],
)
def test_still_left_alone(text):
    assert mask_sensitive(text) == (text, False)


def test_a_phone_number_that_passes_luhn_is_kept_where_it_was_checked():
    number = "+8613812345678"  # a valid Chinese mobile number whose 13 digits pass Luhn
    assert luhn(number[1:])
    event = {"type": "started", "caller": number, "caller_input": "+86 138 1234 5678"}
    assert mask_event(event)[0] == event


def test_the_caller_as_typed_loses_a_card_in_its_extension():
    event = {"type": "started", "caller": "+442070313000", "caller_input": f"+44 20 7031 3000 ext {VISA}"}
    masked = mask_event(event)[0]
    assert masked["caller_input"] == "+44 20 7031 3000 ext ************1111" and masked["masked"]


def test_a_card_pasted_as_a_phone_field_is_not_a_phone_number():
    for card in (VISA, "378282246310005"):
        event = {"type": "callback", "number": "+" + card, "reading": card}
        masked = mask_event(event)[0]
        assert not surviving_cards(masked["number"]) and not surviving_cards(masked["reading"])


@pytest.mark.parametrize(
    "previous, text",
    [
        ("card 4111 1111", "1111 1111"),
        ("card 4111 1111-", "1111 1111 thanks"),
        ("4111111111", "111111"),
        ("보안코드 말고 카드번호 4111 1111", "1111 1111 입니다"),
    ],
)
def test_a_card_read_out_over_two_notes_is_masked_in_both(previous, text):
    before, after, changed = mask_across(previous, text)
    assert changed and len(before) == len(previous) and len(after) == len(text)
    assert not surviving_cards(before + "\n" + after)
    assert "1111" in after  # the last four digits stay


def test_the_phrases_of_every_language_are_loaded():
    from tui.config.data_files import read_code_phrases

    phrases = read_code_phrases()
    for phrase in ("security code", "보안코드", "安全码", "安全碼"):
        assert phrase in phrases.phrases


# -- properties ------------------------------------------------------------------------------------


@st.composite
def texts_with_a_card(draw) -> str:
    card = draw(grouped(draw(cards())))
    around = st.text(max_size=30)
    return draw(around) + draw(st.sampled_from(["", " ", "\n", "-"])) + card + draw(st.sampled_from(["", " ", ".", "\n"])) + draw(around)


@settings(max_examples=600, deadline=None)
@given(texts_with_a_card())
def test_no_card_survives_in_any_text(text):
    masked, _changed = mask_sensitive(text)
    assert not surviving_cards(masked)
    assert len(masked) == len(text)
    assert all(a == b or (a.isdecimal() and b == "*") for a, b in zip(text, masked))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_no_card_survives_in_any_text_at_all(text):
    assert not surviving_cards(mask_sensitive(text)[0])


@settings(max_examples=400, deadline=None)
@given(cards(), st.data())
def test_no_card_survives_a_split_over_two_notes(card, data):
    cut = data.draw(st.integers(1, len(card) - 1))
    first = data.draw(st.text(max_size=20)) + " " + data.draw(grouped(card[:cut])) + data.draw(st.sampled_from(["", "-", ".", " -"]))
    second = data.draw(grouped(card[cut:])) + data.draw(st.sampled_from(["", " thanks", ". ok"]))
    before, after, _changed = mask_across(first, second)
    assert not surviving_cards(before + "\n" + after)


_SENSITIVE_OR_NOT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 -./\n_:a", max_size=40),
    st.sampled_from(
        ["cvv 123", "CVC: 9876", "security code 321", "보안코드 739", "安全码是740", "2026-11-30T23:08:09+00:00", "+1 650 253 0000"]
    ),
)


@st.composite
def json_values(draw):
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), _SENSITIVE_OR_NOT, texts_with_a_card())
    return draw(
        st.recursive(
            leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_SENSITIVE_OR_NOT, inner, max_size=4), max_leaves=12
        )
    )


@settings(max_examples=500, deadline=None)
@given(json_values())
def test_a_value_said_to_hold_nothing_to_mask_is_one_masking_leaves_alone(value):
    """The whole-call test (its strings joined for the card's shape, a code's phrase read only where
    a code's digits are) never passes a value in which masking would change anything."""
    masked, changed = mask_value(value)
    if nothing_to_mask(value):
        assert (masked, changed) == (value, False)
    if changed:
        assert not nothing_to_mask(value)


@st.composite
def texts_with_a_code(draw) -> str:
    """A phrase of any language, in any case (the long s and the Kelvin sign fold too), a gap, 3 or 4 digits."""
    from tui.domain.text.redact import code_phrases

    phrase = draw(st.sampled_from(code_phrases().phrases))
    phrase = "".join(draw(st.sampled_from([char, char.upper(), char.lower(), {"s": "ſ", "k": "K"}.get(char, char)])) for char in phrase)
    gap = draw(st.sampled_from(["", " ", ": ", " is ", "는 ", "是", " # "]))
    code = draw(st.text(alphabet="0123456789", min_size=3, max_size=4))
    return draw(st.text(max_size=10)) + phrase + gap + code + draw(st.sampled_from(["", " ", ".", "x"]))


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts_with_a_code(), st.text(alphabet="0123456789:-T+Z.ab 안전", max_size=30)))
def test_every_text_the_code_pattern_finds_a_code_in_is_masked(text):
    """The quick tests before the phrase pattern (a code's digits, a run of letters every phrase
    holds) never keep a text with a code away from it."""
    from tui.domain.text import redact

    pattern = redact._code_pattern(redact.code_phrases())
    if pattern.search(text):
        assert mask_sensitive(text)[1], text
