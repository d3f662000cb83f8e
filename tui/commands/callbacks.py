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

from tui.commands.common import CommandError, CommandParsers, opened_desk, run_desk_app, say
from tui.commands.desk import preload as desk_preload
from tui.config.settings import Config
from tui.store.team.connection import TeamDatabaseError
from tui.support import start_up_gc
from tui.support.i18n import _
from tui.support.locations import available_playbooks


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    queue = commands.add_parser(
        "callbacks", parents=[common], help="callback commitments: due, overdue, kept; mark, reschedule, cancel, call back"
    )
    queue.add_argument("--list", action="store_true", help="print the queue and exit (read-only: works beside a running desk)")
    queue.add_argument("--playbook", choices=available_playbooks(), help="playbook for a callback call (default: config)")
    queue.add_argument("--local", action="store_true", help="with --list: this machine's queue, not the team database's")
    queue.set_defaults(run=run, localized=True, preload=preload, resumes_gc=True)


def preload(args: argparse.Namespace, data_dir: Path) -> None:
    """The desk's modules while the data dir is prepared (tui.cli), unless only printing the list."""
    if not args.list:
        desk_preload(args, data_dir)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    if args.list:
        start_up_gc.resume()  # only the desk opened on its queue resumes it after its first frame
    if args.list and config.team_database is not None and not args.local:
        return print_team_queue(config)
    if args.list:
        return print_queue(data_dir)
    with opened_desk(config, data_dir, args.playbook) as desk:
        return run_desk_app(desk, open_queue=True, debug=args.debug)


def padded(text: str, cells: int) -> str:
    """`text` and spaces to `cells` terminal cells (a CJK character takes two), at least one."""
    from rich.cells import cell_len  # lazy: rich (see tui/commands/__init__.py)

    return text + " " * max(1, cells - cell_len(text))


def print_team_queue(config: Config, out: TextIO | None = None) -> int:
    """Every open and closed commitment of the team (as this role may see), overdue first, with whose it is."""
    import tui.domain.callback.commitments as q  # lazy: the callback rules, about 25 ms (see tui/commands/__init__.py)
    from tui.services.team_reads import team_queue  # lazy: TinyDB and the team's reads (see tui/commands/__init__.py)

    out = out or sys.stdout
    try:
        owned = team_queue(config, datetime.now(UTC))
    except TeamDatabaseError as error:
        raise CommandError(f"{str(error).rstrip('.')}; `--list --local` prints this machine's queue.", 1) from None
    if not owned:
        say(_("No callbacks promised yet."), file=out)
        return 0
    for agent, entry in owned:
        caller = _("caller {window}").format(window=entry.caller_text())
        say(
            f"{padded(_(q.STATUS_LABELS[entry.status]), 14)}{padded(agent, 12)}{padded(entry.agent_text(), 33)}{caller} {entry.zone}  "
            f"{entry.number}  {entry.call_id}",
            file=out,
        )
    rate = q.kept_on_time_rate([entry for _agent, entry in owned])
    say(_("Kept on time: {rate}").format(rate=_("no callback due yet") if rate is None else f"{rate:.0%}"), file=out)
    return 0


def print_queue(data_dir: Path, out: TextIO | None = None) -> int:
    # Imported here, not at the top: every command module is imported when the CLI starts, and
    # the queue's services (history, invites, e-mail) cost about 200 ms that other commands never use.

    import tui.domain.callback.commitments as q  # lazy: the callback rules, about 25 ms (see tui/commands/__init__.py)
    from tui.services.callbacks import read_queue  # lazy: TinyDB, e-mail and the history (see tui/commands/__init__.py)

    out = out or sys.stdout

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
