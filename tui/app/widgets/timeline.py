"""The replay's timeline bar: step segments in their colours, ticks for notes, holds, offers, the
callback and review flags, and the play head. Two rows: the bar, then the head and the scale."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from tui.domain.call.replay import Mark, Segment, column_of
from tui.domain.text.timefmt import clock_text

STEP_COLOURS = {
    "listen": "#6cb6ff",
    "apologize": "#e0a030",
    "resolve": "#57c785",
    "thank": "#c38bf0",
    "acknowledge": "#e0a030",
    "take_action": "#57c785",
    "explain": "#f07b8b",
    "acw": "#8a8a8a",  # after-call work, after the hang-up
}
_SPARE = ("#5fb3b3", "#d7875f", "#87afd7", "#afaf5f")
TICKS = {
    "note": ("╵", "white"),
    "hold": ("H", "bold black"),
    "offer": ("$", "bold black"),
    "callback": ("C", "bold black"),
    "flag": ("!", "bold red"),
    "hangup": ("E", "bold black"),  # the call ended (hang-up): after-call work follows
}
_ORDER = ("note", "flag", "hold", "offer", "callback", "hangup")  # later kinds win a shared column


def colour_of(key: str, index: int = 0) -> str:
    return STEP_COLOURS.get(key, _SPARE[index % len(_SPARE)])


class Timeline(Widget, can_focus=False):
    DEFAULT_CSS = """
    Timeline { height: 2; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.segments: list[Segment] = []
        self.marks: list[Mark] = []
        self.end = 0.0
        self.head = 0.0
        self._bar: tuple[int, list[tuple[str, str]]] | None = None  # (width, cells) of the bar without the head

    def set_call(self, segments: list[Segment], marks: list[Mark], end: float) -> None:
        self.segments, self.marks, self.end = segments, marks, end
        self._bar = None
        self.refresh()

    def _base(self, width: int) -> list[tuple[str, str]]:
        """The bar without the play head, cached per width: a seek redraws only the head."""
        cached = self._bar
        if cached is not None and cached[0] == width:
            return cached[1]
        cells = self._cells(width)
        self._bar = (width, cells)
        return cells

    def move_head(self, t: float) -> None:
        if t != self.head:
            self.head = t
            self.refresh()

    def _cells(self, width: int) -> list[tuple[str, str]]:
        cells = [(" ", "on #303030")] * width
        keys: list[str] = []
        for segment in self.segments:
            if segment.key not in keys:
                keys.append(segment.key)
            style = "on " + colour_of(segment.key, keys.index(segment.key))
            first, last = column_of(segment.start, self.end, width), column_of(segment.end, self.end, width)
            for column in range(first, max(first + 1, last)):
                cells[column] = (" ", style)
        rank = {kind: index for index, kind in enumerate(_ORDER)}
        placed: dict[int, str] = {}
        for mark in self.marks:
            column = column_of(mark.t, self.end, width)
            if rank[mark.kind] >= rank.get(placed.get(column, ""), -1):
                placed[column] = mark.kind
        for column, kind in placed.items():
            glyph, colour = TICKS[kind]
            cells[column] = (glyph, f"{colour} {cells[column][1]}")
        return cells

    def render(self) -> Text:
        width = max(2, self.content_region.width)
        cells = list(self._base(width))
        head = column_of(self.head, self.end, width)
        glyph, style = cells[head]
        cells[head] = (glyph if glyph != " " else "┃", f"reverse bold {style.replace('on ', '')}")
        text = Text(no_wrap=True, overflow="crop")
        run, run_style = "", None
        for glyph, style in cells:  # one span per run of equal style, not one per cell
            if style != run_style and run:
                text.append(run, run_style)
                run = ""
            run += glyph
            run_style = style
        text.append(run, run_style)
        text.append("\n")
        label = f"▲ {clock_text(self.head)}"
        scale = [" "] * width
        start = min(max(0, head - 1), max(0, width - len(label)))
        for offset, char in enumerate(label):
            if start + offset < width:
                scale[start + offset] = char
        total = clock_text(self.end)
        if start + len(label) + 2 < width - len(total):
            scale[width - len(total) :] = list(total)
        text.append("".join(scale), "dim")
        return text
