"""One quiet line for what the agent should know: warnings, saved state. Never a popup."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; color: $text-muted; }
    StatusLine.-warning { color: $warning; }
    StatusLine.-error { color: $error; text-style: bold; }
    """

    def say(self, message: str, level: str = "info") -> None:
        self.set_class(level == "warning", "-warning")
        self.set_class(level == "error", "-error")
        self.update(Text(message, no_wrap=True, overflow="ellipsis"))
