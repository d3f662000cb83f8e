"""A one-line reminder shown above the editor while an earlier note is being edited."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.domain.text.timefmt import clock_text
from tui.support.i18n import _


class EditMarker(Static):
    DEFAULT_CSS = """
    EditMarker { height: 1; display: none; }
    EditMarker.-editing { display: block; }
    """

    def show_editing(self, note_t: float | None) -> None:
        self.set_class(note_t is not None, "-editing")
        if note_t is not None:
            self.update(
                Text(
                    _(
                        "Editing the note at {time}: Enter saves the edit (the original stays in the log), Esc cancels, "
                        "Up goes further back"
                    ).format(time=clock_text(note_t))
                )
            )
