"""An offer from a call's log as a supervisor reads it: kind, amount, accepted, inside authority (P1)."""

from __future__ import annotations

from tui.domain.coaching.offer_words import kind_labels
from tui.domain.text.display import visible
from tui.support.i18n import _


def offer_text(offer: dict) -> str:
    """ "Refund 80 GBP", "Replacement"; an option outside the kinds (an imported call's) as written."""
    option = str(offer.get("option") or "")
    label = kind_labels().get(option, option)
    amount = offer.get("amount")
    money = ""
    if isinstance(amount, int | float) and not isinstance(amount, bool) and amount:
        money = f" {float(amount):g} {offer.get('currency') or ''}".rstrip()
    return visible(" ".join(f"{label}{money}".split()))


def offer_line(offer: dict) -> str:
    """ "Refund 80 GBP · accepted · outside authority": what was offered and how it ended."""
    parts = [offer_text(offer), _("accepted") if offer.get("accepted") else _("not accepted")]
    if offer.get("within_authority") is not None:
        parts.append(_("inside authority") if offer["within_authority"] else _("outside authority"))
    return " · ".join(parts)
