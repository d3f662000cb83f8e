"""One to three lines under the header for the phone: who is ringing and what happened last time,
the caller's history in the first minute of a call, the after-call-work timer. Never focused;
hidden when there is nothing to say, so a desk without a phone looks as it always did."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

AMBER = "bold black on #e0a030"  # the step tracker's past-target colour: one meaning on the desk


class PhoneBanner(Static):
    DEFAULT_CSS = """
    PhoneBanner { height: auto; max-height: 3; padding: 0 1; background: $boost; display: none; }
    PhoneBanner.-ringing { background: $accent 30%; }
    """
    can_focus = False

    _shown: tuple[str, ...] = ()

    def show_lines(self, lines: list[Text], ringing: bool = False) -> None:
        """Show these lines (none: hide). Cheap when nothing changed, as on every clock tick."""
        key = tuple(line.plain for line in lines) + (str(ringing),)
        if key == self._shown:
            return
        self._shown = key
        self.set_class(ringing, "-ringing")
        self.display = bool(lines)
        if lines:
            for line in lines:
                line.no_wrap, line.overflow = True, "ellipsis"  # one row each, cut at the edge
            self.update(Text("\n").join(lines))

    @property
    def text(self) -> str:
        """What the banner says now (for tests and the bench)."""
        return "\n".join(self._shown[:-1]) if self.display else ""
