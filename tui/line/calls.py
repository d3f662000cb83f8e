"""Line mode's calls: the one live now (if any), started, resumed and filed through the session service.

Commands and the loop both hold this and an io; it says what happened as plain lines.
"""

from __future__ import annotations

from pathlib import Path

import tui.domain.call.events as ev
from tui.domain.text.timefmt import clock_text
from tui.line.io import LineIO
from tui.services.session import CallSession, DeskServices
from tui.support.i18n import _


class LineCalls:
    def __init__(self, desk: DeskServices, io: LineIO) -> None:
        self.desk = desk
        self.io = io
        self.session: CallSession | None = None

    @property
    def live(self) -> bool:
        return self.session is not None and self.session.call.live

    # -- what is said ------------------------------------------------------------------------

    def status_line(self) -> str:
        if self.session is None:
            return _("No call live. Type /call NUMBER (or just /call) to start one; /quit leaves.")
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
        return ", ".join(parts) + "."

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
