"""A program in a pseudo-terminal, driven as an agent's terminal drives it.

The program runs in its own session with the pty as its controlling terminal (pty.fork), a fixed
window size, keys written as the bytes a terminal sends. Everything it writes is read by a
background thread (a pty whose master is not read blocks the program), stamped with the time it
arrived, and can be searched with the ANSI escapes stripped: `wait_for` for tests, `seen_at` for
the bench (seconds from the spawn to the read that first put a marker on screen).
"""

from __future__ import annotations

import bisect
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import termios
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence

KEYS = {
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f8": "\x1b[19~",
    "f10": "\x1b[21~",
    "enter": "\r",
    "tab": "\t",
    "escape": "\x1b",
    "ctrl+q": "\x11",
}

# CSI (incl. private modes), OSC (BEL or ST terminated), DCS/APC/PM/SOS strings, then 2-byte escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[()*+][0-~]"
    r"|\x1b[@-Z\\-_=>78]"
)


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


_CURSOR_TO = re.compile(r"\x1b\[(\d*);?(\d*)H")


def screen_rows(raw: str, cols: int, rows: int) -> list[str]:
    """What a terminal of `cols` x `rows` shows after `raw`, as text rows: enough of a terminal for
    Textual's output, which places every line it draws with a cursor move (CSI row;col H) and
    otherwise writes text, styles and line breaks. A wide (CJK) character takes two cells."""
    grid = [[" "] * cols for _ in range(rows)]
    row = col = 0
    for match in re.finditer(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.|[\r\n]|[^\x1b\r\n]+", raw):
        piece = match.group()
        if piece.startswith("\x1b"):
            move = _CURSOR_TO.fullmatch(piece)
            if move:
                row, col = int(move.group(1) or 1) - 1, int(move.group(2) or 1) - 1
        elif piece == "\r":
            col = 0
        elif piece == "\n":
            row = min(row + 1, rows - 1)
        else:
            for char in piece:
                wide = unicodedata.east_asian_width(char) in "WF"
                for cell, shown in ((col, char), (col + 1, "")) if wide else ((col, char),):
                    if 0 <= row < rows and 0 <= cell < cols:
                        grid[row][cell] = shown  # a wide character's second cell shows nothing of its own
                col += 2 if wide else 1
    return ["".join(cells) for cells in grid]


def callcoach_command() -> list[str]:
    """The installed console script beside the running interpreter (.venv/bin/callcoach)."""
    script = os.path.join(os.path.dirname(sys.executable), "callcoach")
    if os.path.exists(script):
        return [script]
    found = shutil.which("callcoach")
    return [found] if found else [sys.executable, "-m", "tui"]


class PtyProgram:
    """One run of a program in a pseudo-terminal of `cols` x `rows`."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], cols: int = 120, rows: int = 40) -> None:
        self.argv = list(argv)
        self._output = bytearray()
        self._arrivals: list[tuple[int, float]] = []  # (output length after a read, perf_counter of the read)
        self._lock = threading.Lock()
        self._fd_lock = threading.Lock()  # the reader never reads an fd number hang_up() has closed
        self.returncode: int | None = None
        self.rusage: os.struct_rusage | None = None  # once reaped: ru_maxrss (kB) and the rest
        winsize = struct.pack("HHHH", rows, cols, 0, 0)
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: session leader with the pty as controlling terminal
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.execve(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self._reader = threading.Thread(target=self._read, name=f"pty-reader-{pid}", daemon=True)
        self._reader.start()

    # -- output ----------------------------------------------------------------------------------

    def _read(self) -> None:
        while True:
            with self._fd_lock:
                if self.fd is None:
                    return
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if not ready:
                    continue
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # EIO: every process holding the pty's other side has gone
                    return
            arrived = time.perf_counter()
            if not chunk:
                return
            with self._lock:
                self._output.extend(chunk)
                self._arrivals.append((len(self._output), arrived))

    @property
    def raw(self) -> str:
        with self._lock:
            return self._output.decode("utf-8", "replace")

    @property
    def text(self) -> str:
        """Everything the program wrote so far, escapes stripped."""
        return strip_ansi(self.raw)

    def tail(self, chars: int = 1500) -> str:
        return self.text[-chars:]

    def seen_at(self, marker: str, timeout: float = 30.0) -> float | None:
        """Seconds from the spawn to the read that first put `marker` on screen; None when it
        does not show within `timeout` or the program ends first."""
        try:
            self.wait_for(marker, timeout)
        except AssertionError:
            return None
        with self._lock:
            output, arrivals = bytes(self._output), list(self._arrivals)

        def shown(index: int) -> bool:
            return marker in strip_ansi(output[: arrivals[index][0]].decode("utf-8", "replace"))

        first = bisect.bisect_left(range(len(arrivals)), True, key=shown)  # once shown, it stays in the output
        return arrivals[first][1] - self.started if first < len(arrivals) else None

    @property
    def output_length(self) -> int:
        """Bytes written so far: an offset for `shown_after`."""
        with self._lock:
            return len(self._output)

    def shown_after(self, offset: int, marker: str, timeout: float = 10.0) -> float | None:
        """perf_counter of the read that first put `marker` on screen after byte `offset` of the
        output (None when it does not show within `timeout`): when it arrived, not when looked for."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                output, arrivals = bytes(self._output), [item for item in self._arrivals if item[0] > offset]
            if marker in strip_ansi(output[offset:].decode("utf-8", "replace")):

                def shown(index: int) -> bool:
                    return marker in strip_ansi(output[offset : arrivals[index][0]].decode("utf-8", "replace"))

                first = bisect.bisect_left(range(len(arrivals)), True, key=shown)
                return arrivals[first][1] if first < len(arrivals) else None
            time.sleep(0.002)
        return None

    # -- waiting -------------------------------------------------------------------------------

    def wait_until(self, condition: Callable[[], object], timeout: float = 8.0, what: str = "") -> object:
        """Poll `condition` until it returns something truthy; fail with the screen's tail."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if self.poll() is not None:
                self._reader.join(1.0)  # the last output is in before the last look
                result = condition()
                if result:
                    return result
                raise AssertionError(f"the program exited ({self.returncode}) before {what or condition}; output:\n{self.tail()}")
            if time.monotonic() >= deadline:
                raise AssertionError(f"still waiting after {timeout} s for {what or condition}; output:\n{self.tail()}")
            time.sleep(0.02)

    def wait_for(self, marker: str, timeout: float = 8.0) -> None:
        """Wait until `marker` shows in the output (ANSI stripped)."""
        self.wait_until(lambda: marker in self.text, timeout, what=repr(marker))

    # -- input ---------------------------------------------------------------------------------

    def write(self, data: str) -> None:
        """Bytes as the terminal sends them; several keys in one write is how keys typed while
        the program was busy reach it."""
        if self.fd is None:
            raise AssertionError("the terminal was closed")
        os.write(self.fd, data.encode("utf-8"))

    def type(self, text: str, delay: float = 0.015) -> None:
        """Type `text` one character at a time, as a person (quickly) would."""
        for char in text:
            self.write(char)
            time.sleep(delay)

    def press(self, *keys: str, delay: float = 0.05) -> None:
        """Press named keys (KEYS: "f2", "f10", "enter", "ctrl+q", ...) or single characters."""
        for key in keys:
            self.write(KEYS.get(key, key))
            time.sleep(delay)

    def resize(self, cols: int, rows: int) -> None:
        """Change the window size as a terminal does: the kernel then sends SIGWINCH to the program."""
        if self.fd is None:
            raise AssertionError("the terminal was closed")
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    # -- the process ---------------------------------------------------------------------------

    def memory_kb(self) -> dict[str, int]:
        """VmHWM (peak resident set) and VmRSS of the running program, in kB, from /proc."""
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

    def kill(self, signum: int = signal.SIGKILL, group: bool = True) -> None:
        """Send a signal to the program's process group (its session), or to the process alone."""
        try:
            if group:
                os.killpg(self.pid, signum)
            else:
                os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def unread_input(self) -> int | None:
        """Bytes typed that the program has not read yet: still in the terminal's input queue
        (FIONREAD on the program's side of the pty). Exact only while the program is stopped
        (SIGSTOP); None when its terminal cannot be opened."""
        try:
            slave = os.open(os.readlink(f"/proc/{self.pid}/fd/0"), os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            time.sleep(0.02)  # bytes the kernel still moves from the pty to the terminal's queue
            return int(struct.unpack("i", fcntl.ioctl(slave, termios.FIONREAD, b"\0\0\0\0"))[0])
        except OSError:
            return None
        finally:
            os.close(slave)

    def output_settled(self, timeout: float = 5.0) -> bool:
        """Wait until everything the program wrote is in `raw`: nothing left in the pty for the
        reader (FIONREAD on our side) and no read landing meanwhile. For a stopped program this is
        its last frame; False when that did not happen within `timeout`."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            with self._fd_lock:
                if self.fd is None:
                    return True
                pending = int(struct.unpack("i", fcntl.ioctl(self.fd, termios.FIONREAD, b"\0\0\0\0"))[0])
            length = self.output_length
            if pending == 0 and length == seen:
                return True
            seen = length
            time.sleep(0.02)
        return False

    def hang_up(self) -> None:
        """Close the terminal (an ssh drop, a closed window): the kernel sends SIGHUP."""
        with self._fd_lock:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.returncode, self.rusage = os.waitstatus_to_exitcode(status), rusage
        return self.returncode

    def wait(self, timeout: float = 8.0) -> int:
        """The exit code (negative: killed by that signal); the output is complete afterwards."""
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() >= deadline:
                raise AssertionError(f"the program did not exit within {timeout} s; output:\n{self.tail()}")
            time.sleep(0.02)
        self._reader.join(2.0)
        return self.returncode

    def close(self) -> None:
        """Make sure nothing is left running (SIGKILL), reap it, and release the pty."""
        if self.poll() is None:
            self.kill(signal.SIGKILL)
            try:
                self.wait(5.0)
            except AssertionError:
                pass
        self._reader.join(2.0)
        self.hang_up()


def markers_seen_at(
    argv: list[str], env: dict[str, str], markers: Sequence[str], timeout: float = 30.0, linger: float = 0.0
) -> tuple[list[float], str]:
    """Spawn `argv` in a pty: seconds from the spawn until each marker in turn shows (stopping at
    the first that does not), and the tail of the output for a failure's message. `linger`: seconds
    the program runs on after its last marker before it is closed."""
    program = PtyProgram(argv, env)
    times: list[float] = []
    try:
        for marker in markers:
            at = program.seen_at(marker, timeout)
            if at is None:
                break
            times.append(at)
        else:
            time.sleep(linger)
    finally:
        program.close()
    return times, program.tail(400)
