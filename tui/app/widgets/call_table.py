"""The history table: a virtual list that draws only the rows in view, so 100,000 calls cost no
more to show than 40. A fixed header line names the columns and marks the sort column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.actions import bindings
from tui.config.keys import CALL_TABLE_ACTIONS
from tui.domain.review.history_rows import CB_OVERDUE, category_label, outcome_label
from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text
from tui.support.i18n import N_, _

COLUMNS = (  # (sort key, title, width in terminal cells)
    ("start", N_("Start"), 16),
    ("agent", N_("Agent"), 12),
    ("caller", N_("Caller"), 16),
    ("duration", N_("Length"), 6),
    ("acw", N_("ACW"), 6),  # after-call work: hang-up to filed
    ("outcome", N_("Outcome"), 18),
    ("category", N_("Category"), 16),
    ("flags", N_("Flags"), 6),
    ("callback", N_("Callback"), 13),
)


def column_title(key: str) -> str:
    """A sort column's header, in the agent's language."""
    return next(_(title) for column, title, _width in COLUMNS if column == key)


_HEADER = Style(bold=True, underline=True)
_CURSOR = Style(bgcolor="#264f78", bold=True)


def masked_caller(number: str, reveal: bool) -> str:
    """ "…0000" (the last four digits) unless revealed."""
    if reveal or not number:
        return number
    digits = [char for char in number if char.isdigit()]
    return "…" + "".join(digits[-4:]) if len(digits) > 4 else number


class CallTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    CallTable { height: 1fr; }
    """
    BINDINGS = bindings(CALL_TABLE_ACTIONS)

    @dataclass
    class Open(Message):
        call_id: str

    def __init__(self, zone: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tz = ZoneInfo(zone)
        self.rows: list[dict[str, Any]] = []
        self.cursor = 0
        self.reveal = False
        self.sort_column = "start"
        self.descending = True
        self.first_drawn: float | None = None  # perf_counter when a call row was first drawn (bench)

    # -- content -------------------------------------------------------------------------------

    def set_rows(self, rows: list[dict[str, Any]], keep: str | None = None) -> None:
        """Show these rows; the cursor stays on the call `keep` when it is still there."""
        self.rows = rows
        if keep is not None:
            self.cursor = next((index for index, row in enumerate(rows) if row["id"] == keep), 0)
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.virtual_size = Size(sum(width + 1 for _, _, width in COLUMNS), len(rows) + 1)
        self._follow_cursor()
        self.refresh()

    @property
    def current(self) -> dict[str, Any] | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # -- moving --------------------------------------------------------------------------------

    def move(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))
            self._follow_cursor()
            self.refresh()

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height - 2))

    def action_first(self) -> None:
        self.move(-len(self.rows))

    def action_last(self) -> None:
        self.move(len(self.rows))

    def open_current(self) -> None:
        if self.current is not None:
            self.post_message(self.Open(self.current["id"]))

    def _follow_cursor(self) -> None:
        visible_rows = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible_rows:
            self.scroll_to(y=self.cursor - visible_rows + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._follow_cursor()

    # -- drawing -------------------------------------------------------------------------------

    def _cells(self, row: dict[str, Any]) -> list[tuple[str, str]]:
        start = datetime.fromtimestamp(row["start"], self.tz).strftime("%Y-%m-%d %H:%M")
        flags = row.get("nflags", row["flags"])
        status = row.get("cbs", "")
        return [
            (start, ""),
            (visible(row["agent"]), "bold"),
            (visible(masked_caller(row["caller"], self.reveal)), ""),
            (clock_text(row["duration"]), ""),
            (clock_text(row["acw"]) if row.get("acw") is not None else "·", "" if row.get("acw") is not None else "dim"),
            (_(outcome_label(row["outcome"])), "" if row["outcome"] else "italic yellow"),
            (_(category_label(row["category"])), ""),
            (str(flags) if flags else "·", "bold red" if flags else "dim"),
            (_(status) if status else "·", "bold red" if status == CB_OVERDUE else ("" if status else "dim")),
        ]

    def _line(self, cells: list[tuple[str, str]], base: Style | None = None) -> Text:
        text = Text(no_wrap=True, overflow="crop", style=base or "")
        for (value, style), (_key, _title, width) in zip(cells, COLUMNS):
            # By terminal cells, not characters: a CJK character takes two.
            shown = value if cell_len(value) <= width else set_cell_size(value, width - 1) + "…"
            text.append(set_cell_size(shown, width), style)
            text.append(" ")
        return text

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = self.scroll_offset.x
        if y == 0:
            titles = []
            for key, title, _width in COLUMNS:
                arrow = (" ▼" if self.descending else " ▲") if key == self.sort_column else ""
                titles.append((_(title) + arrow, ""))
            text = self._line(titles, _HEADER)
        else:
            index = self.scroll_offset.y + y - 1
            if not 0 <= index < len(self.rows):
                if not self.rows and y == 1:
                    text = Text(_("No calls match. Esc clears the typed filter; the footer shows the other filters."), "dim italic")
                else:
                    return Strip.blank(width, self.rich_style)
            else:
                text = self._line(self._cells(self.rows[index]), _CURSOR if index == self.cursor else None)
                if self.first_drawn is None:
                    self.first_drawn = perf_counter()
        strip = Strip(text.render(self.app.console))
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(self.rich_style)
