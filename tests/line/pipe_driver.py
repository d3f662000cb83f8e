"""Line mode driven through prompt-toolkit's pipe input: real key bytes in, what it said out."""

from __future__ import annotations

import threading
import time

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tui.line.line_desk import LineDesk

F2, F5, F6, F7, F10, ENTER = "\x1bOQ", "\x1b[15~", "\x1b[17~", "\x1b[18~", "\x1b[21~", "\r"


class Shows(str):
    """Not typed: the text the prompt is expected to hold next."""

    @property
    def text(self) -> str:
        return str(self)


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("line mode did not get there in time")
        time.sleep(0.005)


def run_line_desk(desk, keys: list[str], caller: str | None = "+44 20 7031 3000", advance=None, on_say=None):
    """Run line mode to its end with `keys` typed; returns what it said and the exit code.

    Each chunk is sent only once the prompt is waiting with exactly the text typed so far, so the
    clock (`advance(chunk)` runs just before a chunk) moves at a known point of the typing. An item
    Shows(text) sends nothing: it says the prompt comes back holding `text` (a note held over a dialog).
    """
    said: list[str] = []

    def write(text: str) -> None:
        if on_say:
            on_say(text)     # runs before the line is "on screen": what is on disk at that moment
        said.append(text)

    with create_pipe_input() as pipe:
        line_desk = LineDesk(desk, write=write, toolbar=False, input=pipe, output=DummyOutput())
        app, buffer = line_desk.prompt.app, line_desk.prompt.default_buffer

        def feed() -> None:
            typed = ""
            for chunk in keys + ["\x04"]:         # Ctrl+D at the end: leave
                if isinstance(chunk, Shows):
                    typed = chunk.text
                    continue
                wait_for(lambda: app.is_running and buffer.text == typed)
                if advance:
                    advance(chunk)
                pipe.send_text(chunk)
                ends_line = chunk.endswith(ENTER) or chunk in (F5, F6, F7, F10, "\x03", "\x04")
                typed = "" if ends_line else typed + ("" if chunk.startswith("\x1b") else chunk)
                if ends_line:
                    wait_for(lambda: buffer.text == "")

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        code = line_desk.run(caller)
        feeder.join(5)
    return said, code
