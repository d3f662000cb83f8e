"""`callcoach [desk]` and `callcoach call --caller NUM`: the Textual desk."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import CommandParsers, opened_desk, run_desk_app
from tui.config.settings import Config
from tui.domain.coaching import LANGUAGES
from tui.store.datadir import phone_socket_path
from tui.support.locations import available_playbooks


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    desk = commands.add_parser("desk", parents=[common], help="the desk, idle and ready for a call (the default)")
    call = commands.add_parser("call", parents=[common], help="open the desk with a call already started")
    call.add_argument("--caller", default="", help='the caller\'s number, e.g. "+1 650 253 0000"')
    for sub in (desk, call):
        sub.add_argument("--playbook", choices=available_playbooks(), help="playbook for calls (default: config)")
        sub.add_argument("--lang", choices=LANGUAGES, help="language of the desk, playbook and phrase rules (default: config)")
        sub.set_defaults(run=run, localized=True, preload=preload, resumes_gc=True)


def preload(args: argparse.Namespace, data_dir: Path) -> None:
    """tui.cli runs this while the data dir is being prepared: the desk's modules (Textual with
    them), unless a desk already running there will take --caller's call (then none are needed)."""
    if getattr(args, "caller", None) and phone_socket_path(data_dir).exists():
        return
    import tui.app.desk.app  # noqa: F401 - what run_desk_app imports (tui.app.base with it), a few fsyncs sooner


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    caller = args.caller if args.command == "call" else None
    if caller is not None and phone_socket_path(data_dir).exists():
        from tui.commands.event import hand_to_running_desk  # only then: the phone events' module is not the frame's

        if hand_to_running_desk(data_dir, caller):
            return 0  # a softphone ran `callcoach call` while the desk was open: that desk took it
    with opened_desk(config, data_dir, args.playbook) as desk:
        return run_desk_app(desk, start_caller=caller, debug=args.debug)
