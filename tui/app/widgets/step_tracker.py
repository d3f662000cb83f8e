"""The step tracker: done steps with their time, the current step with its running time, pending.

A step past its playbook target changes colour, silently: no sound, no popup, no focus change.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...domain.call_state import CallState
from ...domain.playbook import Playbook
from ...domain.timefmt import clock_text


class StepTracker(Static):
    DEFAULT_CSS = """
    StepTracker { height: auto; padding: 0 1; border: round $primary 40%; }
    """

    def show(self, playbook: Playbook, state: CallState | None, now: float) -> None:
        text = Text(no_wrap=False)
        current = state.current_step if state else None
        for index, step in enumerate(playbook.steps):
            if index:
                text.append("  ›  ", "dim")
            spent = state.time_in_step(step.key, now) if state else 0.0
            label = f"{index + 1} {step.title}"
            if step.key == current:
                over = spent > step.target_seconds
                text.append(f" ▶ {label} {clock_text(spent)} ", "bold black on #e0a030" if over else "bold black on #6cb6ff")
                self.set_class(over, "-over-target")
            elif state and state.visited(step.key):
                text.append(f"✓ {label} {clock_text(spent)}", "green")
            else:
                text.append(f"· {label}", "dim")
        if current is None:
            self.remove_class("-over-target")
        self.update(text)
