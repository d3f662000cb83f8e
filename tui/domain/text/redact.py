"""Card numbers and security codes never reach disk: one masking pass for every text that enters.

A card is a Luhn-valid run of 13-19 digits; its groups may be split by any one character that is
not a letter or digit (dash, dot, slash, underscore...) and by any spaces or line breaks around
it, so the groups people read aloud or paste are caught however they are joined. Within a longer run of groups,
every stretch that starts and ends at a group boundary is checked too. A security code is 3-4
digits after a phrase people use for it ("cvv is 123", "보안코드 739", "安全码是740"); the
phrases are data (data/redaction.toml), read by tui.config.data_files and installed here with
`use_code_phrases`, since the domain reads no files.

Masking is one character for one character (a digit becomes `*`), so a text masked whole can be
cut back into its parts: that is how a card split over two notes is found (`mask_across`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from tui.support.frozen_record import FrozenRecord

CARD_MIN, CARD_MAX = 13, 19
KEEP_LAST = 4
MASK = "*"
_DIGIT = re.compile(r"\d")  # any decimal digit, as str.isdecimal counts them (fullwidth too)
# 13 digits with nothing but separators between them ([\W_] is "not str.isalnum()"): what any card
# needs at the least, so a text without it (a date, a call id) is not walked digit by digit.
_CARD_SHAPE = re.compile(r"\d(?:[\W_]*\d){12}")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# -- cards ---------------------------------------------------------------------------------------


def _separator_end(text: str, start: int) -> int:
    """Where a separator between two groups of digits that begins at `start` ends (`start` when
    there is none): spaces and line breaks, with at most one other sign that is not a letter or a
    digit among them ("-", " / ", "_", ".\n")."""
    end, signs = start, 0
    while end < len(text) and not text[end].isalnum():
        if not text[end].isspace():
            signs += 1
            if signs > 1:
                return start
        end += 1
    return end if end < len(text) and text[end].isdecimal() else start


def _runs(text: str) -> Iterable[list[list[int]]]:
    """Maximal digit runs as lists of groups (each a list of the digits' positions in `text`):
    a group is consecutive digits, and groups joined by a separator are one run."""
    i, n = 0, len(text)
    while i < n:
        if not text[i].isdecimal():
            i += 1
            continue
        groups: list[list[int]] = [[i]]
        j = i + 1
        while j < n:
            if text[j].isdecimal():
                groups[-1].append(j)
                j += 1
                continue
            after = _separator_end(text, j)
            if after == j:
                break
            groups.append([after])
            j = after + 1
        yield groups
        i = j


def card_windows(text: str, keep: frozenset[str] = frozenset()) -> list[list[int]]:
    """Positions of the digits of every card in `text` (one list per card found).

    A stretch of a run is a card when it begins and ends at a group boundary, holds 13-19 digits
    and passes Luhn, unless its digits are in `keep` (a checked phone number is not a card).
    """
    found: list[list[int]] = []
    if not _CARD_SHAPE.search(text):
        return found  # the common case (a date, an order number), answered by the regex engine
    for groups in _runs(text):
        starts = [0]
        for group in groups:
            starts.append(starts[-1] + len(group))
        if starts[-1] < CARD_MIN:
            continue
        positions = [position for group in groups for position in group]
        for a in range(len(groups)):
            for b in range(a + 1, len(groups) + 1):
                length = starts[b] - starts[a]
                if length > CARD_MAX:
                    break
                if length < CARD_MIN:
                    continue
                window = positions[starts[a] : starts[b]]
                digits = "".join(text[p] for p in window)
                if luhn_valid(digits) and _plain(digits) not in keep:
                    found.append(window)
    return found


def _plain(digits: str) -> str:
    """ASCII digits: a card typed in full-width or another script's digits is the same card."""
    return "".join(str(int(char)) for char in digits)


def _mask_cards(text: str, keep: frozenset[str]) -> str:
    # Masking can leave the last four digits of one card next to digits that, seen afresh, make
    # another card: repeat until nothing changes (each round only adds stars).
    chars = list(text)
    while True:
        windows = card_windows("".join(chars), keep)
        if not windows:
            return "".join(chars)
        for window in windows:
            for position in window[:-KEEP_LAST]:
                chars[position] = MASK


# -- security codes ------------------------------------------------------------------------------


class CodePhrases(FrozenRecord):
    """What people say before a security code: phrases ("security code") and the small words
    that may stand between the phrase and the digits ("is", "는", "是")."""

    phrases: tuple[str, ...] = ()
    joiners: tuple[str, ...] = ()


class CodePhrasesError(ValueError):
    """The phrase table cannot be used; str() names its source and the table."""


CODE_LANGUAGES = ("en", "ko", "zh-Hans", "zh-Hant")


def parse_code_phrases(raw: dict, source: str) -> CodePhrases:
    """Every language's phrases and joining words from the TOML table (data/redaction.toml), in
    one set: a code is masked whatever the desk's language."""
    phrases: list[str] = []
    joiners: list[str] = []
    for language in CODE_LANGUAGES:
        table = raw.get(language)
        if not isinstance(table, dict):
            raise CodePhrasesError(f"{source}: [{language}] is missing")
        for key, into in (("phrases", phrases), ("joiners", joiners)):
            words = table.get(key, [])
            if not isinstance(words, list) or not all(isinstance(word, str) and word.strip() for word in words):
                raise CodePhrasesError(f"{source}: [{language}] {key} must be a list of words")
            into.extend(word.strip() for word in words)
    if not phrases:
        raise CodePhrasesError(f"{source}: no phrases")
    return CodePhrases(tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(joiners)))


class _CodeReading(FrozenRecord):
    pattern: re.Pattern[str] | None  # phrase, gap, code
    parts: re.Pattern[str] | None  # a piece of each phrase (_phrase_parts)


_code_phrases = CodePhrases()
_reading: _CodeReading | None = _CodeReading(None, None)  # None: compiled at the first mask


def use_code_phrases(phrases: CodePhrases) -> None:
    """Install the phrases read from the data file (tui.config.data_files), for every later mask.
    Their patterns are compiled once (per text, hashing the phrase tables cost more than masking),
    at the first mask: not at every command's start, before the first frame or prompt (~5 ms)."""
    global _code_phrases, _reading
    _code_phrases = phrases
    _reading = None


def _code_reading() -> _CodeReading:
    global _reading
    _reading = _reading or _CodeReading(_code_pattern(_code_phrases), _phrase_parts(_code_phrases))
    return _reading


def code_phrases() -> CodePhrases:
    return _code_phrases


def _words(phrase: str) -> str:
    """A phrase as a pattern: any run of spaces in it matches any run of spaces (or none between
    a Latin word and a CJK one); a Latin phrase starts at a word boundary."""
    parts = [re.escape(part) for part in phrase.split()]
    pattern = r"\s*".join(parts)
    return (r"\b" if phrase[:1].isascii() and phrase[:1].isalnum() else "") + pattern


@lru_cache(maxsize=8)
def _code_pattern(phrases: CodePhrases) -> re.Pattern[str] | None:
    if not phrases.phrases:
        return None
    longest_first = sorted(set(phrases.phrases), key=len, reverse=True)
    joiners = sorted(set(phrases.joiners), key=len, reverse=True)
    joiner = "|".join(_words(word) + (r"\b" if word[-1:].isascii() and word[-1:].isalnum() else "") for word in joiners)
    gap = r"(?:[\s:：=＝#＃.,，、\-–—]" + (f"|{joiner}" if joiner else "") + r"){0,6}"
    return re.compile(
        rf"(?i)(?:{'|'.join(_words(phrase) for phrase in longest_first)}){gap}(?P<code>\d(?:[^\w\n]?\d){{2,3}})(?!\d)",
    )


# What a code's digits need at the least (the `code` group below): a text without it holds no
# code, and the phrase pattern, costly on every text with a digit, need not run.
_CODE_DIGITS = re.compile(r"\d(?:[^\w\n]?\d){2}")


@lru_cache(maxsize=8)
def _phrase_parts(phrases: CodePhrases) -> re.Pattern[str] | None:
    """One piece of each phrase as the phrase pattern reads it (its longest run between spaces,
    matched whatever its case): a text without any holds no code, however many digits it has (a
    time, a call id, a phone number, an agent's name and number), so the phrase pattern, slow
    over each character, need not run. A piece holding another piece is found by that one."""
    pieces = {max(phrase.split(), key=len) for phrase in phrases.phrases if phrase.split()}
    kept = sorted(piece for piece in pieces if not any(other != piece and other in piece for other in pieces))
    return re.compile("(?i)" + "|".join(re.escape(piece) for piece in kept)) if kept else None


def _may_hold_code(text: str) -> bool:
    """What a code needs at the least: its digits, and a piece of a phrase."""
    parts = _code_reading().parts
    return _CODE_DIGITS.search(text) is not None and (parts is None or parts.search(text) is not None)


def _mask_codes(text: str) -> str:
    pattern = _code_reading().pattern
    if pattern is None or not _may_hold_code(text):
        return text

    def star(match: re.Match[str]) -> str:
        start, end = match.span("code")
        code = "".join(MASK if char.isdecimal() else char for char in text[start:end])
        return match.group(0)[: start - match.start()] + code + match.group(0)[end - match.start() :]

    return pattern.sub(star, text)


# -- the one pass --------------------------------------------------------------------------------


def mask_sensitive(text: str, keep: Iterable[str] = ()) -> tuple[str, bool]:
    """The text with card numbers cut to their last four digits and security codes starred.

    Returns (masked text, whether anything was masked); the masked text has the same length.
    Digit runs that fail Luhn are left alone: order numbers and phone numbers are not cards;
    `keep` holds the digits of checked phone numbers that happen to pass Luhn.
    """
    if not _DIGIT.search(text):
        return text, False  # cards and codes are digits: most texts (keys, steps, words) have none
    masked = _mask_codes(_mask_cards(text, frozenset(keep)))
    return masked, masked != text


def mask_across(previous: str, text: str) -> tuple[str, str, bool]:
    """Two consecutive notes masked as one text (a card read out in two halves, "4111 1111-" then
    "1111 1111"): both back, masked, and whether anything in them changed. The end of one and the
    start of the other count as one separator, whatever punctuation stands there."""
    tail = len(previous)
    while tail and not previous[tail - 1].isalnum():
        tail -= 1
    head = 0
    while head < len(text) and not text[head].isalnum():
        head += 1
    joined = mask_sensitive(previous[:tail] + "\n" + text[head:])[0]
    before = joined[:tail] + previous[tail:]
    after = text[:head] + joined[tail + 1 :]
    return before, after, before != previous or after != text


# -- events --------------------------------------------------------------------------------------

# A checked phone number (and text built from it) is not a card, even when its digits pass Luhn.
PHONE_FIELDS = ("caller", "number")
_NUMBER_TEXTS = frozenset({"caller_input", "reading", "readback"})
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def phone_digits(event: dict) -> frozenset[str]:
    """The digits of the event's checked phone numbers, whole and as dialled nationally (a trunk
    zero, the country code left off), which the number's own fields may show."""
    kept = set()
    for field in PHONE_FIELDS:
        value = event.get(field)
        if isinstance(value, str) and _E164.match(value) and is_phone_number(value):
            digits = value[1:]
            kept.add(digits)
            for cut in range(1, 4):
                kept.update({digits[cut:], "0" + digits[cut:]})
    return frozenset(kept)


@lru_cache(maxsize=4096)
def is_phone_number(e164: str, *, possible: bool = False) -> bool:
    """A valid number by phonenumbers' metadata (a card number pasted as a caller is not one), or
    with `possible` only one of a possible length for its country."""
    import phonenumbers  # lazy: phonenumbers stays off the desk's first frame

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number) if possible else phonenumbers.is_valid_number(number)


def mask_value(value: object, keep: frozenset[str] = frozenset()) -> tuple[object, bool]:
    """Every string in a JSON value (nested lists and objects, keys too) masked."""
    if isinstance(value, str):
        return mask_sensitive(value, keep)
    if value is None or isinstance(value, (int, float)):
        return value, False
    if isinstance(value, list):
        items = [mask_value(item, keep) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    if isinstance(value, dict):
        out, changed = {}, False
        for key, item in value.items():
            new_key, key_changed = mask_sensitive(key) if isinstance(key, str) else (key, False)
            new_item, item_changed = mask_value(item, keep)
            out[new_key] = new_item
            changed = changed or key_changed or item_changed
        return out, changed
    return value, False


def mask_event(event: dict, *, mark: bool = True) -> tuple[dict, bool]:
    """Every text of an event masked (notes, e-mail, the caller as typed, a tag, any other field).

    Returns (the event, whether anything was masked); a masked event carries `"masked": True`
    (unless `mark` is False), which the review turns into a flag. The event's checked phone
    numbers are kept, and where the caller as typed, the reading or the readback show those
    numbers, those digits are kept too.
    """
    keep = phone_digits(event)
    masked_any = False
    out: dict[str, Any] = {}
    for key, value in event.items():
        if key in PHONE_FIELDS and isinstance(value, str) and value[1:] in keep:
            out[key] = value
            continue
        value, masked = mask_value(value, keep if key in _NUMBER_TEXTS else frozenset())
        masked_any = masked_any or masked
        out[key] = value
    if masked_any and mark:
        out["masked"] = True
    return out, masked_any
