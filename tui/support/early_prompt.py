"""A prompt drawn before the library that reads it has loaded (issue 18 item 4: line mode's first prompt).

Line mode's first `note>` is drawn while Python still imports prompt-toolkit and line mode's modules
(about two thirds of its start). First the terminal is put in the mode prompt-toolkit reads keys in,
its raw mode exactly (no echo, not line by line, Ctrl+C, Ctrl+S and Enter as keys), with TCSANOW so
nothing typed is flushed; only then is the prompt written. Keys typed from that moment wait in the
terminal's input queue, unseen, and are prompt-toolkit's first input: they land in the note.

prompt-toolkit then takes the terminal over (`hand_over`: the attributes its raw mode restores when
it ends are the ones from before the hold, and there is no moment in between with echo or line
editing on) and redraws the prompt in place. Whatever ends the program first (a refusal, an error, a
signal) takes the prompt off its line and puts the terminal back as it was (`withdraw`): typed keys
stay queued for whatever reads the terminal next, as they would have without the hold.

Only where prompt-toolkit itself would draw with escape codes: stdin and stdout terminals and a TERM
that is not dumb. Piped input and output, and dumb terminals, get no early prompt (plain text only).
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import termios
from types import FrameType
from typing import Any

# prompt-toolkit's raw mode (prompt_toolkit.input.vt100.raw_mode), flag for flag.
_LFLAG_OFF = termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG
_IFLAG_OFF = termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR
_IFLAG, _LFLAG, _CC = 0, 3, 6  # indexes in termios' attribute list (as the tty module names them)
_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _Held:
    def __init__(self, fd: int, before: list[Any], prompt: str) -> None:
        self.fd = fd
        self.before = before  # the terminal's attributes before the hold
        self.prompt = prompt  # what stands on the cursor's line
        self.signals: list[int] = []  # the signals whose default end this hold replaced (_on_signal)


_held: _Held | None = None


def can_draw() -> bool:
    """True where prompt-toolkit would draw its prompt with escape codes: a terminal both ways and a TERM it knows."""
    term = os.environ.get("TERM", "")
    return term.lower() not in ("", "dumb", "unknown") and os.isatty(0) and os.isatty(1)


def draw(lines: list[str], prompt: str) -> bool:
    """Hold the keys (prompt-toolkit's raw mode), then say `lines` and draw `prompt` on stdout.
    False, with nothing done, where it cannot (see can_draw) or the terminal refuses the mode."""
    global _held
    if _held is not None or not can_draw():
        return False
    fd = 0  # stdin, as prompt-toolkit's input reads it
    try:
        before = termios.tcgetattr(fd)
        raw = termios.tcgetattr(fd)
        raw[_LFLAG] &= ~_LFLAG_OFF
        raw[_IFLAG] &= ~_IFLAG_OFF
        raw[_CC][termios.VMIN] = 1
        termios.tcsetattr(fd, termios.TCSANOW, raw)  # TCSANOW: keys typed already stay queued
    except termios.error:
        return False
    _held = _Held(fd, before, prompt)
    atexit.register(withdraw)
    for signum in _SIGNALS:
        try:
            if signal.getsignal(signum) is signal.SIG_DFL:  # an ignored or handled one is left as it is
                signal.signal(signum, _on_signal)
                _held.signals.append(signum)
        except ValueError:
            pass  # not the main thread: withdraw() on the way out still restores the terminal
    sys.stdout.write("".join(f"{line}\n" for line in lines) + prompt)
    sys.stdout.flush()
    return True


def drawn() -> str | None:
    """The prompt drawn and holding the keys, if any (not yet handed over or withdrawn)."""
    return _held.prompt if _held is not None else None


def hand_over() -> list[Any] | None:
    """For the raw mode that takes the terminal over: the attributes to restore when it ends (those
    from before the hold), once; None when nothing is held. The hold ends here, its prompt stays."""
    global _held
    held, _held = _held, None
    if held is None:
        return None
    _restore_signal_handlers(held)
    return held.before


def withdraw() -> None:
    """The prompt taken off its line and the terminal put back as it was, if a hold is still on:
    before an error is said, and on any way out. Safe to call again."""
    global _held
    held, _held = _held, None
    if held is None:
        return
    _restore_signal_handlers(held)
    try:
        termios.tcsetattr(held.fd, termios.TCSANOW, held.before)  # never flushed: what was typed stays queued
        sys.stdout.flush()
        os.write(sys.stdout.fileno(), b"\r\x1b[K")  # the prompt's line emptied for what is said next
    except (OSError, termios.error, ValueError):
        pass  # the terminal has gone (a hang-up): nothing to restore


def _restore_signal_handlers(held: _Held) -> None:
    for signum in held.signals:
        try:
            if signal.getsignal(signum) is _on_signal:  # not one installed since (line mode's own)
                signal.signal(signum, signal.SIG_DFL)
        except ValueError:
            pass  # not the main thread (a test's prompt): it ends the program by the signal, as the default does


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or SIGHUP while the keys are held: the terminal back as it was, then the signal's
    default end (killed by that signal, as without the hold)."""
    withdraw()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
