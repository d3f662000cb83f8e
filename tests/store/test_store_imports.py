"""The store never pulls in a front end, checked in a clean interpreter per module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui.store

from .conftest import REPO_ROOT

STORE_MODULES = sorted(info.name for info in pkgutil.walk_packages(tui.store.__path__, "tui.store.") if not info.ispkg)
FRONT_ENDS = ("textual", "prompt_toolkit", "tui.app", "tui.line")


@pytest.mark.parametrize("module", STORE_MODULES)
def test_importing_a_store_module_loads_no_front_end(module: str) -> None:
    probe = f"import sys, {module}\nloaded = [name for name in {FRONT_ENDS!r} if name in sys.modules]\nprint(','.join(loaded))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
