"""One thread imports at a time: every `import` of a module not yet fully loaded waits its turn.

The desk imports lazily, on its event loop and on its workers' threads (the warm-up, the cut-short
calls, the callback lookups, the team's sync). CPython 3.11 locks each module while it runs, and
two threads importing at once can still fail: a submodule's lock is held while its package is
imported, so a thread importing `phonenumbers` and one importing a module inside it deadlock and
importlib raises _DeadlockError in one of them; and a thread can be handed a module the other has
only half run ("partially initialized module ... has no attribute"). Both were seen: --caller's
call did not start when the warm-up and the call imported phonenumbers together.

So `install` replaces `builtins.__import__` with one that takes a single process-wide lock unless
what is asked for is already loaded in full. A key's function-level import of a loaded module
takes no lock (a dict look-up more than before, about half a microsecond), so the event loop
waits only when it needs a module that is not loaded yet while another thread is importing. It is
installed after the start-up's own imports (one thread then), so they do not pay for it.
"""

from __future__ import annotations

import builtins
import sys
import threading
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

_TURN = threading.RLock()  # re-entrant: an import runs the imports of the module it loads
_plain_import = builtins.__import__


def install() -> None:
    """From now on imports take turns (idempotent)."""
    builtins.__import__ = _import_in_turn


def import_module(name: str) -> ModuleType:
    """importlib.import_module, in turn (importlib's own does not pass through __import__)."""
    builtins.__import__(name)
    return sys.modules[name]


def _import_in_turn(
    name: str,
    globals: Mapping[str, object] | None = None,
    locals: Mapping[str, object] | None = None,
    fromlist: Sequence[str] | None = (),
    level: int = 0,
) -> ModuleType:
    if _loaded(name, globals, fromlist, level):
        return _plain_import(name, globals, locals, fromlist, level)
    with _TURN:
        return _plain_import(name, globals, locals, fromlist, level)


def _loaded(name: str, globals: Mapping[str, object] | None, fromlist: Sequence[str] | None, level: int) -> bool:
    """Whether the import asks only for what is loaded in full (then it needs no turn)."""
    full_name = name if level == 0 else _absolute(name, globals, level)
    module = sys.modules.get(full_name) if full_name else None
    if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
        return False
    # In its namespace, not hasattr: a package's __getattr__ (textual.widgets') would import outside the turn.
    namespace = vars(module)
    return all(item == "*" or item in namespace for item in fromlist or ())


def _absolute(name: str, globals: Mapping[str, Any] | None, level: int) -> str | None:
    """The module a relative import names, or None when it cannot be told (the slow path decides)."""
    if not globals:
        return None
    package = globals.get("__package__")
    if package is None:
        spec = globals.get("__spec__")
        package = getattr(spec, "parent", None)
    if not package:
        return None
    bits = str(package).rsplit(".", level - 1)
    if len(bits) < level:
        return None
    return f"{bits[0]}.{name}" if name else bits[0]
