"""prepare_data_dir: private directories, a real write probe, one plain sentence when it cannot."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tui.store.datadir import SUBDIRS, DataDirError, prepare_data_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def assert_one_sentence(message: str) -> None:
    assert message.endswith(".") and "\n" not in message
    assert "Traceback" not in message and "Errno" not in message


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_creates_the_dir_and_its_subdirs_0700_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        root = prepare_data_dir(tmp_path / "parent" / "data")
    finally:
        os.umask(previous)
    assert root == (tmp_path / "parent" / "data")
    assert mode(tmp_path / "parent") == 0o700
    assert mode(root) == 0o700
    for name in SUBDIRS:
        assert (root / name).is_dir() and mode(root / name) == 0o700


def test_is_idempotent_and_leaves_no_probe_files(tmp_path: Path) -> None:
    root = prepare_data_dir(tmp_path / "data")
    (root / "history" / "2026-11.json").write_text("{}")
    assert prepare_data_dir(root) == root
    assert (root / "history" / "2026-11.json").read_text() == "{}"
    leftovers = [p.name for p in root.rglob(".probe-*")]
    assert leftovers == []


def test_a_relative_path_comes_back_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert prepare_data_dir(Path("rel")) == tmp_path / "rel"


@pytest.mark.parametrize(
    "file_at",
    ["data", "parent", "data/journal", "data/quarantine"],
    ids=["the-dir-is-a-file", "a-parent-is-a-file", "journal-is-a-file", "quarantine-is-a-file"],
)
def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path, file_at: str) -> None:
    target = tmp_path / "parent" / "data"
    blocker = tmp_path / "parent" / file_at if file_at != "parent" else tmp_path / "parent"
    if file_at.startswith("data/"):
        target.mkdir(parents=True)
    else:
        blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a directory")
    with pytest.raises(DataDirError) as caught:
        prepare_data_dir(target)
    message = str(caught.value)
    assert_one_sentence(message)
    assert "not a directory" in message and "--data-dir" in message
    assert blocker.read_text() == "not a directory"  # never replaced


@pytest.fixture
def read_only_dir(tmp_path: Path):
    """A directory this process cannot create anything in, even as root (immutable flag)."""
    directory = tmp_path / "locked"
    directory.mkdir()
    if os.geteuid() != 0:
        directory.chmod(0o500)
        yield directory
        directory.chmod(0o700)
        return
    # Root ignores permission bits; the immutable attribute stops root too (needs ext4/xfs/btrfs).
    flagged = subprocess.run(["chattr", "+i", str(directory)], capture_output=True)
    if flagged.returncode != 0:
        pytest.skip("running as root and this file system has no immutable flag to make a dir read-only")
    try:
        yield directory
    finally:
        subprocess.run(["chattr", "-i", str(directory)], check=True)


@pytest.mark.parametrize("inside", [False, True], ids=["the-dir-itself", "a-new-dir-inside-it"])
def test_a_dir_we_cannot_write_is_a_clear_error(read_only_dir: Path, inside: bool) -> None:
    target = read_only_dir / "data" if inside else read_only_dir
    with pytest.raises(DataDirError) as caught:
        prepare_data_dir(target)
    message = str(caught.value)
    assert_one_sentence(message)
    assert "permission denied" in message or "read-only" in message
    assert str(read_only_dir) in message
