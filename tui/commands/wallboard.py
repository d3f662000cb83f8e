"""`callcoach wallboard [--serve [HOST:]PORT]`: the team's live state, in the terminal or, for the
room's screen, in a browser through textual-serve (127.0.0.1 unless another address is given; the
same database role, so the same row-level security)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from tui.commands.common import CommandError, CommandParsers, keep_parsed_css, say
from tui.commands.db import team_address
from tui.config.settings import Config
from tui.store.team.connection import TeamDatabaseError, connect


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("wallboard", parents=[common], help="the team's live state: one row per agent (supervisor)")
    sub.add_argument("--serve", metavar="[HOST:]PORT", help="serve the wallboard to a browser (default host 127.0.0.1)")
    sub.set_defaults(run=run, localized=True)


def serve_address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--serve takes [HOST:]PORT, e.g. --serve 8080 or --serve 0.0.0.0:8080, not {text!r}.", 2)
    return host or "127.0.0.1", int(port)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    url = team_address(config)
    try:
        connect(url).close()  # a wrong address, password or schema: one sentence now, not a blank board
    except TeamDatabaseError as error:
        raise CommandError(str(error), 1) from None
    if args.serve:
        host, port = serve_address(args.serve)
        from textual_serve.server import Server  # lazy: textual-serve (see tui/commands/__init__.py)

        command = [sys.executable, "-m", "tui", "--data-dir", str(data_dir)]
        if getattr(args, "config", None):
            command += ["--config", str(args.config)]
        say(f"Serving the wallboard on http://{host}:{port}/ (Ctrl+C stops).", flush=True)
        Server(shlex.join([*command, "wallboard"]), host=host, port=port, title="callcoach wallboard").serve()
        return 0
    from tui.app.base import wallboard_app  # lazy: Textual (see tui/commands/__init__.py)

    keep_parsed_css()
    app = wallboard_app(url, config, debug=args.debug)
    app.run()
    return int(app.return_code or 0)
