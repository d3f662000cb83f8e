"""`callcoach sync [--status]`: push this machine's waiting records to the team database and pull
what concerns it, now; or say what waits."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import CommandError, CommandParsers, say
from tui.commands.db import team_address
from tui.config.settings import Config
from tui.store.team.connection import TeamDatabaseError


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("sync", parents=[common], help="push and pull the team database now")
    sub.add_argument("--status", action="store_true", help="say how many records wait and when the last sync succeeded")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.services import sync  # lazy: TinyDB and the history (see tui/commands/__init__.py)

    if args.status:
        waiting, refused, last = sync.status(data_dir)
        if config.team_database is None:
            say("No team database is configured: calls stay on this machine (see `callcoach db` and the README's Team section).")
            if not (waiting or refused or last):
                return 0
        say(f"{waiting} record(s) wait to be pushed; last successful sync: {last or 'never'}.")
        if refused:
            say(f"{refused} record(s) were refused by the team database (another agent's data); they are kept in sync/refused/.")
        return 0
    team_address(config)
    from tui.commands.import_ import ProgressBar  # the import's bar: one line redrawn, in a terminal

    bar = ProgressBar("Sending what was stored before the team database", tty_only=True, unit="records")
    try:
        report = sync.sync_once(config, data_dir, progress=bar.show)
        bar.done()
    except TeamDatabaseError as error:
        bar.done()
        raise CommandError(str(error), 1) from None
    say(f"Pushed {report.pushed} record(s), pulled {report.pulled}; {report.waiting} still waiting.")
    if report.refused:
        say(f"{report.refused} record(s) were refused by the team database (another agent's data); they are kept in sync/refused/.")
    return 0
