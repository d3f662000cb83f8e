"""/type and /offer in line mode: the desk's F6 and F7, as one question per line.

`/type [1-5 or name]` tags the caller's type and says its hint (METHOD.md, difficult callers).
`/offer [kind] [amount] [spend N] [accepted|declined]` records an option offered: what is not on
the line is asked, one line each, Enter taking the proposal; the verdict against [authority] (P1)
is said before the caller's answer is asked, and with one option on the table the L8 nudge follows.
"""

from __future__ import annotations

from typing import Literal

import tui.domain.call.events as ev
from tui.config.data_files import phrase_rules
from tui.config.settings import Config
from tui.domain.call.live import LiveCall
from tui.domain.coaching.offer_words import amount_problem, kind_labels, verdict_sentence
from tui.domain.coaching.offers import (
    CALLER_TYPE_TAG,
    CARD_NOT_AMOUNT,
    NOT_A_NUMBER,
    OFFER_KINDS,
    AmountError,
    caller_type,
    needs_second_option,
    offer_fields,
    parse_amount,
)
from tui.domain.coaching.phrases import CALLER_TYPES, PhraseRules
from tui.domain.text.redact import mask_sensitive
from tui.line.choices import choices_text, pick
from tui.line.io import LineIO
from tui.support.i18n import _

# What `/offer ...` said: kind, amount, prior spend, accepted (None where the line did not say).
Offer = tuple[str | None, float | None, float | None, bool | None]
MONEY_KINDS = ("refund", "credit", "discount")
YES = ("y", "yes", "accepted", "accept")
NO = ("n", "no", "declined", "decline", "not")


class LineCoaching:
    """/type and /offer on the live call, asked and said through the io."""

    def __init__(self, io: LineIO, config: Config, call: LiveCall) -> None:
        self.io = io
        self.config = config
        self.call = call

    def _rules(self) -> PhraseRules:
        return phrase_rules(self.config.language)

    # -- /type -------------------------------------------------------------------------------

    def caller_type(self, argument: str) -> None:
        io, call = self.io, self.call
        types = self._rules().caller_types
        labels = {key: types[key].label for key in CALLER_TYPES}
        current = caller_type(call.state.tags)
        if argument:
            key = pick(argument, CALLER_TYPES, labels)
            if key is None:
                io.write(
                    _("{answer} is not a caller type: {choices}.").format(answer=repr(argument), choices=choices_text(CALLER_TYPES, labels))
                )
                return
        else:
            for number, key in enumerate(CALLER_TYPES, start=1):
                io.write(f"{number} {labels[key]}: {types[key].signs}.")
            key = io.choose(_("Caller type"), CALLER_TYPES, labels, current)
            if key is None or key == current:
                io.write(_("Caller type stays {label}.").format(label=labels[current]) if current else _("No caller type tagged."))
                return
        if not call.live:
            return
        call.record(ev.TAG, tag=CALLER_TYPE_TAG, value=key)
        io.write(self._rules().texts["caller_type"].format(label=labels[key], hint=types[key].hint))

    # -- /offer ------------------------------------------------------------------------------

    def offer(self, argument: str) -> None:
        io, call = self.io, self.call
        policy = self.config.authority
        labels = kind_labels()
        given = self._read_offer(argument, labels)
        if isinstance(given, str):
            io.write(given)
            return
        kind, amount, spend, accepted = given
        if kind is None:
            offered = {offer.get("option") for offer in call.state.offers}
            proposed = next((k for k in OFFER_KINDS if k not in offered), OFFER_KINDS[0])
            kind = io.choose(_("Option offered"), OFFER_KINDS, labels, proposed)
            if kind is None:
                io.write(_("No offer recorded."))
                return
        currency = _(" in {currency}").format(currency=policy.currency) if policy.currency else ""
        if amount is None and kind in MONEY_KINDS:
            amount = self._ask_amount(_("Amount{currency}? Enter for none: ").format(currency=currency))
        if spend is None and kind == "refund" and policy.refund_percent_of_spend is not None:
            spend = self._ask_amount(_("Caller's prior spend{currency}? Enter to skip: ").format(currency=currency))
        if amount is False or spend is False:
            io.write(_("No offer recorded."))
            return
        io.write(verdict_sentence(policy, kind, amount, spend)[1])
        if accepted is None:
            accepted = self._ask_accepted()
            if accepted is None:
                io.write(_("No offer recorded."))
                return
        if not call.live:
            return
        fields = offer_fields(policy, kind, amount, accepted, spend)
        call.record(ev.OFFER, **fields)
        if fields["within_authority"]:
            recorded = (
                _("Offer recorded: {offer}, inside your authority, accepted.")
                if accepted
                else _("Offer recorded: {offer}, inside your authority.")
            )
        else:
            recorded = (
                _("Offer recorded: {offer}, needs approval, accepted.") if accepted else _("Offer recorded: {offer}, needs approval.")
            )
        io.write(recorded.format(offer=labels[kind] + _money(amount, policy.currency)))
        if needs_second_option(call.state.offers):
            io.write(self._rules().texts["l8_second_option"] + " " + _("/offer records it."))

    def _ask_accepted(self) -> bool | None:
        """y or n (Enter: not yet); None when the agent left. Any other line is kept as a note."""
        while True:
            answer = self.io.question(_("Did the caller accept it? y yes, n not (yet). Enter for not yet: "))
            if answer is None:
                return None
            if answer.lower() in YES or answer.lower() in NO or not answer:
                return answer.lower() in YES
            self.io.keep(answer, self.io.began, _("That is not y or n."))

    def _ask_amount(self, question: str) -> float | None | Literal[False]:
        """A number, None for Enter, False when the agent left (Ctrl+C). Any other line is kept as a note."""
        while True:
            answer = self.io.question(question)
            if answer is None:
                return False
            try:
                return parse_amount(answer)
            except AmountError as error:
                if error.problem == NOT_A_NUMBER:
                    reason = _("{answer} is not an amount: type a number, e.g. 12.50, or Enter for none.").format(answer=repr(answer))
                else:
                    reason = amount_problem(error)  # a card number is never said back (the note masks it)
                self.io.keep(answer, self.io.began, reason)

    def _read_offer(self, argument: str, labels: dict[str, str]) -> Offer | str:
        """(kind, amount, prior spend, accepted) from `/offer refund 20 spend 150 accepted`; a sentence if not."""
        kind: str | None = None
        amount: float | None = None
        spend: float | None = None
        accepted: bool | None = None
        if mask_sensitive(argument)[1]:
            return _(CARD_NOT_AMOUNT) + " " + _("Nothing was recorded.")
        words = argument.split()
        i = 0
        while i < len(words):
            word = words[i].lower()
            if word == "spend" and i + 1 < len(words):
                i += 1
                try:
                    spend = parse_amount(words[i])
                except AmountError as error:
                    if error.problem != NOT_A_NUMBER:
                        return amount_problem(error)
                    return _("{word} is not an amount: the prior spend is a number, e.g. 150.").format(word=repr(words[i]))
            elif word in YES[1:] or word in NO[1:]:
                accepted = word in YES
            elif _is_number(word):
                value = parse_amount(word)
                if amount is None:
                    amount = value
                else:
                    spend = value
            elif kind is None and pick(word, OFFER_KINDS, labels):
                kind = pick(word, OFFER_KINDS, labels)
            elif problem := _amount_problem(words[i]):
                return problem  # '-5', '$20', '1,000': an amount typed wrong, said as such
            else:
                return _("{word} is not part of an offer. /offer KIND AMOUNT [spend N] [accepted], kinds: {kinds}.").format(
                    word=repr(words[i]), kinds=choices_text(OFFER_KINDS, labels)
                )
            i += 1
        return kind, amount, spend, accepted


def _amount_problem(word: str) -> str | None:
    """What is wrong with a word that was meant as an amount (it has a digit), or None."""
    try:
        parse_amount(word)
    except AmountError as error:
        return amount_problem(error) if error.problem != NOT_A_NUMBER and any(char.isdigit() for char in word) else None
    return None


def _is_number(word: str) -> bool:
    try:
        return parse_amount(word) is not None
    except ValueError:
        return False


def _money(amount: float | None, currency: str) -> str:
    return f" {amount:g}{' ' + currency if currency else ''}" if amount is not None else ""
