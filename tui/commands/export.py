"""`callcoach export --format md|json|csv [--since DATE] [--until DATE] [--agent A] [--out FILE]`."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tui.commands.common import CommandError, CommandParsers, say
from tui.config.settings import Config
from tui.domain.call.record import with_durations
from tui.domain.text.display import visible
from tui.store.fsutil import write_all
from tui.store.team.connection import TeamDatabaseError


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", parents=[common], help="write calls (interrupted ones included) as JSON, Markdown or CSV")
    export.add_argument(
        "--format",
        choices=["json", "md", "csv"],
        default="json",
        help="json: the versioned export; md: a summary for a ticket; csv: one row per call",
    )
    export.add_argument("--since", type=_day, help="first day, YYYY-MM-DD in your time zone")
    export.add_argument("--until", type=_day, help="last day (included), YYYY-MM-DD in your time zone")
    export.add_argument("--agent", help="only this agent's calls")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.add_argument(
        "--skip-damaged",
        action="store_true",
        help="export what can be read when a history month, a journal or (for json) a call cannot be, naming what was left out",
    )
    export.add_argument("--local", action="store_true", help="this machine's calls, not the team database's")
    export.set_defaults(run=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def day_range(since: date | None, until: date | None, zone: str) -> tuple[datetime | None, datetime | None]:
    """[since 00:00, the day after until 00:00) in the viewer's zone."""
    tz = ZoneInfo(zone)
    start = datetime.combine(since, time(0), tz) if since else None
    end = datetime.combine(until + timedelta(days=1), time(0), tz) if until else None
    return start, end


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from tui.services.exports import (  # lazy: TinyDB and the history (see tui/commands/__init__.py)
        collect_export,
        without_damaged,
    )

    since, until = day_range(args.since, args.until, config.timezone)
    if config.team_database is not None and not args.local:
        from tui.services.team_reads import team_export  # lazy: the team's reads, about 25 ms (see tui/commands/__init__.py)

        try:
            collected = team_export(config, since, until, args.agent)
        except TeamDatabaseError as error:
            raise CommandError(f"{str(error).rstrip('.')}; `--local` exports this machine's calls.", 1) from None
    else:
        collected = collect_export(data_dir, since, until, args.agent)
    document = collected.document
    # A damaged call cannot go into a json export (an import would refuse the whole file); md and
    # csv list it as damaged. What cannot go in stops the export unless --skip-damaged says so.
    left_out = collected.unreadable + ([f"call {call_id}" for call_id in collected.damaged] if args.format == "json" else [])
    if left_out and not args.skip_damaged:
        raise CommandError(
            f"{_names(left_out)} cannot be read, so nothing was exported; move it aside, or pass --skip-damaged to export the rest.", 1
        )
    if args.format == "json" and collected.damaged:
        document = without_damaged(document)
    if args.format == "json":
        document = {**document, "calls": [with_durations(call) for call in document["calls"]]}  # talk time and ACW, derived
        text = terminal_safe_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
    else:
        from tui.services.review import queue_actions  # lazy: the review's flags (see tui/commands/__init__.py)
        from tui.services.summaries import render  # lazy: TinyDB (see tui/commands/__init__.py)

        text = visible(render(document, args.format, config.timezone, actions=queue_actions(data_dir)), keep_lines=True)
    write_output(text, args.out)
    if args.out is not None:
        say(f"Wrote {len(document['calls'])} call(s) to {args.out}.", file=sys.stderr)
    if left_out:
        say(f"Skipped {_names(left_out)}: it cannot be read.", file=sys.stderr)
    for call_id, problem in collected.damaged.items():
        if args.format != "json":
            say(visible(f"Call {call_id} is damaged ({problem}); it is listed as damaged."), file=sys.stderr)
    return 0


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")
    return visible(shown)


# json escapes C0 controls itself; C1 controls (U+009B is a one-character CSI), lone surrogates
# (which cannot even be encoded) and line separators are escaped here. They only occur inside
# strings, so the document reads back the same.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def terminal_safe_json(text: str) -> str:
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def write_output(text: str, out: Path | None) -> None:
    """To stdout, or to a file that a reader never sees half-written."""
    if out is None:
        sys.stdout.write(text)
        return
    try:
        partial = out.with_name(out.name + ".partial")
        # Calls hold callers' numbers and words: the file is private (0600) whatever the umask.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            write_all(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
        partial.replace(out)
    except OSError as error:
        raise CommandError(f"cannot write {out} ({error.strerror}); choose another --out.", 1) from None
