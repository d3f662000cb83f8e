"""`callcoach team`: per agent for a period: calls, time per step, callbacks kept, categories, flags."""

from __future__ import annotations

import argparse

from tui.commands.common import CommandParsers
from tui.commands.review_common import add_review_screen_command


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    add_review_screen_command(commands, common, "team", "the team view: each agent's calls, steps, callbacks and flags")
