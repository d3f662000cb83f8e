"""Imports take turns (tui.support.one_import_at_a_time). CPython 3.11's per-module import locks let
two threads import at once, and its deadlock detection then misfires (fixed in 3.12): the desk's
warm-up thread and --caller's call importing phonenumbers together raised _DeadlockError in one and
gave the other a half-run module, and the call never started (about one start in 30 at load). So
one thread imports at a time, and a module already loaded is imported without waiting, so the
event loop is never held up by a worker's import of something it already has.

Each case runs in a fresh interpreter: the modules are new to it, as phonenumbers is to a desk just
started. A slow module is imported on one thread; a moment later another thread imports a second
new module and a third one a module already loaded."""

from __future__ import annotations

import ast
import subprocess
import sys

MODULES = {
    "slow_module.py": "import time\nEVENTS.append('slow began')\ntime.sleep(0.5)\nEVENTS.append('slow ended')\n",
    "other_module.py": "EVENTS.append('other ran')\n",
}

THREE_THREADS = """
import builtins, json, sys, threading, time
sys.path.insert(0, sys.argv[1])
builtins.EVENTS = EVENTS = []  # the modules append to it as they run
if sys.argv[2] == "in turn":
    from tui.support import one_import_at_a_time
    one_import_at_a_time.install()

def slow():
    import slow_module

def other():
    import other_module

def loaded():
    import json
    EVENTS.append("json imported")

threads = [threading.Thread(target=slow), threading.Thread(target=other), threading.Thread(target=loaded)]
threads[0].start()
time.sleep(0.15)  # the slow module is running
threads[1].start()
threads[2].start()
for thread in threads:
    thread.join(10)
print(EVENTS)
"""


def events(tmp_path, how: str) -> list[str]:
    for name, text in MODULES.items():
        (tmp_path / name).write_text(text)
    argv = [sys.executable, "-B", "-c", THREE_THREADS, str(tmp_path), how]
    output = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=30).stdout
    return ast.literal_eval(output)


def test_a_new_module_waits_for_the_import_running_and_a_loaded_one_does_not(tmp_path):
    happened = events(tmp_path, "in turn")
    assert happened.index("other ran") > happened.index("slow ended")
    assert happened.index("json imported") < happened.index("slow ended")


def test_without_turns_two_threads_import_at_once(tmp_path):
    """The control, as CPython has it: the second module runs while the first is still running."""
    happened = events(tmp_path, "plain")
    assert happened.index("other ran") < happened.index("slow ended")
