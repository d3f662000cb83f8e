"""Line mode's calls: the one live now (if any), started, resumed and filed through the session service.

Commands and the loop both hold this and an io; it says what happened as plain lines. A line is
never lost: typed with no call live it waits to be the first note of the next call, and text that
answers no question becomes a note stamped when its typing began (`keep`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tui.domain.call.events as ev
from tui.domain.call.state import Note
from tui.domain.text.timefmt import clock_text
from tui.line.first_prompt import idle_status
from tui.line.io import LineIO
from tui.services.session import CallSession, DeskServices
from tui.support.i18n import _


class LineCalls:
    def __init__(self, desk: DeskServices, io: LineIO) -> None:
        self.desk = desk
        self.io = io
        self.session: CallSession | None = None
        self.waiting: list[str] = []  # lines typed with no call live: the next call's first notes

    @property
    def live(self) -> bool:
        return self.session is not None and self.session.call.live

    def call_time(self) -> float | None:
        """The live call's clock, or None between calls."""
        return self.session.call.now() if self.live and self.session is not None else None

    # -- notes ---------------------------------------------------------------------------------

    def add_note(self, text: str, began: float | None) -> Note | None:
        """A note of the live call, stamped `began` (or now); says so when a card number was masked."""
        if self.session is None:
            return None
        note = self.session.call.add_note(text, began)
        if note is not None and note.masked:
            self.io.write(_("A card number or security code was masked before saving."))
        return note

    def wait(self, text: str) -> None:
        """A line typed with no call live: it waits to be the first note of the next call."""
        if text.strip():
            self.waiting.append(text)
            self.io.write(_("No call is live: this line waits and becomes a note of the next call (/call starts one)."))

    def keep(self, text: str, began: float | None, reason: str) -> None:
        """Text typed at a question that answers nothing: a note, never dropped; `reason` says why."""
        self.io.write(reason)
        if not self.live:
            self.wait(text)
            return
        note = self.add_note(text, began)
        if note is not None:
            self.io.write(_("Kept as a note at {time}.").format(time=clock_text(note.t)))

    # -- what is said ------------------------------------------------------------------------

    def status_line(self) -> str:
        if self.session is None:
            return idle_status()
        call = self.session.call
        state, now = call.state, call.now()
        step = call.playbook.step(state.current_step).title if state.current_step else _("wrap-up")
        parts = [
            _("Step {step}").format(step=step),
            _("call {time}").format(time=clock_text(state.call_elapsed(now))),
            _("step {time}").format(time=clock_text(state.step_elapsed(now))),
        ]
        if state.on_hold:
            parts.append(_("ON HOLD {time}").format(time=clock_text(state.current_hold(now))))
        promised = len({event.get("uid") for event in state.callbacks})
        if promised:
            parts.append(_("{count} callback(s) promised").format(count=promised))
        return ", ".join(parts) + "."

    def promise_lines(self) -> list[str]:
        """Each promise of the live call as it stands (a change replaces the promise it changed)."""
        if self.session is None:
            return []
        from tui.domain.review.call_facts import promise_text  # lazy: the review's modules stay off the first prompt

        first: dict[str, dict[str, Any]] = {}
        latest: dict[str, dict[str, Any]] = {}
        for event in self.session.call.state.callbacks:
            first.setdefault(event.get("uid", ""), event)
            latest[event.get("uid", "")] = event
        lines = []
        for uid, event in latest.items():
            promise = promise_text(event, self.desk.config.timezone)
            at = clock_text(float(first[uid]["t"]))
            sequence = int(event.get("sequence") or 0)
            if sequence:
                lines.append(
                    _("Callback promised at {at}, changed at {changed} (invite sequence {sequence}): {promise}.").format(
                        at=at, changed=clock_text(float(event["t"])), sequence=sequence, promise=promise
                    )
                )
            else:
                lines.append(_("Callback promised at {at}: {promise}.").format(at=at, promise=promise))
        return lines

    def say_step(self) -> None:
        """The step's prompts as plain lines, so a screen reader speaks them when the step changes."""
        if self.session is None:
            return
        call = self.session.call
        key = call.state.current_step
        if key is None:
            return
        index = call.playbook.index_of(key)
        step = call.playbook.steps[index]
        write = self.io.write
        write(
            _("Step {number} of {count}: {title} ({rules}).").format(
                number=index + 1, count=len(call.playbook.steps), title=step.title, rules=", ".join(step.rules)
            )
        )
        for line in step.say:
            write(f"  {_('Say')}: {line}")
        for line in step.avoid:
            write(f"  {_('Avoid')}: {line}")

    # -- starting, resuming, filing ----------------------------------------------------------

    def start(self, caller: str) -> None:
        self.session, warning = self.desk.start_call(caller)
        state = self.session.call.state
        shown = state.caller or state.caller_input.strip() or _("no number")  # as stored: a card in it is masked
        self.io.write(_("Call started with {caller}. Each line you type is a note; /help lists commands.").format(caller=shown))
        if warning:
            self.io.write(_("Warning: {warning}").format(warning=warning))
        waiting, self.waiting = self.waiting, []
        for text in waiting:
            self.add_note(text, 0.0)  # typed before the call began: at its very start
        if waiting:
            self.io.write(_("{count} line(s) typed before the call are its first notes.").format(count=len(waiting)))
        self.say_step()

    def resume(self, journal: Path) -> tuple[str, float | None] | None:
        """The cut-short call is live again; returns the note that was being typed (text, began), if any."""
        self.session = self.desk.resume_call(journal)
        state = self.session.call.state
        self.io.write(_("Resumed the call from {time} with {count} note(s).").format(time=state.started_at[11:16], count=len(state.notes)))
        for note in state.notes[-3:]:
            self.io.write(f"  {clock_text(note.t)} {note.text}")
        self.say_step()
        draft = self.session.recovered_draft
        if not draft:
            return None
        self.io.write(_("The note you were typing is back on the line; Enter saves it."))
        return draft["text"], draft["t"]

    def offer_cut_short(self) -> tuple[str, float | None] | None:
        """Each call a crash cut short: resume it or file it as it is. Returns a resumed call's draft."""
        for journal in self.desk.cut_short_calls():
            if self.session is not None:
                return None
            answer = self.io.ask(_("A call ({id}) was cut short. r resume, f file it as it is [r]: ").format(id=journal.stem), "r")
            if answer.lower().startswith("f"):
                record = self.desk.file_as_is(journal)
                self.io.write(_("Filed {id} as interrupted.").format(id=record["id"]))
            else:
                return self.resume(journal)
        return None

    def file(self, outcome: str, category: str) -> None:
        if self.session is None:
            return
        try:
            record = self.session.finish(outcome, category)
        except OSError as error:
            # strerror, never str(error): an exception's message may quote what was being stored.
            reason = error.strerror or error.__class__.__name__
            if self.session.call.live:
                # Its end could not be journaled (a full disk): the call stays open, notes go on.
                self.io.write(
                    _("The call could not be filed ({reason}); it stays open. /end again once it is saved.").format(reason=reason)
                )
                return
            self.session = None
            self.io.write(
                _("The call could not be filed ({reason}); its journal keeps it and it will be offered at the next start.").format(
                    reason=reason
                )
            )
            return
        self.session = None
        self.io.write(
            _("Call filed as {id}: {outcome}, {category}. Ready for the next call.").format(
                id=record["id"], outcome=_(ev.OUTCOME_LABELS[outcome]), category=_(ev.CATEGORY_LABELS[category])
            )
        )
