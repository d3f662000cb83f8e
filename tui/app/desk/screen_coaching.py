"""The desk's coaching: phrase hints on the agent's line as typed, caller cues, F6 and F7.

A part of DeskScreen (mixed into it, using only what tui.app.desk.host.DeskHost declares), kept
in its own file so the desk screen stays small. Nothing here moves the
focus or opens anything unless the agent pressed F6 or F7; hints appear quietly in the coach pane.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand

import tui.domain.call.events as ev
from tui.app.desk.host import DeskHost
from tui.app.widgets.coach_pane import CoachPane
from tui.config.data_files import load_playbook, phrase_rules
from tui.domain.coaching.playbook import Playbook, PlaybookError
from tui.support.i18n import _
from tui.support.locations import available_playbooks

if TYPE_CHECKING:  # the coaching's modules load when the first call starts, after the first frame
    from tui.domain.call.state import Note
    from tui.domain.coaching.hints import CoachLine
    from tui.domain.coaching.phrases import PhraseCoach


class DeskCoaching(DeskHost):
    phrase_coach: PhraseCoach | None = None
    _call_lines: list[CoachLine] = []
    _draft_lines: list[CoachLine] = []

    def coach_start(self) -> None:
        """A call on screen (new or resumed): read what it already holds."""
        from tui.domain.coaching.phrases import PhraseCoach, PhraseRulesError  # see the imports

        try:
            rules = phrase_rules(self.desk.config.language)  # usually read by now, after the first frame (DeskApp.warm_up)
        except PhraseRulesError as error:
            self.refuse(str(error))
            return
        coach = PhraseCoach(rules)
        for note in self.current_call.state.notes:
            coach.observe(note.text, note.t)
        self.phrase_coach = coach
        self._draft_lines = []
        self.coach_recount()

    def coach_stop(self) -> None:
        self.phrase_coach = None
        self._call_lines, self._draft_lines = [], []
        self.query_one(CoachPane).show_hints([])

    def coach_draft(self, draft: str) -> None:
        """Every keystroke: check only the draft (cost independent of the call's length)."""
        if self.phrase_coach is None:
            return
        from tui.domain.coaching.hints import draft_lines  # loaded with the coach (coach_start)

        self._draft_lines = draft_lines(self.phrase_coach.check(draft))
        self.query_one(CoachPane).show_hints(self._draft_lines + self._call_lines)

    def coach_notes(self, notes: list[Note]) -> None:
        """Notes were committed: each may be a cue, an apology, ownership. One recount for all."""
        if self.phrase_coach is None:
            return
        for note in notes:
            self.phrase_coach.observe(note.text, note.t)
        self._draft_lines = []
        self.coach_recount()

    def coach_recount(self) -> None:
        if self.phrase_coach is None:
            return
        from tui.domain.coaching.hints import call_lines  # loaded with the coach (coach_start)

        self._call_lines = call_lines(self.phrase_coach, self.current_call.state.tags, self.current_call.state.offers)
        self.query_one(CoachPane).show_hints(self._draft_lines + self._call_lines)

    # -- F6 caller type --------------------------------------------------------------------------

    def action_caller_type(self) -> None:
        if self.phrase_coach is None:
            return
        from tui.app.desk.caller_type import CallerTypeScreen  # tui.app.desk.dialogs
        from tui.domain.coaching.offers import caller_type

        current = caller_type(self.current_call.state.tags)
        self.app.push_screen(CallerTypeScreen(self.phrase_coach.rules.caller_types, current), self._caller_type_chosen)
        self.say(_("Caller type: press a number. Its hint stays in the coach pane. Typing goes to the note; Esc goes back."))

    def _chosen_for_the_call(self, choice: object) -> bool:
        """Whether a dialog's choice (F6, F7) acts on the call: one was made and the call is live.
        Esc says so, and that the note being typed is kept."""
        if choice is None and self.live:
            self.say(_("Back to the call; the note being typed is kept."))
        return choice is not None and self.live

    def _caller_type_chosen(self, key: str | None) -> None:
        if not self._chosen_for_the_call(key) or key is None or self.phrase_coach is None:
            return
        from tui.domain.coaching.offers import CALLER_TYPE_TAG

        self.current_call.record(ev.TAG, tag=CALLER_TYPE_TAG, value=key)
        self.coach_recount()
        self.say(_("Caller type: {label}. Its hint stays in the coach pane.").format(label=self.phrase_coach.rules.caller_types[key].label))

    # -- F7 offers --------------------------------------------------------------------------------

    def action_record_offer(self) -> None:
        if self.phrase_coach is None:
            return
        from tui.app.desk.offer import OfferScreen  # tui.app.desk.dialogs

        self.app.push_screen(OfferScreen(self.desk.config.authority, len(self.current_call.state.offers)), self._offer_chosen)
        self.say(_("Record an offer: 1-6 pick the kind, Tab the amount. Enter records it, Esc goes back."))

    def _offer_chosen(self, offer: dict[str, Any] | None) -> None:
        if not self._chosen_for_the_call(offer) or offer is None:
            return
        from tui.domain.coaching.offer_words import kind_labels
        from tui.domain.coaching.offers import offer_fields

        fields = offer_fields(self.desk.config.authority, offer["kind"], offer["amount"], offer["accepted"], offer["prior_spend"])
        self.current_call.record(ev.OFFER, **fields)
        self.coach_recount()
        label = kind_labels()[offer["kind"]]
        inside = _("inside your authority") if fields["within_authority"] else _("needs approval")
        self.say(_("Offer recorded: {kind}, {inside}.").format(kind=label, inside=inside))

    # -- the playbook, chosen before a call (command palette) ------------------------------------

    def playbook_commands(self) -> Iterator[SystemCommand]:
        """One palette command per other playbook, offered only while no call is live."""

        if self.session is not None:
            return
        for key in available_playbooks():
            if key != self.desk.playbook.key:
                yield SystemCommand(
                    _("Playbook: {key}").format(key=key),
                    _("Use this playbook for the next call"),
                    lambda key=key: self.use_playbook(key),
                )

    @work(thread=True, exit_on_error=False, group="playbook")
    def use_playbook(self, key: str) -> None:
        try:
            playbook = load_playbook(key, self.desk.config.language)
        except PlaybookError as error:
            self.app.call_from_thread(self.say, str(error), "error")
            return
        self.app.call_from_thread(self._playbook_loaded, playbook)

    def _playbook_loaded(self, playbook: Playbook) -> None:
        if self.session is not None:
            return  # a call started meanwhile: it keeps the playbook it began with
        self.desk.playbook = playbook
        self.show_idle(_("Playbook for the next call: {title}.").format(title=playbook.title))
