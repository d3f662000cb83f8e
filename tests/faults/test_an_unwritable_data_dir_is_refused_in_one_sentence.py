"""Fault matrix row 6 (issue 7): a read-only or missing data directory (or one whose parent cannot
be written) gets a clear message at start and exit code 1, for the desk, line mode and every other
command that writes; a missing directory that can be created is created (0700) and used.

The real program, started the way an agent or a script starts it, against directories made
unwritable for real: under a regular file, marked immutable (`chattr +i`, which stops root too),
and a read-only tmpfs mount where the machine allows mounting.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from benchlib.world import CALLER, Terminal, journals, one_sentence

WRITERS = {
    "desk": ["desk"],
    "call": ["call", "--caller", CALLER],
    "line": ["line"],
    "import": ["import", "IMPORT_FILE"],
    "callbacks": ["callbacks"],
    "purge": ["purge", "--older-than", "90d", "--yes"],
    "erase": ["erase", "--caller", CALLER, "--yes"],
}
READERS = {"export": ["export", "--format", "json"]}  # a reader too must be told, not left to fail later


def run_writer(world: Terminal, name: str, data_dir: Path):
    source = world.tmp / "empty-export.json"
    source.write_text('{"format": "callcoach-export", "version": 1, "calls": [], "reviews": []}', encoding="utf-8")
    args = [str(source) if arg == "IMPORT_FILE" else arg for arg in {**WRITERS, **READERS}[name]]
    return world.run(*args, "--data-dir", str(data_dir))


def assert_refused(result, *, names: Path, reason: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    message = one_sentence(result.stderr)
    assert str(names) in message and reason in message, message
    assert "--data-dir" in message  # says what to do
    assert result.stdout == ""


@pytest.fixture
def immutable(tmp_path: Path):
    """Mark directories immutable (nothing can be created, renamed or removed in them, even by root)."""
    marked: list[Path] = []

    def mark(directory: Path) -> Path:
        done = subprocess.run(["chattr", "+i", str(directory)], capture_output=True)
        if done.returncode != 0:
            if os.geteuid() == 0:
                pytest.skip("this file system has no immutable flag, and root ignores permission bits")
            directory.chmod(0o500)
        marked.append(directory)
        return directory

    yield mark
    for directory in marked:
        subprocess.run(["chattr", "-i", str(directory)], capture_output=True)
        directory.chmod(0o700)


@pytest.mark.parametrize("name", [*WRITERS, *READERS])
def test_a_data_dir_under_a_regular_file_is_refused_naming_it(terminal: Terminal, name: str) -> None:
    blocker = terminal.tmp / "a-file"
    blocker.write_text("not a directory\n")
    assert_refused(run_writer(terminal, name, blocker / "data"), names=blocker, reason="is a file, not a directory")
    assert blocker.read_text() == "not a directory\n"


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_data_dir_that_cannot_be_written_is_refused_naming_it(terminal: Terminal, immutable, name: str) -> None:
    data_dir = terminal.tmp / "data"
    data_dir.mkdir()
    immutable(data_dir)
    assert_refused(run_writer(terminal, name, data_dir), names=data_dir, reason="permission denied")
    assert list(data_dir.iterdir()) == []


@pytest.mark.parametrize("name", ["desk", "line", "import", "purge"])
def test_a_missing_data_dir_whose_parent_cannot_be_written_is_refused(terminal: Terminal, immutable, name: str) -> None:
    parent = terminal.tmp / "parent"
    parent.mkdir()
    immutable(parent)
    result = run_writer(terminal, name, parent / "data")
    assert_refused(result, names=parent / "data", reason="permission denied")
    assert not (parent / "data").exists()


@pytest.mark.parametrize("name", ["call", "line"])
def test_a_subdirectory_that_cannot_be_written_is_named(terminal: Terminal, immutable, name: str) -> None:
    data_dir = terminal.tmp / "data"
    (data_dir / "journal").mkdir(parents=True)
    immutable(data_dir / "journal")
    assert_refused(run_writer(terminal, name, data_dir), names=data_dir / "journal", reason="permission denied")
    assert not journals(data_dir)


@pytest.fixture
def read_only_mount(tmp_path: Path):
    point = tmp_path / "ro-mount"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a read-only tmpfs here (needs root with CAP_SYS_ADMIN)")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


@pytest.mark.parametrize("name", ["desk", "call", "line", "erase"])
def test_a_data_dir_on_a_read_only_file_system_is_refused(terminal: Terminal, read_only_mount: Path, name: str) -> None:
    assert_refused(run_writer(terminal, name, read_only_mount), names=read_only_mount, reason="the file system is read-only")
    assert_refused(run_writer(terminal, name, read_only_mount / "data"), names=read_only_mount, reason="read-only")


def test_a_missing_data_dir_that_can_be_created_is_created_private_and_used(terminal: Terminal) -> None:
    data_dir = terminal.tmp / "new" / "deeper" / "data"
    result = run_writer(terminal, "import", data_dir)
    assert result.returncode == 0, result.stderr
    for directory in (terminal.tmp / "new", terminal.tmp / "new" / "deeper", data_dir, data_dir / "journal", data_dir / "history"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
