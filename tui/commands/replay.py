"""`callcoach replay ID|latest`: replay one filed call with its review flags and comments."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import CommandError, CommandParsers
from tui.commands.review_common import add_local_option, close_review, review_service, run_review_app
from tui.config.settings import Config
from tui.domain.text.display import visible

if TYPE_CHECKING:
    from tui.services.review import ReviewService


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("replay", parents=[common], help="replay a call as the agent saw it, with review flags")
    sub.add_argument("call", nargs="?", default="latest", help="a call id, or `latest` (the default)")
    add_local_option(sub)
    sub.set_defaults(run=run, localized=True)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    review = review_service(config, data_dir, args.local)
    try:
        call_id = checked_call(review, args.call, "the team database" if config.team_database and not args.local else str(data_dir))
    except CommandError:
        close_review(review)
        raise
    return run_review_app(config, data_dir, "replay", call_id, args.debug, preload=True, review=review)


def checked_call(review: ReviewService, wanted: str, where: str) -> str:
    """The id to replay (`latest` resolved), found readable; CommandError otherwise."""
    from tui.services.review import (  # lazy: TinyDB and the history (see tui/commands/__init__.py)
        CallDamaged,
        CallNotFound,
    )

    call_id = review.latest_id() if wanted == "latest" else wanted
    if call_id is None:
        raise CommandError(f"there are no filed calls to replay in {where}; `callcoach demo` shows replay with sample calls.", 1)
    try:
        review.load_call(call_id)
    except CallDamaged as damaged:
        raise CommandError(visible(f"call {call_id} in {where} is damaged and cannot be replayed ({damaged.problem})."), 1) from None
    except CallNotFound:
        raise CommandError(f"no call {visible(repr(call_id))} in {where}; `callcoach calls` lists the calls there.", 1) from None
    return call_id
