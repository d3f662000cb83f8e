"""`callcoach import FILE`: take calls (and supervisors' comments) exported on another machine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.commands.common import CommandError, CommandParsers, desk_lock, say
from tui.commands.db import team_address
from tui.config.settings import Config
from tui.domain.review.import_check import ImportRefused
from tui.domain.text.display import visible
from tui.services.team_import import import_to_team, index_notes
from tui.store.team.connection import TeamDatabaseError, Unreachable


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("import", parents=[common], help="import a callcoach JSON export (idempotent by call id)")
    sub.add_argument("file", type=Path, help="a file written by `callcoach export --format json`")
    sub.add_argument("--team", action="store_true", help="load it straight into the team database (COPY), not this machine")
    sub.set_defaults(run=run)


class ProgressBar:
    """Progress on stderr: one line redrawn in a terminal, a line per tenth otherwise."""

    WIDTH = 30

    def __init__(self, label: str, tty_only: bool = False, unit: str = "calls") -> None:
        self.label = label
        self.unit = unit
        self.stream = sys.stderr
        self.tty = self.stream.isatty()
        self.quiet = tty_only and not self.tty  # checking: a refusal must stay the first line on stderr
        self.shown = -1

    def say(self, text: str) -> None:
        """A phase, in a terminal only: a refusal must stay the first line on stderr."""
        if self.tty:
            print(visible(text), file=self.stream, flush=True)  # a file name may hold an escape

    def show(self, done: int, total: int) -> None:
        if self.quiet:
            return
        tenth = 10 * done // max(total, 1)
        if not self.tty and tenth == self.shown:
            return
        self.shown = tenth
        filled = self.WIDTH * done // max(total, 1)
        line = f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{total:,} {self.unit}"
        print(("\r" + line) if self.tty else line, end="" if self.tty else "\n", file=self.stream, flush=True)

    def done(self) -> None:
        if self.tty and self.shown >= 0:
            print(file=self.stream)

    def stage(self, label: str, unit: str | None = None) -> None:
        """A new phase: the bar so far ends, and a bar of its own begins (shown everywhere)."""
        self.done()
        self.label, self.shown, self.quiet = label, -1, False
        self.unit = unit or self.unit


def run_team(args: argparse.Namespace, config: Config) -> int:
    team_address(config)
    bar = ProgressBar("Checking", tty_only=True)
    try:
        result = import_to_team(config, args.file, bar.show, bar.stage)
        bar.done()
    except ImportRefused as error:
        raise CommandError(f"nothing imported: {visible(str(error))}.", 1) from None
    except Unreachable as error:  # nothing tries an import again by itself
        raise CommandError(f"nothing imported: {error.what}; run the import again once it answers.", 1) from None
    except TeamDatabaseError as error:
        raise CommandError(f"nothing imported: {error}", 1) from None
    print(
        f"Loaded {result.stored} of {result.calls} call(s) into the team database ({result.calls - result.stored} already there) and {result.comments} comment(s)."
    )
    bar.stage("Indexing the notes for search", "months")
    try:
        months = index_notes(config, bar.show)
        bar.done()
    except TeamDatabaseError as error:
        said = f"{error.what}." if isinstance(error, Unreachable) else str(error)  # what retries it is `db init`
        raise CommandError(
            f"the calls are loaded, but the notes' search index is not built: {said} Run `callcoach db init` to build it.", 1
        ) from None
    if months:
        print(f"Indexed the notes of {months} month(s) for search.")
    return 0


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    if args.team:
        return run_team(args, config)
    from tui.services.imports import check_file, store_checked  # lazy: TinyDB and the history (see tui/commands/__init__.py)

    bar = ProgressBar("Checking", tty_only=True)
    try:
        bar.say(f"Checking {args.file}…")
        checked = check_file(args.file, bar.show)  # read and checked whole before the lock: a bad file holds nothing up
        bar.stage("Importing")
        with desk_lock(data_dir):
            result = store_checked(checked, data_dir, bar.show)
        bar.done()
    except ImportRefused as error:
        raise CommandError(f"nothing imported: {visible(str(error))}.", 1) from None
    except OSError as error:
        raise CommandError(
            f"the import stopped ({error.strerror or type(error).__name__}); run it again: it skips calls already imported.", 1
        ) from None
    parts = [f"Imported {result.added} call(s) and {result.comments} comment(s)"]
    if result.already:
        parts.append(f"{result.already} already here")
    if result.replaced:
        parts.append(f"{result.replaced} cut short before, now complete")
    say("; ".join(parts) + ".")
    return 0
