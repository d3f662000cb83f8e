"""The wallboard's feed: a thread that LISTENs on the team database and hands the board (one row
per agent, today's totals) to the screen whenever a desk publishes, and every few seconds for the
totals and callbacks; a database that goes away is one sentence and a reconnect with backoff."""

from __future__ import annotations

import threading
from collections.abc import Callable

from tui.store.team.connection import TeamDatabaseError, connect, explain
from tui.store.team.live import CHANNEL, board

REFRESH = 5.0  # totals and callbacks due change without a desk's word; live state comes by NOTIFY


class WallboardFeed:
    def __init__(self, url: str, on_board: Callable[[list[dict], dict], None], on_problem: Callable[[str | None], None]) -> None:
        self.url = url
        self.on_board = on_board
        self.on_problem = on_problem
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="callcoach-wallboard", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping = True

    def _run(self) -> None:
        import psycopg  # lazy: about 0.3 s, paid only by the wallboard's listening thread

        backoff = 1.0
        while not self.stopping:
            try:
                with connect(self.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.on_problem(None)
                    backoff = 1.0
                    while not self.stopping:
                        self.on_board(*board(conn))
                        # Wait for a desk's NOTIFY (or the refresh), then take every one queued.
                        for _ in conn.notifies(timeout=REFRESH, stop_after=1):
                            pass
            except TeamDatabaseError as error:
                if not self.stopping:
                    self.on_problem(str(error))
            except psycopg.Error as error:
                if not self.stopping:
                    self.on_problem(str(explain(error, self.url)))
            if not self.stopping:
                threading.Event().wait(backoff)
                backoff = min(backoff * 2, 30.0)
