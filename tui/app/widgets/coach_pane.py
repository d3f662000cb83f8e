"""The coach: what to say and what to avoid in the current step, with METHOD.md rule ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from tui.app.widgets.hanging_text import HangingText, Paragraph
from tui.domain.coaching.playbook import Playbook, Step
from tui.support.i18n import _

if TYPE_CHECKING:  # the hints' module loads with the first call's coach, after the first frame
    from tui.domain.coaching.hints import CoachLine

_HINT_STYLE = {"draft": "yellow", "type": "cyan", "cue": "magenta", "offer": "cyan"}


class CoachPane(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    CoachPane > HangingText { width: 1fr; }
    CoachPane > #coach-hints { display: none; margin-bottom: 1; }
    CoachPane > #coach-hints.-shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield HangingText(id="coach-body")  # the hints above it: mounted after the first frame (mount_hints)

    def mount_hints(self) -> HangingText:
        """The hints' place above the step, hidden until there are hints: the first frame, which has
        none, does without it (the desk mounts it just after, or the first hint does)."""
        for hints in self.query("#coach-hints").results(HangingText):
            return hints
        hints = HangingText(id="coach-hints")
        self.mount(hints, before="#coach-body")
        return hints

    _shown: tuple[CoachLine, ...] = ()

    def show_hints(self, lines: list[CoachLine]) -> None:
        """Quiet hints above the step: the draft's phrase hints, caller type, cues, L8. No focus, no sound."""
        lines_tuple = tuple(lines)
        if lines_tuple == self._shown:
            return  # called on every keystroke: redraw only when something changed
        self._shown = lines_tuple
        hints = self.mount_hints()
        hints.set_class(bool(lines), "-shown")
        paragraphs = []
        for line in lines:
            style = _HINT_STYLE.get(line.kind, "")
            body = Text()
            if line.rule:
                body.append(f"{line.rule} ", f"bold {style}")
            body.append(line.text)  # data and user words: plain Text, never markup
            paragraphs.append((Text("» " if line.kind == "draft" else "• ", style), body))
        hints.show(paragraphs)

    def show_idle(self, playbook: Playbook) -> None:
        """Between calls: how to start one, and the steps the next call will follow."""
        self.border_title = _("Coach")
        steps = " » ".join(step.title for step in playbook.steps)  # the step tracker's separator
        self.query_one("#coach-body", HangingText).show(
            [
                Text(_("Between calls"), "bold"),
                Text(),
                Text(_("Ctrl+N starts a call; a softphone can run callcoach call --caller NUMBER.")),
                Text(),
                Text(_("Next call: {playbook}, {steps}.").format(playbook=playbook.title, steps=steps)),
            ]
        )

    def show_step(self, step: Step, index: int, total: int) -> None:
        body = self.query_one("#coach-body", HangingText)
        self.border_title = f"{_('Coach')} · {step.title} ({index + 1}/{total}) · {' '.join(step.rules)}"
        paragraphs: list[Paragraph] = [Text(_("Say"), "bold green")]
        paragraphs += [(Text("• ", "green"), Text(line)) for line in step.say]  # playbook text: never markup
        paragraphs += [Text(), Text(_("Avoid"), "bold red")]
        paragraphs += [(Text("• ", "red"), Text(line)) for line in step.avoid]
        body.show(paragraphs)
