"""`callcoach replay ID|latest`: replay one filed call with its review flags and comments."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import CommandError
from tui.config.settings import Config


def add_parser(commands, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("replay", parents=[common], help="replay a call as the agent saw it, with review flags")
    sub.add_argument("call", nargs="?", default="latest", help="a call id, or `latest` (the default)")
    sub.set_defaults(run=run, localized=True)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.store.history import History

    history = History(data_dir, read_only=True)
    if args.call == "latest":
        call_id = next((call["id"] for call in history.calls()), None)
        if call_id is None:
            raise CommandError("there are no filed calls to replay here; `callcoach demo` shows replay with sample calls.", 1)
    else:
        call_id = args.call
        if history.get(call_id) is None:
            raise CommandError(f"no call {call_id!r} in {data_dir}; `callcoach calls` lists the calls here.", 1)
    history.close()
    from tui.commands.review_common import run_review_app

    return run_review_app(config, data_dir, "replay", call_id, args.debug, preload=True)
