"""`callcoach erase --caller NUM [--dry-run] [--yes]`: one caller's calls go (GDPR 17)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import CommandError, CommandParsers
from tui.commands.retention_common import add_common_options, remove_calls
from tui.config.settings import Config
from tui.domain.callback.phone import parse_caller


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("erase", parents=[common], help="remove every call of one caller (GDPR 17)")
    sub.add_argument("--caller", required=True, metavar="NUM", help="the caller's number, in any format")
    add_common_options(sub)
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.domain.review.retention import CallerMatch, of_caller  # lazy: about 7 ms (see tui/commands/__init__.py)

    number = parse_caller(args.caller, config.default_region)
    who = CallerMatch.of(args.caller, number.e164)
    if not who.usable:
        raise CommandError(f"--caller {args.caller!r} is not a phone number we can read ({number.problem or 'empty'}).", 2)
    # A number no region reads is still found as it was typed: calls taken without a default
    # region keep the caller only as typed.
    digits = number.e164 or who.typed
    shown = f"…{digits[-4:]}"  # the full number is already on the agent's screen; not in our output
    return remove_calls(args, data_dir, lambda call: of_caller(call, who), f"of caller {shown}", in_text=who.in_text)
