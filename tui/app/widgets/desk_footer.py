"""The desk's footer: the keys that do something now, as Textual's compact Footer draws them, in
the desk's language, but one widget.

Textual's Footer is a scrolling container with a widget per key, composed again each time the
bindings change (a call starting, a hang-up): nine widgets styled and mounted just after the
first frame, while --caller's call starts and the first keys arrive. This draws the same line
(the key, a space, its label; a space between keys; a disabled key dim) from the screen's active
bindings, with the same theme colours. A click on a key presses it, and the pointer over a key
shows its tooltip, as on Textual's.

At 80 columns the full-width footer cut off Hold, End call and Quit: compact style and short labels
fit every live-call key in 80 cells, CJK labels included; Ctrl+P is listed by F1 instead of taking
a dozen cells on the right. Bindings are built once, when the classes are imported, so their
descriptions are English msgids translated here, as drawn (in the "key" context: F3's "Back" is a
step, a key bar's "Back" is the previous screen).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.support.i18n import KEY_LABEL, P_, _


class FooterKey(NamedTuple):
    """One key as drawn: its binding, whether it acts now, and the cells it takes on the line."""

    binding: Binding
    enabled: bool
    tooltip: str
    start: int
    end: int

    @property
    def action(self) -> str:
        return self.binding.action

    @property
    def description(self) -> str:
        return P_(KEY_LABEL, self.binding.description)


class DeskFooter(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"desk-footer--key", "desk-footer--description", "desk-footer--item"}
    DEFAULT_CSS = """
    DeskFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .desk-footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .desk-footer--description { color: $footer-description-foreground; background: $footer-description-background; }
        & > .desk-footer--item { background: $footer-item-background; }
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.keys: list[FooterKey] = []  # what the line shows now, left to right
        self._bindings_ready = False  # as Textual's: the keys are drawn once the screen has said which act

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        self.keys = []
        if not self._bindings_ready:
            return line
        key_style = self.get_component_rich_style("desk-footer--key")
        description_style = self.get_component_rich_style("desk-footer--description")
        item_style = self.get_component_rich_style("desk-footer--item")
        shown: set[str] = set()
        for _key, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in shown:
                continue  # one key per action, as Textual's footer
            shown.add(binding.action)
            start = line.cell_len
            item = Text.assemble(
                (self.app.get_key_display(binding), key_style), (" " + P_(KEY_LABEL, binding.description), description_style)
            )
            item.stylize_before(item_style if enabled else item_style + Style(dim=True))
            line.append_text(item)
            self.keys.append(FooterKey(binding, enabled, tooltip or binding.tooltip, start, line.cell_len))
            line.append(" ")  # the compact footer's margin between keys
        return line

    def key_at(self, x: int) -> FooterKey | None:
        return next((key for key in self.keys if key.start <= x < key.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        self.tooltip = _(key.tooltip) if key is not None and key.tooltip else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is not None and key.enabled:
            self.app.simulate_key(key.binding.key)
