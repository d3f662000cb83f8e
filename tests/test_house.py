"""The house (DESIGN.md "Layout"): only the entry points at tui/'s root, small files, one floor per folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENTRY_POINTS = {"__init__.py", "__main__.py", "cli.py"}
FLOORS = {"commands", "app", "line", "services", "config", "store", "domain", "support"}
MAX_LINES = 400


def test_nothing_but_the_entry_points_at_the_package_root():
    modules = {path.name for path in (ROOT / "tui").glob("*.py")}
    assert modules == ENTRY_POINTS


def test_every_folder_of_the_package_is_a_floor():
    folders = {path.name for path in (ROOT / "tui").iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert folders == FLOORS


@pytest.mark.parametrize("folder", ["tui", "scripts"])
def test_no_file_over_400_lines(folder):
    long = {
        str(path.relative_to(ROOT)): count
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "node_modules" not in path.parts and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
