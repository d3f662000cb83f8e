"""Row 18 (issue 15, class 2): `callcoach import` is a parser that checks the whole document into
values before it stores one call, and never lets an imported id replace, hide or delete local data.

Attacker documents through the real command line: a good call followed by a bad one (NaN, year
9999 or 0001, Infinity, a 400-digit number, 200,000 levels of nesting), keys callcoach does not
know, a zone on Mars, an id whose month is not its start's, a FIFO, /dev/zero, a sparse 300 MB
file, and collisions with a local call's id, journal, invite UID and comment id. Then Hypothesis
mutates a valid document every way it likes: accepted or refused with a sentence, never an
internal error, and an accepted document exports back to the same calls.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.review.calls import ended, note, record
from tui.cli import main
from tui.domain.call.record import DERIVED_FIELDS
from tui.domain.review.import_check import ImportRefused
from tui.services.exports import export_all
from tui.services.imports import check_file, store_checked
from tui.services.summaries import render
from tui.store.datadir import prepare_data_dir
from tui.store.history import History

GOLDEN = Path(__file__).parents[1] / "review" / "golden" / "calls.json"
FUZZ_EXAMPLES = int(os.environ.get("CALLCOACH_FUZZ_EXAMPLES", "150"))
GOOD_ID = "20261120T090000Z-good01"


def valid_document() -> dict:
    document = json.loads(GOLDEN.read_text(encoding="utf-8"))
    # One more call with every optional field a desk writes, so mutations reach them all.
    full = record(note(3, "she asked for a credit"), ended(90), call_id="20261123T170000Z-dddddd", started_at="2026-11-23T17:00:00+00:00")
    events = full["events"]
    events[-1:-1] = [
        {"t": 10.0, "type": "note_edit", "note": 0, "text": "she asked for a store credit"},
        {"t": 20.0, "type": "tag", "tag": "caller_type", "value": "prepared"},
        {"t": 30.0, "type": "offer", "option": "credit", "amount": 25.5, "currency": "GBP", "accepted": True, "within_authority": True, "basis": "credit_up_to", "limit": 50.0},
        {
            "t": 40.0, "type": "callback", "number": "+442070313000", "zone": "Europe/London", "start": "2026-11-24T10:00:00Z",
            "end": "2026-11-24T12:00:00Z", "uid": "20261123T170000Z-dddddd-callback0@callcoach", "sequence": 0,
            "agent_zone": "Europe/London", "reading": "020 7031 3000", "preset": "within_24h", "zone_choice": None,
            "email": "caller@example.com", "readback": "I will call you back tomorrow between 10:00 and 12:00.",
        },
    ]  # fmt: skip
    document["calls"].append(full)
    return document


def write(tmp_path: Path, document, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document, allow_nan=True), encoding="utf-8")
    return path


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def files_of(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}


def good_call_then(bad: str) -> str:
    """A document text: a good call first, then `bad` as the second call's JSON text."""
    good = record(note(1, "fine"), ended(60), call_id=GOOD_ID, started_at="2026-11-20T09:00:00+00:00")
    return '{"format": "callcoach-export", "version": 1, "calls": [' + json.dumps(good) + ", " + bad + "]}"


def second_call(**changes) -> str:
    call = record(note(1, "x"), ended(60), call_id="20261121T090000Z-bad001", started_at="2026-11-21T09:00:00+00:00")
    text = json.dumps(call)
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


HOSTILE = {
    "nan": (good_call_then(second_call(**{'"t": 1.0': '"t": NaN'})), "NaN"),
    "infinity-amount": (
        good_call_then(second_call(**{'"type": "note"': '"type": "offer", "option": "credit", "amount": Infinity, "x": "note"'})),
        "Infinity",
    ),
    "year-9999": (good_call_then(second_call(**{"2026-11-21T09:00:00+00:00": "9999-11-21T09:00:00+00:00"})), "in 1970-2200"),
    "year-0001": (good_call_then(second_call(**{"2026-11-21T09:00:00+00:00": "0001-11-21T09:00:00+00:00"})), "in 1970-2200"),
    "400-digits": (good_call_then(second_call(**{'"t": 1.0': '"t": ' + "9" * 400})), "number of 400 characters"),
    "deep-nesting": (good_call_then("[" * 200_000 + "]" * 200_000), "too deeply"),
    "unknown-top-key": ('{"format": "callcoach-export", "version": 1, "calls": [], "x": 1}', "the file.x is not a field"),
    "unknown-call-key": (good_call_then(second_call(**{'"status"': '"x": 1, "status"'})), "calls[1].x is not a field"),
    "unknown-event-key": (good_call_then(second_call(**{'"text": "x"': '"text": "x", "mood": "angry"'})), "calls[1].events[1].mood"),
    "nested-value": (
        good_call_then(second_call(**{'"text": "x"': '"text": {"a": {"b": []}}'})),
        "calls[1].events[1].text must be a string",
    ),
    "agent-object": (good_call_then(second_call(**{'"agent": "Ana"': '"agent": ["Ana"]'})), "agent must be a string"),
    "zone-on-mars": (good_call_then(second_call(**{'"zone": "Europe/London"': '"zone": "Mars/Olympus_Mons"'})), "time zone that exists"),
    "zone-path": (good_call_then(second_call(**{'"zone": "Europe/London"': '"zone": "../../etc/passwd"'})), "time zone that exists"),
    "id-month": (good_call_then(second_call(**{"20261121T090000Z-bad001": "20261021T090000Z-bad001"})), "month other than its start"),
    "id-with-escape": (good_call_then(second_call(**{"20261121T090000Z-bad001": "20261121T090000Z-bad\\u001b[2J"})), "a call id"),
    "caller-is-a-card": (good_call_then(second_call(**{"+442070313000": "+4111111111111111"})), "valid phone number"),
    "repeated-key": (good_call_then(second_call(**{'"status"': '"status": "completed", "status"'})), "key 'status' twice"),
    "two-ends": (
        good_call_then(second_call(**{'"type": "note"': '"type": "ended", "outcome": "resolved", "category": "other", "x": "note"'})),
        "",
    ),
    "record-disagrees": (
        good_call_then(second_call(**{'"playbook": "last", "outcome"': '"playbook": "latte", "outcome"'})),
        "as its events say",
    ),
    "text-too-long": (good_call_then(second_call(**{'"text": "x"': '"text": "' + "x" * 30_000 + '"'})), "at most 20,000 characters"),
    "newer-version": ('{"format": "callcoach-export", "version": 2, "calls": []}', "version 2 is newer"),
    "not-utf8": ("\udcff", "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_document_is_refused_whole_and_nothing_changes(tmp_path, capsys, case):
    text, message = HOSTILE[case]
    data = prepare_data_dir(tmp_path / "d")
    before = files_of(data)
    path = tmp_path / "in.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert run(data, "import", str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith("callcoach: nothing imported: ") and message in err, err
    assert "internal error" not in err and "\x1b" not in err
    assert files_of(data) == before  # the good call before the bad one is not stored either


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "sparse-300MB"])
def test_only_a_regular_file_of_bounded_size_is_read(tmp_path, kind):
    """Through the real program with a deadline: a FIFO used to block forever holding the lock."""
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif kind == "dev-zero":
        path = Path("/dev/zero")
    elif kind == "folder":
        path = tmp_path
    else:
        path = tmp_path / "big.json"
        with open(path, "wb") as big:
            big.truncate(300 * 1024 * 1024)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(tmp_path / "d"), "import", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "nothing imported" in result.stderr and ("regular file" in result.stderr or "larger than" in result.stderr), result.stderr


# -- collisions with what is here -------------------------------------------------------------------


def imported_here(tmp_path) -> Path:
    data = tmp_path / "d"
    assert run(data, "import", str(write(tmp_path, valid_document(), "valid.json"))) == 0
    return data


def test_a_uid_of_a_local_call_never_arrives_in_another_call(tmp_path, capsys):
    data = imported_here(tmp_path)
    capsys.readouterr()
    before = files_of(data)
    local = History(data, read_only=True).get("20261123T170000Z-dddddd")
    callback = next(event for event in local["events"] if event["type"] == "callback")
    thief = record(
        note(1, "x"), {**callback, "sequence": 9}, ended(60), call_id="20261124T090000Z-thief1", started_at="2026-11-24T09:00:00+00:00"
    )
    assert run(data, "import", str(write(tmp_path, {"format": "callcoach-export", "version": 1, "calls": [thief]}))) == 1
    err = capsys.readouterr().err
    assert f"uses the invite UID {callback['uid']}, which belongs to call 20261123T170000Z-dddddd" in err
    assert files_of(data) == before


def test_two_calls_of_one_document_cannot_share_a_uid(tmp_path, capsys):
    document = valid_document()
    twin = copy.deepcopy(document["calls"][-1])
    twin["id"] = twin["events"][0]["call_id"] = "20261123T170000Z-eeeeee"
    document["calls"].append(twin)
    assert run(tmp_path / "d", "import", str(write(tmp_path, document))) == 1
    assert "a UID belongs to one call" in capsys.readouterr().err


def test_a_local_call_id_with_other_content_is_refused_by_name(tmp_path, capsys):
    data = imported_here(tmp_path)
    capsys.readouterr()
    document = valid_document()
    document["calls"][1]["agent"] = document["calls"][1]["events"][0]["agent"] = "Mallory"
    assert run(data, "import", str(write(tmp_path, document))) == 1
    assert "calls[1].id 20261123T150000Z-bbbbbb is already here with different content" in capsys.readouterr().err
    assert History(data, read_only=True).get("20261123T150000Z-bbbbbb")["agent"] == "Min-jun"


def test_a_call_cut_short_here_is_not_replaced_by_an_import(tmp_path, capsys):
    data = prepare_data_dir(tmp_path / "d")
    journal = data / "journal" / "20261123T150000Z-bbbbbb.jsonl"
    journal.write_text('{"t":0.0,"type":"started","call_id":"20261123T150000Z-bbbbbb","started_at":"2026-11-23T15:00:00+00:00"}\n')
    assert run(data, "import", str(write(tmp_path, valid_document()))) == 1
    assert "is a call cut short on this machine (journal/20261123T150000Z-bbbbbb.jsonl)" in capsys.readouterr().err
    assert journal.exists() and History(data, read_only=True).get("20261123T140000Z-aaaaaa") is None


def test_a_comment_id_here_with_other_text_is_refused(tmp_path, capsys):
    data = imported_here(tmp_path)
    capsys.readouterr()
    document = valid_document()
    document["reviews"][0]["text"] = "rewritten by someone else"
    assert run(data, "import", str(write(tmp_path, document))) == 1
    assert "reviews[0].id c-0001 is already here with different content" in capsys.readouterr().err


def test_a_call_cut_short_elsewhere_arrives_completed_and_replaces_its_copy(tmp_path, capsys):
    data = imported_here(tmp_path)
    document = valid_document()
    cut = next(call for call in document["calls"] if call["status"] == "interrupted")
    cut["events"].append({"t": 300.0, "type": "ended", "outcome": "resolved", "category": "other"})
    cut.update(status="completed", outcome="resolved", category="other")
    capsys.readouterr()
    assert run(data, "import", str(write(tmp_path, document))) == 0
    assert "1 cut short before, now complete" in capsys.readouterr().out
    assert History(data, read_only=True).get(cut["id"])["status"] == "completed"


# -- any mutation of a valid document ----------------------------------------------------------------

SPECIAL = st.sampled_from(
    [
        float("nan"), float("inf"), -1, 10**400, 1e308, 2**70, "", "\x1b]2;PWNED\x07", "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00+00:00", "2026-11-23T14:00:00", "Mars/Olympus_Mons", "+4111111111111111", "4111 1111 1111 1111",
        "a@b.c, d@e.f", True, None, [], {}, [[[[[]]]]], "../x", "callback", "started", "ended", "note_edit",
    ]
)  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | SPECIAL,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def places(value, path=()):
    """Every (path) inside a JSON value, the value itself first."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


def _at(value, path):
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated_documents(draw) -> dict:
    document = valid_document()
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(places(document))))
        if not path:
            continue
        parent, key = _at(document, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[key] = draw(JSON_VALUES)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8) | st.sampled_from(["caller", "uid", "n", "masked", "draft"]))] = draw(JSON_VALUES)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    return document


def comparable(calls: list[dict]) -> list[dict]:
    """The calls by id, without an export's derived talk time and after-call work (never stored)."""
    return sorted(({k: v for k, v in call.items() if k not in DERIVED_FIELDS} for call in calls), key=lambda call: call["id"])


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_documents())
def test_any_mutation_is_accepted_or_refused_with_a_sentence(document):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.json"
        try:
            path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8", errors="surrogatepass")
        except (ValueError, OverflowError):
            return  # not writable as JSON text at all
        data = prepare_data_dir(Path(tmp) / "d")
        try:
            checked = check_file(path)
            result = store_checked(checked, data)
        except ImportRefused as refusal:
            assert str(refusal) and "\n" not in str(refusal)
            assert History(data, read_only=True).partitions() == []  # nothing half-stored
            return
        stored = export_all(data)
        assert comparable(stored["calls"]) == comparable([call.record for call in checked.calls])
        assert result.added == len(checked.calls)
        for kind in ("md", "csv"):
            render(stored, kind, "Europe/London")
        # What was accepted goes round again: exported, imported elsewhere, the same calls.
        again = Path(tmp) / "again.json"
        again.write_text(json.dumps(stored, ensure_ascii=False, allow_nan=False), encoding="utf-8", errors="surrogatepass")
        elsewhere = prepare_data_dir(Path(tmp) / "e")
        store_checked(check_file(again), elsewhere)
        assert comparable(export_all(elsewhere)["calls"]) == comparable(stored["calls"])
