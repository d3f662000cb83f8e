"""`callcoach [desk]` and `callcoach call --caller NUM`: the Textual desk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.commands.common import CommandError, desk_lock
from tui.config.settings import Config
from tui.support.locations import available_playbooks

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "ko")  # tui.domain.coaching.phrases.LANGUAGES, without importing it here


def add_parser(commands, common: argparse.ArgumentParser) -> None:
    desk = commands.add_parser("desk", parents=[common], help="the desk, idle and ready for a call (the default)")
    call = commands.add_parser("call", parents=[common], help="open the desk with a call already started")
    call.add_argument("--caller", default="", help='the caller\'s number, e.g. "+1 650 253 0000"')
    for sub in (desk, call):
        sub.add_argument("--playbook", choices=available_playbooks(), help="playbook for calls (default: config)")
        sub.add_argument("--lang", choices=LANGUAGES, help="language of the desk, playbook and phrase rules (default: config)")
        sub.set_defaults(run=run, localized=True)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.domain.call.clock import SystemClock
    from tui.domain.coaching.playbook import PlaybookError
    from tui.services.session import open_desk
    from tui.support.fault_seams import wrap_clock

    caller = args.caller if args.command == "call" else None
    with desk_lock(data_dir):
        try:
            desk = open_desk(config, data_dir, wrap_clock(SystemClock()), args.playbook)
        except PlaybookError as error:
            raise CommandError(str(error), 2) from None
        _load_coaching(config.language)
        from tui.app.desk.app import CallcoachApp

        app = CallcoachApp(desk, start_caller=caller, debug=args.debug)
        app.run()
        code = app.return_code or 0  # 1 after an internal error (run() returns the return value)
        if app.signalled:
            try:
                print(f"callcoach: stopped by {app.signalled}; the call was saved and will be offered for resume.", file=sys.stderr)
            except OSError:
                pass  # SIGHUP from a closed terminal: nobody to tell, and the call is saved
        return int(code)


def _load_coaching(language: str) -> None:
    """Phrase rules, read before the first frame (the UI catalog is chosen in cli); a malformed phrase file stops here."""
    from tui.config.data_files import phrase_rules
    from tui.domain.coaching.phrases import PhraseRulesError

    try:
        phrase_rules(language)
    except PhraseRulesError as error:
        raise CommandError(str(error), 2) from None
