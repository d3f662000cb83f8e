"""What several commands share: the one-sentence error, and the one way to open and run a desk.

Every import of the desk's parts sits inside a function here: tui.cli imports this module for
every command, and parsing arguments must not pay for Textual or the store (tests/test_import_hygiene).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias

if TYPE_CHECKING:
    from tui.config.settings import Config
    from tui.domain.call.clock import Clock
    from tui.services.session import DeskServices

from tui.domain.text.display import visible
from tui.support import early_prompt
from tui.support.fault_seams import wrap_clock
from tui.support.locations import default_cache_dir

CommandParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What each command's add_parser(commands, common) adds its parser to (tui.cli's subcommands)."""


class CommandError(Exception):
    """A plain sentence for stderr, with the exit code (1 runtime, 2 usage/config)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int) -> int:
    early_prompt.withdraw()  # a prompt drawn early (line mode) is taken off its line first
    say(f"callcoach: {message}", file=sys.stderr)
    return code


def say(text: str = "", *, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """Print for the agent: every command's output goes through here, so no escape sequence from
    stored or typed text (a call id, a caller as typed, a file name) ever reaches the terminal."""
    print(visible(text, keep_lines=True), file=file or sys.stdout, end=end, flush=flush)


@contextmanager
def desk_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data dir for one desk (desk, call, line mode); a second one is refused."""
    from tui.store.lock import DataDirLocked, DeskLock  # see the module's docstring

    lock = DeskLock(data_dir)
    try:
        lock.acquire()
    except DataDirLocked as error:
        raise CommandError(str(error), 1) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def opened_desk(config: Config, data_dir: Path, playbook: str | None, clock: Clock | None = None) -> Iterator[DeskServices]:
    """The one way to open a desk (the Textual desk, its callback queue, line mode): under the
    data dir's lock, with the playbook read or refused in one sentence (exit 2)."""
    # See the module's docstring: the desk's services (the store, TinyDB) load only for a desk.
    from tui.domain.call.clock import SystemClock
    from tui.domain.coaching.playbook import PlaybookError
    from tui.services.session import open_desk

    with desk_lock(data_dir):
        try:
            desk = open_desk(config, data_dir, clock or wrap_clock(SystemClock()), playbook)
        except PlaybookError as error:
            raise CommandError(str(error), 2) from None
        yield desk


def keep_parsed_css() -> None:
    """Every Textual app the CLI runs keeps Textual's parsed CSS in the user's cache directory
    (tui.app.parsed_css); the tests' apps do not."""
    from tui.app import parsed_css  # lazy: Textual (see tui/commands/__init__.py)

    parsed_css.keep_in(default_cache_dir())


def run_desk_app(desk: DeskServices, *, start_caller: str | None = None, open_queue: bool = False, debug: bool = False) -> int:
    """Run the Textual desk (tui.app.base.desk_app) until it exits; its exit code."""
    from tui.app.base import desk_app  # see the module's docstring

    keep_parsed_css()
    app = desk_app(desk, start_caller=start_caller, open_queue=open_queue, debug=debug)
    app.run()
    if app.refusal is not None:
        raise CommandError(app.refusal, 2)
    code = app.return_code or 0  # 1 after an internal error (run() returns the return value)
    if app.signalled:
        try:
            # Only a call that was live is spoken of: an idle desk had nothing to save.
            saved = "; the call was saved and will be offered for resume" if app.signalled_call else ""
            say(f"callcoach: stopped by {app.signalled}{saved}.", file=sys.stderr)
        except OSError:
            pass  # SIGHUP from a closed terminal: nobody to tell, and the call is saved
    return int(code)
