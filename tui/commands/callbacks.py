"""`callcoach callbacks [--list]`: the callback queue (due, overdue, kept, rescheduled, cancelled).

Interactive, it is the desk opened on its queue (F9), so marking, rescheduling, cancelling and
starting the callback call all work, under the desk lock. `--list` prints the queue and exits;
it only reads, so it works beside a running desk.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from tui.commands.common import opened_desk, run_desk_app, say
from tui.config.settings import Config
from tui.support.i18n import _
from tui.support.locations import available_playbooks


def add_parser(commands, common: argparse.ArgumentParser) -> None:
    queue = commands.add_parser(
        "callbacks", parents=[common], help="callback commitments: due, overdue, kept; mark, reschedule, cancel, call back"
    )
    queue.add_argument("--list", action="store_true", help="print the queue and exit (read-only: works beside a running desk)")
    queue.add_argument("--playbook", choices=available_playbooks(), help="playbook for a callback call (default: config)")
    queue.set_defaults(run=run, localized=True)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    if args.list:
        return print_queue(data_dir)
    with opened_desk(config, data_dir, args.playbook) as desk:
        return run_desk_app(desk, open_queue=True, debug=args.debug)


def print_queue(data_dir: Path, out: TextIO | None = None) -> int:
    # Imported here, not at the top: every command module is imported when the CLI starts, and
    # the queue's services (history, invites, e-mail) cost about 200 ms that other commands never use.
    from rich.cells import cell_len

    import tui.domain.callback.commitments as q
    from tui.services.callbacks import read_queue

    out = out or sys.stdout

    def padded(text: str, cells: int) -> str:  # by terminal cells: a CJK character takes two
        return text + " " * max(1, cells - cell_len(text))

    entries = read_queue(data_dir, datetime.now(UTC))
    if not entries:
        say(_("No callbacks promised yet."), file=out)
        return 0
    for entry in entries:
        caller = _("caller {window}").format(window=entry.caller_text())
        say(
            f"{padded(_(q.STATUS_LABELS[entry.status]), 14)}{padded(entry.agent_text(), 33)}{caller} {entry.zone}  "
            f"{entry.number}  {entry.call_id}",
            file=out,
        )
    rate = q.kept_on_time_rate(entries)
    say(_("Kept on time: {rate}").format(rate=_("no callback due yet") if rate is None else f"{rate:.0%}"), file=out)
    return 0
