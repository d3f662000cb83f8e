"""`callcoach import --team FILE`: calls straight into the team database with COPY, in one
transaction (all or nothing), with the same rule as a push: a completed call replaces its
interrupted copy, never the other way round. New calls loaded by a role no policy restricts go
straight into their month partitions; any other load goes through a temporary table, since COPY
itself cannot upsert, and row-level security applies to its INSERT as to any write of this role."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from typing import Any

from tui.store.team.connection import SCHEMA
from tui.store.team.exchange import CALL_COLUMNS, PROMISE_COLUMNS, upsert_calls_sql

Progress = Callable[[int, int], None]
COPY_BATCH = 5000


_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def _copy_field(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, list):  # text[]: each element quoted, as array_in reads it
        value = "{" + ",".join('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value) + "}"
    text = value if isinstance(value, str) else repr(value)
    for raw, escaped in _COPY_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def copy_line(values: Sequence[object]) -> str:
    """One row in COPY's text format (None is NULL, a list a text array, a number as Python
    writes it), made where the row is made, so the loading process only passes lines on."""
    return "\t".join(_copy_field(value) for value in values) + "\n"


Row = tuple[str, str, list[tuple]]  # a call's id, its copy_line of CALL_COLUMNS, its promises (PROMISE_COLUMNS)


def copy_calls(conn: Any, ids: Sequence[str], rows: Iterable[Row], progress: Progress | None = None) -> tuple[int, int]:
    """Calls and their promises into calls and commitments, in one transaction; returns (calls
    read, calls new or replacing an interrupted copy). `ids`: every call id the rows may hold (the
    file's, read before its calls are checked), for the months, each made once before any row, and
    the way in: when none of them is in the database yet and no policy applies to this role (COPY
    cannot check one), the rows go straight into their partitions; otherwise through a staging
    table and one upsert. `rows` is read as it is made (the calls still being checked meanwhile),
    so COPY's work overlaps the checking; an error raised while reading it stores nothing."""
    import psycopg  # lazy, as everywhere in the team store

    rows = iter(rows)
    kept: list[tuple[str, str]] = []  # for the long way, when the straight one meets a stored id
    promises: list[tuple] = []

    def taken() -> Iterator[tuple[str, str]]:
        for call_id, line, promised in rows:
            kept.append((call_id, line))
            promises.extend(promised)
            yield call_id, line

    with conn.transaction():
        conn.execute("SET LOCAL synchronous_commit = off")  # this transaction only: a crash before the flush loses an import, not a call
        _fast_compression(conn)
        months = sorted({call_id[:6] for call_id in ids})  # a call id begins with its start's month (UTC)
        conn.execute(  # new months without their notes index: built after the load (tui/store/team/search_index.py)
            f"SELECT {SCHEMA}.ensure_month(m, false) FROM unnest(%s::timestamptz[]) AS m",
            ([f"{m[:4]}-{m[4:]}-01T00:00:00Z" for m in months],),
        )
        changed = None
        if not _policed(conn) and not _any_stored(conn, ids, months):
            try:
                with conn.transaction():  # a savepoint: a push storing one of these ids meanwhile sends the rows the long way
                    _copy_lines(conn, f"{SCHEMA}.calls", taken(), progress)
                changed = len(kept)
            except psycopg.errors.UniqueViolation:
                changed = None
        if changed is None:
            for _row in taken():  # what the straight way had not read yet
                pass
            changed = _upsert_calls(conn, kept, progress)
        conn.execute(f"CREATE TEMP TABLE import_commitments (LIKE {SCHEMA}.commitments) ON COMMIT DROP")
        with conn.cursor().copy(f"COPY import_commitments ({', '.join(PROMISE_COLUMNS)}) FROM STDIN") as copy:
            for promise in promises:
                copy.write_row(promise)
        conn.execute(
            f"""INSERT INTO {SCHEMA}.commitments SELECT DISTINCT ON (uid) * FROM import_commitments
                ON CONFLICT (uid) DO UPDATE SET window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end, event = EXCLUDED.event
                WHERE ({SCHEMA}.commitments.event->>'sequence')::int <= (EXCLUDED.event->>'sequence')::int"""
        )
    if progress is not None:
        progress(len(kept), len(kept))
    return len(kept), int(changed)


def _fast_compression(conn: Any) -> None:
    """lz4 for the records this transaction stores (about 2.4 KB each, so compressed): pglz, the
    default, took a third of COPY's time. Readers decompress either. A server built without lz4
    keeps its default."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute("SET LOCAL default_toast_compression = 'lz4'")
    except psycopg.errors.InvalidParameterValue:
        pass


def _policed(conn: Any) -> bool:
    """Whether row-level security applies to this role's writes of calls (an agent's role)."""
    return bool(conn.execute(f"SELECT row_security_active('{SCHEMA}.calls')").fetchone()[0])


def _any_stored(conn: Any, call_ids: Sequence[str], months: list[str]) -> bool:
    """Whether any of the ids is in the database already, month by month (each one partition):
    a month with no calls at all (one made now) is answered without sending its ids."""
    ids: dict[str, list[str]] = {month: [] for month in months}
    for call_id in call_ids:
        ids[call_id[:6]].append(call_id)
    within = "started_at >= %s::timestamptz AND started_at < %s::timestamptz + interval '1 month'"
    for month in months:
        start = f"{month[:4]}-{month[4:]}-01T00:00:00Z"
        if conn.execute(f"SELECT 1 FROM {SCHEMA}.calls WHERE {within} LIMIT 1", (start, start)).fetchone() is None:
            continue
        if conn.execute(f"SELECT 1 FROM {SCHEMA}.calls WHERE id = ANY(%s) AND {within} LIMIT 1", (ids[month], start, start)).fetchone():
            return True
    return False


def _copy_lines(conn: Any, table: str, rows: Iterable[tuple[str, str]], progress: Progress | None) -> None:
    """The rows' lines into `table`, COPY_BATCH at a time; `progress` (when the rows are all there
    already) is told how many went, the whole only once stored."""
    cursor = conn.cursor()
    total = len(rows) if isinstance(rows, Sized) else 0
    with cursor.copy(f"COPY {table} ({', '.join(CALL_COLUMNS)}) FROM STDIN", writer=_flushing_writer(cursor)) as copy:
        batch: list[str] = []
        sent = 0
        for _call_id, line in rows:
            batch.append(line)
            if len(batch) == COPY_BATCH:
                copy.write("".join(batch))
                sent += len(batch)
                batch.clear()
                if progress is not None and total and sent < total:
                    progress(sent, total)
        if batch:
            copy.write("".join(batch))


FLUSH_PIECE = 128 * 1024


def _flushing_writer(cursor: Any) -> Any:
    """psycopg's COPY writer, each piece sent before the next is queued. On Linux it leaves pieces
    in libpq's buffer, which then moves what is left to its start after every partial send: 0.6 s
    of CPU for 80 MB here, 0.05 s flushed (psycopg is pinned: LibpqWriter and copy_to are its own)."""
    from psycopg.copy import LibpqWriter
    from psycopg.generators import copy_to

    class FlushingWriter(LibpqWriter):
        def write(self, data: Any) -> None:
            view = memoryview(data)
            for start in range(0, len(view), FLUSH_PIECE):
                self.connection.wait(copy_to(self._pgconn, view[start : start + FLUSH_PIECE], flush=True))

    return FlushingWriter(cursor)


def _upsert_calls(conn: Any, rows: Sequence[tuple[str, str]], progress: Progress | None) -> int:
    """Through a staging table, since COPY cannot upsert: a completed call replaces its interrupted
    copy, never the other way round; row-level security applies to the INSERT as to any write."""
    conn.execute("SET LOCAL temp_buffers = '256MB'")  # the staged rows stay in memory (before any temp table)
    conn.execute(f"CREATE TEMP TABLE import_calls (LIKE {SCHEMA}.calls INCLUDING DEFAULTS) ON COMMIT DROP")
    _copy_lines(conn, "import_calls", rows, progress)
    names = ", ".join(CALL_COLUMNS)
    return int(conn.execute(upsert_calls_sql(f"SELECT DISTINCT ON (id) {names}, NULL FROM import_calls")).rowcount)


def copy_comments(conn: Any, comments: list[dict]) -> int:
    """Comments on calls in the team database (their agent taken from the call); duplicates skipped."""
    if not comments:
        return 0
    with conn.transaction():
        added = conn.execute(
            f"""INSERT INTO {SCHEMA}.comments (id, call_id, agent, comment)
                SELECT c->>'id', c->>'call_id', calls.agent, c FROM jsonb_array_elements(%s::jsonb) AS c
                JOIN {SCHEMA}.calls ON calls.id = c->>'call_id' ON CONFLICT (id) DO NOTHING""",
            (json.dumps(comments, ensure_ascii=False),),
        ).rowcount
    return int(added)
