"""The domain never imports a front end or the store; line mode never loads Textual (STYLE.md)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import tui.domain
from benchlib.terminal import PtyProgram
from tui.cli import named_command

DOMAIN_MODULES = sorted(m.name for m in pkgutil.walk_packages(tui.domain.__path__, "tui.domain.") if not m.ispkg)
FORBIDDEN_IN_DOMAIN = ("textual", "prompt_toolkit", "tinydb", "tui.store", "tui.app", "tui.line")


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_domain_module_loads_no_front_end_or_store(module):
    loaded = loaded_after_import(module)
    bad = sorted(name for name in loaded if name.split(".")[0] in FORBIDDEN_IN_DOMAIN or name.startswith(FORBIDDEN_IN_DOMAIN[3:]))
    assert bad == []


def test_no_domain_module_loads_a_front_end_the_store_or_a_file_locator():
    """Every module under tui.domain at once: the domain reads no files (data comes in as values)."""
    modules = sorted(m.name for m in pkgutil.walk_packages(tui.domain.__path__, "tui.domain."))
    loaded = loaded_after_import(", ".join(modules))
    forbidden = (*FORBIDDEN_IN_DOMAIN, "platformdirs", "tui.support.locations", "tui.support.fault_seams", "tui.config", "tui.services")
    bad = sorted(name for name in loaded if name.split(".")[0] in forbidden or name.startswith(forbidden[3:]))
    assert len(modules) > 30 and bad == []


def test_cli_import_stays_light():
    """Parsing arguments must not pay for Textual: `callcoach export` and errors stay fast."""
    loaded = loaded_after_import("tui.cli")
    assert "textual" not in loaded and "tinydb" not in loaded and "phonenumbers" not in loaded


@pytest.mark.parametrize("module", ["tui.cli", "tui.app.desk.app", "tui.services.session", "tui.config.settings"])
def test_the_desk_does_not_load_the_database_driver(module):
    """psycopg is imported where the team database is first used, so the desk's first frame does
    not pay for it (issue 16)."""
    loaded = loaded_after_import(module)
    assert not {name for name in loaded if name.split(".")[0] in ("psycopg", "psycopg_pool", "psycopg_binary")}


DEFERRED_FROM_THE_DESKS_START = (
    "tui.services.sync",  # team sync, with review flags and the review store: loaded at the first filing or warm-up
    "tui.services.flagging",
    "tui.domain.review.flags",
    "secrets",  # and hmac: a call id needs only os.urandom
    "hmac",
    "textual.pilot",
    "tui.commands.retention_common",  # other commands' parsers are not built for `callcoach call`
    "tui.commands.import_",
    "tui.domain.review.import_check",
    "tui.store.team.connection",
    "tui.domain.callback.commitments",  # the queue: at the first clock tick or F9, after the first frame
    "tui.domain.callback.invite",  # and the invite with the email package: at the first promise (F5)
    "email.message",
    "tui.domain.review.caller_history",  # the caller index's reading: its refresh starts after the first frame
    "tui.app.widgets.callback_panel",  # the F5 panel: mounted at the first F5, with the callback rules' modules
    "tui.domain.callback.window",
    "tui.domain.callback.proposal",
    "tui.domain.callback.custom_text",
    "tui.domain.callback.contact",
    "hashlib",  # with OpenSSL's bindings: at the caller index's first look-up
    "tui.app.desk.confirm_quit",  # the dialogs: at their first use or in the warm-up (tui.app.desk.dialogs)
    "tui.app.desk.keys_help",
    "tui.app.desk.wrap_up",
    "tui.app.desk.new_call",
    "tui.app.desk.resume_call",
    "tui.app.desk.caller_type",
    "tui.app.desk.offer",
    "textual.widgets._checkbox",  # the dialogs' Checkbox (with its base, textual.widgets._toggle_button)
    "textual.widgets._toggle_button",
    "tui.commands.event",  # `call --caller` hands the call to a running desk only when its socket is there
    "tui.domain.coaching.phrases",  # the phrase rules and the coach: in the warm-up or when the first call starts
    "tui.domain.coaching.hints",
    "tui.domain.review.call_facts",  # a callback call's origin
    "tui.app.desk.phone_desk",  # the phone: built just after the first frame (tui.app.desk.phone_not_up)
    "tui.domain.call.phone_events",
    "tui.services.phone.hub",
    "tui.services.phone.baresip",
    "tui.services.phone.local_socket",
    "tui.services.phone.netstring",
    "tui.domain.coaching.offers",  # the config holds the authority policy alone (tui.domain.coaching.authority)
    "tui.domain.callback.calling_hours",  # and the default hours (weekly_hours): tables read when config.toml has one
    "tui.config.callback",  # the callback settings (SMTP, e-mail): read when config.toml has one
    "tui.domain.callback.phone",  # a caller's number read: with the first call or in the warm-up
    "tinydb",  # the store: the history and the caller index open at their first use, in the start-up's workers
    "tui.store.history",
    "tui.store.month_storage",
    "tui.services.caller_history",
    "tui.store.caller_index",
    "tui.store.journal",  # a call's own modules: with the first call (or the cut-short look just before it)
    "tui.domain.call.live",
    "tui.domain.call.state",
    "tui.domain.call.record",
    "tui.domain.call.notes",
)


@pytest.mark.parametrize("argv", [["call", "--caller", "+44 20 7031 3000"], []])
def test_the_desks_start_does_not_import_what_its_first_frame_does_not_need(argv):
    """Issue 18 item 1: what `callcoach call` imports before its first frame (the parser it builds
    and the desk app's modules) leaves out the team sync, the other commands and secrets."""
    code = f"import sys, tui.cli; tui.cli.build_parser(tui.cli.named_command({argv!r})); import tui.app.desk.app; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert sorted(set(DEFERRED_FROM_THE_DESKS_START) & set(result.stdout.split())) == []


# The real desk in a pty, stopped once its first frame is written: what it had loaded by then.
STOP_AT_THE_FIRST_FRAME = """
import json, os, sys, time
from textual.app import App

display = App._display

def first_frame(app, screen, renderable):
    display(app, screen, renderable)
    if renderable is not None and app._running and not app._batch_count and app._driver is not None:
        with open(sys.argv[1], "w") as out:
            json.dump(sorted(sys.modules), out)
        time.sleep(0.3)  # the frame's bytes read off the pty before it closes: a pty closed at once may drop them
        os._exit(0)

App._display = first_frame
from tui.cli import main
main(sys.argv[2:])
"""

LOADED_AFTER_THE_DESKS_FIRST_FRAME = (
    # Nothing the desk leaves out of its start is loaded on the way to the frame, but Textual's pilot:
    # App.run imports it (the bare app's first frame has it too).
    *(name for name in DEFERRED_FROM_THE_DESKS_START if name != "textual.pilot"),
    "rich._unicode_data.unicode",  # Rich's width table: the first frame draws only characters of its single-cell fast path
)


def test_the_desks_first_frame_leaves_out_what_it_does_not_draw(terminal):
    """Issue 18 item 1: by the time `callcoach call --caller` has written its first frame (the step
    tracker's steps on screen), neither the phone nor Rich's Unicode width table is loaded (a
    character outside Rich's fast path, as the step tracker's separator was, costs it about 0.3 ms)."""
    out = terminal.tmp / "modules.json"
    argv = [sys.executable, "-c", STOP_AT_THE_FIRST_FRAME, str(out), "call", "--caller", "+44 20 7031 3000"]
    program = PtyProgram([*argv, "--data-dir", str(terminal.data_dir)], terminal.env)
    terminal.programs.append(program)
    assert program.wait(30.0) == 0
    assert "Listen" in program.text  # the step tracker was in that frame
    loaded = json.loads(out.read_text())
    assert sorted(name for name in loaded if name.startswith(LOADED_AFTER_THE_DESKS_FIRST_FRAME)) == []


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ([], "desk"),
        (["call", "--caller", "1"], "call"),
        (["--data-dir", "call", "line"], "line"),
        (["import", "f"], "import"),
        (["--help"], None),
        (["nope"], None),
    ],
)
def test_the_cli_builds_only_the_named_commands_parser(argv, command):
    assert named_command(argv) == command


DEFERRED_FROM_LINE_MODES_START = (
    "phonenumbers",  # --caller's number is checked once the first prompt is drawn (tui.line.desk)
    "textual",
    "rich",
    "icalendar",  # /callback's invite: at the first promise
    "tui.line.callback",
    "tui.line.coaching",  # /type and /offer, with the offer rules' wording: at the first of them
    "tui.domain.coaching.offer_words",
    "tui.domain.review.call_facts",  # /status's promises: when asked
    "tui.services.sync_worker",  # the team database: after the first prompt, only with one configured
    "tui.services.live",
    "psycopg",
)


def test_line_modes_start_does_not_import_what_its_first_prompt_does_not_need():
    """Issue 18 item 4: what `callcoach line --caller` imports before its first prompt (its parser
    and tui.line.desk) leaves out phonenumbers, Textual, the callback's modules and the team sync."""
    argv = ["line", "--caller", "+44 20 7031 3000"]
    code = (
        f"import sys, tui.cli; tui.cli.build_parser(tui.cli.named_command({argv!r})); import tui.line.desk; print('\\n'.join(sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    assert (
        sorted(name for name in loaded if name in DEFERRED_FROM_LINE_MODES_START or name.split(".")[0] in DEFERRED_FROM_LINE_MODES_START)
        == []
    )


LOADED_AFTER_LINE_MODES_EARLY_PROMPT = (
    "prompt_toolkit",  # with wcwidth and asyncio: loaded while the early prompt holds the keys
    "wcwidth",
    "asyncio",
    "phonenumbers",
    "tinydb",
    "textual",
    "tui.line.desk",  # the line desk and what it drives: the services, the store's journal and history
    "tui.line.io",
    "tui.line.calls",
    "tui.services",
    "tui.store.journal",
    "tui.store.history",
)


def test_line_modes_early_prompt_comes_before_prompt_toolkit_and_the_line_desk():
    """Issue 18 item 4: line mode's first prompt is drawn (tui.line.first_prompt, from the command's
    preload) with no more than the parser's modules loaded: prompt-toolkit, the line desk, the
    services and the store load while it holds the keys."""
    argv = ["line", "--caller", "+44 20 7031 3000"]
    code = (
        f"import sys, tui.cli; tui.cli.build_parser(tui.cli.named_command({argv!r})); import tui.line.first_prompt; "
        "print('\\n'.join(sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    too_soon = {name for name in loaded if name.split(".")[0] in LOADED_AFTER_LINE_MODES_EARLY_PROMPT}
    too_soon |= {name for name in loaded if name.startswith(LOADED_AFTER_LINE_MODES_EARLY_PROMPT[6:])}
    assert sorted(too_soon) == []


PREPARE_THREAD_IMPORTS = """
import sys, threading
from pathlib import Path
import tui.cli

imported_off_main = []

class Spy:  # asked before any finder for every module not yet loaded
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is not threading.main_thread():
            imported_off_main.append(name)
        return None

sys.meta_path.insert(0, Spy())
tui.cli._prepare_meanwhile(Path(sys.argv[1]))()
print(imported_off_main)
"""


def test_the_data_dirs_thread_imports_nothing(tmp_path):
    """The data dir is prepared on a thread while the main thread imports the desk. An import on that
    thread beside the main thread's deadlocked the start in CPython 3.11 (_DeadlockError on tinydb:
    a submodule's lock is held while its package is imported), once in 30 starts at load."""
    result = subprocess.run(
        [sys.executable, "-c", PREPARE_THREAD_IMPORTS, str(tmp_path / "data")], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "data" / "history").is_dir()
