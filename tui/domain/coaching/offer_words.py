"""What the agent is told about an offer (METHOD.md P1): kind names and the authority verdict.

Plain strings through gettext, shared by the desk's F7 screen and line mode's /offer.
"""

from __future__ import annotations

from tui.domain.coaching.offers import AuthorityPolicy, judge
from tui.support.i18n import _

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
