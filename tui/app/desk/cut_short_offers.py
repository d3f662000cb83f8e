"""Calls cut short at the last exit (a crash, a closed terminal), offered one at a time at start:
resume it, or file it as it is. `callcoach call --caller NUM`'s call starts once none is left to
offer, and it starts whatever became of the offers: a look or a read that fails is said as any
start-up worker's fault (BaseApp.background_failed) and a journal with no call in it is passed by,
so a damaged journal never leaves the agent at a desk whose call never began."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.support.fault_seams import fail_at
from tui.support.i18n import _

if TYPE_CHECKING:
    from tui.app.desk.app import DeskApp


class CutShortOffers:
    def __init__(self, app: DeskApp) -> None:
        self.app = app
        self.pending: list[Path] = []

    def look(self) -> None:
        """After the first frame: find the cut-short calls on a start-up thread."""
        self._in_thread(self._look)

    def _in_thread(self, work: Callable[[], Any]) -> None:
        self.app.run_worker(work, thread=True, exit_on_error=False, group="start-up")

    def _look(self) -> None:
        pending: list[Path] = []
        try:
            fail_at("cut-short-look")
            pending = self.app.desk.cut_short_calls()
        finally:  # a look that fails is said as any worker's fault; --caller's call starts all the same
            self.app.call_from_thread(self._queue, pending)

    def _queue(self, pending: list[Path]) -> None:
        self.pending = list(pending)
        self._start_call_unless_offering()

    def _start_call_unless_offering(self) -> None:
        """--caller's call starts once no cut-short call is left to offer (each one answered first)."""
        app = self.app
        if not self.offer_next() and app.start_caller is not None:
            app.desk_screen.begin_call(app.start_caller)
            app.start_caller = None

    def offer_next(self) -> bool:
        """Offer the next cut-short call, if any; True when one was offered."""
        if not self.pending or self.app.desk_screen.session is not None:
            return False
        path = self.pending.pop(0)
        self._in_thread(lambda: self._offer(path))
        return True

    def _offer(self, path: Path) -> None:
        from tui.app.desk.resume_call import ResumeCallScreen, cut_short_summary  # tui.app.desk.dialogs

        app = self.app
        try:
            summary = cut_short_summary(*app.desk.read_cut_short(path))
        except BaseException:
            app.call_from_thread(self._start_call_unless_offering)  # the next one, or --caller's call
            raise
        if summary is None:  # nothing in it to resume or file: left on disk as it is
            app.call_from_thread(self._start_call_unless_offering)
            return
        app.call_from_thread(app.push_screen, ResumeCallScreen(summary), lambda choice: self._chosen(path, choice))

    def _chosen(self, path: Path, choice: str) -> None:
        if choice == "resume":
            self.app.desk_screen.adopt_session(self.app.desk.resume_call(path))
            gc.freeze()  # a long call's thousands of events: no full collections while the agent types
        else:
            self._in_thread(lambda: self._file_as_is(path))

    def _file_as_is(self, path: Path) -> None:
        app = self.app
        try:
            record = app.desk.file_as_is(path)
            app.call_from_thread(app.desk_screen.say, _("Filed the cut-short call {id} as interrupted.").format(id=record["id"]))
        finally:  # filed or not (a fault is said), the next one is offered or --caller's call starts
            app.call_from_thread(self._start_call_unless_offering)
