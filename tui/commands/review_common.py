"""What the supervisor's commands (calls, replay, team, demo) share: the ReviewService and the app.

With a team database configured they read it (what this role may see); `--local` reads this
machine's data directory only."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import CommandError, CommandParsers, keep_parsed_css
from tui.config.settings import Config
from tui.domain.call.clock import SystemClock
from tui.store.team.connection import TeamDatabaseError

if TYPE_CHECKING:
    from tui.services.review import ReviewService


def add_local_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--local", action="store_true", help="read this machine's calls only, not the team database")


def add_review_screen_command(commands: CommandParsers, common: argparse.ArgumentParser, screen: str, help_text: str) -> None:
    """A command that opens the supervisor's app on one screen (`calls`, `team`), named after it."""
    sub = commands.add_parser(screen, parents=[common], help=help_text)
    add_local_option(sub)
    sub.set_defaults(run=partial(open_review_screen, screen), localized=True)


def open_review_screen(screen: str, args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    return run_review_app(config, data_dir, screen, debug=args.debug, review=review_service(config, data_dir, args.local))


def review_service(config: Config, data_dir: Path, local: bool = False) -> ReviewService:
    from tui.services.review import ReviewService  # lazy: TinyDB and the history (see tui/commands/__init__.py)

    if config.team_database is None or local:
        return ReviewService(data_dir, config.timezone, config.agent, SystemClock(), config)
    from tui.services.team_review import TeamReviewService  # lazy: TinyDB (see tui/commands/__init__.py)

    try:
        return TeamReviewService(data_dir, config.timezone, config.agent, SystemClock(), config)
    except TeamDatabaseError as error:
        raise CommandError(f"{str(error).rstrip('.')}; `--local` reads this machine's calls.", 1) from None


def close_review(review: ReviewService) -> None:
    """A team review holds a connection pool; a local one holds nothing to close."""
    close = getattr(review, "close", None)
    if close is not None:
        close()


def run_review_app(
    config: Config,
    data_dir: Path,
    start: str,
    call_id: str | None = None,
    debug: bool = False,
    preload: bool = False,
    review: ReviewService | None = None,
) -> int:
    """Run the supervisor's app (tui.app.base.review_app) until it exits; its exit code."""
    from tui.app.base import review_app  # lazy: Textual (see tui/commands/__init__.py)

    keep_parsed_css()
    review = review or review_service(config, data_dir)
    try:
        app = review_app(review, config, start=start, call_id=call_id, preload=preload, debug=debug)
        app.run()
    finally:
        close_review(review)
    return int(app.return_code or 0)  # 1 after an internal error (run() returns the return value)
