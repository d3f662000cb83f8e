"""`callcoach export --format json [--out FILE]`: every call, interrupted ones included."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..config import Config
from .common import CommandError


def add_parser(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", parents=[common], help="write calls (interrupted ones included) as JSON")
    export.add_argument("--format", choices=["json"], default="json", help="export format")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    from ..exporting import export_all

    document = export_all(data_dir)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_output(text, args.out)
    if args.out is not None:
        print(f"Wrote {len(document['calls'])} call(s) to {args.out}.", file=sys.stderr)
    return 0


def write_output(text: str, out: Path | None) -> None:
    """To stdout, or to a file that a reader never sees half-written."""
    if out is None:
        sys.stdout.write(text)
        return
    try:
        partial = out.with_name(out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    except OSError as error:
        raise CommandError(f"cannot write {out} ({error.strerror}); choose another --out.", 1) from None
