"""`callcoach line [--caller NUM] [--playbook P] [--lang L] [--no-toolbar]`: the call, line by line."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tui.commands.common import CommandParsers, opened_desk
from tui.config.settings import Config
from tui.domain.call.clock import SystemClock
from tui.domain.coaching import LANGUAGES
from tui.store.datadir import journal_dir
from tui.support.locations import available_playbooks


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    line = commands.add_parser("line", parents=[common], help="the same call flow, line by line (screen readers, ssh)")
    line.add_argument("--caller", default=None, help="start a call at once with this number")
    line.add_argument("--playbook", choices=available_playbooks(), help="playbook for calls (default: config)")
    line.add_argument("--lang", choices=LANGUAGES, help="language of the playbook, phrase rules and coaching texts (default: config)")
    line.add_argument("--no-toolbar", action="store_true", help="no bottom toolbar (for screen readers); /status says the same")
    line.set_defaults(run=run, localized=True, preload=preload, resumes_gc=True)


def preload(args: argparse.Namespace, data_dir: Path) -> None:
    """tui.cli runs this while the data dir is being prepared: the first prompt is drawn at once, the
    keys held for it (tui.line.first_prompt), then prompt-toolkit's modules, the bulk of the wait for
    the prompt to show what is typed, load while the data dir's probes wait on the disk."""
    if not _cut_short_call_waits(data_dir):  # else the first thing said is the offer to resume it
        from tui.line.first_prompt import draw_early

        draw_early(args.caller)
    import tui.line.desk  # noqa: F401 - what run imports


def _cut_short_call_waits(data_dir: Path) -> bool:
    """Any journal in the data dir (a call cut short, or its leftover): cheap, and never wrong the unsafe way."""
    try:
        with os.scandir(journal_dir(data_dir)) as entries:
            return any(not entry.name.startswith(".") for entry in entries)
    except OSError:
        return False  # no journal folder yet: a new data dir


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.line.desk import LineDesk  # lazy: prompt-toolkit (see tui/commands/__init__.py)

    with opened_desk(config, data_dir, args.playbook, SystemClock()) as desk:
        # The history's check (a damaged month set aside and said) runs once the first prompt is drawn.
        return LineDesk(desk, toolbar=not args.no_toolbar, check_history=True).run(args.caller)
