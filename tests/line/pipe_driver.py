"""Line mode driven through prompt-toolkit's pipe input: real key bytes in, what it said out."""

from __future__ import annotations

import threading
import time

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tui.line.desk import LineDesk

F2, F5, F6, F7, F10, ENTER = "\x1bOQ", "\x1b[15~", "\x1b[17~", "\x1b[18~", "\x1b[21~", "\r"
CTRL_L = "\x0c"  # the callback key's alternate
UP, DOWN = "\x1b[A", "\x1b[B"
LEAVE = "\x04"  # Ctrl+D, typed after the test's keys: leave line mode


class AtQuestion(str):
    """A command key pressed while a question is open: it waits or runs, and the prompt stays."""


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


def run_line_desk(desk, keys: list[str], caller: str | None = "+44 20 7031 3000", advance=None, on_say=None, patience: float = 5.0):
    """Run line mode to its end with `keys` typed; returns what it said and the exit code.

    Each chunk is sent only once the prompt is waiting with exactly the text typed so far, so the
    clock (`advance(chunk)` runs just before a chunk) moves at a known point of the typing. An item
    Shows(text) sends nothing: it says the prompt comes back holding `text` (a note held over a dialog).
    `patience`: seconds a prompt may take to come back (a full disk makes filing wait for the journal).
    """
    said: list[str] = []

    def write(text: str) -> None:
        if on_say:
            on_say(text)  # runs before the line is "on screen": what is on disk at that moment
        said.append(text)

    with create_pipe_input() as pipe:
        line_desk = LineDesk(desk, write=write, toolbar=False, input=pipe, output=DummyOutput())
        app, buffer = line_desk.io.prompt.app, line_desk.io.prompt.default_buffer
        prompts, failed = [0], []
        original_prompt = line_desk.io.prompt.prompt

        def counted_prompt(*args, **kwargs):
            if failed:
                raise failed[0]
            prompts[0] += 1  # a new prompt begins: the one before it has returned
            return original_prompt(*args, **kwargs)

        line_desk.io.prompt.prompt = counted_prompt

        def feed() -> None:
            typed, began = "", 1
            for number, chunk in enumerate(keys + [LEAVE]):
                if isinstance(chunk, Shows):
                    typed = chunk.text
                    continue
                # The prompt takes lines once it is drawn and --caller's call has started (just after).
                ready = lambda: app.is_running and line_desk.pending_caller is None and buffer.text == typed  # noqa: E731
                wait_for(lambda: finished.is_set() or (prompts[0] >= began and ready()), patience)
                if finished.is_set():
                    if number < len(keys):
                        raise AssertionError(f"line mode ended before {chunk!r} was typed")
                    return  # it ended by itself (/quit): no Ctrl+D needed
                if chunk in (UP, DOWN):
                    # prompt-toolkit loads the history into the prompt in a task of its first paint.
                    wait_for(lambda: buffer._load_history_task is not None and buffer._load_history_task.done())
                if advance:
                    advance(chunk)
                began = prompts[0]
                pipe.send_text(chunk)
                ends_line = not isinstance(chunk, AtQuestion) and (
                    chunk.endswith(ENTER) or chunk in (F5, F6, F7, F10, CTRL_L, "\x03", LEAVE)
                )
                typed = "" if ends_line else typed + ("" if chunk.startswith("\x1b") or isinstance(chunk, AtQuestion) else chunk)
                began += 1 if ends_line else 0
            # Ctrl+D was the last key: line mode ends, or it is still asking something the test did not answer.
            wait_for(finished.is_set, patience)

        def guarded_feed() -> None:
            try:
                feed()
            except AssertionError as error:  # stop line mode with the reason, rather than hang
                failed.append(AssertionError(f"{error}; the prompt held {buffer.text!r}; the last lines said: {said[-4:]!r}"))
                if app.is_running:
                    app.loop.call_soon_threadsafe(lambda: app.exit(exception=failed[0]))

        finished = threading.Event()
        feeder = threading.Thread(target=guarded_feed, daemon=True)
        feeder.start()
        try:
            code = line_desk.run(caller)
        finally:
            finished.set()
        feeder.join(5)
        if failed:
            raise failed[0]
    return said, code
