"""The desk's background sync: pushes as soon as a record is ready, pulls every half minute, and
backs off (1 s, 2 s, ... 60 s) while the team database cannot be reached. It reports one quiet
line for the status line, never an error box: the desk never waits for the network."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.config.settings import Config
from tui.services import sync
from tui.store.team.connection import TeamDatabaseError
from tui.support.i18n import _

PULL_EVERY = 30.0
MAX_BACKOFF = 60.0


def sync_line(waiting: int, problem: str | None) -> str | None:
    """The status line's words for the sync: None when all is pushed and the database answers."""
    if problem is None:
        return _("{count} record(s) waiting to sync.").format(count=waiting) if waiting else None
    return _("Team database unreachable: {count} record(s) wait here, nothing is lost.").format(count=waiting)


class SyncWorker:
    def __init__(self, config: Config, data_dir: Path, history: Any, on_status: Callable[[str | None], None]) -> None:
        self.config = config
        self.data_dir = data_dir
        self.history = history
        self.on_status = on_status
        self.wake = threading.Event()
        self.stopping = False
        self.first_pause = 0.0
        self.thread = threading.Thread(target=self._run, name="callcoach-sync", daemon=True)

    def start(self, after: float = 0.0) -> None:
        """Begin, `after` seconds from now (a new record wakes it sooner)."""
        self.first_pause = after
        sync._wakers.add(self.wake)
        self.thread.start()

    def stop(self) -> None:
        self.stopping = True
        sync._wakers.discard(self.wake)
        self.wake.set()

    def _run(self) -> None:
        backoff = 1.0
        if self.first_pause:
            self.wake.wait(self.first_pause)
            self.wake.clear()
        while not self.stopping:
            try:
                report = sync.sync_once(self.config, self.data_dir, self.history)
                self._say(sync_line(report.waiting, None))
                backoff, pause = 1.0, PULL_EVERY
            except (TeamDatabaseError, OSError) as error:
                self._say(sync_line(sync.status(self.data_dir)[0], str(error)))
                pause, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
            except Exception as error:  # a bug must not stop the desk; the records wait on disk
                self._say(sync_line(sync.status(self.data_dir)[0], type(error).__name__))
                pause, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
            self.wake.wait(pause)
            self.wake.clear()

    def _say(self, line: str | None) -> None:
        if self.stopping:
            return
        try:
            self.on_status(line)
        except Exception:
            pass  # the app is closing
