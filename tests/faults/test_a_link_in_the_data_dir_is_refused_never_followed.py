"""Row 20 (issue 15, class 4): a link in the data directory is refused, never followed.

On a shared machine someone plants a link where a callcoach file should be, pointing at a file of
theirs or of the agent's (here: "victim", 0644, outside the data directory). Every command is
refused at start with one sentence naming the link, and the victim keeps its bytes and its mode.
Then the store's own opens, each with the link planted after the start check: O_NOFOLLOW.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.review.calls import ended, note, record
from tui.store.datadir import prepare_data_dir
from tui.store.fsutil import LinkRefused, chmod_nofollow, move_aside, open_locked_for_append
from tui.store.history import History
from tui.store.journal import JournalWriter, read_journal
from tui.store.lock import DeskLock

VICTIM_BYTES = b"someone else's file\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.write_bytes(VICTIM_BYTES)
    path.chmod(0o644)
    return path


def untouched(victim: Path) -> bool:
    return victim.read_bytes() == VICTIM_BYTES and stat.S_IMODE(victim.stat().st_mode) == 0o644


def callcoach(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


PLANTED = {
    "desk.lock": ("desk.lock", ("import", "{golden}")),
    "journal": ("journal/20261123T140000Z-aaaaaa.jsonl", ("export", "--format", "json")),
    "actions": ("callbacks/actions.jsonl", ("callbacks", "--list")),
    "comments": ("reviews/comments.jsonl", ("export", "--format", "md")),
    "history-month": ("history/2026-11.json", ("erase", "--caller", "+44 20 7031 3000", "--yes")),
    "outbox-invite": ("outbox/x.seq0.request.ics", ("purge", "--older-than", "1d", "--yes")),
    "index": ("index/verified.json", ("replay", "latest")),
}


@pytest.mark.parametrize("case", sorted(PLANTED))
def test_every_command_refuses_a_planted_link_by_name(tmp_path, victim, case):
    where, args = PLANTED[case]
    data = prepare_data_dir(tmp_path / "data")
    link = data / where
    link.parent.mkdir(mode=0o700, exist_ok=True)
    link.symlink_to(victim)
    golden = Path(__file__).parents[1] / "review" / "golden" / "calls.json"
    result = callcoach(data, *(arg.format(golden=golden) for arg in args))
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        result.stderr.strip()
        == f"callcoach: {link} is a link, and callcoach never follows links in its data directory; put the real file or folder there, or remove the link."
    )
    assert untouched(victim) and link.is_symlink()


def test_a_linked_folder_is_refused_too(tmp_path, victim):
    data = prepare_data_dir(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.rmdir(data / "journal")
    (data / "journal").symlink_to(elsewhere, target_is_directory=True)
    result = callcoach(data, "export")
    assert result.returncode == 1 and f"{data / 'journal'} is a link" in result.stderr
    assert list(elsewhere.iterdir()) == []


# -- planted after the start check: the store's opens never follow it --------------------------------


def plant(path: Path, victim: Path) -> Path:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.symlink_to(victim)
    return path


def test_the_lock_is_never_emptied_through_a_link(data_dir, victim):
    plant(data_dir / "desk.lock", victim)
    with pytest.raises(LinkRefused):
        DeskLock(data_dir).acquire()
    assert untouched(victim)


def test_a_journal_link_is_neither_cut_nor_appended_to(data_dir, victim):
    plant(data_dir / "journal" / "20261123T140000Z-aaaaaa.jsonl", victim)
    writer = JournalWriter(data_dir / "journal", "20261123T140000Z-aaaaaa", retry_seconds=0.05)
    writer.append({"t": 0.0, "type": "step", "step": "listen"})
    assert not writer.flush(timeout=0.5) and not writer.saved
    writer.close(timeout=0.5)
    with pytest.raises(LinkRefused):
        read_journal(data_dir / "journal" / "20261123T140000Z-aaaaaa.jsonl")
    assert untouched(victim)


def test_an_appended_file_is_never_a_link(data_dir, victim):
    with pytest.raises(LinkRefused):
        open_locked_for_append(plant(data_dir / "callbacks" / "actions.jsonl", victim))
    assert untouched(victim)


def test_a_link_is_moved_aside_as_a_link_and_never_chmodded(data_dir, victim):
    link = plant(data_dir / "history" / "2026-10.json", victim)
    moved = move_aside(link, data_dir / "quarantine", "history-2026-10.json.corrupt")
    assert moved.is_symlink() and not link.exists()
    with pytest.raises(LinkRefused):
        chmod_nofollow(moved)
    assert untouched(victim)


def test_a_month_that_became_a_link_is_not_read_or_set_aside_through_it(data_dir, victim):
    history = History(data_dir)
    history.commit(record(note(1, "x"), ended(60)))
    history.close()
    month = data_dir / "history" / "2026-11.json"
    month.unlink()
    plant(month, victim)
    with pytest.raises(LinkRefused):
        list(History(data_dir).calls())
    assert untouched(victim) and month.is_symlink()
