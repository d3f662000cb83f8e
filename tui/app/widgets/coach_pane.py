"""The coach: what to say and what to avoid in the current step, with METHOD.md rule ids."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.coaching import CoachLine
from ...domain.playbook import Step
from ...i18n import _

_HINT_STYLE = {"draft": "yellow", "type": "cyan", "cue": "magenta", "offer": "cyan"}


class CoachPane(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    CoachPane { border: round $secondary 50%; padding: 0 1; }
    CoachPane > Static { width: 1fr; }
    CoachPane > #coach-hints { display: none; margin-bottom: 1; }
    CoachPane > #coach-hints.-shown { display: block; }
    """

    def compose(self):
        yield Static(id="coach-hints")
        yield Static(id="coach-body")

    _shown: tuple[CoachLine, ...] = ()

    def show_hints(self, lines: list[CoachLine]) -> None:
        """Quiet hints above the step: the draft's phrase hints, caller type, cues, L8. No focus, no sound."""
        lines_tuple = tuple(lines)
        if lines_tuple == self._shown:
            return   # called on every keystroke: redraw only when something changed
        self._shown = lines_tuple
        hints = self.query_one("#coach-hints", Static)
        hints.set_class(bool(lines), "-shown")
        text = Text()
        for index, line in enumerate(lines):
            if index:
                text.append("\n")
            style = _HINT_STYLE.get(line.kind, "")
            text.append("» " if line.kind == "draft" else "• ", style)
            if line.rule:
                text.append(f"{line.rule} ", f"bold {style}")
            text.append(line.text)   # data and user words: plain Text, never markup
        hints.update(text)

    def show_step(self, step: Step | None, index: int = 0, total: int = 0) -> None:
        body = self.query_one("#coach-body", Static)
        if step is None:
            self.border_title = _("Coach")
            text = Text(_("Between calls") + "\n\n", "bold")
            text.append(_("Ctrl+N starts a call; a softphone can run callcoach call --caller NUMBER."))
            text.append("\n\n" + _("The four steps: listen, apologize, resolve, thank."))
            body.update(text)
            return
        self.border_title = f"{_('Coach')} · {step.title} ({index + 1}/{total}) · {' '.join(step.rules)}"
        text = Text()
        text.append(_("Say") + "\n", "bold green")
        for line in step.say:
            text.append("• ", "green")
            text.append(line + "\n")
        text.append("\n" + _("Avoid") + "\n", "bold red")
        for line in step.avoid:
            text.append("• ", "red")
            text.append(line + "\n")
        body.update(text)
