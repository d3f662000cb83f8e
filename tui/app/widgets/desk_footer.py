"""The desk's footer: Textual's Footer, compact, in the desk's language.

At 80 columns the full-width footer cut off Hold, End call and Quit. Compact style (no padding
around keys) and short labels fit every live-call key in 80 cells, CJK labels included; Ctrl+P
is listed by F1 instead of taking a dozen cells on the right. Bindings are built once, when the
classes are imported, so their descriptions are English msgids translated here, as drawn (in
the "key" context: F3's "Back" is a step, a key bar's "Back" is the previous screen).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.support.i18n import KEY_LABEL, P_, _


class DeskFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(compact=True, show_command_palette=False, **kwargs)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = P_(KEY_LABEL, widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = _(widget.tooltip)
            yield widget
