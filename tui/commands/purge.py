"""`callcoach purge [--older-than 90d] [--dry-run] [--yes]`: calls past the retention period go."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from tui.commands.common import CommandError, CommandParsers
from tui.commands.retention_common import add_common_options, remove_calls
from tui.config.settings import Config


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("purge", parents=[common], help="remove calls older than the retention period (GDPR 5(1)(e))")
    sub.add_argument("--older-than", metavar="AGE", help="e.g. 90d or 12w (default: retention_days in the config)")
    add_common_options(sub)
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.domain.review.retention import (  # lazy: about 7 ms (see tui/commands/__init__.py)
        RetentionError,
        cutoff,
        parse_age,
        past_retention,
    )

    if args.older_than is not None:
        try:
            days = parse_age(args.older_than)
        except RetentionError as error:
            raise CommandError(f"--older-than: {error}.", 2) from None
    elif config.retention_days is not None:
        days = config.retention_days
    else:
        raise CommandError("no retention period: pass --older-than 90d or set retention_days in the config.", 2)
    before = cutoff(datetime.now(UTC), days)
    return remove_calls(
        args, data_dir, lambda call: past_retention(call, before), f"started before {before:%Y-%m-%d %H:%M} UTC ({days} days ago)"
    )
