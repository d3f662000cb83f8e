"""`callcoach calls`: the history browser (filter, sort, Enter replays a call)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.review_common import add_local_option, review_service, run_review_app
from tui.config.settings import Config


def add_parser(commands, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("calls", parents=[common], help="browse filed calls; Enter replays one")
    add_local_option(sub)
    sub.set_defaults(run=run, localized=True)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    return run_review_app(config, data_dir, "calls", debug=args.debug, review=review_service(config, data_dir, args.local))
