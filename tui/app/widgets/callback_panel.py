"""F5: the callback panel under the notes (which stay visible): number, window, zone, readback, e-mail.

Everything is recomputed on each keystroke from the panel's own form (number, e-mail, custom
text, preset, zone pick): the number check and the window search take well under a millisecond
once phonenumbers is warm, so nothing here waits. The panel only proposes; the desk makes the
commitment (invite on disk, then the `callback` event) when the panel posts Accepted.

The note editor keeps the focus while the panel is open, so typing goes on into the note (the
keyboard rule, tui.app.desk.typing); the desk screen gives the panel the keys that type nothing
(DeskScreen.panel_key): 1-5 pick a window and Enter promises while the note is empty, PageDown
and PageUp pick the caller's zone, F4 says whose time a custom window is typed in, Esc closes.
Tab moves into the fields (number, e-mail, custom), which then have the keys and say so; Tab goes
on to the next one and back to the note, Esc goes straight back. Enter in a field promises and gives
the keys back to the note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tui.app.actions import KeyReader, bindings
from tui.app.widgets.key_bar import key_name
from tui.config.keys import CALLBACK_PANEL_ACTIONS, CALLBACK_WINDOW_ACTIONS, CALLBACK_ZONE_ACTIONS, window_preset
from tui.domain.callback.contact import lookups_ready
from tui.domain.callback.custom_text import as_typed
from tui.domain.callback.proposal import CallbackForm, Proposal, propose_callback
from tui.domain.callback.readback import readback
from tui.domain.callback.window import PRESET_LABELS, WindowRules
from tui.support.i18n import N_, _

_SHORT = {"within_2h": N_("within 2 h"), "within_24h": N_("within 24 h"), "next_business_morning": N_("next morning")}


def _label(word: str, cells: int = 8) -> str:
    """A row label padded to `cells` cells, wide (CJK) characters counted as two."""
    return word + " " * max(1, cells - cell_len(word))


FIELDS = ("cb-number", "cb-email", "cb-custom")


# What a field's keys do, by the table's ids (their keys are the ones in force): at once, in key
# order (as bindings they would act only after the keys typed right behind them had reached the field).
_FIELD_KEYS: dict[str, Callable[[CallbackPanel], None]] = {
    "callback_close": lambda panel: panel.action_back_to_note(),
    "callback_promise": lambda panel: panel.accept_from_field(),
    "callback_next_field": lambda panel: panel.action_next_field(1),
    "callback_previous_field": lambda panel: panel.action_next_field(-1),
    "callback_whose_time": lambda panel: panel.action_toggle_typed_in(),  # whose time a custom window is typed in
}


class PanelField(Input):
    """A field of the panel: Tab, Shift+Tab and Esc move the keys on, Enter promises, F4 says whose time."""

    async def _on_key(self, event: events.Key) -> None:
        panel = next(ancestor for ancestor in self.ancestors if isinstance(ancestor, CallbackPanel))
        action = panel.keys.action_for(event)
        act = _FIELD_KEYS.get(action.id) if action is not None else None
        if act is not None:
            event.stop()
            event.prevent_default()
            act(panel)


class CallbackPanel(Vertical, can_focus=False):
    DEFAULT_CSS = """
    CallbackPanel { display: none; height: auto; border: round $accent; padding: 0 1; }
    CallbackPanel.-open { display: block; }
    CallbackPanel:focus-within, CallbackPanel:focus { border: round $accent-lighten-1; }
    CallbackPanel Horizontal { height: 1; }
    CallbackPanel Horizontal > Label { width: 8; color: $text-muted; }
    CallbackPanel Input, CallbackPanel Input:focus { height: 1; border: none; padding: 0; width: 1fr; background: $boost; }
    CallbackPanel Input:focus { background: $accent 30%; }
    CallbackPanel > Static { width: 1fr; }
    CallbackPanel .-problem { color: $error; }
    """

    # While one of its fields has the keys (the border says so; the footer keeps the live-call keys).
    # Tab, Shift+Tab, Esc, Enter and F4 there: PanelField; with the note's editor focused: DeskScreen.panel_key.
    BINDINGS = bindings(CALLBACK_ZONE_ACTIONS)

    @dataclass
    class Accepted(Message):
        proposal: Proposal

    class BackToNote(Message):
        """Tab past the last field, or Esc in one: the keys go back to the note being typed."""

    @dataclass
    class Refused(Message):
        """Enter with something wrong: the desk says why on the status line."""

        reason: str

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rules: WindowRules | None = None
        self.default_region: str | None = None
        self.now: Callable[[], datetime] = lambda: datetime.now().astimezone()
        self.preset: str | None = None  # None: the proposal (DESIGN.md), else one of PRESETS
        self.zone_choice: str | None = None
        self.typed_in = "agent"
        self.proposal: Proposal | None = None
        self.changing: dict[str, Any] | None = None  # the promise this call made, opened again for change (second F5)
        self.note: Widget | None = None  # the note editor, where Tab past the last field and Esc give the keys back
        self.lookups = False
        self._shown: dict[str, Text] = {}
        self._keys: KeyReader | None = None

    @property
    def keys(self) -> KeyReader:
        """The panel's keys in force (the action table, config's [keys] applied), read in key order."""
        if self._keys is None:
            self._keys = KeyReader((*CALLBACK_PANEL_ACTIONS, *CALLBACK_ZONE_ACTIONS, *CALLBACK_WINDOW_ACTIONS), self.app)
        return self._keys

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(Text(_("Number")))
            yield PanelField(id="cb-number", placeholder=_("the best number to reach the caller"))
        yield Static(id="cb-check")
        with Horizontal(classes="optional"):
            yield Label(Text(_("E-mail")))
            yield PanelField(id="cb-email", placeholder=_("optional: the invite goes to it (Tab to type)"))
        with Horizontal(classes="optional"):
            yield Label(Text(_("Custom")))
            # The example in the agent's language: the parser reads English, Korean and Chinese day words.
            yield PanelField(id="cb-custom", placeholder=_("tomorrow 2pm-4pm") + " " + _("(5, then Tab to type)"))
        yield Static(id="cb-presets")
        yield Static(id="cb-window")
        yield Static(id="cb-readback")

    # -- opening and closing -------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(
        self, *, caller: str, region: str | None, rules: WindowRules, now: Callable[[], datetime], changing: dict[str, Any] | None = None
    ) -> None:
        """Prefill and show (the note editor keeps the focus). `changing`: a promise of this call (its
        latest `callback` event), shown for change: its number, e-mail and window, typed in your time."""
        self.rules, self.default_region, self.now = rules, region, now
        self.preset, self.zone_choice, self.typed_in = None, None, "agent"
        self.changing = changing
        custom, email = "", ""
        if changing is None:
            self.border_title = _("Callback · Enter promises it · Esc closes")
        else:
            self.border_title = _("Change the callback · Enter re-issues its invite · F5 a separate one · Esc keeps it")
            caller, email = changing.get("number") or caller, changing.get("email") or ""
            custom = as_typed(changing, rules.agent_zone)
            self.preset, self.zone_choice = "custom", changing.get("zone_choice")
        self.border_subtitle = self._note_has_keys()
        with self.prevent(Input.Changed):
            self.query_one("#cb-number", Input).value = caller
            self.query_one("#cb-email", Input).value = email
            self.query_one("#cb-custom", Input).value = custom
        self.query("Horizontal.optional").remove_class("-filled")
        self.add_class("-open")
        self.recompute()

    def close(self) -> None:
        self.remove_class("-open")
        self.proposal = None

    # -- keys ----------------------------------------------------------------------------------

    def action_preset(self, preset: str) -> None:
        """1-5 while no note is typed; a custom window (5) is typed once Tab moved into its field."""
        self.preset = preset
        self.recompute()

    def action_next_zone(self, step: int = 1) -> None:
        """PageDown / PageUp: the next or previous of the number's zones, then all of them again."""
        zones = self.proposal.number.zones if self.proposal else ()
        if len(zones) < 2:
            return
        picks: list[str | None] = [None, *zones]
        self.zone_choice = picks[(picks.index(self.zone_choice) + int(step)) % len(picks)]
        self.recompute()

    def action_toggle_typed_in(self) -> None:
        self.typed_in = "caller" if self.typed_in == "agent" else "agent"
        self.recompute()

    def enter_fields(self, backwards: bool = False) -> None:
        """Tab from the note: into the custom field when a custom window is chosen, else the number."""
        first = "cb-custom" if self.preset == "custom" and not backwards else FIELDS[-1] if backwards else FIELDS[0]
        self._give_keys(self.query_one(f"#{first}", Input))

    def _give_keys(self, widget: Widget) -> None:
        # At once, not with focus() (a call_later): the keys typed right behind the Tab are already
        # queued, and must land where the Tab sent them.
        self.screen.set_focus(widget)

    def action_next_field(self, step: int) -> None:
        focused = self.screen.focused
        current = FIELDS.index(focused.id) if isinstance(focused, Input) and focused.id in FIELDS else -1
        following = current + int(step)
        if 0 <= following < len(FIELDS):
            self._give_keys(self.query_one(f"#{FIELDS[following]}", Input))
        else:
            self.action_back_to_note()

    def action_back_to_note(self) -> None:
        if self.note is not None:
            self._give_keys(self.note)
        self.post_message(self.BackToNote())

    def on_descendant_focus(self) -> None:
        self._show_who_has_the_keys()

    def on_descendant_blur(self) -> None:
        self._show_who_has_the_keys()  # a blur may arrive after the next field's focus: ask who has them now

    def _show_who_has_the_keys(self) -> None:
        focused = self.screen.focused
        if isinstance(focused, Input) and focused.id in FIELDS:
            name = {"cb-number": _("Number"), "cb-email": _("E-mail"), "cb-custom": _("Custom")}[focused.id]
            self.border_subtitle = _("Typing in {field} · Tab next · Esc back to the note").format(field=name)
        else:
            self.border_subtitle = self._note_has_keys()

    def _note_has_keys(self) -> str:
        return _("Typing goes to the note · 1-5 window · Tab fields · PgDn zone · F4 whose time")

    def accept_from_field(self) -> None:
        """Enter in a field: read what it holds now (its last Changed may not have come yet); a promise
        gives the keys back to the note before the next key is routed, a refusal leaves them here."""
        self.recompute()
        if self.proposal is not None and self.proposal.ok:
            self.action_back_to_note()
        self.action_accept()

    def action_accept(self) -> None:
        proposal = self.proposal
        if proposal is None:
            return
        if not proposal.ok:
            self.post_message(self.Refused(proposal.problem or _("No window to promise.")))
            return
        self.post_message(self.Accepted(proposal))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.parent is not None:  # a short screen keeps a filled row shown
            event.input.parent.set_class(bool(event.value), "-filled")
        if event.input.id == "cb-number":
            self.zone_choice = None  # another number: another set of zones
        elif event.input.id == "cb-custom" and event.value.strip():
            self.preset = "custom"
        self.recompute()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_accept()

    # -- what is shown -------------------------------------------------------------------------

    def recompute(self) -> None:
        if self.rules is None:
            return
        now = self.now()
        # Until phonenumbers' place data is loaded (a worker does it), the check leaves place and carrier out.
        self.lookups = lookups_ready()
        form = CallbackForm(
            number=self.query_one("#cb-number", Input).value,
            email=self.query_one("#cb-email", Input).value,
            preset=self.preset,
            custom=self.query_one("#cb-custom", Input).value,
            typed_in=self.typed_in,
            zone_choice=self.zone_choice,
        )
        self.proposal = propose_callback(self.rules, form, self.default_region, now, lookups=self.lookups)
        self.zone_choice = self.proposal.zone_choice
        self._show(self.proposal, now)

    def _show(self, proposal: Proposal, now: datetime) -> None:
        number = proposal.number
        check = Text(no_wrap=True, overflow="ellipsis")
        if number.ok:
            check.append(f"{number.e164} · {number.national}", "bold")
            details = [number.type, number.place, number.carrier]
            check.append("".join(f" · {part}" for part in details if part))
            if not self.lookups:
                check.append(" · " + _("place: loading..."), "dim")
            if number.warning:
                check.append(f"\n{number.warning}", "yellow")
        else:
            check.append(_("Not a number to call back: {problem}").format(problem=number.problem), "bold red")
        self._set("cb-check", check)
        self._set("cb-presets", self._presets_text(proposal))
        self._set("cb-window", self._window_text(proposal))
        say = Text()
        window = proposal.result.window if proposal.result is not None else None
        if proposal.ok and window is not None:
            say.append(_("Say") + "  ", "bold green")
            say.append(readback(window, number.reading, now, invite=bool(proposal.email)))
        elif proposal.problem:
            say.append(_("Cannot promise yet:") + " ", "bold red")
            say.append(proposal.problem)
        self._set("cb-readback", say)

    def _set(self, widget_id: str, text: Text) -> None:
        """Update a line only when it changed: most keys change one line, and each update costs a layout."""
        if self._shown.get(widget_id) != text:
            self._shown[widget_id] = text
            self.query_one(f"#{widget_id}", Static).update(text)

    def _presets_text(self, proposal: Proposal) -> Text:
        text = Text(_label(_("Window"), 7), "dim")  # each preset starts with a space: 8 cells in all
        chosen = self.preset
        shown = proposal.result.window if proposal.result is not None else None
        if chosen is None and shown is not None:
            chosen = shown.preset
        # One space between labels (the chosen one reversed): the row fits the panel at 80 columns.
        for action in CALLBACK_WINDOW_ACTIONS:
            preset = window_preset(action)
            key_and_label = f"{key_name(self.keys.key_of(action))} {_(_SHORT.get(preset, PRESET_LABELS[preset]))}"
            text.append(" ")
            text.append(key_and_label, "reverse bold" if preset == chosen else "")
        if self.preset is None and chosen == "first_possible":
            text.append(" ")
            text.append(_(PRESET_LABELS[chosen]), "reverse bold")
        if self.preset == "custom":
            whose = _("typed in your time (F4)") if self.typed_in == "agent" else _("typed in the caller's time (F4)")
            text.append("  " + whose, "dim")
        return text

    def _window_text(self, proposal: Proposal) -> Text:
        text = Text()
        number, result = proposal.number, proposal.result
        if number.ok and len(number.zones) > 1:
            text.append(_label(_("Zones")), "dim")
            if self.zone_choice:
                index = number.zones.index(self.zone_choice) + 1
                text.append(
                    _("{zone} (picked, {index} of {count}; PgDn for the next)").format(
                        zone=self.zone_choice, index=index, count=len(number.zones)
                    )
                    + "\n"
                )
            else:
                text.append(_("legal in all {count} of the number's zones (PgDn picks one)").format(count=len(number.zones)) + "\n")
        window = result.window if result is not None else None
        if result is None or window is None:
            return text
        text.append(_label(_("You")), "dim")
        text.append(f"{window.agent_text}", "bold")
        text.append(f"  {window.agent_zone}\n", "dim")
        text.append(_label(_("Caller")), "dim")
        text.append(f"{window.caller_text}", "bold")
        where = window.caller_zone if window.caller_zone_known else _("{zone}, one of several").format(zone=window.caller_zone)
        text.append(f"  {where}", "dim")
        for note in result.notes:
            text.append(f"\n{note}", "yellow")
        return text
