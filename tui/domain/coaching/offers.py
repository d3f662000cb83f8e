"""Offers against the agent's authority (METHOD.md P1, L8): what may be granted without asking.

The policy (tui.domain.coaching.authority) is explicit numbers from config ([authority]), never
"use your best judgment". An offer is recorded as an `offer` event with `within_authority`, so the
review can see it and the coach can tell when only one option is on the table (L8).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui.domain.coaching.authority import MAX_AMOUNT_DIGITS, AuthorityPolicy
from tui.domain.text.redact import mask_sensitive

OFFER_KINDS = ("refund", "credit", "replacement", "repair", "discount", "other")
CALLER_TYPE_TAG = "caller_type"


@dataclass(frozen=True)
class Verdict:
    within: bool
    basis: str  # which limit decided: refund_percent_of_spend, credit_up_to, ..., no_limit, needs_spend, needs_amount
    limit: float | None = None


def judge(policy: AuthorityPolicy, kind: str, amount: float | None, prior_spend: float | None = None) -> Verdict:
    """Is this offer inside the agent's authority? Money offers are compared with each limit."""
    if kind not in OFFER_KINDS:
        raise ValueError(f"unknown offer kind {kind!r}")
    if kind in ("replacement", "repair"):
        allowed = getattr(policy, kind)
        return Verdict(allowed, kind if allowed else "no_limit")
    if kind == "other":
        return Verdict(False, "no_limit")
    if amount is None:
        return Verdict(False, "needs_amount")  # never "inside authority" for a sum nobody typed
    value = amount
    if kind == "credit":
        return _against(value, policy.credit_up_to, "credit_up_to")
    if kind == "discount":
        return _against(value, policy.discount_up_to, "discount_up_to")
    # A refund: inside either limit is inside authority; the larger one is the one to show.
    limits = []
    if policy.refund_up_to is not None:
        limits.append((policy.refund_up_to, "refund_up_to"))
    if policy.refund_percent_of_spend is not None:
        if prior_spend is None:
            if not limits:
                return Verdict(False, "needs_spend")
        else:
            limits.append((round(prior_spend * policy.refund_percent_of_spend / 100.0, 2), "refund_percent_of_spend"))
    if not limits:
        return Verdict(False, "no_limit")
    limit, basis = max(limits)
    return Verdict(value <= limit, basis, limit)


def _against(value: float, limit: float | None, basis: str) -> Verdict:
    if limit is None:
        return Verdict(False, "no_limit")
    return Verdict(value <= limit, basis, limit)


def offer_fields(policy: AuthorityPolicy, kind: str, amount: float | None, accepted: bool, prior_spend: float | None = None) -> dict:
    """The fields of an `offer` event (LiveCall.record("offer", **fields))."""
    verdict = judge(policy, kind, amount, prior_spend)
    fields: dict = {
        "option": kind,
        "amount": amount,
        "currency": policy.currency,
        "accepted": accepted,
        "within_authority": verdict.within,
        "basis": verdict.basis,
    }
    if verdict.limit is not None:
        fields["limit"] = verdict.limit
    if prior_spend is not None:
        fields["prior_spend"] = prior_spend
    return fields


CARD_NOT_AMOUNT = "That is a card number, not an amount: it is not recorded."
# Digits 0-9 only, then at most three decimals after a point or a comma: no signs, exponents,
# underscores, "inf" or "nan", which float() would take.
_AMOUNT = re.compile(rf"[0-9]{{1,{MAX_AMOUNT_DIGITS}}}(?:[.,][0-9]{{1,3}})?")
# A comma before exactly three digits ("1,000", "2,500") is a thousands separator to most agents
# and a decimal comma to some: read as either it could record a thousand times too little.
_COMMA_THOUSANDS = re.compile(r"[0-9]{1,3},[0-9]{3}")
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?P<sep>[,. '\u00a0])[0-9]{3})(?:(?P=sep)[0-9]{3})*(?:[.,][0-9]{1,3})?")
_CURRENCY = re.compile(
    r"^(?:[$€£¥￥₩]|US\$|usd|eur|gbp|jpy|krw|cny|rmb)\s*|\s*(?:[$€£¥￥₩元円원块塊]|usd|eur|gbp|jpy|krw|cny|rmb)$", re.IGNORECASE
)

# What is wrong with an amount that cannot be read (AmountError.problem); offer_words says it.
CARD, NEGATIVE, SIGN, CURRENCY, DIGITS, GROUPED, AMBIGUOUS, DECIMALS, TOO_LARGE, NOT_A_NUMBER = (
    "card", "negative", "sign", "currency", "digits", "grouped", "ambiguous", "decimals", "too_large", "not_a_number",
)  # fmt: skip


class AmountError(ValueError):
    """An amount that cannot be read: `problem` says what is wrong, `suggestion` what to type
    instead ("" when there is nothing to suggest); str() is CARD_NOT_AMOUNT for a card number."""

    def __init__(self, text: str, problem: str, suggestion: str = "") -> None:
        super().__init__(CARD_NOT_AMOUNT if problem == CARD else text)
        self.text, self.problem, self.suggestion = text, problem, suggestion


def parse_amount(text: str) -> float | None:
    """'12.50', '12,50' or '' (no amount): a finite decimal from 0 to 999,999,999.999.

    AmountError for anything else, saying what is wrong; CARD_NOT_AMOUNT for a card number (it
    would be stored as a number, out of reach of the masking)."""
    if mask_sensitive(text)[1]:
        raise AmountError(text, CARD)
    cleaned = text.strip()
    if not cleaned:
        return None
    if _COMMA_THOUSANDS.fullmatch(cleaned):
        raise AmountError(text, AMBIGUOUS, cleaned.replace(",", ""))
    if not _AMOUNT.fullmatch(cleaned):
        problem, suggestion = _what_is_wrong(cleaned)
        raise AmountError(text, problem, suggestion)
    return float(cleaned.replace(",", "."))


def _readable(text: str) -> str | None:
    """`text` as it would be typed right, if it then reads as an amount."""
    text = text.strip()
    return text if _AMOUNT.fullmatch(text) and not _COMMA_THOUSANDS.fullmatch(text) else None


def _what_is_wrong(text: str) -> tuple[str, str]:
    """(problem, what to type instead) for a text that is not an amount."""
    ascii_digits = "".join(str(unicodedata.digit(char)) if unicodedata.digit(char, None) is not None else char for char in text)
    if ascii_digits != text and _readable(ascii_digits):
        return DIGITS, ascii_digits  # full-width or other scripts' digits (an IME left on)
    for signs, problem in (("-\u2212", NEGATIVE), ("+", SIGN)):
        if text[0] in signs and (rest := _readable(text[1:]) or _grouped(text[1:].strip())):
            return problem, rest
    without_currency = _CURRENCY.sub("", text)
    if without_currency != text and (rest := _readable(without_currency) or _grouped(without_currency)):
        return CURRENCY, rest
    if grouped := _grouped(text):
        return GROUPED, grouped
    number = re.fullmatch(r"([0-9]+)(?:[.,]([0-9]+))?", text)
    if number is None:
        return NOT_A_NUMBER, ""
    whole, decimals = number.group(1), number.group(2) or ""
    if len(whole) > MAX_AMOUNT_DIGITS:
        return TOO_LARGE, ""
    return DECIMALS, f"{whole}.{decimals[:2]}"  # the only other way digits fail: four decimals or more


def _grouped(text: str) -> str | None:
    """'1,000.50', '1.000,50', '1 000' typed with thousands separators: the amount without them."""
    match = _GROUPED.fullmatch(text)
    if match is None:
        return None
    separator = match.group("sep")
    point = "," if separator == "." else "."
    head, has_decimals, decimals = text.rpartition(point) if text.rfind(point) > text.rfind(separator) else (text, "", "")
    return _readable(head.replace(separator, "") + ("." + decimals if has_decimals else ""))


def needs_second_option(offers: list[dict]) -> bool:
    """L8: exactly one option on the table and the caller has not taken it: offer another."""
    return len(offers) == 1 and not offers[0].get("accepted")


def caller_type(tags: list[dict]) -> str | None:
    """The latest caller type tagged in the call (F6), or None."""
    for tag in reversed(tags):
        if tag.get("tag") == CALLER_TYPE_TAG:
            return tag.get("value")
    return None
