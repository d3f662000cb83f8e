"""Command line: argument parsing and wiring. `callcoach` and `python -m tui` both land here.

Exit codes (DESIGN.md): 0 ok, 1 runtime error with a message, 2 usage or config error. Errors are
one plain sentence on stderr; a traceback only with --debug.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tui.commands import COMMANDS
from tui.commands.common import CommandError, fail
from tui.commands.desk import preload as preload_desk
from tui.commands.desk import run as run_desk
from tui.config.data_files import install_code_phrases
from tui.config.keys import BINDING_IDS
from tui.config.settings import Config, ConfigError, load_config
from tui.domain.text.redact import CodePhrasesError
from tui.store.datadir import DataDirError, finish_interrupted_import, make_data_dir
from tui.store.fsutil import use_write_function
from tui.support import early_prompt, one_import_at_a_time, start_up_gc
from tui.support.fault_seams import store_write_seam
from tui.support.i18n import set_language
from tui.support.locations import default_config_path, default_data_dir


def _common_options(in_command: bool) -> argparse.ArgumentParser:
    # After a command the defaults are suppressed: argparse would otherwise overwrite a global
    # option given before the command (`callcoach --data-dir D call`) with the command's default.
    unset = argparse.SUPPRESS if in_command else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=unset, help="data directory (default: the platform's, or $CALLCOACH_DATA_DIR)")
    common.add_argument("--config", type=Path, default=unset, help="config.toml (default: the platform's, or $CALLCOACH_CONFIG)")
    common.add_argument("--debug", action="store_true", default=unset if in_command else False, help="show tracebacks on errors")
    return common


# Which module registers each command's sub-parser: `callcoach call` builds only its own, since
# importing all fourteen (team database, import checks, retention) costs start-up time.
MODULE_OF = {"call": "desk", "import": "import_"}
GLOBAL_OPTIONS_WITH_VALUE = ("--data-dir", "--config")


def named_command(argv: list[str]) -> str | None:
    """The command `argv` names before any other word, or None (the desk, or --help, or a typo:
    then every command's parser is built, so help and errors list them all)."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word in GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            is_command = word in MODULE_OF or (word in COMMANDS and not word.endswith("_"))  # import_ is a module
            return word if is_command else None
    return "desk"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callcoach",
        description="A live-call desk: listen, apologize, resolve, thank.",
        parents=[_common_options(in_command=False)],
    )
    common = _common_options(in_command=True)
    # resumes_gc: the command's front end resumes garbage collection after its first frame (start_up_gc).
    parser.set_defaults(
        playbook=None, run=None, localized=False, preload=None, resumes_gc=False
    )  # `callcoach` alone is the desk, as `callcoach desk`
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (MODULE_OF.get(only, only),) if only else COMMANDS:
        importlib.import_module(f".commands.{name}", __package__).add_parser(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    start_up_gc.pause()  # until the first frame or prompt (tui.support.start_up_gc)
    try:
        return _main(argv)
    finally:
        early_prompt.withdraw()  # a prompt drawn early whose front end never took it over
        start_up_gc.resume()  # a command that stopped before its first frame (a refusal, --help)


def _main(argv: list[str] | None) -> int:
    args = build_parser(named_command(sys.argv[1:] if argv is None else argv)).parse_args(argv)
    if args.run is None:
        args.command, args.run, args.localized, args.preload, args.resumes_gc = "desk", run_desk, True, preload_desk, True
    try:
        return _run(args)
    except CommandError as error:
        return fail(str(error), error.code)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: one sentence, no locals
        if args.debug:
            raise
        return fail(f"stopped on an internal error ({type(error).__name__}); run with --debug for details.", 1)


def _run(args: argparse.Namespace) -> int:
    config_path = args.config or default_config_path()
    try:
        config = load_config(config_path, must_exist=args.config is not None, binding_ids=BINDING_IDS)
    except ConfigError as error:
        return fail(str(error), 2)
    config = _use_language(config, args)
    try:
        install_code_phrases()  # before anything typed or imported can be stored
    except CodePhrasesError as error:
        return fail(str(error), 2)
    data_dir = (args.data_dir or default_data_dir()).expanduser()

    use_write_function(store_write_seam())  # os.write, unless a fault test set its variable

    prepared = _prepare_meanwhile(data_dir)
    if args.preload is not None:
        args.preload(args, data_dir)  # the command's heavy imports, while the data dir's probes wait on the disk
    try:
        prepared()
    except DataDirError as error:
        return fail(str(error), 1)
    if not args.resumes_gc:
        start_up_gc.resume()  # no first frame to wait for
    one_import_at_a_time.install()  # the start-up's imports are done: from here threads import too
    code: int = args.run(args, config, data_dir)
    return code


def _prepare_meanwhile(data_dir: Path) -> Callable[[], None]:
    """Start preparing the data dir (its folders made and fsynced, a write probe fsynced in each) on a
    thread; the function returned waits for it, raises what it raised, and finishes an interrupted
    import. The disk's waits release the interpreter, so a command's imports (the desk's Textual)
    run in them instead of after them. The thread imports nothing (make_data_dir): an import on it
    beside the main thread's once deadlocked the start (_DeadlockError on tinydb)."""
    failure: list[BaseException] = []

    def prepare() -> None:
        try:
            make_data_dir(data_dir)
        except BaseException as error:  # handed to the main thread, which reports it
            failure.append(error)

    thread = threading.Thread(target=prepare, name="prepare-data-dir", daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if failure:
            raise failure[0]
        finish_interrupted_import(data_dir.expanduser().absolute())

    return wait


def _use_language(config: Config, args: argparse.Namespace) -> Config:
    """The one place the UI language is chosen: `--lang`, else config's `language`, for the commands
    that speak it (`localized`: the desk, line mode, the supervisor's screens, the callback queue);
    the others (export, import, purge...) stay English, as the README says."""
    lang = getattr(args, "lang", None)
    config = replace(config, language=lang) if lang else config
    if args.localized:
        set_language(config.language)  # before any screen or line draws a string
    return config


if __name__ == "__main__":
    sys.exit(main())
