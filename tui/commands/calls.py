"""`callcoach calls`: the history browser (filter, sort, Enter replays a call)."""

from __future__ import annotations

import argparse

from tui.commands.common import CommandParsers
from tui.commands.review_common import add_review_screen_command


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    add_review_screen_command(commands, common, "calls", "browse filed calls; Enter replays one")
