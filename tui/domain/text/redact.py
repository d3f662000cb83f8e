"""Card numbers and security codes never reach disk: masked before a note is journaled (DESIGN.md)."""

from __future__ import annotations

import re

# 13-19 digits, optionally split by single spaces or dashes (how people read card numbers aloud).
_CARD_RUN = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
_SECURITY_CODE = re.compile(r"(?i)\b(cvv2?|cvc2?|cid|csc|security code)(\s*[:#=]?\s*)(\d{3,4})\b")


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


def _mask_card(match: re.Match[str]) -> str:
    run = match.group(0)
    digits = [c for c in run if c.isdigit()]
    if not 13 <= len(digits) <= 19 or not luhn_valid("".join(digits)):
        return run
    keep_from = len(digits) - 4
    seen = 0
    out = []
    for char in run:
        if char.isdigit():
            out.append(char if seen >= keep_from else "*")
            seen += 1
        else:
            out.append(char)
    return "".join(out)


def mask_sensitive(text: str) -> tuple[str, bool]:
    """The text with card numbers cut to their last four digits and security codes starred.

    Returns (masked text, whether anything was masked). Digit runs that fail Luhn are left alone:
    order numbers and phone numbers are not cards.
    """
    masked = _CARD_RUN.sub(_mask_card, text)
    masked = _SECURITY_CODE.sub(lambda m: m.group(1) + m.group(2) + "*" * len(m.group(3)), masked)
    return masked, masked != text


# A validated phone number (and text built from it) is not a card, even when its digits pass Luhn.
_PHONE_FIELDS = frozenset({"caller", "number", "reading", "readback"})


def mask_event(event: dict) -> tuple[dict, bool]:
    """Every free-text field of an event masked (notes, e-mail, the caller as typed, a tag...).

    Returns (the event, whether anything was masked); a masked event carries `"masked": True`,
    which the review turns into a flag. The caller as typed is kept when it read as a number.
    """
    masked_any = False
    out = {}
    for key, value in event.items():
        if isinstance(value, str) and key not in _PHONE_FIELDS and not (key == "caller_input" and event.get("caller")):
            value, masked = mask_sensitive(value)
            masked_any = masked_any or masked
        out[key] = value
    if masked_any:
        out["masked"] = True
    return out, masked_any
