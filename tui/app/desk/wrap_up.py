"""F10 wrap-up: outcome and category by keyboard; Enter accepts what is highlighted and files."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, OptionList
from textual.widgets.option_list import Option

import tui.domain.call.events as ev
from tui.app.actions import bindings
from tui.app.desk.dialogs import dialog_css
from tui.app.desk.typing import TypesThrough
from tui.config.keys import WRAP_UP_ACTIONS
from tui.support.i18n import _


class WrapUpScreen(TypesThrough, ModalScreen[tuple[str, str, bool] | None]):
    """Left/Right or Tab switch lists, Up/Down choose, Enter files the call, Esc returns to it. While
    a note is being typed those keys are the note's (tui.app.desk.typing): Enter saves it first."""

    SCOPED_CSS = False  # its rules name its own ids, as in desk.tcss where they were
    DEFAULT_CSS = (
        dialog_css("wrap-up", labels="#wrap-up > Label")
        + """
    #wrap-up Horizontal { height: auto; }
    #wrap-up OptionList { width: 1fr; height: auto; border: round $primary 50%; }
    #wrap-up OptionList:focus { border: round $accent; }
    """
    )

    ONE_KEY_CHOICES = "".join(str(number) for number in range(1, len(ev.OUTCOMES) + 1))
    # Enter files the call (the desk saves the note being typed first); Ctrl+N answers a ringing phone.
    KEYS_WHILE_TYPING = frozenset({"enter", "ctrl+n"})

    BINDINGS = bindings(WRAP_UP_ACTIONS)

    def __init__(
        self,
        outcome: str,
        category: str,
        *,
        keep: str | None = None,
        opened_by_itself: bool = False,
        answer_phone: Callable[[], bool] | None = None,
    ) -> None:
        """`keep`: for a callback call, the offer to mark its commitment kept (checked; Tab, Space).
        `opened_by_itself`: after the phone's hang-up, not by F10; the agent may be typing on, so
        digits are the note's (arrows and Enter still choose and file). `answer_phone`: Ctrl+N
        here, as on the desk (DeskPhone.answer)."""
        super().__init__()
        self.proposed = (outcome, category)
        self.keep = keep
        self.opened_by_itself = opened_by_itself
        self.answer_phone = answer_phone

    @property
    def one_key_choices(self) -> str:
        return "" if self.opened_by_itself else self.ONE_KEY_CHOICES

    @property
    def keys_while_typing(self) -> frozenset[str]:
        """Opened by itself, Enter saves a note being typed (a second Enter files): the agent may
        have been ending a note, not asking to file. Ctrl+N (answer the ringing phone) never types."""
        return self.KEYS_WHILE_TYPING - {"enter"} if self.opened_by_itself else self.KEYS_WHILE_TYPING

    def compose(self) -> ComposeResult:
        with Vertical(id="wrap-up"):
            yield Label(
                Text(_("Wrap up: Enter files the call with what is highlighted (and the note being typed). Esc goes back to the call."))
            )
            with Horizontal():
                yield OptionList(
                    *[Option(Text(f"{i + 1}  {_(ev.OUTCOME_LABELS[key])}"), id=key) for i, key in enumerate(ev.OUTCOMES)],
                    id="outcome",
                )
                yield OptionList(
                    *[Option(Text(_(ev.CATEGORY_LABELS[key])), id=key) for key in ev.CATEGORIES],
                    id="category",
                )
            if self.keep:
                yield Checkbox(self.keep, value=True, id="keep")

    def on_mount(self) -> None:
        if len(self.query(OptionList)) < 2:
            return  # pushed as the desk quit (the phone's quiet second ended then): Textual stopped mounting it
        outcome, category = self.proposed
        outcomes = self.query_one("#outcome", OptionList)
        categories = self.query_one("#category", OptionList)
        outcomes.border_title = _("Outcome")
        categories.border_title = _("Category")
        outcomes.highlighted = ev.OUTCOMES.index(outcome)
        categories.highlighted = ev.CATEGORIES.index(category)
        outcomes.focus()

    def on_key(self, event: events.Key) -> None:
        # Digits pick an outcome directly: 1 resolved, 2 callback promised, ...
        if event.character and event.character in self.one_key_choices:
            self.query_one("#outcome", OptionList).highlighted = int(event.character) - 1
            event.stop()

    def action_focus_list(self, which: str) -> None:
        self.query_one(f"#{which}", OptionList).focus()

    def action_accept(self) -> None:
        outcome = self.query_one("#outcome", OptionList)
        category = self.query_one("#category", OptionList)
        keep = bool(self.keep) and self.query_one("#keep", Checkbox).value
        self.dismiss((ev.OUTCOMES[outcome.highlighted or 0], ev.CATEGORIES[category.highlighted or 0], keep))

    def action_answer_phone(self) -> None:
        """Ctrl+N while the phone rings: as on the desk (refused while [wrapup] required)."""
        if self.answer_phone is not None:
            self.answer_phone()

    def action_back(self) -> None:
        self.dismiss(None)
