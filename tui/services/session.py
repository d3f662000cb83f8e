"""The agent's desk's services: its settings, clock, history and playbook (DeskServices), and one
live call with its journal (CallSession).

"Desk" is the agent's live-call desk; both of its front ends (the Textual desk, tui.app.desk, and
line mode, tui.line) run on these services, so neither holds call logic or storage logic of its own. Methods that touch the disk block; front ends call them from a
worker thread, never from their event loop.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import tui.domain.call.events as ev
from tui.config.data_files import load_playbook
from tui.config.settings import Config
from tui.domain.call.clock import Clock
from tui.store.datadir import journal_dir
from tui.support.i18n import _

# The store (TinyDB, the history, the caller index) and a call's own modules (the live call, its
# journal, its record) are not the desk's first frame: they load at their first use, which on the
# desk is the start-up's workers just after that frame (README "First frame").
if TYPE_CHECKING:
    from tui.domain.call.live import LiveCall
    from tui.domain.callback.window import WindowRules
    from tui.domain.coaching.playbook import Playbook
    from tui.services.caller_history import CallerHistory
    from tui.store.history import History
    from tui.store.journal import JournalWriter

_OPENING = threading.Lock()  # the history and the caller index are opened once, by whichever thread asks first

# Written to a journal by a signal handler: not a call event, so it is kept out of the log.
INTERRUPTED_MARK = "interrupted"


class DeskServices:
    """The services one agent's desk runs on, for its whole life: settings, clock, history, playbook.

    Opened by open_desk (the CLI through tui.commands.common.opened_desk, the tests alike); it
    starts, resumes and files calls, and finds the calls a crash cut short. A plain class: it is
    defined before the desk's first frame, where a dataclass costs (tui/support/frozen_record.py)."""

    def __init__(self, config: Config, data_dir: Path, clock: Clock, playbook: Playbook) -> None:
        self.config = config
        self.data_dir = data_dir
        self.clock = clock
        self.playbook = playbook
        self.on_saved_status: Callable[[bool], None] | None = None
        self.quarantined: list[Path] = []  # damaged history files already reported
        self.callback_rules: WindowRules | None = None  # built once, off the event loop (tui.services.callbacks)
        self._callers: CallerHistory | None = None  # opened at the first use (_opened_store)

    @property
    def history(self) -> History:
        """The calls filed on this machine (tui.store.history). Blocking the first time (imports)."""
        return self._opened_store().history

    @property
    def callers(self) -> CallerHistory:
        """The caller index beside the history (tui.services.caller_history)."""
        return self._opened_store()

    def _opened_store(self) -> CallerHistory:
        """The history and its caller index, opened once by whichever thread asks first (the
        caller index holds the history it indexes)."""
        if self._callers is None:
            with _OPENING:
                if self._callers is None:
                    from tui.services.caller_history import CallerHistory
                    from tui.store.history import History

                    history = History(self.data_dir)
                    self._callers = CallerHistory(history, self.data_dir, self.config.timezone, self.config.team_database)
        return self._callers

    def file_record(self, record: dict) -> None:
        """File a record into the history (with its outbox record for the team database); the
        caller index learns it in the same step. Blocking."""
        with self.callers.commit(record):
            commit_call(self.config, self.data_dir, self.history, record)

    @property
    def journal_dir(self) -> Path:
        return journal_dir(self.data_dir)

    def start_call(self, caller_typed: str = "", linked_callback: str | None = None) -> tuple[CallSession, str | None]:
        """A new live call; returns it with a warning when the caller number could not be read.

        `linked_callback`: the UID of the commitment this call keeps (started from the queue).
        """
        from tui.domain.callback.phone import parse_caller  # with the first call, not before the desk's first frame

        number = parse_caller(caller_typed, self.config.default_region)
        session = CallSession.begin(self, caller_typed, number.e164, linked_callback)
        warning = None
        if number.problem and caller_typed.strip():
            typed = session.call.state.caller_input.strip()  # as stored: a card in it is masked
            warning = _("Caller number {number} not recognised ({problem}); shown as typed.").format(
                number=repr(typed), problem=number.problem
            )
        return session, warning

    def check_history(self) -> str | None:
        """Open every month so a damaged one is set aside now, not at the end of a call; the
        sentence to tell the agent about files set aside since the last check, or None. Blocking:
        front ends run it off their event loop (it reads the whole history once)."""
        self.history.check_all()
        fresh = [path for path in self.history.quarantined if path not in self.quarantined]
        if not fresh:
            return None
        self.quarantined.extend(fresh)
        # Short enough for the status line; the months trail, as the part that may be cut off.
        months = ", ".join(sorted(path.name.removeprefix("history-").split(".json")[0] for path in fresh))
        if len(fresh) == 1:
            return _("A damaged history file moved to quarantine/, the rest loaded: {months}.").format(months=months)
        return _("{count} damaged history files moved to quarantine/, the rest loaded: {months}.").format(count=len(fresh), months=months)

    def cut_short_calls(self) -> list[Path]:
        """Journals of calls that were never filed (a crash, a closed terminal). Blocking."""
        from tui.store.journal import pending_journals

        return pending_journals(self.journal_dir, self.history)

    def read_cut_short(self, journal: Path) -> tuple[list[dict], dict | None]:
        """A cut-short call's journal lines and its last draft. Blocking."""
        from tui.store.journal import read_journal

        return read_journal(journal)

    def resume_call(self, journal: Path) -> CallSession:
        log, draft = self.read_cut_short(journal)
        return CallSession.reopen(self, journal, call_events(log), draft)

    def file_as_is(self, journal: Path) -> dict:
        """Commit a cut-short call to the history as interrupted, then drop its journal."""
        from tui.domain.call.record import call_record
        from tui.store.journal import remove_journal

        log, draft = self.read_cut_short(journal)
        record = call_record(call_events(log), draft)
        self.file_record(record)
        remove_journal(journal, durable=False)  # filed durably: a journal brought back is a leftover
        return record


def commit_call(config: Config, data_dir: Path, history: History, record: dict) -> None:
    """File a call through the team sync's outbox (tui.services.sync.commit_call)."""
    # lazy: team sync pulls review flags, TinyDB's review store and the team tables, start-up time
    # the first frame does not need; DeskApp.warm_up imports it off the event loop after the frame
    from tui.services.sync import commit_call as commit_with_outbox

    commit_with_outbox(config, data_dir, history, record)


def open_desk(config: Config, data_dir: Path, clock: Clock, playbook_key: str | None = None) -> DeskServices:
    """The desk's services, as the CLI opens them and the tests drive them. Raises PlaybookError."""
    playbook = load_playbook(playbook_key or config.playbook, config.language)
    return DeskServices(config=config, data_dir=data_dir, clock=clock, playbook=playbook)


def call_events(journal_lines: list[dict]) -> list[dict]:
    return [line for line in journal_lines if line.get("type") in ev.EVENT_TYPES]


class CallSession:
    """A live call plus its journal. The journal writer does the disk work on its own thread."""

    def __init__(self, desk: DeskServices, call: LiveCall, writer: JournalWriter, journal: Path) -> None:
        self.desk = desk
        self.call = call
        self.writer = writer
        self.journal = journal
        self.recovered_draft: dict | None = None  # the note being typed when a call was cut short

    @classmethod
    def begin(cls, desk: DeskServices, caller_typed: str, caller_e164: str | None, linked_callback: str | None = None) -> CallSession:
        from tui.domain.call.live import LiveCall, new_call_id
        from tui.store.journal import JournalWriter

        started = desk.clock.now_utc()
        call_id = new_call_id(started)
        writer = JournalWriter(desk.journal_dir, call_id, on_status=desk.on_saved_status)
        call = LiveCall.start(
            playbook=desk.playbook,
            agent=desk.config.agent,
            caller_typed=caller_typed,
            caller_e164=caller_e164,
            zone=desk.config.timezone,
            clock=desk.clock,
            sink=writer.append,
            linked_callback=linked_callback,
            started=started,
            call_id=call_id,
            rewrite=writer.rewrite,
        )
        return cls(desk, call, writer, desk.journal_dir / f"{call.call_id}.jsonl")

    @classmethod
    def reopen(cls, desk: DeskServices, journal: Path, log: list[dict], draft: dict | None) -> CallSession:
        from tui.domain.call.live import LiveCall
        from tui.store.journal import JournalWriter

        call_id = log[0]["call_id"]
        playbook = desk.playbook
        if log[0].get("playbook") and log[0]["playbook"] != playbook.key:
            playbook = load_playbook(log[0]["playbook"], desk.config.language)
        writer = JournalWriter(desk.journal_dir, call_id, on_status=desk.on_saved_status)
        call = LiveCall.resume(log, playbook, desk.clock, writer.append, writer.rewrite)
        session = cls(desk, call, writer, journal)
        session.recovered_draft = draft
        return session

    def save_draft(self, began_at: float, text: str) -> None:
        """The note being typed, masked (with the last note too); the writer puts it on disk about 100 ms later at most. Non-blocking."""
        self.writer.set_draft(began_at, self.call.mask_draft(text))

    def finish(self, outcome: str, category: str) -> dict:
        """End the call and file it. Blocking: flush, commit to history, then drop the journal.

        Everything typed must be on disk before the call ends: when the journal cannot be written
        (a full disk) this raises with the call still live, so the front end can keep it open.
        """
        from tui.domain.call.record import call_record
        from tui.store.journal import remove_journal

        if not self.writer.flush(timeout=5.0):
            raise OSError(errno.EIO, "the call's journal is not on disk yet")
        self.call.end(outcome, category)
        self.writer.set_draft(self.call.now(), "")
        # The end event's fsync (the writer's thread) and the history's run side by side: whichever
        # reaches the disk keeps the ended call whole for the next start (a journal whose call is
        # committed is a leftover that pending_journals removes).
        record = call_record(self.call.log)
        try:
            self.desk.file_record(record)
        except BaseException:
            if not self.writer.flush(timeout=5.0):
                raise OSError("the call journal could not be written; the call is kept in memory") from None
            raise
        self.writer.close()
        # The history's line is fsynced: the journal's removal needs no fsync of its own. Should
        # a power cut bring it back, the next start recognises it as filed and removes it.
        remove_journal(self.journal, durable=False)
        return record

    def interrupt(self, reason: str) -> None:
        """A signal or a crash: get everything typed onto disk and mark why the call stopped."""
        self.writer.append({"type": INTERRUPTED_MARK, "t": self.call.now(), "reason": reason})
        self.writer.flush(timeout=2.0)

    def abandon(self) -> None:
        """Quit with the call live: it stays in the journal and is offered for resume next start."""
        self.writer.flush(timeout=2.0)
        self.writer.close()
