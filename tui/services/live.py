"""The desk's live state for the wallboard: what it is doing now, sent by a background thread.

`snapshot` reads a live call into the few fields the wallboard shows (never note text, never the
caller's number); `LivePublisher.offer` keeps only the newest and sends it when the state or the
step changed, or every HEARTBEAT seconds so a desk that vanished turns offline on the board. The
desk never waits: a database that is away only delays the board.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from tui.store.team.connection import TeamDatabaseError, connect
from tui.store.team.live import publish

HEARTBEAT = 10.0
OFFLINE_AFTER = 30.0  # seconds without a word from a desk before the wallboard says offline


def snapshot(call: Any, wrapping_up: bool = False, ringing: bool = False) -> dict:
    """The wallboard's fields for a desk: idle (call None), ringing (the phone rings, no call),
    on call, on hold, wrap-up (the wrap-up open, or after the hang-up: after-call work)."""
    if call is None:
        return {"state": "ringing" if ringing else "idle"}
    now = call.now()
    state = call.state
    if wrapping_up or not call.live or not state.talking:
        kind = "wrap-up"
    elif state.on_hold:
        kind = "on hold"
    else:
        kind = "on call"
    step_key = state.current_step
    step = call.playbook.step(step_key) if step_key else None
    return {
        "state": kind,
        "step": step_key,
        "step_title": step.title if step else None,
        "step_seconds": round(state.step_elapsed(now), 1) if step else None,
        "step_target": step.target_seconds if step else None,
        "call_seconds": round(state.call_elapsed(now), 1),
    }


class LivePublisher:
    def __init__(self, url: str, agent: str, machine: str) -> None:
        self.url = url
        self.agent = agent
        self.machine = machine
        self._latest: dict | None = None
        self._sent_key: tuple | None = None
        self._sent_at = 0.0
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="callcoach-live", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def offer(self, state: dict) -> None:
        """Cheap, for the UI thread: remembers the newest state and wakes the sender when it matters."""
        key = (state.get("state"), state.get("step"))
        if key != self._sent_key or time.monotonic() - self._sent_at >= HEARTBEAT:
            self._latest = state
            self._sent_key = key
            self._sent_at = time.monotonic()
            self._wake.set()

    def stop(self) -> None:
        """The desk closes: say offline now rather than after OFFLINE_AFTER."""
        self._latest = {"state": "offline"}
        self._stopping = True
        self._wake.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def _run(self) -> None:
        conn = None
        while True:
            self._wake.wait(HEARTBEAT)
            self._wake.clear()
            state, self._latest = self._latest, None
            if state is None:
                if self._stopping:
                    return
                continue
            try:
                if conn is None or conn.closed:
                    conn = connect(self.url, autocommit=True)
                publish(conn, self.agent, self.machine, state)
            except TeamDatabaseError:
                conn = None
                self._sent_key = None  # try again with the next offer
            except Exception:
                if conn is not None:
                    conn.close()
                conn = None
                self._sent_key = None
            if self._stopping:
                if conn is not None:
                    conn.close()
                return


class LiveTicker:
    """Offers a front end's state to a LivePublisher every `every` seconds from a thread of its own,
    for a front end with no timer to do it (line mode waits in its prompt). `read` runs on this
    thread and only reads: the fields of `snapshot`, never a note or the caller's number."""

    def __init__(self, publisher: LivePublisher, read: Callable[[], dict], every: float = 0.25) -> None:
        self.publisher = publisher
        self.read = read
        self.every = every
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="callcoach-live-ticker", daemon=True)

    def start(self, after: float = 0.0) -> None:
        self._after = after
        self._thread.start()

    def stop(self) -> None:
        """The front end closes: no more ticks, and the wallboard shows it offline at once."""
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)
        self.publisher.stop()

    def _run(self) -> None:
        if self._stopped.wait(self._after):  # the first prompt does not wait for the team store
            return
        self.publisher.start()
        while not self._stopped.is_set():
            try:
                self.publisher.offer(self.read())
            except Exception:  # a state read half-way through a change: the next tick reads it whole
                pass
            self._stopped.wait(self.every)
