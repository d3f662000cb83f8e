"""The callback queue (METHOD.md K1): every commitment, overdue ones standing out, and what to do next.

Rows: status, your time, the caller's time beside it, number, the call it was promised in.
A commitment is never changed by one stray key: the digits choose (only while no note is being
typed: typing goes on into the note, tui.app.desk.typing) and Enter confirms, Esc keeps it as it was.
1 kept (the time is recorded: on time, late, or early when its window has not opened yet),
2 reschedule (1-4 pick the new window, 5 a custom one: Tab moves into its field, F4 says whose
time it is typed in; Enter issues the new invite: same UID, SEQUENCE + 1), 3 cancel (METHOD:CANCEL),
4 starts the callback call (between calls). The kept-on-time rate is at the top.
Reading and writing happen in workers; the list is re-read after every change.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

import tui.domain.callback.commitments as q
import tui.services.callbacks as cb
from tui.app.actions import KeyReader, bindings
from tui.app.desk.typing import TypesThrough, has_the_keys
from tui.app.widgets.key_bar import key_name
from tui.config.keys import CALLBACK_QUEUE_ACTIONS, CALLBACK_QUEUE_CHOICES, CALLBACK_WINDOW_ACTIONS, window_preset
from tui.domain.callback.contact import check_number
from tui.domain.callback.proposal import CallbackForm, window_for
from tui.domain.callback.window import PRESET_LABELS, Window, WindowResult
from tui.services.session import DeskServices
from tui.support.i18n import KEY_LABEL, P_, _

_STYLES = {
    q.OVERDUE: "bold red",
    q.DUE_SOON: "bold yellow",
    q.KEPT_ON_TIME: "green",
    q.KEPT_LATE: "yellow",
    q.KEPT_EARLY: "yellow",
    q.CANCELLED_STATUS: "dim",
}


class CallbackQueueScreen(TypesThrough, ModalScreen[tuple[str, q.QueueEntry] | None]):
    # A wide dialog, the desk visible around it; at 80x24 at the top like every dialog the note types
    # through (desk.tcss), as tall as that leaves. A custom window when rescheduling (5) shows only
    # while it is being typed. Its own rules: parsed when it first opens (tui.app.desk.dialogs).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #callback-queue { width: 95%; height: 80%; border: thick $primary; background: $surface; padding: 0 1; }
    CallbackQueueScreen.-short #callback-queue { height: 1fr; margin-bottom: 6; }
    #callback-queue DataTable { height: 1fr; }
    #cq-detail { height: auto; min-height: 2; }
    #cq-hint { color: $text-muted; }
    #cq-custom { display: none; height: 1; border: none; padding: 0; background: $boost; }
    """

    BINDINGS = bindings(CALLBACK_QUEUE_ACTIONS)

    @property
    def one_key_choices(self) -> str:
        """While no note is being typed: 1-4 act on the selected callback; rescheduling, 1-5 pick the window."""
        return (self.window_keys if self.rescheduling is not None else self.choice_keys).characters()

    def __init__(self, desk: DeskServices, live_records: list[dict[str, Any]] | None = None, *, can_call: bool = True) -> None:
        super().__init__()
        self.desk = desk
        self.live_records = live_records or []
        self.can_call = can_call
        self.entries: list[q.QueueEntry] = []
        self.rescheduling: q.QueueEntry | None = None
        self.new_window: WindowResult | None = None
        self.preset: str | None = None  # the reschedule's preset; "custom" reads #cq-custom
        self.typed_in = "agent"  # whose time a custom window is typed in
        self.confirming: tuple[str, q.QueueEntry] | None = None  # ("kept" or "cancel", the entry) waiting for Enter
        self.busy = False

    # The one-key choices and the windows by their keys in force (tui.config.keys, [keys]), read in
    # on_key in key order; made when first asked, in the running app.
    @cached_property
    def choice_keys(self) -> KeyReader:
        return KeyReader(CALLBACK_QUEUE_CHOICES, self.app)

    @cached_property
    def window_keys(self) -> KeyReader:
        return KeyReader(CALLBACK_WINDOW_ACTIONS, self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="callback-queue"):
            yield Static(Text(_("Callbacks: reading...")), id="cq-summary")
            yield DataTable(id="cq-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="cq-detail")
            # Examples in the agent's language: the parser reads English, Korean and Chinese day words.
            yield Input(id="cq-custom", placeholder=_("tomorrow 10:00-12:00, fri 14-16, 2026-11-24 9:30-11:00"))
            yield Static(Text(self._hint()), id="cq-hint")

    def _hint(self) -> str:
        """1 kept · 2 reschedule · 3 cancel · 4 call back · Enter confirms · Esc close, with the keys in force."""
        bound = KeyReader(CALLBACK_QUEUE_ACTIONS, self.app)
        keys = [(self.choice_keys, action) for action in CALLBACK_QUEUE_CHOICES]
        keys += [(bound, action) for action in CALLBACK_QUEUE_ACTIONS if action.id != "queue_whose_time"]
        parts = [f"{key_name(reader.key_of(action))} {P_(KEY_LABEL, action.label)}" for reader, action in keys]
        return " · ".join([*parts, _("typing goes to the note")])

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Status"), _("Your time"), _("Caller's time"), _("Number"), _("Promised in"))
        table.focus()
        self.reload()

    # -- reading -------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="queue", exclusive=True)
    def reload(self, message: str | None = None) -> None:
        entries = cb.load_queue(self.desk, self.desk.clock.now_utc(), self.live_records)
        self.app.call_from_thread(self.show_entries, entries, message)

    def show_entries(self, entries: list[q.QueueEntry], message: str | None = None) -> None:
        self.entries, self.busy = entries, False
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for entry in entries:
            style = _STYLES.get(entry.status, "")
            status = _(q.STATUS_LABELS[entry.status]) + (
                _(" (moved {count}x)").format(count=entry.rescheduled) if entry.rescheduled else ""
            )
            if entry.linked_calls and entry.open:
                status += " · " + _("called")  # a callback call was started from it: k once it is kept
            owner = cb.owner_of(entry, self.desk.config)
            if owner != self.desk.config.agent:
                status += " · " + owner  # a colleague's, from the team database: an action travels to them
            table.add_row(
                Text(status, style),
                Text(entry.agent_text()),
                Text(f"{entry.caller_text()} {entry.zone}"),
                Text(entry.number),
                Text(entry.call_id, "dim"),
                key=entry.uid,
            )
        if entries:
            table.move_cursor(row=min(row, len(entries) - 1))
        rate = q.kept_on_time_rate(entries)
        counts = {status: sum(1 for e in entries if e.status == status) for status in q.STATUS_LABELS}
        summary = Text(_("Callbacks: {count}").format(count=len(entries)) + "  ·  ")
        summary.append(_("overdue {count}").format(count=counts[q.OVERDUE]), "bold red" if counts[q.OVERDUE] else "")
        summary.append("  ·  " + _("due soon {count}").format(count=counts[q.DUE_SOON]))
        summary.append("  ·  " + _("kept {count}").format(count=counts[q.KEPT_ON_TIME] + counts[q.KEPT_LATE] + counts[q.KEPT_EARLY]))
        summary.append("  ·  " + _("cancelled {count}").format(count=counts[q.CANCELLED_STATUS]) + "  ·  " + _("kept on time:") + " ")
        summary.append(_("no callback due yet") if rate is None else f"{rate:.0%}", "bold")
        self.query_one("#cq-summary", Static).update(summary)
        self._end_reschedule()
        self.confirming = None
        self.say(message or (_("No callbacks promised yet.") if not entries else ""))

    def say(self, message: str, style: str = "") -> None:
        self.query_one("#cq-detail", Static).update(Text(message, style))

    @property
    def selected(self) -> q.QueueEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row < 0:
            return None
        return self.entries[min(table.cursor_row, len(self.entries) - 1)]

    def _open_selected(self) -> q.QueueEntry | None:
        entry = self.selected
        if entry is None or self.busy:
            return None
        if not entry.open:
            self.say(_("That callback is {status}; nothing more to do with it.").format(status=_(q.STATUS_LABELS[entry.status])))
            return None
        return entry

    # -- actions -------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """The one-key choices (the keyboard rule lets a digit through only while no note is typed)."""
        action = (self.window_keys if self.rescheduling is not None else self.choice_keys).action_for(event)
        if has_the_keys(self.focused) or action is None:
            return
        event.stop()
        if self.rescheduling is None:
            getattr(self, f"action_{action.action}")()  # kept, reschedule, cancel_callback, call
        elif window_preset(action) == "custom":
            self.action_custom()
        else:
            self.action_preset(window_preset(action))

    def action_back(self) -> None:
        if has_the_keys(self.focused):
            self.set_focus(self.query_one(DataTable))  # Esc gives the keys back from the custom field, at once
            return
        if self.rescheduling or self.confirming:
            self._end_reschedule()
            self.confirming = None
            self.say(_("Nothing changed."))
            return
        self.dismiss(None)

    def _end_reschedule(self) -> None:
        self.rescheduling = None
        custom = self.query_one("#cq-custom", Input)
        if custom.display:
            custom.display = False
            self.query_one(DataTable).focus()

    def _ask_first(self, what: str) -> q.QueueEntry | None:
        """The selected open callback, now waiting for Enter to confirm `what` ("kept" or "cancel")."""
        entry = self._open_selected()
        if entry is not None:
            self._end_reschedule()
            self.confirming = (what, entry)
        return entry

    def action_kept(self) -> None:
        """1: asks first; Enter records it kept (early when its window has not opened yet)."""
        entry = self._ask_first("kept")
        if entry is None:
            return
        now = self.desk.clock.now_utc()
        if now < entry.start:
            question = _(
                "Its window has not opened yet ({window}). Enter records the callback to {number} as kept EARLY; Esc keeps it open."
            )
        elif now > entry.end:
            question = _("Its window has passed ({window}). Enter records the callback to {number} as kept late; Esc keeps it open.")
        else:
            question = _("Enter records the callback to {number} as kept on time ({window}); Esc keeps it open.")
        self.say(question.format(number=entry.number, window=entry.agent_text()), "bold")

    def action_cancel_callback(self) -> None:
        """3: asks first; Enter cancels it with a cancellation invite."""
        entry = self._ask_first("cancel")
        if entry is None:
            return
        self.say(
            _("Enter cancels the callback to {number}: a cancellation invite goes to the outbox. Esc keeps it.").format(
                number=entry.number
            ),
            "bold",
        )

    def action_reschedule(self) -> None:
        entry = self._open_selected()
        if entry is None:
            return
        self.rescheduling, self.confirming = entry, None
        self.preset, self.typed_in = None, "agent"
        with self.prevent(Input.Changed):
            self.query_one("#cq-custom", Input).value = ""
        self._propose()

    def action_preset(self, preset: str) -> None:
        if self.rescheduling is not None:
            self.preset = preset
            self._propose()

    def action_custom(self) -> None:
        """5: a custom window, typed as in F5 once Tab moved into its field; read again on every key."""
        if self.rescheduling is not None:
            self.preset = "custom"
            self.query_one("#cq-custom", Input).display = True
            self._propose()

    def action_toggle_typed_in(self) -> None:
        if self.rescheduling is not None:
            self.typed_in = "caller" if self.typed_in == "agent" else "agent"
            self._propose()

    @on(Input.Changed, "#cq-custom")
    def _custom_changed(self, event: Input.Changed) -> None:
        if self.rescheduling is not None and event.input.display:
            self.preset = "custom"
            self._propose()

    def _propose(self) -> None:
        entry, rules, preset = self.rescheduling, cb.window_rules(self.desk), self.preset
        if entry is None:
            return
        number = check_number(entry.number, None)
        zone_choice = entry.fields.get("zone_choice")
        now = self.desk.clock.now_utc()
        form = CallbackForm(
            preset=preset, custom=self.query_one("#cq-custom", Input).value, typed_in=self.typed_in, zone_choice=zone_choice
        )
        self.new_window = window_for(rules, form, number, now)
        keys = "  ".join(
            f"{key_name(self.window_keys.key_of(action))} {_(PRESET_LABELS[window_preset(action)])}"
            for action in CALLBACK_WINDOW_ACTIONS
            if window_preset(action) != "custom"
        )
        whose = _("typed in your time (F4)") if self.typed_in == "agent" else _("typed in the caller's time (F4)")
        text = Text(
            _("Reschedule {number}: {keys}  5 custom (Tab to type), {whose}").format(number=entry.number, keys=keys, whose=whose) + "\n",
            "bold",
        )
        window = self.new_window.window
        if window is not None:
            text.append(
                _("New window: {agent} (caller: {caller}). Enter issues the new invite, Esc keeps the old one.").format(
                    agent=window.agent_text, caller=window.caller_text
                )
            )
            for note in self.new_window.notes:
                text.append(f"\n{note}", "yellow")
        else:
            text.append(self.new_window.problem or _("No window."), "red")
        self.query_one("#cq-detail", Static).update(text)

    def action_confirm(self) -> None:
        if self.busy:
            return
        if self.confirming is not None:
            what, entry = self.confirming
            self.confirming, self.busy = None, True
            self._write(what, entry)
            return
        if self.rescheduling is not None:
            self._propose()  # from the field as it is now: its last Changed may still be on its way
        if self.rescheduling is not None and self.new_window is not None and self.new_window.ok:
            self.busy = True
            self._write("reschedule", self.rescheduling, self.new_window.window)

    def action_call(self) -> None:
        entry = self._open_selected()
        if entry is None:
            return
        if not self.can_call:
            self.say(_("Finish the call in progress first (F10); then 4 starts the callback call."))
            return
        self.dismiss(("call", entry))

    @work(thread=True, exit_on_error=False, group="queue-write")
    def _write(self, what: str, entry: q.QueueEntry, window: Window | None = None) -> None:
        now = self.desk.clock.now_utc()
        try:
            if what == "kept":
                cb.mark_kept(self.desk, entry, now)
                if now < entry.start:
                    message = _("Marked kept EARLY, before its window opened: {number}.")
                else:
                    message = _("Marked kept late: {number}.") if now > entry.end else _("Marked kept on time: {number}.")
                message = message.format(number=entry.number)
            elif what == "reschedule":
                assert window is not None, "action_confirm passes the new window with a reschedule"
                moved, ics = cb.reschedule_entry(self.desk, entry, window, now)
                message = _("Rescheduled; new invite {file} (sequence {sequence}) is in the outbox.").format(
                    file=ics.name, sequence=moved.sequence
                )
            else:
                _cancelled, ics = cb.cancel_entry(self.desk, entry, now)
                message = _("Cancelled; the cancellation {file} is in the outbox.").format(file=ics.name)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or type(error).__name__
            self.app.call_from_thread(self._failed, _("Nothing changed: the disk refused the write ({reason}).").format(reason=reason))
            return
        self.app.call_from_thread(self.reload, message)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.say(message, "bold red")
