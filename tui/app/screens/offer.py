"""F7: record an option offered (METHOD.md P1, L8), and see at once whether it is inside authority.

Digits 1-6 pick the kind (while the kind list has focus), Tab moves to the amount, the prior spend
and "accepted"; the verdict line follows every change. Enter records it, Esc goes back to the call.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.offers import OFFER_KINDS, AuthorityPolicy, judge
from ...domain.redact import mask_sensitive
from ...i18n import _


def kind_labels() -> dict[str, str]:
    return {
        "refund": _("Refund"),
        "credit": _("Credit"),
        "replacement": _("Replacement"),
        "repair": _("Repair"),
        "discount": _("Discount"),
        "other": _("Other"),
    }


CARD_NOT_AMOUNT = "That is a card number, not an amount: it is not recorded."


def parse_amount(text: str) -> float | None:
    """'12.50', '12,50' or '' (no amount). ValueError for anything else, and for a card number
    (it would be stored as a float, out of reach of the masking)."""
    if mask_sensitive(text)[1]:
        raise ValueError(CARD_NOT_AMOUNT)
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)
    if value < 0 or value != value:
        raise ValueError(text)
    return value


def verdict_text(policy: AuthorityPolicy, kind: str, amount: float | None, spend: float | None) -> Text:
    verdict = judge(policy, kind, amount, spend)
    money = f"{verdict.limit:g} {policy.currency}".strip() if verdict.limit is not None else ""
    if verdict.basis == "needs_spend":
        return Text(_("Enter the caller's prior spend to check a refund against your limit."), "yellow")
    if verdict.within:
        line = _("Inside your authority: you may offer this now.")
        if money:
            line += " " + _("(limit {limit})").format(limit=money)
        return Text("✓ " + line, "bold green")
    if verdict.limit is not None:
        return Text("✗ " + _("Over your limit of {limit}: needs approval before you offer it.").format(limit=money), "bold red")
    return Text("✗ " + _("Not in your authority: ask for approval before you offer it."), "bold red")


class OfferScreen(ModalScreen[dict | None]):
    BINDINGS = [
        Binding("escape", "back", "Back to the call"),
        Binding("enter", "record", "Record the offer", priority=True),
    ]

    def __init__(self, policy: AuthorityPolicy, offered_before: int = 0) -> None:
        super().__init__()
        self.policy = policy
        self.offered_before = offered_before

    def compose(self) -> ComposeResult:
        labels = kind_labels()
        with Vertical(id="offer"):
            yield Label(_("Record an offer: 1-6 pick the kind, Tab the amount. Enter records it, Esc goes back."))
            with Horizontal(id="offer-row"):
                yield OptionList(*[Option(f"{i + 1} {labels[k]}", id=k) for i, k in enumerate(OFFER_KINDS)], id="offer-kind")
                with Vertical(id="offer-fields"):
                    yield Input(placeholder=_("Amount") + (f" ({self.policy.currency})" if self.policy.currency else ""), id="offer-amount")
                    yield Input(placeholder=_("Caller's prior spend (for refunds)"), id="offer-spend")
                    yield Checkbox(_("Accepted by the caller"), id="offer-accepted")
            yield Static(id="offer-verdict")

    def on_mount(self) -> None:
        kinds = self.query_one("#offer-kind", OptionList)
        kinds.border_title = _("Option")
        kinds.highlighted = 0
        kinds.focus()
        self.refresh_verdict()

    def on_key(self, event) -> None:
        character = event.character or ""
        if self.focused is self.query_one("#offer-kind") and character.isdigit() and 1 <= int(character) <= len(OFFER_KINDS):
            event.stop()
            self.query_one("#offer-kind", OptionList).highlighted = int(character) - 1
            self.query_one("#offer-amount", Input).focus()

    def choice(self) -> tuple[str, float | None, float | None, bool]:
        """Kind, amount, prior spend, accepted. ValueError when a number cannot be read."""
        kind = OFFER_KINDS[self.query_one("#offer-kind", OptionList).highlighted or 0]
        amount = parse_amount(self.query_one("#offer-amount", Input).value)
        spend = parse_amount(self.query_one("#offer-spend", Input).value)
        return kind, amount, spend, self.query_one("#offer-accepted", Checkbox).value

    def refresh_verdict(self) -> None:
        verdict = self.query_one("#offer-verdict", Static)
        try:
            kind, amount, spend, _accepted = self.choice()
        except ValueError as error:
            card = str(error) == CARD_NOT_AMOUNT
            verdict.update(Text(_(CARD_NOT_AMOUNT) if card else _("Amounts are numbers, e.g. 12.50."), "yellow"))
            return
        verdict.update(verdict_text(self.policy, kind, amount, spend))

    def on_input_changed(self) -> None:
        self.refresh_verdict()

    def on_option_list_option_highlighted(self) -> None:
        self.refresh_verdict()

    def action_record(self) -> None:
        try:
            kind, amount, spend, accepted = self.choice()
        except ValueError:
            self.refresh_verdict()
            return
        self.dismiss({"kind": kind, "amount": amount, "prior_spend": spend, "accepted": accepted})

    def action_back(self) -> None:
        self.dismiss(None)
