"""`callcoach demo`: a throwaway data dir filled with sample calls, opened in the history browser.

The directory is a fresh temporary one (never your real data) and is removed when the demo ends,
unless --keep is given, in which case its path is printed so `--data-dir` can open it again.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tui.commands.common import CommandParsers, say
from tui.commands.review_common import review_service, run_review_app
from tui.config.settings import Config
from tui.store.datadir import prepare_data_dir


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("demo", parents=[common], help="sample calls in a throwaway data dir, opened in the history browser")
    sub.add_argument("--keep", action="store_true", help="keep the demo data dir afterwards (its path is printed)")
    sub.add_argument("--calls", type=int, default=36, help="how many sample calls (default 36)")
    sub.set_defaults(run=run, localized=True)


def fill_demo_dir(data_dir: Path, count: int = 36) -> int:
    """Write the sample calls, comments and callback actions into `data_dir`; returns the call count."""
    from tui.domain.review.demo import demo_calls  # lazy: the demo calls' generator (random, hashlib) (see tui/commands/__init__.py)
    from tui.store.history import History  # lazy: TinyDB (see tui/commands/__init__.py)
    from tui.store.reviews import ReviewStore  # lazy: TinyDB (see tui/commands/__init__.py)

    prepare_data_dir(data_dir)
    records, comments, actions = demo_calls(datetime.now(UTC), count)
    history = History(data_dir)
    for record in records:
        history.commit(record)
    history.close()
    ReviewStore(data_dir).add(comments)
    from tui.store.callback_actions import append_action  # lazy: TinyDB (see tui/commands/__init__.py)

    for action in actions:
        append_action(data_dir, action)
    return len(records)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    demo_dir = Path(tempfile.mkdtemp(prefix="callcoach-demo-"))
    try:
        count = fill_demo_dir(demo_dir / "data", max(1, min(args.calls, 5000)))
        say(f"callcoach demo: {count} sample calls in {demo_dir / 'data'}", file=sys.stderr)
        code = run_review_app(
            config, demo_dir / "data", "calls", debug=args.debug, review=review_service(config, demo_dir / "data", local=True)
        )
    finally:
        if args.keep:
            say(f"callcoach demo: kept; open it again with: callcoach --data-dir {demo_dir / 'data'} calls", file=sys.stderr)
        else:
            shutil.rmtree(demo_dir, ignore_errors=True)
    return code
