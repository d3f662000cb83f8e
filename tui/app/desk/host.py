"""The desk screen as its parts see it: the contract between DeskScreen and the parts mixed into it.

DeskScreen (screen.py) is the live call's screen; its notes (screen_notes.DeskNotes), its coaching
(screen_coaching.DeskCoaching) and its callback commitments (callback_commitments.CallbackCommitments)
live in their own files and are mixed into it. Each part subclasses DeskHost and uses nothing of the screen but what is
declared here and Textual's Screen API; DeskScreen provides every member, so a part never
reaches for an attribute it was not promised (and mypy checks each part against this list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.services.session import CallSession, DeskServices

if TYPE_CHECKING:  # a call's modules, the queue's and the F5 panel load after the first frame
    from textual.screen import Screen

    from tui.app.widgets.callback_panel import CallbackPanel
    from tui.domain.call.live import LiveCall
    from tui.domain.call.state import Note
    from tui.domain.callback.commitments import QueueEntry

    _Screen = Screen[None]  # mypy checks each part against Textual's Screen API
else:
    # At run time the parts are plain mixins and DeskScreen alone is a Screen: Textual prepares
    # every Screen class it meets (its reactives, bindings and computes, over the whole MRO), about
    # 1 ms a class here, before the first frame. Handlers named on_* and action_* are found on
    # plain classes in the MRO too; the parts define no BINDINGS, reactives, CSS or @on handlers.
    _Screen = object


class DeskHost(_Screen):
    desk: DeskServices  # the desk's services: settings, clock, history, playbook
    session: CallSession | None  # the live call with its journal, None while idle
    caller_display: str  # the caller as the header shows it, fixed when a call comes on screen
    typing_began: float | None  # call time the note being typed was begun
    filing: bool  # the call is being filed (a worker): typing goes on, for the next call
    waiting: list[str]  # notes typed on the idle desk: the next call's first notes
    linked: QueueEntry | None  # the commitment a callback call started from the queue keeps

    @property
    def call(self) -> LiveCall | None:
        """The live call (or the one being filed), None while idle."""
        raise NotImplementedError

    @property
    def current_session(self) -> CallSession:
        """The session of the call on the desk, for the parts that act only with one (they check
        `live` or `session` first, so a desk without a call here is a bug, said plainly)."""
        if self.session is None:
            raise RuntimeError("the desk has no call")
        return self.session

    @property
    def current_call(self) -> LiveCall:
        """The call on the desk (see current_session)."""
        return self.current_session.call

    @property
    def live(self) -> bool:
        """A call is live and not being filed: the call keys act."""
        raise NotImplementedError

    @property
    def open_callback_panel(self) -> CallbackPanel | None:
        """The F5 panel while it is open (CallbackCommitments)."""
        raise NotImplementedError

    def keys_behind(self) -> str:
        """The characters of keys the desk has read that the note editor has not handled yet (all of
        them type one; "" otherwise): tui.app.desk.key_order."""
        raise NotImplementedError

    def journal_draft(self, began: float, text: str, plainly: bool) -> None:
        """The note being typed into the journal; `plainly`: typing goes plainly to its end, so keys
        the terminal's input thread reads next are journaled behind it at once (tui.app.desk.read_ahead)."""
        raise NotImplementedError

    def say(self, message: str, level: str = "info") -> None:
        """One sentence on the status line ("info", "warning" or "error")."""
        raise NotImplementedError

    def refuse(self, sentence: str) -> None:
        """The desk cannot go on (a malformed shipped data file): it closes and the CLI says `sentence`."""
        raise NotImplementedError

    def show_idle(self, message: str | None = None) -> None:
        """Back to the idle desk (no call), with an optional sentence."""
        raise NotImplementedError

    def begin_call(self, caller_typed: str, linked_callback: str | None = None) -> None:
        """Start a call; `linked_callback` is the UID of the commitment it keeps."""
        raise NotImplementedError

    def refresh_clock(self) -> None:
        """Redraw the header and the step tracker from the call's state."""
        raise NotImplementedError

    def clock_on_key(self) -> None:
        """A key of the note being typed: the clocks drawn in its frame when they are due."""
        raise NotImplementedError

    def coach_draft(self, draft: str) -> None:
        """The coach reads the note being typed (DeskCoaching)."""
        raise NotImplementedError

    def coach_notes(self, notes: list[Note]) -> None:
        """The coach reads notes just saved (DeskCoaching)."""
        raise NotImplementedError
