"""`callcoach import FILE`: take calls (and supervisors' comments) exported on another machine."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import CommandError, desk_lock, say
from tui.config.settings import Config
from tui.domain.text.display import visible


def add_parser(commands, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("import", parents=[common], help="import a callcoach JSON export (idempotent by call id)")
    sub.add_argument("file", type=Path, help="a file written by `callcoach export --format json`")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.domain.review.import_check import ImportRefused
    from tui.services.imports import check_file, store_checked

    try:
        checked = check_file(args.file)  # read and checked whole before the lock: a bad file holds nothing up
        with desk_lock(data_dir):
            result = store_checked(checked, data_dir)
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
