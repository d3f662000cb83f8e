"""A small driver for the real `callcoach` program in a pseudo-terminal.

The program runs exactly as an agent's terminal runs it: its own session with the pty as its
controlling terminal (pty.fork), TERM=xterm-256color, a fixed window size, keys written as the
bytes a terminal sends. Everything it writes is read by a background thread (a pty whose master is
not read blocks the program), and can be searched with the ANSI escapes stripped. The screen is
redrawn in pieces, so tests should prefer waiting on state they can observe on disk (the journal)
or on a short marker.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

KEYS = {
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f8": "\x1b[19~",
    "f10": "\x1b[21~",
    "enter": "\r",
    "escape": "\x1b",
    "ctrl+q": "\x11",
}

# CSI (incl. private modes), OSC (BEL or ST terminated), DCS/APC/PM/SOS strings, then 2-byte escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[@-Z\\-_]"
    r"|\x1b[()][0-9A-Za-z]"
)


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def callcoach_command() -> list[str]:
    """The installed console script beside the running interpreter (.venv/bin/callcoach)."""
    script = Path(sys.executable).parent / "callcoach"
    if script.exists():
        return [str(script)]
    found = shutil.which("callcoach")
    return [found] if found else [sys.executable, "-m", "tui"]


def clean_env(home: Path, config: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """An environment that cannot reach the user's own data, config or terminal settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CALLCOACH_", "TEXTUAL", "XDG_", "COLUMNS", "LINES", "PYTEST", "NO_COLOR"))
    }
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        CALLCOACH_CONFIG=str(config),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra or {})
    return env


class PtyProgram:
    """One run of the program in a pseudo-terminal."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], cols: int = 120, rows: int = 40) -> None:
        self.argv = list(argv)
        self._output = bytearray()
        self._lock = threading.Lock()
        self._fd_lock = threading.Lock()  # the reader never reads an fd number hang_up() has closed
        self.returncode: int | None = None
        winsize = struct.pack("HHHH", rows, cols, 0, 0)
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
            if not chunk:
                return
            with self._lock:
                self._output.extend(chunk)

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

    # -- waiting -------------------------------------------------------------------------------

    def wait_until(self, condition: Callable[[], object], timeout: float = 8.0, what: str = "") -> object:
        """Poll `condition` until it returns something truthy; fail with the screen's tail."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if self.poll() is not None:
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

    # -- ending --------------------------------------------------------------------------------

    def kill(self, signum: int = signal.SIGKILL, group: bool = True) -> None:
        """Send a signal to the program's process group (its session), or to the process alone."""
        try:
            if group:
                os.killpg(self.pid, signum)
            else:
                os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def hang_up(self) -> None:
        """Close the terminal (an ssh drop, a closed window): the kernel sends SIGHUP."""
        with self._fd_lock:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
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


# -- the data a run leaves behind -------------------------------------------------------------------


def journals(data_dir: Path) -> list[Path]:
    directory = data_dir / "journal"
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.glob("*.jsonl") if not path.name.startswith("."))


def journal_lines(path: Path) -> list[dict]:
    """The complete lines of a journal (a torn last line is left out, as the app reads it)."""
    complete = path.read_bytes().rpartition(b"\n")[0]
    return [json.loads(line) for line in complete.split(b"\n") if line.strip()]


def journal_notes(path: Path) -> list[str]:
    return [line["text"] for line in journal_lines(path) if line.get("type") == "note"]


def run(argv: Iterable[str], env: dict[str, str], timeout: float = 15.0) -> subprocess.CompletedProcess:
    """A command that is not interactive (export, or one that must refuse to start)."""
    return subprocess.run(list(argv), env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)


# -- a private world for the program: the `terminal` fixture of the e2e and fault tests --------------

CALLER = "+1 650 253 0000"
CALLER_E164 = "+16502530000"
GOOD_CONFIG = 'agent = "Ana"\ntimezone = "Europe/London"\n'


@dataclass
class Terminal:
    """A private world for the program: data dir, config, environment, and what it printed."""

    tmp: Path
    data_dir: Path
    config: Path
    env: dict[str, str]
    programs: list[PtyProgram] = field(default_factory=list)
    finished: list[subprocess.CompletedProcess] = field(default_factory=list)

    def spawn(self, *args: str, data_dir_first: bool = False) -> PtyProgram:
        """`callcoach ARGS --data-dir D` (or `callcoach --data-dir D ARGS`) in a 120x40 pty."""
        where = ["--data-dir", str(self.data_dir)]
        argv = [*where, *args] if data_dir_first else [*args, *where]
        program = PtyProgram(callcoach_command() + argv, self.env, cols=120, rows=40)
        self.programs.append(program)
        return program

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        result = run(callcoach_command() + list(args), env or self.env, timeout=10)
        self.finished.append(result)
        return result

    def export(self, *, data_dir_first: bool = False) -> dict:
        where = ["--data-dir", str(self.data_dir)]
        command = ["export", "--format", "json"]
        result = self.run(*([*where, *command] if data_dir_first else [*command, *where]))
        assert result.returncode == 0, result.stderr
        document = json.loads(result.stdout)
        assert (document["format"], document["version"]) == ("callcoach-export", 1)
        return document

    def wait_for_call(self, program: PtyProgram) -> Path:
        """The live call's journal, once its `started` event is on disk."""

        def started() -> Path | None:
            for path in journals(self.data_dir):
                if any(line.get("type") == "started" for line in journal_lines(path)):
                    return path
            return None

        return program.wait_until(started, what="the call's journal")


@pytest.fixture
def terminal(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text(GOOD_CONFIG, encoding="utf-8")
    world = Terminal(
        tmp=tmp_path,
        data_dir=tmp_path / "data",
        config=config,
        env=clean_env(tmp_path / "home", config),
    )
    try:
        yield world
    finally:
        for program in world.programs:
            program.close()
    # Never a traceback, whatever the test did: not on screen, not on stderr.
    for program in world.programs:
        assert "Traceback" not in program.text, program.tail()
    for result in world.finished:
        assert "Traceback" not in result.stderr + result.stdout, result.stderr


def notes_of(call: dict) -> list[dict]:
    return [event for event in call["events"] if event["type"] == "note"]
