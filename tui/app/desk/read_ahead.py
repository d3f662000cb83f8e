"""Keys the terminal's input thread has read and the desk has not taken yet, in the journal already.

Textual's input thread reads the terminal, parses keys and hands each to the app's event loop; a
loaded desk takes them from there up to a few hundred ms later (262 ms measured at load 15), and a
kill in between lost keys the desk had read. So the input thread tells this object of each key as it
reads it (tui.app.terminal_input), and, while typing goes plainly to the end of the note on the desk,
journals the note being typed with the keys read behind it at once. The desk keeps the note's text
here each time it journals it (save), and each key it takes moves from "read" into that text; a key
that types nothing stops the guessing until the desk journals the note again.
"""

from __future__ import annotations

import threading
from collections import deque

from textual import events

from tui.services.session import CallSession


def _character(event: events.Event) -> str | None:
    if isinstance(event, events.Key) and event.is_printable and event.character:
        return event.character
    return None


class ReadAhead:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: deque[events.Event] = deque()  # read by the input thread, not yet taken by the desk
        self._note: tuple[CallSession, float, str] | None = None  # the note being typed as journaled, while typing is plain

    def read(self, event: events.Event) -> None:
        """The input thread: a key or paste just read, before the event loop has it."""
        if not isinstance(event, (events.Key, events.Paste)):
            return
        with self._lock:
            self._read.append(event)
            characters = self._characters()
            if characters and self._note is not None:
                self._journal(characters)

    def taken(self, event: events.Event) -> None:
        """The desk took `event` (tui.app.desk.key_order): it is the desk's to journal from now on."""
        with self._lock:
            if event in self._read:  # not there when the input thread did not read it (a test's key)
                self._read.remove(event)
            character = _character(event)
            if self._note is not None:
                session, began, text = self._note
                self._note = (session, began, text + character) if character else None

    def save(self, session: CallSession, began: float, text: str) -> None:
        """The desk journals the note being typed, typing plainly to its end: with the keys read behind it."""
        with self._lock:
            self._note = (session, began, text)
            self._journal(self._characters() or "")

    def withhold(self) -> None:
        """Typing does not go plainly to the note now: keys read are not guessed into it."""
        with self._lock:
            self._note = None

    def _characters(self) -> str | None:
        characters = [_character(event) for event in self._read]
        return None if None in characters else "".join(character or "" for character in characters)

    def _journal(self, characters: str) -> None:
        assert self._note is not None
        session, began, text = self._note
        if not session.call.live:
            self._note = None
            return
        session.save_draft(began, text + characters)
