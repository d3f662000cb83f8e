"""F7: record an option offered (METHOD.md P1, L8), and see at once whether it is inside authority.

Digits 1-6 pick the kind (while the kind list has focus), Tab moves to the amount, the prior spend
and "accepted"; the verdict line follows every change. Enter records it, Esc goes back to the call.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.actions import bindings
from tui.config.keys import OFFER_ACTIONS
from tui.domain.coaching.offer_words import NEEDS_SPEND, WITHIN, kind_labels, verdict_sentence
from tui.domain.coaching.offers import CARD_NOT_AMOUNT, OFFER_KINDS, AuthorityPolicy, parse_amount
from tui.support.i18n import _


def verdict_text(policy: AuthorityPolicy, kind: str, amount: float | None, spend: float | None) -> Text:
    tone, sentence = verdict_sentence(policy, kind, amount, spend)
    if tone == NEEDS_SPEND:
        return Text(sentence, "yellow")
    if tone == WITHIN:
        return Text("✓ " + sentence, "bold green")
    return Text("✗ " + sentence, "bold red")


class OfferScreen(ModalScreen[dict | None]):
    BINDINGS = bindings(OFFER_ACTIONS)

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
