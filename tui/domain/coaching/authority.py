"""The agent's authority (METHOD.md P1, L8): the limits an agent may grant alone, from config's
[authority]. Apart from the offers (tui.domain.coaching.offers: judging them and reading their
amounts, with its regexes), which the desk needs only once an offer is made: the config holds the
policy before the desk's first frame (issue 18 item 1)."""

from __future__ import annotations

from tui.support.frozen_record import FrozenRecord

MAX_AMOUNT_DIGITS = 9  # whole units: 999,999,999 is more than any offer; a card number is far more
MAX_AMOUNT = 999_999_999.999


class AuthorityPolicy(FrozenRecord):
    """Limits an agent may grant alone. None means no such limit applies (it needs approval)."""

    currency: str = ""
    refund_percent_of_spend: float | None = 20.0
    refund_up_to: float | None = None
    credit_up_to: float | None = 50.0
    discount_up_to: float | None = None
    replacement: bool = True
    repair: bool = True
