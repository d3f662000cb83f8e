"""What the agent is told about an offer (METHOD.md P1): kind names and the authority verdict.

Plain strings through gettext, shared by the desk's F7 screen and line mode's /offer.
"""

from __future__ import annotations

from tui.domain.coaching import offers as amounts
from tui.domain.coaching.authority import AuthorityPolicy
from tui.domain.coaching.offers import AmountError, judge
from tui.domain.text.display import visible
from tui.support.i18n import N_, _

NEEDS_SPEND, WITHIN, OVER = "needs_spend", "within", "over"


def kind_labels() -> dict[str, str]:
    return {
        "refund": _("Refund"),
        "credit": _("Credit"),
        "replacement": _("Replacement"),
        "repair": _("Repair"),
        "discount": _("Discount"),
        "other": _("Other"),
    }


def verdict_sentence(policy: AuthorityPolicy, kind: str, amount: float | None, spend: float | None) -> tuple[str, str]:
    """(NEEDS_SPEND, WITHIN or OVER, the sentence): is the offer inside the agent's authority?"""
    verdict = judge(policy, kind, amount, spend)
    money = f"{verdict.limit:g} {policy.currency}".strip() if verdict.limit is not None else ""
    if verdict.basis == "needs_spend":
        return NEEDS_SPEND, _("Enter the caller's prior spend to check a refund against your limit.")
    if verdict.basis == "needs_amount":
        return NEEDS_SPEND, _("Type the amount to check it against your limit.")
    if verdict.within:
        line = _("Inside your authority: you may offer this now.")
        if money:
            line += " " + _("(limit {limit})").format(limit=money)
        return WITHIN, line
    if verdict.limit is not None:
        return OVER, _("Over your limit of {limit}: needs approval before you offer it.").format(limit=money)
    return OVER, _("Not in your authority: ask for approval before you offer it.")


_AMOUNT_PROBLEMS = {
    amounts.CARD: amounts.CARD_NOT_AMOUNT,
    amounts.NEGATIVE: N_("An amount cannot be below zero: type {suggestion}, not {text}."),
    amounts.SIGN: N_("Type the amount without a sign: {suggestion}."),
    amounts.CURRENCY: N_("Type the amount without its currency: {suggestion}."),
    amounts.DIGITS: N_("Type the amount in the digits 0-9: {suggestion}."),
    amounts.GROUPED: N_("Type the amount without thousands separators: {suggestion}."),
    amounts.AMBIGUOUS: N_("{text} could be thousands or decimals: type {suggestion} for thousands, or a point for decimals."),
    amounts.DECIMALS: N_("{text} has more than three decimals: type at most three, e.g. {suggestion}."),
    amounts.TOO_LARGE: N_("{text} is too large for an offer: at most 999999999."),
    amounts.NOT_A_NUMBER: N_("{text} is not an amount: type a number, e.g. 12.50."),
}


def amount_problem(error: AmountError) -> str:
    """The one sentence that says what is wrong with an amount typed (F7, line mode's /offer)."""
    sentence = _AMOUNT_PROBLEMS.get(error.problem, _AMOUNT_PROBLEMS[amounts.NOT_A_NUMBER])
    return _(sentence).format(text=repr(visible(error.text.strip())), suggestion=error.suggestion)
