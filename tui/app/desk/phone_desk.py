"""The phone on the desk: phone events drive the live call exactly as the desk's keys do, and what
the agent does on the desk (Ctrl+N, F8, filing) goes back to the phone.

The desk screen owns one `DeskPhone`, built just after the first frame (phone_not_up.py), and
calls it at a few points (a call begun, Ctrl+N, F8, filing, idle); everything else about the phone lives here and in tui.services.phone. The
banner under the header shows who rings and what happened last time (looked up in a worker from
the small caller index), the caller's history through the first minute of a call, and the
after-call-work timer against [wrapup] target_seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.css.query import NoMatches

from tui.app.desk.dialogs import open_dialog
from tui.app.desk.late_parts import late_part, mounted_part
from tui.app.widgets.call_header import CallHeader
from tui.app.widgets.note_input import NoteInput
from tui.app.widgets.phone_banner import AMBER, PhoneBanner
from tui.domain.call import phone_events as pe
from tui.domain.call.wrapup import propose_category
from tui.domain.text.display import visible
from tui.domain.text.timefmt import clock_text
from tui.services.caller_history import TeamUnavailable
from tui.services.phone import hub as commands
from tui.services.phone.hub import PhoneHub
from tui.support.i18n import _

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.app.desk.screen import DeskScreen
    from tui.domain.call.live import LiveCall
    from tui.services.caller_history import CallerLookup

HISTORY_SECONDS = 60.0  # the caller's history stays in view this long into the call
QUIET_BEFORE_WRAPUP = 1.0  # the wrap-up opens by itself only after the agent stopped typing this long


class DeskPhone:
    def __init__(self, screen: DeskScreen) -> None:
        self.screen = screen
        self.config = screen.desk.config
        self.calls = pe.PhoneCalls()
        self.hub: PhoneHub | None = None
        self._task: asyncio.Task[None] | None = None
        self._ticks: Timer | None = None  # the banner's clock: ACW, the history's minute
        self._starting: pe.PhoneEvent | None = None  # the phone call the next begin_call follows
        self._after_filing: pe.PhoneEvent | None = None  # answered during a wrap-up: starts once filed
        self._wrapup_opened = False  # the wrap-up opened by itself once after this hang-up
        self._history: CallerLookup | None = None
        self._wanted: str | None = None  # the number whose history the banner waits for (E.164)
        self._history_until = 0.0  # the desk clock's monotonic reading when the history leaves the banner

    # -- life ------------------------------------------------------------------------------------

    def start(self) -> None:
        desk = self.screen.desk
        self.hub = PhoneHub(desk.data_dir, self.config.phone_baresip, self._heard, self._said)
        # A task of its own, not a Textual worker: it lives as long as the desk, and workers are
        # what "wait until the background work is done" waits for.
        self._task = asyncio.get_running_loop().create_task(self._listen(self.hub))
        self._ticks = self.screen.set_interval(0.5, self.tick)
        # The caller index catches up with months filed elsewhere (an import, a purge). After the
        # first frame, in a worker: its opening (imports) and reads would hold the interpreter
        # while the desk's first frame is being drawn.
        refresh = partial(self.screen.run_worker, self._refresh_callers, thread=True, group="caller-index", exit_on_error=False)
        self.screen.call_after_refresh(refresh)

    def _refresh_callers(self) -> None:
        self.screen.desk.callers.refresh()

    async def _listen(self, hub: PhoneHub) -> None:
        try:
            await hub.run()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the desk goes on without the phone; the call is untouched
            self.screen.say(
                _("The phone stopped listening ({error}); restart the desk to listen again.").format(error=type(error).__name__), "error"
            )

    def stop(self) -> None:
        """The desk closes: stop listening (the socket file goes too) and drawing the banner."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
        if self._ticks is not None:
            self._ticks.stop()

    async def stopped(self) -> None:
        task = self._task
        self.stop()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _closing(self) -> bool:
        """The desk is closing: its widgets may be gone while the phone still speaks."""
        return self._task is None or not self.screen.is_attached  # is_attached: False once the app exits

    def _said(self, message: str, level: str) -> None:
        if not self._closing():
            with contextlib.suppress(NoMatches):
                self.screen.say(message, level)

    def _heard(self, event: pe.PhoneEvent) -> None:
        if not self._closing():
            with contextlib.suppress(NoMatches):  # a widget unmounted under a late event
                self.heard(event)

    @property
    def ringing(self) -> bool:
        return self.calls.ringing is not None

    def _desk_now(self) -> pe.DeskNow:
        call = self.screen.call
        return pe.DeskNow(
            has_call=self.screen.session is not None,
            talking=call is not None and call.talking and not self.screen.filing,
            on_hold=call is not None and call.state.on_hold,
            wrapup_required=self.config.wrapup_required,
        )

    # -- what the phone says ---------------------------------------------------------------------

    def heard(self, event: pe.PhoneEvent) -> None:
        if event.caller and not event.shown_as:  # the status line names the caller as the banner does
            event = replace(event, shown_as=self._display(event.caller))
        reaction = self.calls.react(event, self._desk_now())
        action = reaction.action
        if action == pe.SHOW_RINGING:
            self._show_ringing(reaction.event)
        elif action == pe.START_CALL:
            self._start(reaction.event)
        elif action in (pe.FILE_FIRST, pe.FILE_AND_START):
            if self._after_filing is not None and self._after_filing.ref == reaction.event.ref:
                return  # the phone confirms the answer the desk is already waiting to start
            self._after_filing = reaction.event
            if action == pe.FILE_AND_START:
                self._file_as_proposed()
        elif action in (pe.PUT_ON_HOLD, pe.TAKE_OFF_HOLD):
            self.screen.current_call.toggle_hold()
            self.screen.refresh_clock()
        elif action == pe.HANG_UP:
            self._hung_up(reaction.event)
        elif action == pe.STOP_RINGING:
            self._stop_ringing()
        if reaction.message:
            self.screen.say(reaction.message, reaction.level)
        self.tick()

    def _show_ringing(self, event: pe.PhoneEvent) -> None:
        self._history = None
        if self.screen.session is None:
            self.screen.query_one(CallHeader).show_idle(
                self.config.agent, "☎ " + _("{caller} is ringing").format(caller=self._display(event.caller))
            )
        self.tick()
        self.screen.refresh_bindings()
        self._look_up(event.caller)

    def _stop_ringing(self) -> None:
        self._history = None
        if self.screen.session is None:
            self.screen.query_one(CallHeader).show_idle(self.config.agent)
        self.screen.refresh_bindings()

    def _start(self, event: pe.PhoneEvent) -> None:
        self._starting = event
        self.screen.begin_call(event.caller)

    def _hung_up(self, event: pe.PhoneEvent) -> None:
        if self.screen.filing:
            return  # the agent is filing: the desk hung up the phone itself
        self.screen.current_call.hang_up(event.by or None)
        self._wrapup_opened = False
        self.screen.refresh_bindings()
        self.screen.refresh_clock()
        promoted = self.calls.promote_waiting()  # a call waiting is the one ringing now
        if promoted is not None:
            self._history = None
            self._look_up(promoted.caller)
        who = {"caller": _("The caller hung up."), "agent": _("The call was hung up on the phone.")}.get(event.by, _("The call ended."))
        self.screen.say(who + " " + _("Wrap up: F10, then Enter files the call."))

    def _file_as_proposed(self) -> None:
        """Answering the next call during the last one's after-call work (not required): filed with
        what its wrap-up highlights when it is open (Enter), else with what it would propose."""
        call = self.screen.call
        if call is None or self.screen.filing:
            return
        wrap_up = open_dialog(self.screen.app.screen, "WrapUpScreen")
        if wrap_up is not None:
            wrap_up.action_accept()
            return
        category = propose_category([note.text for note in call.state.notes] + [self.screen.query_one(NoteInput).value])
        self.screen._wrap_up_chosen((call.proposed_outcome(), category, False))

    # -- what the agent does on the desk -----------------------------------------------------------

    def call_began(self) -> None:
        """The screen started (or resumed) a call: follow the phone call it answers, if any."""
        event, self._starting = self._starting, None
        self.calls.call_started(event.ref if event else "")
        call = self.screen.call
        caller = call.state.caller if call is not None else None
        self._history_until = self.screen.desk.clock.monotonic() + HISTORY_SECONDS
        if caller and (self._history is None or self._history.caller != caller):
            self._history = None
            self._look_up(caller)
        self.tick()

    def answer(self) -> bool:
        """Ctrl+N: answer the ringing phone (on the phone too). False when nothing rings."""
        ringing = self.calls.ringing
        if ringing is None:
            return False
        if self.screen.session is not None:
            if self.config.wrapup_required:
                self.screen.say(_("File this wrap-up first (F10, Enter): the next call waits until it is filed."), "warning")
                return True
            self._after_filing = pe.PhoneEvent(pe.ANSWERED, ringing.ref, ringing.caller, source=ringing.source)
            if self.hub is not None:
                self.hub.send(commands.ACCEPT, ringing.ref)
            self._file_as_proposed()
            return True
        if self.hub is not None:
            self.hub.send(commands.ACCEPT, ringing.ref)
        self._start(ringing)
        return True

    def held(self, on_hold: bool) -> None:
        """F8 on the desk: the phone holds or resumes too."""
        if self.hub is not None and self.calls.current:
            self.hub.send(commands.HOLD if on_hold else commands.RESUME, self.calls.current)

    def filing(self) -> None:
        """The agent accepted the wrap-up: a phone call still up is hung up by the desk."""
        call = self.screen.call
        if call is not None and call.talking and self.hub is not None and self.calls.current:
            self.hub.send(commands.HANGUP, self.calls.current)

    def desk_idle(self) -> None:
        """The call was filed (or set aside): start the call answered meanwhile, or show the next ring."""
        if self.calls.current is not None:
            self.calls.call_filed()
        self._history = None
        pending, self._after_filing = self._after_filing, None
        if pending is not None:
            self.screen.call_after_refresh(self._start, pending)
            return
        promoted = self.calls.promote_waiting() or self.calls.ringing
        if promoted is not None:
            self._show_ringing(promoted)
        else:
            self.tick()

    # -- the banner --------------------------------------------------------------------------------

    def tick(self) -> None:
        lines: list[Text] = []
        ringing = self.calls.ringing
        call = self.screen.call
        blocked = call is not None and self.config.wrapup_required
        if ringing is not None:
            line = Text("☎ ", "bold")
            line.append(_("Ringing: {caller}").format(caller=self._display(ringing.caller)), "bold")
            if blocked:
                line.append("  " + _("file this wrap-up first (F10), then Ctrl+N answers"), AMBER)
            else:
                line.append("  " + _("Ctrl+N answers"), "dim")
            lines.append(line)
        if call is not None and not call.talking and call.live:
            lines.append(self._acw_line(call))
        history = self._history
        if history is not None and (ringing is not None or (call is not None and self.screen.desk.clock.monotonic() < self._history_until)):
            lines.append(Text(visible(history.text)))
        banner = late_part(self.screen, PhoneBanner) if lines else mounted_part(self.screen, PhoneBanner)
        if banner is not None:
            banner.show_lines(lines, ringing=ringing is not None)
        # After this frame: the banner (who rings, the ACW timer) is drawn before a dialog is built.
        self.screen.call_after_refresh(self._maybe_open_wrapup)

    def _acw_line(self, call: LiveCall) -> Text:
        acw = call.state.after_call_work(call.now()) or 0.0
        target = self.config.wrapup_target_seconds
        line = Text(_("After-call work") + " ", "bold")
        line.append(f" {clock_text(acw)} / {clock_text(target)} ", AMBER if acw > target else "bold")
        line.append("  " + _("F10 wraps up; Enter files the call"), "dim")
        return line

    def _maybe_open_wrapup(self) -> None:
        """After a hang-up the wrap-up opens by itself, as F10 would, once the agent is not typing:
        a key meant for a note never lands in the wrap-up."""
        call = self.screen.call
        if call is None or call.talking or not call.live or self.screen.filing or self._wrapup_opened:
            return
        if self.screen.app.screen is not self.screen or self.screen.query_one(NoteInput).value:
            return
        if time.monotonic() - getattr(self.screen.app, "last_input", 0.0) < QUIET_BEFORE_WRAPUP:
            return
        self._wrapup_opened = True
        self.screen.wrap_up_after_hang_up()

    # -- caller history ----------------------------------------------------------------------------

    def _display(self, caller: str) -> str:
        from tui.domain.callback.phone import parse_caller  # warmed after the first frame (app.warm_up)

        return visible(parse_caller(caller, self.config.default_region).display) if caller else _("an unknown number")

    def _look_up(self, caller: str) -> None:
        """In a worker, started after the next frame: the ringing line is drawn before the worker
        competes with the screen for the interpreter."""
        work = partial(self._look_up_blocking, caller)
        self.screen.call_after_refresh(self.screen.run_worker, work, thread=True, group="caller-history", exit_on_error=False)

    def _look_up_blocking(self, caller: str) -> None:
        # In the worker, not at the top: the caller's number is read with phonenumbers, whose
        # import would otherwise come before the desk's first frame.
        from tui.domain.callback.phone import parse_caller

        number = parse_caller(caller, self.config.default_region).e164
        if number is None:
            return
        callers = self.screen.desk.callers
        self._wanted = number
        # This machine's calls first (a few ms), then, with a team database, the team's: the
        # banner shows the first at once and the second when it comes.
        found = callers.look_up(number, self.screen.desk.clock.now_utc())
        if not found.fresh and callers.refresh():
            found = callers.look_up(number, self.screen.desk.clock.now_utc())
        self.screen.app.call_from_thread(self._history_found, found)
        if callers.team_database is None:
            return
        try:
            found = callers.look_up_team(number, self.screen.desk.clock.now_utc())
        except TeamUnavailable:
            found = replace(found, text=found.text + " · " + _("this machine's calls only (the team database did not answer)"))
        self.screen.app.call_from_thread(self._history_found, found)

    def _history_found(self, found: CallerLookup) -> None:
        if found.caller != self._wanted:
            return  # the answer for a ring that is over: another number rings or talks now
        self._history = found
        self.tick()
