"""Offline-first sync with the team database (DESIGN.md "Team database", issue 16 item 3).

Every filed call, callback action and supervisor comment is committed locally exactly as without a
team database, with an outbox record made durable around that commit (`outboxed`). `sync_once`
pushes what waits, in order, then pulls the comments and callback actions that concern this agent;
`SyncWorker` runs it in a background thread with backoff while the database cannot be reached, so
the desk never waits for the network. Blocking functions: call them from a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.config.settings import Config
from tui.services.flagging import history_row
from tui.store.callback_actions import append_action as append_locally
from tui.store.callback_actions import read_actions
from tui.store.history import History
from tui.store.reviews import ReviewStore
from tui.store.team.connection import connect, guarded
from tui.store.team.exchange import Item, action_id, push
from tui.store.team.exchange import pull as pull_rows
from tui.store.team.outbox import Record, SyncOutbox

BATCH = 200
Progress = Callable[[int, int], None]
_wakers: set[threading.Event] = set()  # running workers, woken when a record becomes ready


@contextmanager
def outboxed(config: Config, data_dir: Path, kind: str, payload: dict) -> Iterator[None]:
    """Around a local commit: the outbox record is durable before it and ready after it; when the
    commit raises, the record is dropped. Without a team database this is just the commit."""
    if config.team_database is None:
        yield
        return
    pending = SyncOutbox(data_dir).prepare(kind, payload)
    try:
        yield
    except BaseException:
        pending.drop()
        raise
    pending.ready()
    for waker in list(_wakers):
        waker.set()


def commit_call(config: Config, data_dir: Path, history: Any, record: dict) -> None:
    """File a call in the local history, with its outbox record when a team database is set."""
    with outboxed(config, data_dir, "call", {"id": record["id"]}):
        history.commit(record)


def append_action(config: Config, data_dir: Path, action: dict, agent: str | None = None) -> None:
    """A callback action (kept, rescheduled, cancelled) into the local queue, and its outbox record.
    `agent`: whose commitment it is (this desk's agent unless said otherwise)."""
    payload = {"id": action_id(action), "agent": agent or config.agent, "action": action}
    with outboxed(config, data_dir, "action", payload):
        append_locally(data_dir, action)


def add_comment(config: Config, data_dir: Path, comment: dict, agent: str) -> None:
    """A supervisor's comment into reviews/, and its outbox record; `agent`: whose call it is."""
    with outboxed(config, data_dir, "comment", {"agent": agent, "comment": comment}):
        ReviewStore(data_dir).add([comment])


# -- one pass -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncReport:
    pushed: int = 0
    pulled: int = 0  # comments and callback actions that arrived here
    waiting: int = 0
    refused: int = 0  # records the database's policies refused (kept in sync/refused/)


def _committed(data_dir: Path, history: Any) -> Callable[[Record], bool | None]:
    """Did the local commit behind a pending record happen? (outbox.recover)"""

    def verdict(record: Record) -> bool | None:
        if record.kind == "call":
            return history.get(record.payload["id"]) is not None
        if record.kind == "action":
            return any(action_id(action) == record.payload["id"] for action in read_actions(data_dir))

        comment_id = record.payload["comment"]["id"]
        return any(comment["id"] == comment_id for comment in ReviewStore(data_dir).all())

    return verdict


def _item(record: Record, history: Any) -> Any:
    """The database's form of a record; None for a call no longer here (erased or purged since)."""
    if record.kind != "call":
        return Item(record.seq, record.kind, record.payload)
    call = history.get(record.payload["id"])
    if call is None:
        return None
    return Item(record.seq, "call", {"record": call, "summary": history_row(call)})


def backfill(config: Config, data_dir: Path, history: Any, progress: Progress | None = None) -> int:
    """Once per data directory: everything stored here before a team database was set (calls,
    callback actions, comments) into the outbox, so the first sync sends it. Idempotent: what the
    outbox already holds is not added again, the team database stores a record pushed twice once,
    and the state's `backfilled` marker is written only once every record is on disk (killed
    before it, the next sync does it again and adds only what is missing). Returns how many."""
    outbox = SyncOutbox(data_dir)
    if outbox.state().get("backfilled"):
        return 0
    waiting = {(record.kind, _record_key(record.kind, record.payload)) for record in outbox.waiting() + outbox.pending()}
    found: list[tuple[str, dict]] = []
    for call in history.calls():
        found.append(("call", {"id": call["id"]}))
    for action in read_actions(data_dir):
        found.append(("action", {"id": action_id(action), "agent": config.agent, "action": action}))
    for comment in ReviewStore(data_dir).all():
        whose = history.get(comment.get("call_id", "")) or {}
        found.append(("comment", {"agent": whose.get("agent") or config.agent, "comment": comment}))
    missing = [(kind, payload) for kind, payload in found if (kind, _record_key(kind, payload)) not in waiting]
    added = outbox.add_ready(missing, progress)
    outbox.update_state(backfilled=datetime.now(UTC).isoformat(timespec="seconds"))
    if progress is not None and missing:
        progress(len(missing), len(missing))
    return added


def _record_key(kind: str, payload: dict) -> str:
    return str(payload["comment"]["id"] if kind == "comment" else payload["id"])


def sync_once(config: Config, data_dir: Path, history: Any = None, pull: bool = True, progress: Progress | None = None) -> SyncReport:
    """Push everything waiting, then pull. Raises TeamDatabaseError (Unreachable when it may come
    back); whatever was pushed before that stays pushed, the rest waits. The first sync of a data
    directory sends what was stored before (backfill); `progress` is told how that sending goes."""
    assert config.team_database is not None
    url = config.team_database
    outbox = SyncOutbox(data_dir)
    history = history if history is not None else History(data_dir, read_only=True)
    outbox.recover(_committed(data_dir, history))
    backfilled = backfill(config, data_dir, history)
    total, sent = outbox.count(), 0
    machine = outbox.machine()
    pushed = pulled = 0
    with connect(url) as conn, guarded(url):
        while True:
            batch = outbox.waiting(BATCH)
            if not batch:
                break
            items = []
            for record in batch:
                item = _item(record, history)
                if item is None:
                    outbox.done(record)
                else:
                    items.append(item)
            result = push(conn, machine, config.agent, items)
            refused = set(result.refused)
            for record in batch:
                if record.seq in refused:
                    outbox.set_aside(record.path, "refused")
                elif record.seq in result.settled:
                    outbox.done(record)
            pushed += len(result.stored)
            sent += len(batch)
            if progress is not None and backfilled:  # a first sync sending what was here before
                progress(min(sent, total), total)
        if pull:
            pulled = _pull(conn, data_dir, outbox)
    outbox.update_state(last_success=datetime.now(UTC).isoformat(timespec="seconds"))
    return SyncReport(pushed, pulled, outbox.count(), outbox.refused())


def _pull(conn: Any, data_dir: Path, outbox: SyncOutbox) -> int:
    """Comments and actions from others into the local stores (no outbox records: they came from
    the database). Deduplicated by id, so the pull's overlap adds nothing twice."""
    pulled = pull_rows(conn, outbox.state().get("pull_cursor"))
    count = ReviewStore(data_dir).add(pulled.comments) if pulled.comments else 0
    if pulled.actions:
        here = {action_id(action) for action in read_actions(data_dir)}
        for action in pulled.actions:
            if action_id(action) not in here:
                append_locally(data_dir, action)
                here.add(action_id(action))
                count += 1
    if pulled.cursor is not None:
        outbox.update_state(pull_cursor=pulled.cursor)
    return count


def machine_id(data_dir: Path) -> str:
    """This data directory's id in the team database (the live state's and the outbox's)."""
    return SyncOutbox(data_dir).machine()


def status(data_dir: Path) -> tuple[int, int, str | None]:
    """(records waiting, records refused, when the last sync succeeded or None)."""
    outbox = SyncOutbox(data_dir)
    last = outbox.state().get("last_success")
    return outbox.count(), outbox.refused(), last if isinstance(last, str) else None
