"""F1: every key in force, remapped ones included, read from the live bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.actions import bindings
from tui.app.desk.dialogs import dialog_css
from tui.app.desk.typing import TypesThrough
from tui.config.keys import DESK_ACTIONS, KEYS_HELP_ACTIONS, key_display
from tui.support.i18n import N_, _

_EDITOR_KEYS = (
    ("Enter", N_("Save the note, stamped with when you began typing it")),
    (N_("-15s text / -2m text"), N_("Back-date a note by that much")),
    (N_("Up (empty line)"), N_("Edit the previous note; Up again goes further back; Esc cancels")),
    ("Ctrl+P", N_("Command palette: every action by name")),
)


class KeysHelpScreen(TypesThrough, ModalScreen[None]):
    SCOPED_CSS = False  # its rules name its own ids, as in desk.tcss where they were
    DEFAULT_CSS = (
        dialog_css("keys-help")
        + """
    ModalScreen.-short #keys-help { height: 1fr; }
    #keys-help .hint { color: $text-muted; margin-top: 1; }
    """
    )

    BINDINGS = bindings(KEYS_HELP_ACTIONS)

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        table = Table(title=_("Keys in force"), expand=True, show_edge=False)
        table.add_column(_("Key"), style="bold", no_wrap=True)
        table.add_column(_("Action"), overflow="fold")  # Chinese has no spaces to wrap at: fold, never cut
        table.add_column(_("Binding id"), style="dim")
        for action in DESK_ACTIONS:
            table.add_row(key_display(self.keymap.get(action.id, action.keys)), Text(_(action.tooltip)), action.id)
        for keys, meaning in _EDITOR_KEYS:
            table.add_row(_(keys), Text(_(meaning)), "")
        with VerticalScroll(id="keys-help"):
            yield Static(table)
            yield Static(Text(_("Remap any binding by id in config.toml under [keys]. Esc closes.")), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
