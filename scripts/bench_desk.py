"""callcoach speed figures (issue 2, "Speed"): measures and prints, never asserts a time limit.

Run it through `scripts/bench` (or `scripts/bench --quick`). Five measurements:

1. first frame of `callcoach call --caller ...` against a bare Textual app (a Static and a
   Footer, scripts/bench_bare_app.py), both started in a real pseudo-terminal (120x40),
   alternated in one run; the ratio of the medians;
2. key-to-screen latency in the notes editor of a live call that already holds 5,000 notes
   (headless Pilot app; the frame is rendered to terminal bytes, only the write is skipped);
3. key to journal fsync: from the draft handed to the journal writer to that draft (or a newer
   one) fsynced, measured in the same run as 2 by a timing subclass of JournalWriter;
4. call-end commit (CallSession.finish) with 0 .. 100,000 calls of synthesized history;
5. peak RSS of the desk process with a live call (VmHWM from /proc before it is killed).

The in-process measurements (2-4) each run in a fresh Python process, so one does not inherit
another's heap and garbage-collector state. Lives under scripts/, not tui/: it is not shipped.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import gc
import json
import os
import random
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
BIN = Path(sys.executable).parent
BARE_APP = SCRIPTS / "bench_bare_app.py"
CALLER = "+1 650 253 0000"
COLS, ROWS = 120, 40

BARE_MARKER = b"BENCH-BARE-READY"  # drawn by the bare app's Static
DESK_MARKER = b"Listen"  # the desk's step tracker: on its very first frame
LIVE_MARKER = b"Call started"  # the status line once the call from --caller is live
CUT_SHORT_MARKER = b"cut short"  # the resume offer for a journal left on disk

GOALS = {
    "first_frame_ratio": 1.3,  # callcoach call / bare Textual app, ratio of medians
    "key_p99_ms": 16.0,
    "fsync_p99_ms": 250.0,
    "commit_ms": 50.0,
    "rss_mb": 120.0,
}

FULL = {
    "rounds": 9,
    "keys": 400,
    "notes": 5000,
    "sizes": [0, 1000, 10000, 100000],
    "desks_per_size": 4,  # each a freshly opened desk: its first commit is "cold"
    "commits_per_desk": 4,  # the later ones are "warm" (the month already parsed)
    "rss_notes_typed": 20,
    "rss_resumed_notes": 5000,
}
QUICK = {
    "rounds": 3,
    "keys": 120,
    "notes": 5000,
    "sizes": [0, 1000, 10000],
    "desks_per_size": 2,
    "commits_per_desk": 3,
    "rss_notes_typed": 10,
    "rss_resumed_notes": 0,
}


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# -- statistics -------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, linear between closest ranks (p in 0..100); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000.0 for s in seconds]
    return {
        "n": len(ms),
        "p50": pct(ms, 50),
        "p95": pct(ms, 95),
        "p99": pct(ms, 99),
        "max": max(ms) if ms else float("nan"),
        "mean": statistics.fmean(ms) if ms else float("nan"),
    }


# -- programs in a pseudo-terminal ------------------------------------------------------------------

_ESCAPE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[P^_X][^\x1b]*\x1b\\"  # DCS, PM, APC, SOS
    rb"|\x1b[()*+][0-~]"  # charset selection
    rb"|\x1b[@-Z\\-_=>78]"  # other two-byte escapes
)


def screen_text(raw: bytes) -> bytes:
    """What the terminal shows, roughly: the output with escape sequences removed."""
    return _ESCAPE.sub(b"", raw)


class PtyProgram:
    """A program in a new pseudo-terminal of COLS x ROWS, its output read as it arrives.

    The program gets the pty as stdin/stdout/stderr in a session of its own (no controlling
    terminal: Textual does not need one). Times are perf_counter seconds since the spawn call.
    """

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.fd = master
        self.raw = bytearray()
        self._arrivals: list[tuple[int, float]] = []  # (raw length after a read, time of the read)
        self.rusage = None
        self.closed = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program closed the terminal (exited)
            data = b""
        now = time.perf_counter()
        if not data:
            self.closed = True
            return False
        self.raw += data
        self._arrivals.append((len(self.raw), now))
        return True

    def pump(self, seconds: float) -> None:
        """Keep reading (so the program never blocks on a full pty) for `seconds`."""
        deadline = time.perf_counter() + seconds
        while not self.closed and time.perf_counter() < deadline:
            self._read(deadline - time.perf_counter())

    def seen_at(self, marker: bytes, timeout: float) -> float | None:
        """Seconds from spawn to the read that first put `marker` on screen; None on timeout."""
        deadline = time.perf_counter() + timeout
        while marker not in screen_text(bytes(self.raw)):
            if self.closed or time.perf_counter() > deadline:
                return None
            self._read(min(0.05, deadline - time.perf_counter()))
        for length, at in self._arrivals:  # the earliest read after which the marker was there
            if marker in screen_text(bytes(self.raw[:length])):
                return at - self.started
        return None

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def memory_kb(self) -> dict[str, int]:
        """VmHWM (peak resident set) and VmRSS of the program, in kB, from /proc."""
        found = {}
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for line in status:
                    key, _, value = line.partition(":")
                    if key in ("VmHWM", "VmRSS"):
                        found[key] = int(value.split()[0])
        except OSError:
            pass
        return found

    def kill(self) -> None:
        """SIGKILL the program's whole session, reap it, keep its rusage (ru_maxrss in kB)."""
        if self.proc.returncode is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status, self.rusage = os.wait4(self.pid, 0)
            self.proc.returncode = status
        try:
            os.close(self.fd)
        except OSError:
            pass

    def tail(self, chars: int = 400) -> str:
        return screen_text(bytes(self.raw)).decode("utf-8", "replace")[-chars:]


def child_env(tmp: Path) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE would make every start recompile tui/ from source (site-packages has
    # its .pyc from pip): not what an installed desk does, so the warm-up round may write bytecode.
    dropped = ("TEXTUAL", "CALLCOACH", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG=env.get("LANG") or "C.UTF-8",
        CALLCOACH_CONFIG=str(tmp / "no-such-config.toml"),  # every setting defaulted
    )
    return env


def callcoach_argv(data_dir: Path, *args: str) -> list[str]:
    callcoach = BIN / "callcoach"
    if not callcoach.exists():
        raise SystemExit(f"bench: {callcoach} is missing; run scripts/bench (it installs the project first).")
    return [str(callcoach), *args, "--data-dir", str(data_dir)]


# -- 1. first frame ---------------------------------------------------------------------------------


def seen_at(argv: list[str], env: dict, markers: tuple[bytes, ...], timeout: float) -> tuple[list[float], str]:
    """Spawn `argv` in a pty: seconds from spawn until each marker in turn shows (stopping at the
    first that does not), and the tail of the output for a failure's message."""
    program = PtyProgram(argv, env)
    times: list[float] = []
    try:
        for marker in markers:
            at = program.seen_at(marker, timeout)
            if at is None:
                break
            times.append(at)
    finally:
        program.kill()
    return times, program.tail()


def first_frame(rounds: int, warm_up: bool = True, timeout: float = 30.0) -> dict:
    """Spawn-to-first-paint of `callcoach call` and of the bare app, alternated round by round.

    Each `callcoach call` gets a fresh data dir (no lock, no journal to offer). A warm-up round,
    not counted, first compiles bytecode and fills the page cache, as any second start would.
    """
    bare, desk, live, failures = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp)
        for round_no in range(0 if warm_up else 1, rounds + 1):
            order = ("bare", "desk") if round_no % 2 else ("desk", "bare")
            for kind in order:
                if kind == "bare":
                    times, tail = seen_at([sys.executable, str(BARE_APP)], env, (BARE_MARKER,), timeout)
                    if not times:
                        failures.append(f"bare app: no first frame in {timeout:.0f} s: {tail!r}")
                    elif round_no:
                        bare.append(times[0])
                else:
                    argv = callcoach_argv(tmp / f"data-{round_no}", "call", "--caller", CALLER)
                    times, tail = seen_at(argv, env, (DESK_MARKER, LIVE_MARKER), timeout)
                    if len(times) < 2:
                        failures.append(f"callcoach call: no {'first frame' if not times else 'live call'} in {timeout:.0f} s: {tail!r}")
                    elif round_no:
                        desk.append(times[0])
                        live.append(times[1])
    result = {"bare_s": bare, "desk_s": desk, "live_s": live, "failures": failures}
    if bare and desk:
        result["ratio"] = statistics.median(desk) / statistics.median(bare)
    return result


# -- 5. peak RSS ------------------------------------------------------------------------------------


def _type_notes(program: PtyProgram, count: int) -> bool:
    """Type `count` notes into the desk as a person would, key by key, Enter after each."""
    for number in range(1, count + 1):
        for char in f"note {number} caller says the parcel never arrived":
            program.send(char.encode())
            program.pump(0.004)
        program.send(b"\r")
        program.pump(0.03)
    return program.seen_at(f"note {count} caller".encode(), 10.0) is not None


def peak_rss(notes_typed: int, resumed_notes: int = 0, timeout: float = 30.0, settle: float = 1.0) -> dict:
    """Peak resident memory of the desk process in a pty: a live call with notes typed in; the
    bare app for reference; optionally a resumed call that already holds `resumed_notes` notes."""
    result: dict = {"failures": []}
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp)

        program = PtyProgram(callcoach_argv(tmp / "live", "call", "--caller", CALLER), env)
        try:
            if program.seen_at(LIVE_MARKER, timeout) is None:
                result["failures"].append(f"rss: the call never went live: {program.tail()!r}")
            else:
                program.pump(settle)  # the start-up worker loads phonenumbers' metadata
                if not _type_notes(program, notes_typed):
                    result["failures"].append(f"rss: typed notes not seen on screen: {program.tail()!r}")
                program.send(b"\x1bOQ")  # F2: next step, the coach pane redraws
                program.pump(settle + 0.2)  # a couple of clock ticks
                result["live"] = program.memory_kb()
        finally:
            program.kill()
        if program.rusage is not None:
            result.setdefault("live", {})["ru_maxrss"] = program.rusage.ru_maxrss

        program = PtyProgram([sys.executable, str(BARE_APP)], env)
        try:
            if program.seen_at(BARE_MARKER, timeout) is not None:
                program.pump(settle / 2)
                result["bare"] = program.memory_kb()
        finally:
            program.kill()

        if resumed_notes:
            data_dir = tmp / "resumed"
            _write_cut_short_journal(data_dir, resumed_notes)
            program = PtyProgram(callcoach_argv(data_dir, "desk"), env)
            try:
                if program.seen_at(CUT_SHORT_MARKER, timeout) is None:
                    result["failures"].append(f"rss: no resume offer: {program.tail()!r}")
                else:
                    pressed = time.perf_counter()
                    program.send(b"r")
                    # The first note: a resumed call opens its notes at the top (see the report).
                    shown = program.seen_at(b"note 1 of the call", timeout)
                    if shown is None:
                        result["failures"].append(f"rss: resumed notes not on screen: {program.tail()!r}")
                    else:
                        result["resume_s"] = program.started + shown - pressed
                        program.pump(settle + 0.2)
                        result["resumed"] = program.memory_kb()
            finally:
                program.kill()
            result["resumed_notes"] = resumed_notes
    return result


def _write_cut_short_journal(data_dir: Path, notes: int) -> None:
    """A journal left by a desk killed mid-call, made through the domain: `notes` notes in it."""
    from tui.config.data_files import load_playbook
    from tui.domain.call.clock import ManualClock
    from tui.domain.call.live import LiveCall
    from tui.store.datadir import prepare_data_dir

    prepare_data_dir(data_dir)
    events: list[dict] = []
    clock = ManualClock(wall=datetime.now(UTC) - timedelta(minutes=40))
    call = LiveCall.start(
        playbook=load_playbook("last"),
        agent="bench",
        caller_typed=CALLER,
        caller_e164="+16502530000",
        zone="UTC",
        clock=clock,
        sink=events.append,
    )
    for number in range(1, notes + 1):
        clock.advance(0.4)
        call.add_note(_note_text(number))
    path = data_dir / "journal" / f"{call.call_id}.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as journal:
        for event in events:
            journal.write(json.dumps(event, separators=(",", ":")) + "\n")


_WORDS = [
    "caller",
    "parcel",
    "arrived",
    "late",
    "box",
    "damaged",
    "refund",
    "asked",
    "order",
    "number",
    "twice",
    "courier",
    "left",
    "it",
    "outside",
    "neighbour",
    "kept",
    "it",
    "wants",
    "replacement",
    "before",
    "friday",
    "angry",
    "about",
    "the",
    "second",
    "call",
    "promised",
    "callback",
    "last",
    "week",
    "nobody",
    "rang",
    "back",
    "sorry",
    "said",
    "owned",
    "the",
    "mistake",
]


def _note_text(number: int) -> str:
    rng = random.Random(number)
    return f"note {number} of the call: " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 16)))


# -- 2 and 3. key to screen, key to journal fsync -----------------------------------------------------


def _timed_journal_writer_class():
    """JournalWriter that notes when each draft was handed over and when each batch was fsynced.

    Uses the writer's public fsync seam plus two private details (_seq, _next_batch); if those
    change, tests/test_bench_smoke.py fails and this needs the same change.
    """
    from tui.store.journal import JournalWriter

    class TimedJournalWriter(JournalWriter):
        def __init__(self, *args, **kwargs) -> None:
            self.draft_calls: list[tuple[int, float]] = []  # (sequence number, set_draft called)
            self.fsyncs: list[tuple[int, float]] = []  # (last sequence in batch, fsync returned)
            self._bench_batch_seq = 0
            kwargs["fsync_fn"] = self._timed_fsync
            super().__init__(*args, **kwargs)

        def set_draft(self, t: float, text: str) -> None:
            called = time.perf_counter()
            super().set_draft(t, text)
            with self._cond:
                self.draft_calls.append((self._seq, called))

        def _next_batch(self):
            batch = super()._next_batch()
            if batch:
                self._bench_batch_seq = batch[-1].seq
            return batch

        def _timed_fsync(self, fd: int) -> None:
            os.fsync(fd)
            self.fsyncs.append((self._bench_batch_seq, time.perf_counter()))

    return TimedJournalWriter


def draft_fsync_latencies(draft_calls: list[tuple[int, float]], fsyncs: list[tuple[int, float]], since: float = 0.0) -> list[float]:
    """For each draft handed over after `since`: seconds until a batch holding it (or a newer
    draft that replaced it in the queue) was fsynced."""
    latencies = []
    index = 0
    for seq, called in draft_calls:
        if called < since:
            continue
        while index < len(fsyncs) and (fsyncs[index][0] < seq or fsyncs[index][1] < called):
            index += 1
        if index == len(fsyncs):
            break
        latencies.append(fsyncs[index][1] - called)
    return latencies


def _watch_frames(app):
    """The real app (built by tui.app.base.desk_app, as the CLI builds it), watched: in headless
    mode each frame is still rendered to terminal bytes (what a real terminal write costs, minus
    the write), and a waiting predicate is checked per frame."""
    from textual._compositor import CompositorUpdate

    app.bench_wait = None  # (predicate, future) or None
    app.bench_frames = 0
    display = app._display

    def watched_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is None or app._batch_count or not app.is_headless:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        app.bench_frames += 1
        waiting = app.bench_wait
        if waiting is not None and waiting[0](screen, renderable):
            app.bench_wait = None
            if not waiting[1].done():
                waiting[1].set_result(time.perf_counter())

    app._display = watched_display
    return app


def key_latency(
    notes: int, keys: int, seed: int = 7, gap: tuple[float, float] = (0.03, 0.09), note_length: tuple[int, int] = (35, 70)
) -> dict:
    """Keys typed into a live call holding `notes` notes: Enter after every note_length chars."""
    return asyncio.run(_key_latency(notes, keys, seed, gap, note_length))


async def _key_latency(notes: int, keys: int, seed: int, gap: tuple[float, float], note_length: tuple[int, int]) -> dict:
    from textual import events
    from textual._compositor import LayoutUpdate

    import tui.services.session as session_module
    from tui.app.base import desk_app
    from tui.app.widgets.note_input import NoteInput
    from tui.app.widgets.notes_view import NotesView
    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.services.session import open_desk
    from tui.store.datadir import prepare_data_dir

    rng = random.Random(seed)
    original_writer = session_module.JournalWriter
    session_module.JournalWriter = _timed_journal_writer_class()
    tmp = Path(tempfile.mkdtemp(prefix="callcoach-bench-"))
    result: dict = {"notes": notes, "failures": []}
    try:
        data_dir = prepare_data_dir(tmp / "data")
        desk = open_desk(Config(agent="Bench Agent", timezone="UTC"), data_dir, SystemClock())
        app = _watch_frames(desk_app(desk, start_caller=CALLER))
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            screen = app.desk_screen
            for _ in range(500):
                if screen.live:
                    break
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()  # start-up workers, gc.freeze() included
            session = screen.session
            call = session.call
            view = screen.query_one(NotesView)
            editor = screen.query_one(NoteInput)

            for number in range(1, notes + 1):
                call.add_note(_note_text(number), began_at=max(0.0, call.now() - 1.0))
            loaded = time.perf_counter()
            view.set_notes(call.state.notes)
            result["set_notes_s"] = time.perf_counter() - loaded
            await pilot.pause(0.3)
            await asyncio.to_thread(session.writer.flush, 30.0)
            await pilot.pause(0.2)
            if view.note_count != notes:
                result["failures"].append(f"the notes view holds {view.note_count} notes, not {notes}")

            driver = app._driver
            loop = asyncio.get_running_loop()
            text = " ".join(_note_text(notes + 1 + i) for i in range(40))
            chars, enters = [], []
            collections: list[tuple[float, float, int]] = []  # (start, end, generation) of each GC
            gc_started: list[float] = []

            def gc_watch(phase: str, info: dict) -> None:
                if phase == "start":
                    gc_started.append(time.perf_counter())
                elif gc_started:
                    collections.append((gc_started.pop(), time.perf_counter(), info["generation"]))

            gc.callbacks.append(gc_watch)
            windows: list[tuple[float, float]] = []
            start_of_keys = time.perf_counter()
            position = 0
            for index in range(keys):
                typed_in_note = len(editor.value)
                if typed_in_note >= rng.randint(*note_length):
                    key, char, expected = "enter", "\r", ""
                else:
                    char = text[position % len(text)]
                    position += 1
                    key = "space" if char == " " else ("colon" if char == ":" else char)
                    expected = editor.value + char
                count_before = view.note_count

                if key == "enter":

                    def shown(scr, update, expected=expected, count=count_before) -> bool:
                        dirty = scr._dirty_widgets
                        full = isinstance(update, LayoutUpdate) or scr in dirty
                        return editor.value == expected and view.note_count == count + 1 and (full or (editor in dirty and view in dirty))
                else:

                    def shown(scr, update, expected=expected) -> bool:
                        dirty = scr._dirty_widgets
                        return editor.value == expected and (editor in dirty or scr in dirty or isinstance(update, LayoutUpdate))

                future = loop.create_future()
                app.bench_wait = (shown, future)
                pressed = time.perf_counter()
                driver.send_message(events.Key(key, char))
                try:
                    painted = await asyncio.wait_for(future, 2.0)
                except TimeoutError:
                    app.bench_wait = None
                    result["failures"].append(f"key {index} ({key!r}) not on screen within 2 s")
                    continue
                (enters if key == "enter" else chars).append(painted - pressed)
                windows.append((key, pressed, painted))
                await asyncio.sleep(rng.uniform(*gap))

            gc.callbacks.remove(gc_watch)
            await asyncio.to_thread(session.writer.flush, 10.0)
            writer = session.writer
            # The oldest generation collected while each key was on its way to the screen (-1: none).
            result["key_log"] = [
                (key, painted - pressed, max((g for start, end, g in collections if start < painted and end > pressed), default=-1))
                for key, pressed, painted in windows
            ]
            result["gc_full_ms"] = [(end - start) * 1000 for start, end, g in collections if g == 2]
            result["chars_s"] = chars
            result["enters_s"] = enters
            result["fsync_s"] = draft_fsync_latencies(writer.draft_calls, writer.fsyncs, since=start_of_keys)
            result["frames"] = app.bench_frames
            result["view_notes_after"] = view.note_count
    finally:
        session_module.JournalWriter = original_writer
        shutil.rmtree(tmp, ignore_errors=True)
    return result


# -- 4. call-end commit with a large history ----------------------------------------------------------

CALLS_PER_MONTH = 1000  # one busy desk: about 45 calls a working day


def template_record() -> dict:
    """One realistic CALL record (~2 KB), made through the domain like a real call."""
    from tui.config.data_files import load_playbook
    from tui.domain.call.clock import ManualClock
    from tui.domain.call.live import LiveCall
    from tui.domain.call.record import call_record

    events: list[dict] = []
    clock = ManualClock()
    call = LiveCall.start(
        playbook=load_playbook("last"),
        agent="Ana Agent",
        caller_typed=CALLER,
        caller_e164="+16502530000",
        zone="Europe/London",
        clock=clock,
        sink=events.append,
    )
    _play_call(call, clock.advance)
    call.end("resolved", "logistics")
    return call_record(call.log)


def _play_call(call, wait: Callable[[float], None] = lambda seconds: None) -> None:
    """A typical call: four steps, a dozen notes of a sentence or two."""
    number = 0
    for step_notes in (5, 3, 3, 1):
        for _ in range(step_notes):
            number += 1
            wait(17.0)
            call.add_note(_note_text(number))
        wait(9.0)
        call.next_step()


def _month_starts(now: datetime):
    month = datetime(now.year, now.month, 1, tzinfo=UTC)
    while True:
        yield month
        month = (month - timedelta(days=1)).replace(day=1)


def synthesize_history(data_dir: Path, total: int, now: datetime, template: dict, seed: int = 11) -> dict:
    """Write `total` calls as month partition files, TinyDB's JSON shape, as History would.

    Distribution: CALLS_PER_MONTH calls in every past month, on weekdays between 09:00 and 17:00
    UTC; the current month holds the share of the month elapsed so far; the rest go back month by
    month. Ids and started_at follow the real record (UTC start time first in the id).
    """
    from tui.store.history import TABLE

    rng = random.Random(seed)
    directory = data_dir / "history"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    remaining, months, current = total, 0, 0
    written = 0
    first_event, other_events = template["events"][0], template["events"][1:]
    for month in _month_starts(now):
        if remaining <= 0:
            break
        next_month = (month + timedelta(days=32)).replace(day=1)
        end = min(now, next_month)
        share = 1.0 if end == next_month else (end - month) / (next_month - month)
        count = min(remaining, round(CALLS_PER_MONTH * share))
        if count <= 0:
            count = min(remaining, 1)
        days = [month + timedelta(days=d) for d in range((end - month).days + 1)]
        days = [d for d in days if d.weekday() < 5 and d < end] or [month]
        starts = []
        for _ in range(count):
            day = rng.choice(days)
            moment = day + timedelta(seconds=rng.randrange(9 * 3600, 17 * 3600))
            starts.append(min(moment, end - timedelta(seconds=1)))
        starts.sort()
        table = {}
        for doc_id, start in enumerate(starts, 1):
            call_id = f"{start:%Y%m%dT%H%M%SZ}-{rng.getrandbits(24):06x}"
            started_at = start.isoformat(timespec="seconds")
            record = dict(template, id=call_id, started_at=started_at)
            record["events"] = [dict(first_event, call_id=call_id, started_at=started_at), *other_events]
            table[str(doc_id)] = record
        payload = json.dumps({TABLE: table}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path = directory / f"{month:%Y-%m}.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        written += len(payload)
        if months == 0:
            current = count
        months += 1
        remaining -= count
    return {"months": months, "current_month_calls": current, "bytes": written}


def commit_cost(sizes: list[int], desks_per_size: int, commits_per_desk: int) -> dict:
    """Time CallSession.finish() (flush, history commit, journal removal) per history size."""
    from tui.config.settings import Config
    from tui.domain.call.clock import SystemClock
    from tui.services.session import open_desk
    from tui.store.datadir import prepare_data_dir
    from tui.store.lock import DeskLock

    template = template_record()
    results = []
    tmp = Path(tempfile.mkdtemp(prefix="callcoach-bench-"))
    try:
        for size in sizes:
            data_dir = prepare_data_dir(tmp / f"history-{size}")
            began = time.perf_counter()
            info = synthesize_history(data_dir, size, datetime.now(UTC), template)
            os.sync()  # synthesized files on disk now, so no commit's fsync pays for them
            info["synth_s"] = time.perf_counter() - began
            cold, warm = [], []
            with DeskLock(data_dir):
                for _ in range(desks_per_size):
                    desk = open_desk(Config(agent="Bench Agent", timezone="UTC"), data_dir, SystemClock())
                    for number in range(commits_per_desk):
                        session, _warning = desk.start_call(CALLER)
                        _play_call(session.call)
                        session.writer.flush(10.0)  # a real call's notes were journaled long before its end
                        began = time.perf_counter()
                        session.finish("resolved", "logistics")
                        (cold if number == 0 else warm).append(time.perf_counter() - began)
                    desk.history.close()
            info.update(size=size, record_bytes=len(json.dumps(template, separators=(",", ":"))), cold_s=cold, warm_s=warm)
            results.append(info)
            shutil.rmtree(data_dir, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"sizes": results}


# -- running the phases -------------------------------------------------------------------------------

PHASES = {
    "keys": lambda p: key_latency(p["notes"], p["keys"]),
    "commit": lambda p: commit_cost(p["sizes"], p["desks_per_size"], p["commits_per_desk"]),
}


def run_phase_in_child(name: str, params: dict) -> dict:
    """Run one in-process phase in a fresh interpreter; its result comes back as JSON."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--params", json.dumps(params)],
        capture_output=True,
        text=True,
        cwd=str(ROOT),
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"failures": [f"phase {name} failed (exit {done.returncode}): {done.stderr.strip()[-800:]}"]}
    return json.loads(lines[-1])


def environment() -> str:
    import platform

    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "?"
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "tui"], capture_output=True, text=True
        ).stdout.strip()
        code = f"tui/ at {head or '?'}{' + uncommitted changes' if dirty else ''}"
    except OSError:
        code = "tui/ at ?"
    return (
        f"{code} · {os.cpu_count()} CPUs · Python {platform.python_version()} · Textual {textual} · "
        f"data dirs under {tempfile.gettempdir()} ({_fs_type(tempfile.gettempdir())})"
    )


def _fs_type(path: str) -> str:
    """The file system type holding `path` (fsync on tmpfs would be free), from /proc/mounts."""
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) > 2 and path.startswith(fields[1]) and len(fields[1]) >= len(best):
                    best, kind = fields[1], fields[2]
    except OSError:
        pass
    return kind


def load_average() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _ratio(value: float, goal: float) -> str:
    if value != value:  # nan
        return "-"
    return f"{value / goal:.2f}"


def report(results: dict, mode: str) -> str:
    """The table and the notes on what each figure covers."""
    rows = []
    notes = []
    ff = results.get("first_frame", {})
    if ff.get("bare_s") and ff.get("desk_s"):
        bare = statistics.median(ff["bare_s"]) * 1000
        desk = statistics.median(ff["desk_s"]) * 1000
        live = statistics.median(ff["live_s"]) * 1000
        ratio = ff["ratio"]
        rows.append(
            (
                "first frame: callcoach call / bare app",
                f"{ratio:.2f}x ({desk:.0f} / {bare:.0f} ms)",
                "<= 1.3x",
                _ratio(ratio, GOALS["first_frame_ratio"]),
            )
        )
        rows.append(("  callcoach call: call live on screen", f"{live:.0f} ms ({live / bare:.2f}x bare)", "-", "-"))
        notes.append(
            f"first frame: medians of {len(ff['desk_s'])} rounds, alternated with the bare app in one run "
            f"(bare {', '.join(f'{s * 1000:.0f}' for s in ff['bare_s'])} ms; callcoach "
            f"{', '.join(f'{s * 1000:.0f}' for s in ff['desk_s'])} ms). Each program runs in its own "
            f"{COLS}x{ROWS} pseudo-terminal with a fresh --data-dir and CALLCOACH_CONFIG naming a missing "
            f"file; the time runs from spawn to the read that first brings the marker on screen "
            f"({DESK_MARKER.decode()!r} from the step tracker, {BARE_MARKER.decode()!r} from the Static). "
            f"'call live' is until {LIVE_MARKER.decode()!r} shows: the call from --caller started."
        )
    key = results.get("keys", {})
    if key.get("chars_s"):
        every = summary_ms(key["chars_s"] + key["enters_s"])
        chars = summary_ms(key["chars_s"])
        enters = summary_ms(key["enters_s"])
        rows.append(
            (f"key to screen, {key['notes']:,} notes: p99", f"{every['p99']:.1f} ms", "<= 16 ms", _ratio(every["p99"], GOALS["key_p99_ms"]))
        )
        rows.append(("  p50 / p95 / max", f"{every['p50']:.1f} / {every['p95']:.1f} / {every['max']:.1f} ms", "-", "-"))
        rows.append(("  Enter (note commit) p50 / max", f"{enters['p50']:.1f} / {enters['max']:.1f} ms", "-", "-"))
        full_gc = [latency * 1000 for _key, latency, generation in key.get("key_log", []) if generation == 2]
        rows.append(("  keys with a full GC in flight", f"{len(full_gc)} (max {max(full_gc):.1f} ms)" if full_gc else "0", "-", "-"))
        notes.append(
            f"key to screen: {every['n']} keys ({chars['n']} characters, {enters['n']} Enter) typed into the notes "
            f"editor of a live call already holding {key['notes']:,} notes, 30-90 ms apart, in the real app "
            f"run headless at {COLS}x{ROWS} (real clock, real journal). From posting the key event the way the "
            f"terminal driver does, to the end of the first frame in which the editor shows the new text (for "
            f"Enter: the emptied editor and the notes list repainted with the note added), that frame rendered to "
            f"terminal escape bytes; "
            f"only the write to a terminal is skipped. Character keys alone: p50 {chars['p50']:.1f}, p99 "
            f"{chars['p99']:.1f} ms. Loading {key['notes']:,} notes into the view (set_notes) took "
            f"{key.get('set_notes_s', float('nan')) * 1000:.0f} ms."
        )
    if key.get("fsync_s"):
        fs = summary_ms(key["fsync_s"])
        rows.append(("key to journal fsync: p99", f"{fs['p99']:.1f} ms", "<= 250 ms", _ratio(fs["p99"], GOALS["fsync_p99_ms"])))
        rows.append(("  p50 / max", f"{fs['p50']:.1f} / {fs['max']:.1f} ms", "-", "-"))
        notes.append(
            f"key to journal fsync: same run as key to screen; {fs['n']} drafts. From the moment the desk hands "
            f"the changed draft to JournalWriter.set_draft (inside the key's handling) to the return of the "
            f"fsync of the batch that holds it or a newer draft that replaced it (the writer coalesces drafts "
            f"for 50 ms by design)."
        )
    com = results.get("commit", {})
    sizes = com.get("sizes", [])
    if sizes:
        firsts = {}
        for entry in sizes:
            everything = entry["cold_s"] + entry["warm_s"]
            allm = summary_ms(everything)
            cold = summary_ms(entry["cold_s"])
            warm = summary_ms(entry["warm_s"])
            firsts[entry["size"]] = allm["p50"]
            rows.append(
                (
                    f"call-end commit, {entry['size']:,} calls: p50 / p95",
                    f"{allm['p50']:.1f} / {allm['p95']:.1f} ms",
                    "<= 50 ms",
                    _ratio(allm["p95"], GOALS["commit_ms"]),
                )
            )
            rows.append(
                (
                    "  first after desk start / later (p50)",
                    f"{cold['p50']:.1f} / {warm['p50']:.1f} ms (max {allm['max']:.1f})",
                    "-",
                    "-",
                )
            )
        smallest, largest = min(firsts), max(firsts)
        flat = firsts[largest] / firsts[smallest] if firsts[smallest] else float("nan")
        rows.append((f"  commit {largest:,} / {smallest:,} (p50)", f"{flat:.2f}x", "flat (~1x)", "-"))
        if 1000 in firsts and largest != 1000:
            rows.append((f"  commit {largest:,} / 1,000 (p50)", f"{firsts[largest] / firsts[1000]:.2f}x", "flat (~1x)", "-"))
        layout = "; ".join(
            f"{e['size']:,}: {e['months']} month file(s), {e['current_month_calls']} calls in the current month, "
            f"{e['bytes'] / 1e6:.0f} MB, made in {e['synth_s']:.1f} s"
            for e in sizes
        )
        notes.append(
            f"call-end commit: CallSession.finish() timed whole (end event, journal flush, History.commit of a "
            f"{sizes[0]['record_bytes']:,}-byte record into its month, journal close and removal), for a call of "
            f"4 steps and 12 notes, "
            f"{len(sizes[0]['cold_s']) + len(sizes[0]['warm_s'])} calls per size; 'first after desk start' is the "
            f"first call filed by a freshly opened desk (its month file parsed then), 'later' are the calls after it. "
            f"The ratio to goal uses p95. History synthesized as TinyDB month files: {CALLS_PER_MONTH:,} calls a "
            f"month on weekdays 09:00-17:00 UTC, the current month filled up to today, older months full, going "
            f"back as far as the size needs ({layout}). os.sync() after synthesis."
        )
    rss = results.get("rss", {})
    live_mem = rss.get("live", {})
    if "VmHWM" in live_mem:
        mb = live_mem["VmHWM"] / 1024
        rows.append(("peak RSS, desk with a live call", f"{mb:.0f} MB", "<= 120 MB", _ratio(mb, GOALS["rss_mb"])))
        if "VmHWM" in rss.get("bare", {}):
            rows.append(("  bare Textual app, for reference", f"{rss['bare']['VmHWM'] / 1024:.0f} MB", "-", "-"))
        if "VmHWM" in rss.get("resumed", {}):
            rows.append((f"  desk with a resumed {rss['resumed_notes']:,}-note call", f"{rss['resumed']['VmHWM'] / 1024:.0f} MB", "-", "-"))
            rows.append((f"  resume key to {rss['resumed_notes']:,} notes on screen", f"{rss['resume_s'] * 1000:.0f} ms", "-", "-"))
        notes.append(
            f"peak RSS: VmHWM from /proc/<pid>/status of the `callcoach call` process in a pty, read after the call "
            f"went live, the start-up worker ran, notes were typed key by key and F2 pressed; then SIGKILL "
            f"(wait4 ru_maxrss agrees: {live_mem.get('ru_maxrss', 0) / 1024:.0f} MB)."
            + (
                " The resumed call: a journal with that many notes left in the data dir, `callcoach` started, 'r' "
                "pressed at the offer; the time runs to the read that shows the notes, VmHWM is read a second "
                "later."
                if "resumed" in rss
                else ""
            )
        )
    failures = [f for part in results.values() if isinstance(part, dict) for f in part.get("failures", [])]

    width = max(len(r[0]) for r in rows) if rows else 10
    fig = max(len(r[1]) for r in rows) if rows else 10
    lines = [
        f"callcoach bench ({mode}) · {environment()}",
        f"load average before / after: {results.get('load_before', '?')} / {results.get('load_after', '?')} "
        f"(other work on the machine skews the figures)",
        "",
    ]
    lines.append(f"{'metric':<{width}}  {'figure':<{fig}}  {'goal':<10}  figure/goal")
    lines.append(f"{'-' * width}  {'-' * fig}  {'-' * 10}  {'-' * 11}")
    for metric, figure, goal, ratio in rows:
        lines.append(f"{metric:<{width}}  {figure:<{fig}}  {goal:<10}  {ratio}")
    lines.append("")
    lines.append("What the figures cover:")
    for note in notes:
        lines.append(f"- {note}")
    if failures:
        lines.append("")
        lines.append("Problems while measuring:")
        lines.extend(f"- {f}" for f in failures)
    return "\n".join(lines)


def run_all(params: dict, mode: str) -> dict:
    results: dict = {"load_before": load_average()}
    started = time.perf_counter()
    log(f"first frame, {params['rounds']} rounds of each program, alternated...")
    results["first_frame"] = first_frame(params["rounds"])
    log(f"peak RSS of a live desk ({params['rss_notes_typed']} notes typed)...")
    results["rss"] = peak_rss(params["rss_notes_typed"], params["rss_resumed_notes"])
    log(f"key to screen and key to fsync, {params['keys']} keys with {params['notes']:,} notes...")
    results["keys"] = run_phase_in_child("keys", params)
    log(f"call-end commit with {', '.join(f'{s:,}' for s in params['sizes'])} calls of history...")
    results["commit"] = run_phase_in_child("commit", params)
    results["load_after"] = load_average()
    log(f"done in {time.perf_counter() - started:.0f} s")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description="Print callcoach's speed figures against the goals of issue 2.")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and sizes (about a minute)")
    parser.add_argument("--json", type=Path, help="also write the raw measurements to this file")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](json.loads(args.params))))
        return 0
    mode = "quick" if args.quick else "full"
    results = run_all(QUICK if args.quick else FULL, mode)
    print(report(results, mode))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
