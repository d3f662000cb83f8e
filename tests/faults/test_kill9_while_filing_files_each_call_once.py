"""Issue 18, item 3: filing a call fsyncs the history's line and then removes the call's journal
without fsyncing the journal's directory. A journal left beside its filed call (a kill between the
commit and the removal; or a power cut that undoes the unlink) must be recognised at the next
start as the leftover of a filed call and removed: never offered for resume, never filed twice.

A real child process files calls through CallSession.finish, printing each id once finish has
returned, and is SIGKILLed: once exactly between the history's commit and the journal's removal,
and many times at random moments. After every kill the desk opened again finds every
acknowledged call in the history, offers no journal whose call is filed, and each journal it does
offer is a call the history does not hold.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tui.config.settings import Config
from tui.domain.call.clock import SystemClock
from tui.services.session import DeskServices, open_desk
from tui.store.datadir import prepare_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
KILLS = 12

FILER = r"""
import sys
import time
from pathlib import Path

import tui.services.session as session_module
import tui.store.journal as journal_module
from tui.config.settings import Config
from tui.domain.call.clock import SystemClock

data_dir, stop_before_removal = Path(sys.argv[1]), sys.argv[2] == "stop-before-removal"
if stop_before_removal:
    def committed_then_wait(path, *, durable=True):
        print("committed", path.stem, flush=True)  # the history holds the call: kill me now
        time.sleep(60)
    journal_module.remove_journal = committed_then_wait  # the session imports it when it files
desk = session_module.open_desk(Config(agent="Ana", timezone="UTC"), data_dir, SystemClock())
print("ready", flush=True)
while True:
    session, _warning = desk.start_call("+1 650 253 0000")
    for number in range(3):
        session.call.add_note(f"note {number}: parcel left outside")
    session.call.next_step()
    record = session.finish("resolved", "logistics")
    print("filed", record["id"], flush=True)
"""


def start_filer(data_dir: Path, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    filer = subprocess.Popen(
        [sys.executable, "-c", FILER, str(data_dir), mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert filer.stdout is not None
    assert filer.stdout.readline() == "ready\n", filer.stderr.read() if filer.stderr else ""
    return filer


def kill(filer: subprocess.Popen[str]) -> list[str]:
    """SIGKILL the filer; the whole lines it printed before dying."""
    os.kill(filer.pid, signal.SIGKILL)
    filer.wait(10)
    assert filer.returncode == -signal.SIGKILL
    assert filer.stdout is not None and filer.stderr is not None
    printed = filer.stdout.read().split("\n")[:-1]  # a line the kill cut short was never printed whole
    filer.stdout.close()
    filer.stderr.close()
    return printed


def reopened(data_dir: Path) -> DeskServices:
    return open_desk(Config(agent="Ana", timezone="UTC"), data_dir, SystemClock())


def test_a_kill_between_the_commit_and_the_journals_removal_leaves_a_leftover_removed_at_start(tmp_path: Path) -> None:
    data_dir = prepare_data_dir(tmp_path / "data")
    filer = start_filer(data_dir, "stop-before-removal")
    assert filer.stdout is not None
    committed = filer.stdout.readline().split()
    assert committed[0] == "committed", committed
    call_id = committed[1]
    kill(filer)
    journal = data_dir / "journal" / f"{call_id}.jsonl"
    assert journal.exists()  # what a power cut after the unlink can bring back, too

    desk = reopened(data_dir)
    assert desk.cut_short_calls() == []  # not offered for resume
    assert not journal.exists()  # and gone
    filed = desk.history.get(call_id)
    assert filed is not None and filed["outcome"] == "resolved"
    assert [call["id"] for call in desk.history.calls()] == [call_id]  # filed once


def test_sigkill_at_random_moments_of_filing_never_offers_a_filed_call(tmp_path: Path) -> None:
    rng = random.Random(20261203)
    data_dir = prepare_data_dir(tmp_path / "data")
    acknowledged: set[str] = set()
    offered_in_all = 0
    for _ in range(KILLS):
        filer = start_filer(data_dir, "file")
        time.sleep(rng.uniform(0.02, 0.3))
        acknowledged.update(line.split()[1] for line in kill(filer) if line.startswith("filed "))

        desk = reopened(data_dir)
        offered = desk.cut_short_calls()
        stored = {call["id"] for call in desk.history.calls()}
        assert acknowledged <= stored
        assert all(journal.stem not in stored for journal in offered)
        assert len(offered) <= 1  # at most the call being filed (or typed) when the kill came
        offered_in_all += len(offered)
        for journal in offered:
            desk.file_as_is(journal)  # as the agent would: the next round starts clean
        assert desk.cut_short_calls() == []
        desk.history.close()
    stored_ids = [call["id"] for call in reopened(data_dir).history.calls()]
    assert len(stored_ids) == len(set(stored_ids))  # no call filed twice
    print(f"{KILLS} kills, {len(acknowledged)} calls acknowledged, {offered_in_all} cut short and filed as is")
