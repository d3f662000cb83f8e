"""DeskLock: one desk per data dir across real processes; a SIGKILLed holder never blocks the next."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tui.store.lock import DataDirLocked, DeskLock

HOLD_THE_LOCK = """
    import sys, time
    from pathlib import Path
    from tui.store.lock import DeskLock
    DeskLock(Path(sys.argv[1])).acquire()
    print("locked", flush=True)
    time.sleep(120)
"""

TRY_THE_LOCK = """
    import sys
    from pathlib import Path
    from tui.store.lock import DataDirLocked, DeskLock
    try:
        DeskLock(Path(sys.argv[1])).acquire()
    except DataDirLocked as refused:
        print("refused", refused, flush=True)
        sys.exit(3)
    print("acquired", flush=True)
"""


def test_acquire_writes_our_pid_in_a_private_file(data_dir: Path) -> None:
    with DeskLock(data_dir) as lock:
        assert lock.held
        assert lock.path.read_text().strip() == str(os.getpid())
        assert stat.S_IMODE(os.stat(lock.path).st_mode) == 0o600
    assert not lock.held
    assert lock.path.exists()  # never unlinked: that would let two desks lock different inodes


def test_a_second_process_is_refused_with_our_pid_in_the_message(data_dir: Path, child) -> None:
    lock = DeskLock(data_dir)
    lock.acquire()
    try:
        code, out, _ = child(TRY_THE_LOCK, str(data_dir)).finish()
        assert code == 3
        assert f"Another desk (pid {os.getpid()}) is using {data_dir}; close it first" in out
    finally:
        lock.release()
    code, out, _ = child(TRY_THE_LOCK, str(data_dir)).finish()
    assert (code, out.strip()) == (0, "acquired")


def test_a_lock_held_by_another_process_names_it_until_it_is_killed(data_dir: Path, child) -> None:
    holder = child(HOLD_THE_LOCK, str(data_dir))
    holder.wait_for("locked")
    with pytest.raises(DataDirLocked) as refused:
        DeskLock(data_dir).acquire()
    assert refused.value.pid == holder.pid
    assert f"(pid {holder.pid})" in str(refused.value) and str(data_dir) in str(refused.value)

    holder.kill9()
    lock = DeskLock(data_dir)
    lock.acquire()  # the kernel released the flock when the holder died; its pid file is stale
    assert lock.path.read_text().strip() == str(os.getpid())
    lock.release()


def test_acquire_twice_in_one_desk_is_harmless(data_dir: Path) -> None:
    lock = DeskLock(data_dir)
    lock.acquire()
    lock.acquire()
    lock.release()
    lock.release()


def test_a_program_the_desk_launches_does_not_inherit_the_lock(data_dir: Path, child) -> None:
    lock = DeskLock(data_dir)
    lock.acquire()
    launched = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.release()
        code, out, _ = child(TRY_THE_LOCK, str(data_dir)).finish()
        assert (code, out.strip()) == (0, "acquired")
    finally:
        launched.kill()
        launched.wait()
