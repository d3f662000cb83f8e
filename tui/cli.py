"""Command line: argument parsing and wiring. `callcoach` and `python -m tui` both land here.

Exit codes (DESIGN.md): 0 ok, 1 runtime error with a message, 2 usage or config error. Errors are
one plain sentence on stderr; a traceback only with --debug.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import Config, ConfigError, load_config
from .locations import available_playbooks, default_config_path, default_data_dir, playbook_path


def _common_options(in_command: bool) -> argparse.ArgumentParser:
    # After a command the defaults are suppressed: argparse would otherwise overwrite a global
    # option given before the command (`callcoach --data-dir D call`) with the command's default.
    unset = argparse.SUPPRESS if in_command else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=unset, help="data directory (default: the platform's, or $CALLCOACH_DATA_DIR)")
    common.add_argument("--config", type=Path, default=unset, help="config.toml (default: the platform's, or $CALLCOACH_CONFIG)")
    common.add_argument("--debug", action="store_true", default=unset if in_command else False, help="show tracebacks on errors")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callcoach",
        description="A live-call desk: listen, apologize, resolve, thank.",
        parents=[_common_options(in_command=False)],
    )
    common = _common_options(in_command=True)
    parser.set_defaults(playbook=None)   # `callcoach` alone is the desk: same settings as `callcoach desk`
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    desk = commands.add_parser("desk", parents=[common], help="the desk, idle and ready for a call (the default)")
    call = commands.add_parser("call", parents=[common], help="open the desk with a call already started")
    call.add_argument("--caller", default="", help="the caller's number, e.g. \"+1 650 253 0000\"")
    for sub in (desk, call):
        sub.add_argument("--playbook", choices=available_playbooks(), help="playbook for calls (default: config)")
    export = commands.add_parser("export", parents=[common], help="write calls (interrupted ones included) as JSON")
    export.add_argument("--format", choices=["json"], default="json", help="export format")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    return parser


def fail(message: str, code: int) -> int:
    print(f"callcoach: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "desk"
    try:
        return _run(command, args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: one sentence, no locals
        if args.debug:
            raise
        return fail(f"stopped on an internal error ({type(error).__name__}); run with --debug for details.", 1)


def _run(command: str, args: argparse.Namespace) -> int:
    from .app.actions import BINDING_IDS

    config_path = args.config or default_config_path()
    try:
        config = load_config(config_path, must_exist=args.config is not None, binding_ids=BINDING_IDS)
    except ConfigError as error:
        return fail(str(error), 2)
    data_dir = (args.data_dir or default_data_dir()).expanduser()

    from .store.datadir import DataDirError, prepare_data_dir

    try:
        prepare_data_dir(data_dir)
    except DataDirError as error:
        return fail(str(error), 1)
    if command == "export":
        return _export(data_dir, args.out)
    return _desk(config, data_dir, args, caller=args.caller if command == "call" else None)


def _export(data_dir: Path, out: Path | None) -> int:
    from .exporting import export_all

    document = export_all(data_dir)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        partial = out.with_name(out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)   # a reader never sees half an export
    except OSError as error:
        return fail(f"cannot write {out} ({error.strerror}); choose another --out.", 1)
    print(f"Wrote {len(document['calls'])} call(s) to {out}.", file=sys.stderr)
    return 0


def _desk(config: Config, data_dir: Path, args: argparse.Namespace, caller: str | None) -> int:
    from .domain.clock import SystemClock
    from .domain.playbook import PlaybookError
    from .session import open_desk
    from .store.lock import DataDirLocked, DeskLock

    lock = DeskLock(data_dir)
    try:
        lock.acquire()
    except DataDirLocked as error:
        return fail(str(error), 1)
    try:
        try:
            desk = open_desk(config, data_dir, SystemClock(), args.playbook)
        except PlaybookError as error:
            return fail(str(error), 2)
        from .app.app import CallcoachApp

        app = CallcoachApp(desk, start_caller=caller, debug=args.debug)
        code = app.run() or 0
        if app.signalled:
            print(f"callcoach: stopped by {app.signalled}; the call was saved and will be offered for resume.", file=sys.stderr)
        return int(code)
    finally:
        lock.release()


if __name__ == "__main__":
    sys.exit(main())
