"""`callcoach [desk]` and `callcoach call --caller NUM`: the Textual desk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import Config
from ..locations import available_playbooks
from .common import CommandError, desk_lock


def add_parser(commands, common: argparse.ArgumentParser) -> None:
    desk = commands.add_parser("desk", parents=[common], help="the desk, idle and ready for a call (the default)")
    call = commands.add_parser("call", parents=[common], help="open the desk with a call already started")
    call.add_argument("--caller", default="", help="the caller's number, e.g. \"+1 650 253 0000\"")
    for sub in (desk, call):
        sub.add_argument("--playbook", choices=available_playbooks(), help="playbook for calls (default: config)")
        sub.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from ..domain.clock import SystemClock
    from ..domain.playbook import PlaybookError
    from ..session import open_desk

    caller = args.caller if args.command == "call" else None
    with desk_lock(data_dir):
        try:
            desk = open_desk(config, data_dir, SystemClock(), args.playbook)
        except PlaybookError as error:
            raise CommandError(str(error), 2) from None
        from ..app.app import CallcoachApp

        app = CallcoachApp(desk, start_caller=caller, debug=args.debug)
        code = app.run() or 0
        if app.signalled:
            try:
                print(f"callcoach: stopped by {app.signalled}; the call was saved and will be offered for resume.", file=sys.stderr)
            except OSError:
                pass    # SIGHUP from a closed terminal: nobody to tell, and the call is saved
        return int(code)
