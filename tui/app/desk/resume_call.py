"""At start: a call that was cut short (crash, closed terminal) is offered, never dropped.

A question (tui.app.desk.question): the agent may still be on that call, so it holds until it is
answered and typing goes on into the note meanwhile; resumed, the call gets that note and the notes
kept with Enter (DeskScreen.adopt_session); filed as it is, they wait for the next call."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

import tui.domain.call.events as ev
from tui.app.actions import KeyReader, bindings
from tui.app.desk.dialogs import dialog_css
from tui.app.desk.question import Question
from tui.config.keys import RESUME_CALL_ACTIONS
from tui.domain.text.display import visible
from tui.services.session import INTERRUPTED_MARK, call_events
from tui.support.i18n import _


def cut_short_summary(lines: list[dict[str, Any]], draft: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the offer says of a cut-short call's journal (its lines and draft); None when it holds no call."""
    log = call_events(lines)
    if not log:
        return None
    return {
        "started": log[0].get("started_at", "?")[:16].replace("T", " "),
        "caller": log[0].get("caller") or log[0].get("caller_input"),
        "notes": sum(1 for event in log if event["type"] == ev.NOTE),
        "draft": bool(draft and draft.get("text")),
        "reason": next((line.get("reason") for line in reversed(lines) if line.get("type") == INTERRUPTED_MARK), None),
    }


class ResumeCallScreen(Question[str]):
    """Returns "resume" or "file"."""

    SCOPED_CSS = False  # its rules name its own ids, as in desk.tcss where they were
    DEFAULT_CSS = dialog_css("resume-call", labels="#resume-call > Label", types_through=False)

    BINDINGS = bindings(RESUME_CALL_ACTIONS)

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__()
        self.summary = summary

    @property
    def one_key_choices(self) -> str:
        """r and f, or what [keys] made them: the question's while the note is empty, then the note's."""
        return KeyReader(RESUME_CALL_ACTIONS, self.app).characters()

    def compose(self) -> ComposeResult:
        info = self.summary
        text = Text()
        text.append(_("A call was cut short before it was filed.") + "\n\n", "bold")
        text.append(
            _("Started {started} with {caller}, {notes} note(s)").format(
                started=info["started"], caller=visible(info["caller"] or _("no number")), notes=info["notes"]
            )
        )
        if info.get("draft"):
            text.append(_(", and a note that was being typed"))
        if info.get("reason"):
            text.append(_("; stopped by {reason}").format(reason=info["reason"]))
        text.append(".\n\n " + _("r / Enter  resume the call      f  file it as it is (interrupted)"))
        text.append(
            "\n " + _("Typing goes into the note meanwhile; once a note is begun r and f are its letters: Enter keeps it, then answer.")
        )
        with Vertical(id="resume-call"):
            yield Label(text)
            yield Label("", classes=self.WAITS_CLASS)

    def waits(self, key: str) -> str:
        return _("{key} does nothing until this is answered: r or Enter resumes the call, f files it as it is.").format(key=key)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
