"""One quiet line for what the agent should know: warnings, saved state. Never a popup.

A NOT SAVED badge (show_unsaved) stands first while the disk refuses the journal, whatever
message comes after it. The next callback due within 10 minutes (show_due) follows, in bold,
beside the latest message; what waits for the team database (show_sync) trails, dim. All are
redrawn only when one of them changes.

A sentence is never cut: the line wraps onto a second (at most a third) row; when everything
would not fit there, the trailing sync note and then the due callback give way to the message.
"""

from __future__ import annotations

import time

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tui.support.i18n import _


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: auto; max-height: 3; }
    """

    _message = Text()
    _due: Text | None = None
    _unsaved = False
    _sync: str | None = None
    error_at = 0.0  # when an error was last said (time.monotonic)

    def show_unsaved(self, unsaved: bool) -> None:
        """The journal could not be written (True) or is on disk again (False)."""
        if unsaved != self._unsaved:
            self._unsaved = unsaved
            self._draw()

    def say(self, message: str, level: str = "info") -> None:
        if level == "error":
            self.error_at = time.monotonic()
        self.set_class(level == "warning", "-warning")
        self.set_class(level == "error", "-error")
        self._message = Text(message)
        self._draw()

    def show_due(self, due: Text | None) -> None:
        """The next callback due (or None); cheap when nothing changed, as on every clock tick."""
        if (due.plain if due else None) == (self._due.plain if self._due else None):
            return
        self._due = due
        self._draw()

    def show_sync(self, line: str | None) -> None:
        """What waits for the team database (or None): quiet, at the end, never a popup."""
        if line != self._sync:
            self._sync = line
            self._draw()

    def _draw(self) -> None:
        width = max(20, self.size.width - 2)  # inside the padding; before the first layout, a guess
        for due, sync in ((self._due, self._sync), (self._due, None), (None, None)):
            line = self._line_of(due, sync)
            if cell_len(line.plain) <= 2 * width:
                break  # two rows hold it all: nothing gives way
        self.update(line)

    def _line_of(self, due: Text | None, sync: str | None) -> Text:
        line = Text(overflow="fold")  # wraps between words (Chinese between characters), never cut
        if self._unsaved:
            line.append(f" {_('NOT SAVED')} ", "bold white on red")
            line.append(" ")
        if due is not None:
            line.append(due.plain, "bold yellow")
            line.append("  ·  ")
        line.append_text(self._message)
        if sync:
            line.append(("  ·  " if self._message.plain else "") + sync, "dim")
        return line

    def on_resize(self) -> None:
        self._draw()
