"""A one-line key bar for the supervisor's screens: the screen's shown bindings as "key label".

Textual's Footer builds a widget per key (about 80 ms to compose with 15 bindings on this kind of
machine): too slow for a replay that must open in 150 ms. This draws the same information as one
line of text from the screen's own BINDINGS with the keys in force (config's [keys] included),
so a remapped or added binding is always shown as it works.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.app.base import BaseApp
from tui.support.i18n import _

_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "Esc",
    "space": "Space",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "enter": "Enter",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def key_name(keys: str) -> str:
    first = keys.split(",")[0]
    if first in _NAMES:
        return _NAMES[first]
    if len(first) == 1:
        return first
    return "+".join(part.upper() if len(part) <= 3 else part.capitalize() for part in first.split("+"))


class KeyBar(Static):
    """Every shown key, on as many rows as the width needs (at 80 columns the replay's keys take two):
    a key is never cut off and never split from its label."""

    DEFAULT_CSS = """
    KeyBar { height: auto; }
    """

    def on_mount(self) -> None:
        self._items: list[Text] = []
        app = self.app
        assert isinstance(app, BaseApp)  # the key bar is drawn in callcoach's apps, which know the keys in force
        for binding in [*self.screen.BINDINGS, *app.BINDINGS]:  # the screen's, then Quit
            if not isinstance(binding, Binding) or not binding.show:  # the action table gives Bindings only
                continue
            key = Text(f" {key_name(app.binding_keys(binding))} ", "bold reverse")
            self._items.append(Text.assemble(key, f" {_(binding.description)}  "))
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = max(20, self.size.width - 2) if self.size.width else 10_000
        text, used = Text(no_wrap=True, overflow="ellipsis"), 0
        for item in getattr(self, "_items", []):
            if used and used + item.cell_len > width:
                text.rstrip()
                text.append("\n")
                used = 0
            text.append_text(item)
            used += item.cell_len
        text.rstrip()
        self.update(text)
