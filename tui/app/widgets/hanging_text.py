"""Bulleted paragraphs with a hanging indent, wrapped so Chinese text breaks between characters.

Textual wraps at spaces only: a Chinese line (no spaces) went whole to the next line and left its
bullet alone above it. This widget breaks lines itself (tui.domain.text.line_break) at its own width,
for drawing and for its height, so every line it hands to Textual already fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui.domain.text.line_break import cell_width, line_starts

Paragraph = Text | tuple[Text, Text]  # a plain paragraph, or (bullet, body) drawn with a hanging indent


class HangingText(Widget):
    DEFAULT_CSS = """
    HangingText { height: auto; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._paragraphs: list[Paragraph] = []
        self._laid_out: tuple[int, Text] | None = None

    @property
    def plain(self) -> str:
        """The text without the line breaks of the layout."""
        return "\n".join(p.plain if isinstance(p, Text) else p[0].plain + p[1].plain for p in self._paragraphs)

    def show(self, paragraphs: Sequence[Paragraph]) -> None:
        self._paragraphs = list(paragraphs)
        self._laid_out = None
        self.refresh(layout=True)

    def render(self) -> Text:
        return self._layout(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._layout(width).plain.split("\n")) if self._paragraphs else 0

    def _layout(self, width: int) -> Text:
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out[1]
        out = Text(no_wrap=True, overflow="crop", end="")
        for index, paragraph in enumerate(self._paragraphs):
            if index:
                out.append("\n")
            bullet, body = (Text(), paragraph) if isinstance(paragraph, Text) else paragraph
            indent = " " * cell_width(bullet.plain)
            out.append_text(bullet)
            starts = line_starts(body.plain, max(1, width - len(indent))) if width > 0 else []
            for number, line in enumerate(body.divide(starts)):
                line.rstrip()
                if number:
                    out.append("\n" + indent)
                out.append_text(line)
        self._laid_out = (width, out)
        return out
