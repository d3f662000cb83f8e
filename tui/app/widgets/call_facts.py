"""Beside the replay's review pane: the caller's type, the offers and the promise at the play head."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class CallFacts(Static):
    DEFAULT_CSS = """
    CallFacts { height: auto; }
    CallFacts.-empty { display: none; }
    """

    def show(self, lines: list[tuple[str, str]]) -> None:
        text = Text()
        for label, value in lines:
            if text:
                text.append("\n")
            text.append(label + " ", "bold")
            text.append(value)  # typed and stored text: never read as markup
        self.set_class(not lines, "-empty")
        self.update(text)
