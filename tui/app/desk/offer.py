"""F7: record an option offered (METHOD.md P1, L8), and see at once whether it is inside authority.

Digits 1-6 pick the kind (while the kind list has the focus and no note is being typed: typing goes
on into the note, tui.app.desk.typing); Tab moves into the amount, the prior spend and "accepted",
which then have the keys; Esc gives them back to the kind list. The verdict line follows every
change. Enter records it (a refund, credit or discount only with its amount), Esc goes back to the call.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.actions import bindings
from tui.app.desk.dialogs import dialog_css
from tui.app.desk.typing import TypesThrough, has_the_keys
from tui.config.keys import OFFER_ACTIONS
from tui.domain.coaching.authority import AuthorityPolicy
from tui.domain.coaching.offer_words import NEEDS_SPEND, WITHIN, amount_problem, kind_labels, verdict_sentence
from tui.domain.coaching.offers import OFFER_KINDS, AmountError, parse_amount
from tui.support.i18n import _


def verdict_text(policy: AuthorityPolicy, kind: str, amount: float | None, spend: float | None) -> Text:
    tone, sentence = verdict_sentence(policy, kind, amount, spend)
    if tone == NEEDS_SPEND:
        return Text(sentence, "yellow")
    if tone == WITHIN:
        return Text("✓ " + sentence, "bold green")
    return Text("✗ " + sentence, "bold red")


MONEY_KINDS = ("refund", "credit", "discount")


class OfferScreen(TypesThrough, ModalScreen[dict[str, Any] | None]):
    SCOPED_CSS = False  # its rules name its own ids, as in desk.tcss where they were
    DEFAULT_CSS = (
        dialog_css("offer", labels="#offer > Label, #offer-verdict")
        + """
    #offer-row { height: auto; }
    #offer-kind { width: 1fr; height: auto; border: round $primary 50%; }
    #offer-fields { width: 2fr; height: auto; }
    """
    )

    ONE_KEY_CHOICES = "".join(str(number) for number in range(1, len(OFFER_KINDS) + 1))

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

    def on_key(self, event: events.Key) -> None:
        character = event.character or ""
        if self.focused is self.query_one("#offer-kind") and character.isdigit() and 1 <= int(character) <= len(OFFER_KINDS):
            event.stop()  # the kind only: Tab moves into the amount, as the hint says
            self.query_one("#offer-kind", OptionList).highlighted = int(character) - 1

    def choice(self) -> tuple[str, float | None, float | None, bool]:
        """Kind, amount, prior spend, accepted. AmountError when a number cannot be read."""
        kind = OFFER_KINDS[self.query_one("#offer-kind", OptionList).highlighted or 0]
        amount = parse_amount(self.query_one("#offer-amount", Input).value)
        spend = parse_amount(self.query_one("#offer-spend", Input).value)
        return kind, amount, spend, self.query_one("#offer-accepted", Checkbox).value

    def refresh_verdict(self) -> None:
        verdict = self.query_one("#offer-verdict", Static)
        try:
            kind, amount, spend, _accepted = self.choice()
        except AmountError as error:
            verdict.update(Text(amount_problem(error), "yellow"))
            return
        verdict.update(verdict_text(self.policy, kind, amount, spend))

    def on_input_changed(self) -> None:
        self.refresh_verdict()

    def on_option_list_option_highlighted(self) -> None:
        self.refresh_verdict()

    def action_record(self) -> None:
        try:
            kind, amount, spend, accepted = self.choice()
        except AmountError:
            self.refresh_verdict()
            return
        if kind in MONEY_KINDS and amount is None:
            label = kind_labels()[kind]
            self.query_one("#offer-verdict", Static).update(
                Text(_("Type the amount of the {kind} first (Tab moves into it).").format(kind=label), "bold yellow")
            )
            return
        self.dismiss({"kind": kind, "amount": amount, "prior_spend": spend, "accepted": accepted})

    def action_back(self) -> None:
        if has_the_keys(self.focused):
            self.set_focus(self.query_one("#offer-kind", OptionList))  # Esc gives the keys back, at once
            return
        self.dismiss(None)
