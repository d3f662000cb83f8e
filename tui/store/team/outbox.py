"""The sync outbox on this machine: what waits to be pushed to the team database, in order.

    sync/outbox/000000000042.call.pending   written (fsynced) before the local commit
    sync/outbox/000000000042.call.json      the local commit is durable: ready to push
    sync/seq                                the last sequence number handed out
    sync/state.json                         this machine's id, the last good sync, the pull cursor

A record is made durable *before* the local commit it stands for and turned ready (a rename) once
that commit is durable, so a crash between the two leaves a `.pending` file that `recover` settles
by looking at the local store: the commit happened (ready) or not (dropped). Nothing that was
filed is ever missed, and nothing is pushed that was not filed. Sequence numbers only grow, so the
team database can tell a record it already stored (exactly once across a kill). Files 0600, folders
0700; call from a worker thread: this touches the disk.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.store.datadir import sync_dir
from tui.store.fsutil import FILE_MODE, atomic_write, fsync_dir, make_private_dir, write_all

KINDS = ("call", "action", "comment")
_NAME = re.compile(r"^(\d{12})\.(call|action|comment)\.(json|pending)$")


@dataclass(frozen=True)
class Record:
    seq: int
    kind: str
    payload: dict
    path: Path


class Pending:
    """A record written before its local commit: `ready()` after the commit, `drop()` if it failed.

    The writer holds an exclusive lock on the file until then, so `recover` in another process
    (`callcoach sync` beside a running desk) never settles a record whose commit is under way."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd = fd

    def ready(self) -> None:
        try:
            os.replace(self.path, self.path.with_suffix(".json"))
            fsync_dir(self.path.parent)
        finally:
            os.close(self.fd)

    def drop(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        finally:
            os.close(self.fd)


class SyncOutbox:
    def __init__(self, data_dir: Path) -> None:
        self.root = sync_dir(data_dir)
        self.folder = self.root / "outbox"

    # -- writing ------------------------------------------------------------------------------

    def prepare(self, kind: str, payload: dict) -> Pending:
        """Write a record durably as pending; the caller commits locally, then calls ready()."""
        if kind not in KINDS:
            raise ValueError(f"an outbox record is one of {', '.join(KINDS)}")
        data = json.dumps({"kind": kind, "payload": payload}, ensure_ascii=False, allow_nan=False).encode()
        make_private_dir(self.folder)
        seq = self._next_seq()
        path = self.folder / f"{seq:012d}.{kind}.pending"
        temp = path.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held until ready() or drop(); the lock follows the rename
            write_all(fd, data)
            os.fsync(fd)
            os.replace(temp, path)
            fsync_dir(self.folder)
        except BaseException:
            os.close(fd)
            raise
        return Pending(path, fd)

    def add_ready(self, records: list[tuple[str, dict]], progress: Callable[[int, int], None] | None = None) -> int:
        """Records whose local commits happened long ago (calls filed before a team database was
        set), written ready in one go: a block of sequence numbers, the files, one flush of the
        file system for all of them (not an fsync each: thousands of calls would take minutes)."""
        if not records:
            return 0
        make_private_dir(self.folder)
        first = self._next_seq(len(records))
        for number, (kind, payload) in enumerate(records):
            if kind not in KINDS:
                raise ValueError(f"an outbox record is one of {', '.join(KINDS)}")
            data = json.dumps({"kind": kind, "payload": payload}, ensure_ascii=False, allow_nan=False).encode()
            path = self.folder / f"{first + number:012d}.{kind}.json"
            fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            try:
                write_all(fd, data)
            finally:
                os.close(fd)
            os.replace(path.with_suffix(".tmp"), path)
            if progress is not None and (number + 1) % 500 == 0:
                progress(number + 1, len(records))
        os.sync()  # every record on disk before anyone counts on them (the caller's marker)
        fsync_dir(self.folder)
        return len(records)

    def _next_seq(self, count: int = 1) -> int:
        """The first of `count` numbers after the last, under a lock: the desk and `callcoach
        callbacks` may both write."""
        counter = self.root / "seq"
        fd = os.open(counter, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, 32, 0).strip()
            seq = (int(raw) if raw.isdigit() else self._highest_on_disk()) + 1
            text = f"{seq + count - 1}\n".encode()
            os.pwrite(fd, text, 0)
            os.ftruncate(fd, len(text))
            os.fsync(fd)
            return seq
        finally:
            os.close(fd)

    def _highest_on_disk(self) -> int:
        return max((seq for seq, _kind, _state, _path in self._files()), default=0)

    # -- reading ------------------------------------------------------------------------------

    def _files(self) -> list[tuple[int, str, str, Path]]:
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return []
        found = []
        for name in names:
            match = _NAME.match(name)
            if match:
                found.append((int(match.group(1)), match.group(2), match.group(3), self.folder / name))
        return sorted(found)

    def waiting(self, limit: int | None = None) -> list[Record]:
        """Ready records, oldest first. A file that cannot be read is set aside, never pushed half."""
        records = []
        for seq, kind, state, path in self._files():
            if state != "json":
                continue
            try:
                document = json.loads(path.read_bytes())
                records.append(Record(seq, kind, document["payload"], path))
            except FileNotFoundError:
                continue  # pushed meanwhile by `callcoach sync`
            except (OSError, ValueError, KeyError, TypeError):
                self.set_aside(path, "unreadable")
            if limit is not None and len(records) >= limit:
                break
        return records

    def count(self) -> int:
        return sum(1 for _seq, _kind, state, _path in self._files() if state == "json")

    def pending(self) -> list[Record]:
        found = []
        for seq, kind, state, path in self._files():
            if state == "pending":
                try:
                    found.append(Record(seq, kind, json.loads(path.read_bytes())["payload"], path))
                except (OSError, ValueError, KeyError, TypeError):
                    continue  # cannot happen for a renamed file; left for a person to look at
        return found

    def recover(self, committed: Callable[[Record], bool | None]) -> None:
        """Settle records a crash left pending: ready when `committed` says the local commit is
        durable (True), dropped when it never happened (False), left alone when it cannot tell
        yet (None: e.g. the call is still in its journal, to be filed later)."""
        for record in self.pending():
            try:
                fd = os.open(record.path, os.O_RDONLY)
            except FileNotFoundError:
                continue  # its writer settled it meanwhile
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue  # its writer is alive and still committing
            verdict = committed(record)
            if verdict is True:
                Pending(record.path, fd).ready()
            elif verdict is False:
                Pending(record.path, fd).drop()
            else:
                os.close(fd)

    def done(self, record: Record) -> None:
        try:
            record.path.unlink()
        except FileNotFoundError:
            pass

    def set_aside(self, path: Path, why: str) -> None:
        """A record the database refused for good (or that cannot be read): kept in sync/refused/."""
        target = self.root / "refused"
        make_private_dir(target)
        try:
            os.replace(path, target / f"{path.name}.{why}")
            fsync_dir(target)
        except FileNotFoundError:
            pass

    def refused(self) -> int:
        try:
            return len(os.listdir(self.root / "refused"))
        except FileNotFoundError:
            return 0

    # -- state --------------------------------------------------------------------------------

    def state(self) -> dict:
        try:
            state = json.loads((self.root / "state.json").read_bytes())
        except (OSError, ValueError):
            state = {}
        return state if isinstance(state, dict) else {}

    def update_state(self, **changes: object) -> dict:
        state = {**self.state(), **changes}
        make_private_dir(self.root)
        atomic_write(self.root / "state.json", json.dumps(state).encode())
        return state

    def machine(self) -> str:
        """This data directory's id in the team database, made once."""
        machine = self.state().get("machine")
        if not isinstance(machine, str) or not machine:
            machine = uuid.uuid4().hex
            self.update_state(machine=machine)
        return machine
