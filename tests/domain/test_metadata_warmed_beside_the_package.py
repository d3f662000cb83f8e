"""The desk warms phonenumbers' metadata on a thread just after its first frame (contact.warm_metadata),
while its warm-up thread, or the event loop starting --caller's call, imports phonenumbers for the
first time. warm_metadata imported the submodule phonenumbers.phonemetadata first: it locked that
module, then waited for the package, whose import (on the other thread) was waiting for that very
module. Python stopped both imports with a _DeadlockError and the call never began (one start in
a few dozen in the pty tests). Here the package's import is held at the worst moment exactly: its
lock taken, the module not yet in sys.modules."""

from __future__ import annotations

import subprocess
import sys

WARM_WHILE_THE_PACKAGE_LOADS = r"""
import importlib.abc, importlib.machinery, sys, threading, time

from tui.domain.callback.contact import warm_metadata

assert "phonenumbers" not in sys.modules
held, go_on, errors = threading.Event(), threading.Event(), []


class HoldingLoader:
    # The package's own loader, made to wait before its module exists: the package's import lock is
    # taken by then (and Python's global import lock is not), the module not yet in sys.modules.
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        held.set()
        go_on.wait(10)
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)


class HoldThePackage(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "phonenumbers" or threading.current_thread().name != "package":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = HoldingLoader(spec.loader)
        return spec


def run(work):
    try:
        work()
    except Exception as error:
        errors.append(repr(error))


sys.meta_path.insert(0, HoldThePackage())
package = threading.Thread(target=run, args=(lambda: __import__("phonenumbers"),), name="package")
package.start()
held.wait(10)
warm = threading.Thread(target=run, args=(warm_metadata,), name="warm")
warm.start()
time.sleep(0.5)  # the warm-up has reached the package's lock by now
go_on.set()
package.join(20)
warm.join(20)
print(errors or "both imported")
"""


def test_the_metadata_is_warmed_while_another_thread_imports_phonenumbers():
    result = subprocess.run([sys.executable, "-c", WARM_WHILE_THE_PACKAGE_LOADS], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "both imported"
