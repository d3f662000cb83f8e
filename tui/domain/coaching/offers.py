"""Offers and the agent's authority (METHOD.md P1, L8): what may be granted without asking.

The policy is explicit numbers from config ([authority]), never "use your best judgment". An offer
is recorded as an `offer` event with `within_authority`, so the review can see it and the coach can
tell when only one option is on the table (L8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.domain.text.redact import mask_sensitive

OFFER_KINDS = ("refund", "credit", "replacement", "repair", "discount", "other")
CALLER_TYPE_TAG = "caller_type"


@dataclass(frozen=True)
class AuthorityPolicy:
    """Limits an agent may grant alone. None means no such limit applies (it needs approval)."""

    currency: str = ""
    refund_percent_of_spend: float | None = 20.0
    refund_up_to: float | None = None
    credit_up_to: float | None = 50.0
    discount_up_to: float | None = None
    replacement: bool = True
    repair: bool = True


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
MAX_AMOUNT_DIGITS = 9  # whole units: 999,999,999 is more than any offer; a card number is far more
MAX_AMOUNT = 999_999_999.999
# Digits 0-9 only, then at most three decimals after a point or a comma: no signs, exponents,
# underscores, "inf" or "nan", which float() would take.
_AMOUNT = re.compile(rf"[0-9]{{1,{MAX_AMOUNT_DIGITS}}}(?:[.,][0-9]{{1,3}})?")


def parse_amount(text: str) -> float | None:
    """'12.50', '12,50' or '' (no amount): a finite decimal from 0 to 999,999,999.999.

    ValueError for anything else, and CARD_NOT_AMOUNT for a card number (it would be stored as a
    number, out of reach of the masking)."""
    if mask_sensitive(text)[1]:
        raise ValueError(CARD_NOT_AMOUNT)
    cleaned = text.strip()
    if not cleaned:
        return None
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(text)
    return float(cleaned.replace(",", "."))


def needs_second_option(offers: list[dict]) -> bool:
    """L8: exactly one option on the table and the caller has not taken it: offer another."""
    return len(offers) == 1 and not offers[0].get("accepted")


def caller_type(tags: list[dict]) -> str | None:
    """The latest caller type tagged in the call (F6), or None."""
    for tag in reversed(tags):
        if tag.get("tag") == CALLER_TYPE_TAG:
            return tag.get("value")
    return None
