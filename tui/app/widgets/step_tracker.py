"""The step tracker: done steps with their time, the current step with its running time, pending.

A step past its playbook target changes colour, silently: no sound, no popup, no focus change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from tui.domain.coaching.playbook import Playbook
from tui.domain.text.timefmt import clock_text

if TYPE_CHECKING:  # a call's state loads with the first call, after the first frame (tui.services.session)
    from tui.domain.call.state import CallState

# Inside Rich's single-cell fast path (rich.cells): a `›` (U+203A) made Rich load its Unicode
# width table (about 0.3 ms) for the desk's first frame, which has no other such character.
_SEPARATOR = "  »  "


class StepTracker(Static):
    DEFAULT_CSS = """
    StepTracker { height: auto; }
    """

    def show(self, playbook: Playbook, state: CallState | None, now: float) -> None:
        current = state.current_step if state else None
        labels = []
        for index, step in enumerate(playbook.steps):
            spent = state.time_in_step(step.key, now) if state else 0.0
            label = f"{index + 1} {step.title}"
            if step.key == current:
                over = spent > step.target_seconds
                labels.append(Text(f" ▶ {label} {clock_text(spent)} ", "bold black on #e0a030" if over else "bold black on #6cb6ff"))
                self.set_class(over, "-over-target")
            elif state and state.visited(step.key):
                labels.append(Text(f"✓ {label} {clock_text(spent)}", "green"))
            else:
                labels.append(Text(f"· {label}", "dim"))
        if current is None:
            self.remove_class("-over-target")
        self._labels = labels
        self._show(self._lay_out(labels, self.content_size.width))

    def _show(self, text: Text) -> None:
        if text == self._shown:
            return  # every key brings the clock up to date: most keys change nothing here
        # The screen is laid out again only when the tracker's row count changes (steps wrapping
        # onto another row): the clock's tick repaints the tracker alone.
        rows = text.plain.count("\n") + 1
        self.update(text, layout=rows != self._rows)
        self._shown, self._rows = text, rows

    @staticmethod
    def _lay_out(labels: list[Text], width: int) -> Text:
        """Steps joined by » and wrapped between steps, never inside one ("· 4" above "Apologize")."""
        text = Text(no_wrap=width > 0, overflow="fold")
        used = 0
        for index, label in enumerate(labels):
            if index:
                fits = not width or used + len(_SEPARATOR) + label.cell_len <= width
                text.append(_SEPARATOR if fits else "  »\n", "dim")
                used = used + len(_SEPARATOR) if fits else 0
            text.append_text(label)
            used += label.cell_len
        return text

    _labels: list[Text] = []
    _rows = 0  # rows of the text shown last (0: nothing shown yet)
    _shown: Text | None = None

    def on_resize(self) -> None:
        self._show(self._lay_out(self._labels, self.content_size.width))
