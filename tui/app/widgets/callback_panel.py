"""F5: the callback panel under the notes (which stay visible): number, window, zone, readback, e-mail.

Everything is recomputed on each keystroke from the panel's own form (number, e-mail, custom
text, preset, zone pick): the number check and the window search take well under a millisecond
once phonenumbers is warm, so nothing here waits. The panel only proposes; the desk makes the
commitment (invite on disk, then the `callback` event) when the panel posts Accepted.

Keys while the panel itself has the focus: 1-5 presets, z zone, t whose time a custom window is
typed in, n / e / c the number, e-mail and custom fields. Enter (anywhere in it) promises, Esc closes.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from tui.domain.callback.contact import lookups_ready
from tui.domain.callback.proposal import PRESET_KEYS, CallbackForm, Proposal, propose_callback
from tui.domain.callback.readback import readback
from tui.domain.callback.window import PRESET_LABELS, WindowRules
from tui.support.i18n import N_, _

_SHORT = {"within_2h": N_("within 2 h"), "within_24h": N_("within 24 h"), "next_business_morning": N_("next morning")}


def _label(word: str, cells: int = 8) -> str:
    """A row label padded to `cells` cells, wide (CJK) characters counted as two."""
    return word + " " * max(1, cells - cell_len(word))


class CallbackPanel(Vertical, can_focus=True):
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

    BINDINGS = [
        *[Binding(key, f"preset('{preset}')", PRESET_LABELS[preset], show=False) for key, preset in PRESET_KEYS.items()],
        Binding("z", "next_zone", "Zone", show=False),
        Binding("t", "toggle_typed_in", "Custom in whose time", show=False),
        Binding("n", "focus_field('cb-number')", "Number", show=False),
        Binding("e", "focus_field('cb-email')", "E-mail", show=False),
        Binding("c", "focus_field('cb-custom')", "Custom", show=False),
        Binding("enter", "accept", "Promise it", show=False),  # the border title says both: the footer
        Binding("escape", "close", "Close, no callback", show=False),  # keeps the live-call keys at 80 columns
    ]

    class Accepted(Message):
        def __init__(self, proposal: Proposal) -> None:
            super().__init__()
            self.proposal = proposal

    class Closed(Message):
        """Escape: no commitment."""

    class Refused(Message):
        """Enter with something wrong: the desk says why on the status line."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rules: WindowRules | None = None
        self.default_region: str | None = None
        self.now = lambda: datetime.now().astimezone()
        self.preset: str | None = None  # None: the proposal (DESIGN.md), else one of PRESETS
        self.zone_choice: str | None = None
        self.typed_in = "agent"
        self.proposal: Proposal | None = None
        self.lookups = False
        self._shown: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(Text(_("Number")))
            yield Input(id="cb-number", placeholder=_("the best number to reach the caller"))
        yield Static(id="cb-check")
        with Horizontal(classes="optional"):
            yield Label(Text(_("E-mail")))
            yield Input(id="cb-email", placeholder=_("optional: the invite goes to it (e to type)"))
        with Horizontal(classes="optional"):
            yield Label(Text(_("Custom")))
            # The example in the agent's language: the parser reads English, Korean and Chinese day words.
            yield Input(id="cb-custom", placeholder=_("tomorrow 10:00-12:00") + " " + _("(c to type, 5 to use)"))
        yield Static(id="cb-presets")
        yield Static(id="cb-window")
        yield Static(id="cb-readback")

    # -- opening and closing -------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, *, caller: str, region: str | None, rules: WindowRules, now) -> None:
        """Prefill and show; the panel takes the focus (the agent pressed F5)."""
        self.rules, self.default_region, self.now = rules, region, now
        self.preset, self.zone_choice, self.typed_in = None, None, "agent"
        self.border_title = _("Callback · Enter promises it · Esc closes")
        self.border_subtitle = _("1-5 window · z zone · t custom time · n e c fields")
        with self.prevent(Input.Changed):
            self.query_one("#cb-number", Input).value = caller
            self.query_one("#cb-email", Input).value = ""
            self.query_one("#cb-custom", Input).value = ""
        self.query("Horizontal.optional").remove_class("-filled")
        self.add_class("-open")
        self.recompute()
        self.focus()

    def close(self) -> None:
        self.remove_class("-open")
        self.proposal = None

    # -- keys ----------------------------------------------------------------------------------

    def action_preset(self, preset: str) -> None:
        self.preset = preset
        if preset == "custom" and not self.query_one("#cb-custom", Input).value.strip():
            self.query_one("#cb-custom", Input).focus()
        self.recompute()

    def action_next_zone(self) -> None:
        zones = self.proposal.number.zones if self.proposal else ()
        if len(zones) < 2:
            return
        index = zones.index(self.zone_choice) + 1 if self.zone_choice in zones else 0
        self.zone_choice = zones[index] if index < len(zones) else None
        self.recompute()

    def action_toggle_typed_in(self) -> None:
        self.typed_in = "caller" if self.typed_in == "agent" else "agent"
        self.recompute()

    def action_focus_field(self, field_id: str) -> None:
        self.query_one(f"#{field_id}", Input).focus()

    def action_accept(self) -> None:
        proposal = self.proposal
        if proposal is None:
            return
        if not proposal.ok:
            self.post_message(self.Refused(proposal.problem or _("No window to promise.")))
            return
        self.post_message(self.Accepted(proposal))

    def action_close(self) -> None:
        self.post_message(self.Closed())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        event.input.parent.set_class(bool(event.value), "-filled")  # a short screen keeps a filled row shown
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
        result = proposal.result
        if proposal.ok:
            say.append(_("Say") + "  ", "bold green")
            say.append(readback(result.window, number.reading, now, invite=bool(proposal.email)))
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
        if chosen is None and proposal.result is not None and proposal.result.ok:
            chosen = proposal.result.window.preset
        for key, preset in PRESET_KEYS.items():
            label = f"{key} {_(_SHORT.get(preset, PRESET_LABELS[preset]))}"
            text.append(f" {label} ", "reverse bold" if preset == chosen else "")
        if self.preset is None and chosen == "first_possible":
            text.append(f" {_(PRESET_LABELS[chosen])} ", "reverse bold")
        if self.preset == "custom":
            whose = _("typed in your time (t)") if self.typed_in == "agent" else _("typed in the caller's time (t)")
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
                    _("{zone} (picked, {index} of {count}; z for the next)").format(
                        zone=self.zone_choice, index=index, count=len(number.zones)
                    )
                    + "\n"
                )
            else:
                text.append(_("legal in all {count} of the number's zones (z picks one)").format(count=len(number.zones)) + "\n")
        if result is None or not result.ok:
            return text
        window = result.window
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
