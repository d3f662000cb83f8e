"""The coach: what to say and what to avoid in the current step, with METHOD.md rule ids."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.playbook import Step


class CoachPane(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    CoachPane { border: round $secondary 50%; padding: 0 1; }
    CoachPane > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(id="coach-body")

    def show_step(self, step: Step | None, index: int = 0, total: int = 0) -> None:
        body = self.query_one("#coach-body", Static)
        if step is None:
            self.border_title = "Coach"
            body.update(Text.from_markup(
                "[b]Between calls[/b]\n\nCtrl+N starts a call; a softphone can run "
                "[i]callcoach call --caller NUMBER[/i].\n\nThe four steps: listen, apologize, resolve, thank."
            ))
            return
        self.border_title = f"Coach · {step.title} ({index + 1}/{total}) · {' '.join(step.rules)}"
        text = Text()
        text.append("Say\n", "bold green")
        for line in step.say:
            text.append("• ", "green")
            text.append(line + "\n")
        text.append("\nAvoid\n", "bold red")
        for line in step.avoid:
            text.append("• ", "red")
            text.append(line + "\n")
        body.update(text)
